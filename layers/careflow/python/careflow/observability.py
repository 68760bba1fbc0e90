"""One logger, tracer and metrics for every function. Log ids and labels only, never text."""

from aws_lambda_powertools import Logger, Metrics, Tracer

logger = Logger(service="careflow")
tracer = Tracer(service="careflow")
metrics = Metrics(namespace="careflow", service="careflow")
