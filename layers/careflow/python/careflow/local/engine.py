"""The embedded local default: moto's in-process AWS runs the real ASL and the real handlers.

Tables, the bucket and the state machine come from the same specs and file the CDK app deploys.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
import uuid
from pathlib import Path
from typing import Any

import yaml

from careflow import paths
from careflow.local.dispatch import ACCOUNT, REGION, Dispatcher, function_arn
from careflow.tables import INBOUND_PREFIX, MAIL_BUCKET_ENV, TABLES
from careflow.workflow import STEPS, render_definition, substitution_name

STATE_MACHINE_NAME = "careflow-enquiry"
MAIL_BUCKET = "careflow-mail-local"
_POLL_SECONDS = 0.01

ENVIRONMENT = {
    "AWS_DEFAULT_REGION": REGION,
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_SESSION_TOKEN": "testing",
    MAIL_BUCKET_ENV: MAIL_BUCKET,
    **{spec.env_var: f"careflow-{spec.key}" for spec in TABLES},
    "SALESFORCE_MODE": "local",
    "POWERTOOLS_SERVICE_NAME": "careflow",
    "POWERTOOLS_TRACE_DISABLED": "true",
    "POWERTOOLS_METRICS_DISABLED": "true",
    "POWERTOOLS_LOG_LEVEL": "WARNING",
}


class LocalEngine:
    """Use as a context manager; everything lives in memory and is gone on exit."""

    def __init__(self, root: Path = paths.ROOT) -> None:
        self.root = root
        self.dispatcher = Dispatcher(root / "functions")
        self._mock: Any = None
        self._saved_env: dict[str, str | None] = {}

    def __enter__(self) -> LocalEngine:
        for name, value in ENVIRONMENT.items():
            self._saved_env[name] = os.environ.get(name)
            os.environ[name] = value
        self.dispatcher.install()
        from moto import mock_aws  # imported late: moto is a local-mode dependency only

        self._mock = mock_aws(config={"stepfunctions": {"execute_state_machine": True}})
        self._mock.start()
        import boto3

        self.s3 = boto3.client("s3", region_name=REGION)
        self.dynamodb = boto3.client("dynamodb", region_name=REGION)
        self.sfn = boto3.client("stepfunctions", region_name=REGION)
        self._create_resources()
        return self

    def __exit__(self, *exc: object) -> None:
        self._mock.stop()
        self.dispatcher.uninstall()
        for name, value in self._saved_env.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value

    # --- set-up ---------------------------------------------------------------------------

    def _create_resources(self) -> None:
        from careflow import rules, store

        self.s3.create_bucket(Bucket=MAIL_BUCKET)
        for spec in TABLES:
            self.dynamodb.create_table(**table_definition(spec))
        store.put_rule_items(rules.seed_items(self.root / "rules"))
        definition = render_definition(
            self.root / "infra" / "statemachine" / "enquiry.asl.json",
            {substitution_name(step): function_arn(step) for step in STEPS},
        )
        self.state_machine_arn = self.sfn.create_state_machine(
            name=STATE_MACHINE_NAME,
            definition=json.dumps(definition),
            roleArn=f"arn:aws:iam::{ACCOUNT}:role/careflow-local-state-machine",
        )["stateMachineArn"]

    def seed_directory(self, members_file: Path, reps_file: Path) -> None:
        from careflow import store
        from careflow.models import Member, Rep

        for member in yaml.safe_load(members_file.read_text()):
            store.put_member(Member.model_validate(member))
        for rep in yaml.safe_load(reps_file.read_text()):
            store.put_rep(Rep.model_validate(rep))

    # --- running mail -----------------------------------------------------------------------

    def deliver(self, raw: bytes) -> str:
        """Store the mail as the SES S3 action does and start the state machine as EventBridge does."""
        key = f"{INBOUND_PREFIX}{uuid.uuid4().hex}"
        self.s3.put_object(Bucket=MAIL_BUCKET, Key=key, Body=raw)
        return self.start(key)

    def start(self, key: str) -> str:
        event = {
            "version": "0",
            "detail-type": "Object Created",
            "source": "aws.s3",
            "account": ACCOUNT,
            "region": REGION,
            "resources": [f"arn:aws:s3:::{MAIL_BUCKET}"],
            "detail": {"version": "0", "bucket": {"name": MAIL_BUCKET}, "object": {"key": key}},
        }
        return self.sfn.start_execution(
            stateMachineArn=self.state_machine_arn,
            name="mail-" + hashlib.sha256(key.encode()).hexdigest()[:32],
            input=json.dumps(event),
        )["executionArn"]

    def wait(self, execution_arn: str, timeout: float = 60.0) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while True:
            execution = self.sfn.describe_execution(executionArn=execution_arn)
            if execution["status"] != "RUNNING":
                return execution
            if time.monotonic() > deadline:
                raise TimeoutError(f"execution still running after {timeout}s")
            time.sleep(_POLL_SECONDS)

    def run(self, raw: bytes) -> dict[str, Any]:
        """Deliver one mail and wait for its execution; the final state (ids and outcome) plus status."""
        execution = self.wait(self.deliver(raw))
        output = json.loads(execution.get("output") or "{}")
        return {"status": execution["status"], **output}


def table_definition(spec: Any) -> dict[str, Any]:
    attributes = {spec.partition_key: "S"}
    keys = [{"AttributeName": spec.partition_key, "KeyType": "HASH"}]
    if spec.sort_key:
        attributes[spec.sort_key] = spec.sort_key_type
        keys.append({"AttributeName": spec.sort_key, "KeyType": "RANGE"})
    definition: dict[str, Any] = {"TableName": os.environ[spec.env_var], "KeySchema": keys, "BillingMode": "PAY_PER_REQUEST"}
    if spec.indexes:
        definition["GlobalSecondaryIndexes"] = [
            {
                "IndexName": index.name,
                "KeySchema": [{"AttributeName": index.partition_key, "KeyType": "HASH"}],
                "Projection": {"ProjectionType": "ALL"},
            }
            for index in spec.indexes
        ]
        attributes |= {index.partition_key: "S" for index in spec.indexes}
    definition["AttributeDefinitions"] = [{"AttributeName": n, "AttributeType": t} for n, t in attributes.items()]
    return definition
