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
    executions = []
    for bucket, key in ingest.stored_objects(event):
        execution_arn, started = ingest.start(_sfn(), start_settings().state_machine_arn, bucket, key)
        metrics.add_metric(name="start_new" if started else "start_repeated", unit=MetricUnit.Count, value=1)
        logger.info("execution started" if started else "execution already started", execution_arn=execution_arn)
        executions.append({"execution_arn": execution_arn, "started": started})
    if not executions:
        metrics.add_metric(name="start_ignored", unit=MetricUnit.Count, value=1)
        logger.warning("event names no stored mail", detail_type=event.get("detail-type"))
    return {"executions": executions}
