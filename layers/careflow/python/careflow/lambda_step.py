"""The one Lambda adapter every handler uses: validate the state, run the step, log and count the outcome."""

from __future__ import annotations

import traceback
from collections.abc import Callable
from typing import Any

from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities.typing import LambdaContext
from botocore.exceptions import ClientError

from careflow.errors import CareflowError, TransientError
from careflow.models import StepState
from careflow.observability import logger, metrics, tracer

_RETRYABLE_AWS_CODES = {
    "ThrottlingException", "ProvisionedThroughputExceededException", "RequestLimitExceeded",
    "TransactionConflictException", "InternalServerError", "ServiceUnavailable", "SlowDown",
}


def step_handler(step: str, run: Callable[[StepState], StepState]) -> Callable[[dict[str, Any], LambdaContext], dict]:
    @logger.inject_lambda_context(clear_state=True)
    @tracer.capture_lambda_handler(capture_response=False)
    @metrics.log_metrics
    def handler(event: dict[str, Any], context: LambdaContext) -> dict:
        state = StepState.model_validate(event)
        logger.append_keys(step=step, enquiry_id=state.enquiry_id)
        try:
            result = run(state)
        except Exception as error:
            raise safe_error(step, error) from None
        metrics.add_metric(name=f"{step}_{result.outcome or 'done'}", unit=MetricUnit.Count, value=1)
        logger.info("step completed", enquiry_id=result.enquiry_id, outcome=result.outcome)
        return result.model_dump(mode="json", exclude_none=True)

    return handler


def safe_error(step: str, error: Exception) -> Exception:
    """An error fit for Step Functions history: our own errors as they are (their messages are PHI-free);
    AWS throttling as TransientError so the ASL retries it; anything else under its own class name with
    the message withheld, because library messages can quote the data they choked on."""
    frames = traceback.format_tb(error.__traceback__)[-3:]
    logger.error("step failed", error_type=type(error).__name__, frames=frames)
    if isinstance(error, CareflowError):
        return error
    if isinstance(error, ClientError) and error.response["Error"]["Code"] in _RETRYABLE_AWS_CODES:
        return TransientError(f"{step}: AWS {error.response['Error']['Code']}")
    withheld = type(type(error).__name__, (CareflowError,), {})
    return withheld(f"{step} failed with {type(error).__name__}; message withheld (may quote mail data)")
