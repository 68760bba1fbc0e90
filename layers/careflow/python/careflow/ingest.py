"""Start one execution per stored mail, named after the mail, so a repeated start is harmless.

S3 and EventBridge deliver at least once. Step Functions accepts a start with the name of an existing
execution as a no-op (same input) or rejects it (ExecutionAlreadyExists); either way one mail runs once.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from botocore.exceptions import ClientError


def execution_name(bucket: str, key: str) -> str:
    return "mail-" + hashlib.sha256(f"{bucket}/{key}".encode()).hexdigest()[:48]


def start(sfn: Any, state_machine_arn: str, event: dict[str, Any]) -> tuple[str, bool]:
    """Start the enquiry state machine for an S3 'Object Created' event; (execution ARN, newly started)."""
    detail = event["detail"]
    name = execution_name(detail["bucket"]["name"], detail["object"]["key"])
    try:
        response = sfn.start_execution(stateMachineArn=state_machine_arn, name=name, input=json.dumps(event))
    except ClientError as error:
        if error.response["Error"]["Code"] != "ExecutionAlreadyExists":
            raise
        execution_arn = state_machine_arn.replace(":stateMachine:", ":execution:") + f":{name}"
        return execution_arn, False
    return response["executionArn"], True
