from functools import cache

import boto3
from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities.typing import LambdaContext

from careflow import ingest
from careflow.observability import logger, metrics
from careflow.settings import start_settings


@cache
def _sfn():
    return boto3.client("stepfunctions")


@logger.inject_lambda_context(clear_state=True)
@metrics.log_metrics
def handler(event: dict, context: LambdaContext) -> dict:
    execution_arn, started = ingest.start(_sfn(), start_settings().state_machine_arn, event)
    metrics.add_metric(name="start_new" if started else "start_repeated", unit=MetricUnit.Count, value=1)
    logger.info("execution started" if started else "execution already started", execution_arn=execution_arn)
    return {"execution_arn": execution_arn, "started": started}
