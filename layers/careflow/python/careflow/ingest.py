"""Start one execution per stored mail, named after the mail, so a repeated start is harmless.

S3 and EventBridge deliver at least once. Step Functions accepts a start with the name of an existing
execution as a no-op (same input) or rejects it (ExecutionAlreadyExists); either way one mail runs once.
"""

from __future__ import annotations

import hashlib
import json
import urllib.parse
from typing import Any

from botocore.exceptions import ClientError


def execution_name(bucket: str, key: str) -> str:
    return "mail-" + hashlib.sha256(f"{bucket}/{key}".encode()).hexdigest()[:48]


def stored_objects(event: dict[str, Any]) -> list[tuple[str, str]]:
    """(bucket, key) of each object an event says was created: EventBridge 'Object Created' or an S3
    notification's ObjectCreated records. Anything else names no mail."""
    if event.get("detail-type") == "Object Created":
        detail = event["detail"]
        return [(detail["bucket"]["name"], detail["object"]["key"])]
    return [
        (record["s3"]["bucket"]["name"], urllib.parse.unquote_plus(record["s3"]["object"]["key"]))
        for record in event.get("Records", [])
        if record.get("eventSource") == "aws:s3" and record.get("eventName", "").startswith("ObjectCreated:")
    ]


def start(sfn: Any, state_machine_arn: str, bucket: str, key: str) -> tuple[str, bool]:
    """Start the enquiry state machine for one stored mail; (execution ARN, newly started)."""
    name = execution_name(bucket, key)
    state_input = {"detail-type": "Object Created", "detail": {"bucket": {"name": bucket}, "object": {"key": key}}}
    try:
        response = sfn.start_execution(stateMachineArn=state_machine_arn, name=name, input=json.dumps(state_input))
    except ClientError as error:
        if error.response["Error"]["Code"] != "ExecutionAlreadyExists":
            raise
        return state_machine_arn.replace(":stateMachine:", ":execution:") + f":{name}", False
    return response["executionArn"], True
