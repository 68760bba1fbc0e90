"""SLA checkpoint timers: one-off EventBridge Scheduler schedules that invoke the checkpoint function."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import boto3
from botocore.exceptions import ClientError

from careflow.settings import settings

PREFIX = "careflow-sla-"


def schedule(name: str, at: datetime, payload: dict[str, Any]) -> bool:
    """Arm a timer; False when it is not configured or already armed (names are deterministic)."""
    config = settings()
    if not (config.checkpoint_function_arn and config.scheduler_role_arn):
        return False
    try:
        boto3.client("scheduler").create_schedule(
            Name=f"{PREFIX}{name}"[:64],
            GroupName=config.schedule_group,
            ScheduleExpression=f"at({at.astimezone(UTC).strftime('%Y-%m-%dT%H:%M:%S')})",
            ScheduleExpressionTimezone="UTC",
            FlexibleTimeWindow={"Mode": "OFF"},
            ActionAfterCompletion="DELETE",
            Target={
                "Arn": config.checkpoint_function_arn,
                "RoleArn": config.scheduler_role_arn,
                "Input": json.dumps(payload),
                "RetryPolicy": {"MaximumRetryAttempts": 20, "MaximumEventAgeInSeconds": 86400},
            },
        )
    except ClientError as error:
        if error.response["Error"]["Code"] == "ConflictException":
            return False
        raise
    return True


def fire_at(expression: str) -> datetime:
    """The moment of an `at(...)` schedule expression (UTC)."""
    return datetime.strptime(expression.removeprefix("at(").removesuffix(")"), "%Y-%m-%dT%H:%M:%S").replace(tzinfo=UTC)
