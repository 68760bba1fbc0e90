"""Environment of every careflow function, validated once per container."""

from __future__ import annotations

import os
from functools import cache
from typing import Literal

from pydantic import BaseModel, ConfigDict


class Settings(BaseModel):
    model_config = ConfigDict(extra="ignore")

    mail_bucket: str
    enquiries_table: str
    messages_table: str
    members_table: str
    reps_table: str
    rules_table: str
    audit_table: str
    triage_provider: Literal["offline", "bedrock", "openai", "anthropic"] = "offline"
    triage_model_id: str = ""
    triage_secret_arn: str | None = None
    salesforce_mode: Literal["local", "api"] = "local"
    salesforce_secret_arn: str | None = None
    salesforce_outbox_prefix: str = "salesforce-outbox/"
    # SLA checkpoint timers (EventBridge Scheduler): without a target they are not armed.
    checkpoint_function_arn: str | None = None
    scheduler_role_arn: str | None = None
    schedule_group: str = "default"


@cache
def settings() -> Settings:
    return Settings.model_validate({k.lower(): v for k, v in os.environ.items()})


class StartSettings(BaseModel):
    model_config = ConfigDict(extra="ignore")

    state_machine_arn: str


@cache
def start_settings() -> StartSettings:
    return StartSettings.model_validate({k.lower(): v for k, v in os.environ.items()})
