"""The one Lambda adapter every handler uses: validate the state, run the step, log and count the outcome."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities.typing import LambdaContext

from careflow.models import StepState
from careflow.observability import logger, metrics, tracer


def step_handler(step: str, run: Callable[[StepState], StepState]) -> Callable[[dict[str, Any], LambdaContext], dict]:
    @logger.inject_lambda_context(clear_state=True)
    @tracer.capture_lambda_handler(capture_response=False)
    @metrics.log_metrics
    def handler(event: dict[str, Any], context: LambdaContext) -> dict:
        state = StepState.model_validate(event)
        logger.append_keys(step=step, enquiry_id=state.enquiry_id)
        result = run(state)
        metrics.add_metric(name=f"{step}_{result.outcome or 'done'}", unit=MetricUnit.Count, value=1)
        logger.info("step completed", enquiry_id=result.enquiry_id, outcome=result.outcome)
        return result.model_dump(mode="json", exclude_none=True)

    return handler
