from datetime import UTC, datetime

from aws_lambda_powertools.utilities.typing import LambdaContext

from careflow import steps
from careflow.lambda_step import safe_error
from careflow.observability import logger, metrics

CLOSED = "Enquiry Closed"
WAITING = "Enquiry Waiting On Member"


@logger.inject_lambda_context(clear_state=True)
@metrics.log_metrics
def handler(event: dict, context: LambdaContext) -> dict:
    """EventBridge events from Salesforce, detail {enquiry_id}: close the enquiry (release capacity, drain the
    queue) or pause its SLA clock until the member replies. The audited reason is the event type: free text
    from a Case (its comments, a closing note) can hold PHI and is not taken."""
    kind = event["detail-type"]
    enquiry_id, reason = str(event["detail"]["enquiry_id"]), kind
    try:
        if kind == WAITING:
            steps.pause_sla(enquiry_id, reason, datetime.now(UTC))
            return {"enquiry_id": enquiry_id, "sla": "paused"}
        assigned = steps.close(enquiry_id, reason, datetime.now(UTC))
    except Exception as error:
        raise safe_error("case_update", error) from None
    metrics.add_metric(name="assigned_from_queue", unit="Count", value=len(assigned))
    return {"enquiry_id": enquiry_id, "assigned_from_queue": assigned}
