from datetime import UTC, datetime

from aws_lambda_powertools.utilities.typing import LambdaContext

from careflow import steps
from careflow.lambda_step import safe_error
from careflow.observability import logger, metrics


@logger.inject_lambda_context(clear_state=True)
@metrics.log_metrics
def handler(event: dict, context: LambdaContext) -> dict:
    """EventBridge "Case Closed" (detail: enquiry_id, reason) -> close, release capacity, drain the queue."""
    detail = event.get("detail", event)
    try:
        assigned = steps.close(str(detail["enquiry_id"]), str(detail.get("reason", "closed in Salesforce")),
                               datetime.now(UTC))
    except Exception as error:
        raise safe_error("close", error) from None
    metrics.add_metric(name="close_assigned_from_queue", unit="Count", value=len(assigned))
    return {"enquiry_id": detail["enquiry_id"], "assigned_from_queue": assigned}
