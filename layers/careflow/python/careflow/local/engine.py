"""The embedded local default: moto's in-process AWS runs the real ASL and the real handlers.

Tables, the bucket and the state machine come from the same specs and file the CDK app deploys.
"""

from __future__ import annotations

import json
import os
import threading
import time
import uuid
from datetime import datetime
from pathlib import Path
from typing import Any

import yaml

from careflow import paths
from careflow.local.dispatch import ACCOUNT, REGION, Dispatcher, FakeContext, function_arn
from careflow.tables import INBOUND_PREFIX, MAIL_BUCKET_ENV, RULES, TABLES
from careflow.workflow import STEPS, render_definition, substitution_name

STATE_MACHINE_NAME = "careflow-enquiry"
STATE_MACHINE_ARN = f"arn:aws:states:{REGION}:{ACCOUNT}:stateMachine:{STATE_MACHINE_NAME}"
MAIL_BUCKET = "careflow-mail-local"
_POLL_SECONDS = 0.01

ENVIRONMENT = {
    "AWS_DEFAULT_REGION": REGION,
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_SESSION_TOKEN": "testing",
    MAIL_BUCKET_ENV: MAIL_BUCKET,
    **{spec.env_var: f"careflow-{spec.key}" for spec in TABLES},
    "STATE_MACHINE_ARN": STATE_MACHINE_ARN,
    "CHECKPOINT_FUNCTION_ARN": function_arn("checkpoint"),
    "SCHEDULER_ROLE_ARN": f"arn:aws:iam::{ACCOUNT}:role/careflow-scheduler",
    "SALESFORCE_MODE": "local",
    "POWERTOOLS_SERVICE_NAME": "careflow",
    "POWERTOOLS_TRACE_DISABLED": "true",
    "POWERTOOLS_METRICS_DISABLED": "true",
    "POWERTOOLS_LOG_LEVEL": "WARNING",
}


_WRITE_LOCK = threading.RLock()


def _serialise_item_writes() -> None:
    """DynamoDB checks a condition and writes the item atomically; moto reads, checks and writes without a
    lock, so two threads can both pass one condition. Serialise moto's item writes to keep that guarantee
    locally (capacity reservations and optimistic locking depend on it)."""
    from moto.dynamodb.models import DynamoDBBackend

    for name in ("put_item", "update_item", "delete_item", "transact_write_items"):
        write = getattr(DynamoDBBackend, name)
        if getattr(write, "careflow_serialised", False):
            continue

        def locked(*args: Any, _write: Any = write, **kwargs: Any) -> Any:
            with _WRITE_LOCK:
                return _write(*args, **kwargs)

        locked.careflow_serialised = True  # type: ignore[attr-defined]
        setattr(DynamoDBBackend, name, locked)


class LocalEngine:
    """Use as a context manager; everything lives in memory and is gone on exit.

    Embedded (the default): moto patches botocore in this process. With `port`, moto runs as an HTTP
    server on 127.0.0.1:port instead, so the AWS CLI and boto3 elsewhere reach the same stack with
    `--endpoint-url`; the handlers still run in this process.
    """

    def __init__(self, root: Path = paths.ROOT, port: int | None = None) -> None:
        self.root = root
        self.port = port
        self.dispatcher = Dispatcher(root / "functions")
        self._stops: list[Any] = []
        self._saved_env: dict[str, str | None] = {}

    @property
    def endpoint_url(self) -> str | None:
        return f"http://127.0.0.1:{self.port}" if self.port else None

    def __enter__(self) -> LocalEngine:
        environment = dict(ENVIRONMENT)
        if self.port:
            environment |= {"AWS_ENDPOINT_URL": self.endpoint_url, "MOTO_PORT": str(self.port)}
        for name, value in environment.items():
            self._saved_env[name] = os.environ.get(name)
            os.environ[name] = value
        from careflow import store

        store.reset_clients()  # clients made for another engine must not outlive it
        self.dispatcher.install()
        self._start_moto()
        import boto3

        self.s3 = boto3.client("s3", region_name=REGION)
        self.dynamodb = boto3.client("dynamodb", region_name=REGION)
        self.sfn = boto3.client("stepfunctions", region_name=REGION)
        self._create_resources()
        return self

    def _start_moto(self) -> None:
        # imported late: moto is a local-mode dependency only
        from moto import mock_aws
        from moto.core.config import default_user_config

        config = {"stepfunctions": {"execute_state_machine": True}}
        _serialise_item_writes()
        if self.port is None:
            mock = mock_aws(config=config)
            mock.start()
            self._stops.append(mock.stop)
            return
        import logging
        from unittest import mock as patching

        from moto.server import ThreadedMotoServer

        patched = patching.patch.dict(default_user_config, config)
        patched.start()
        logging.getLogger("werkzeug").setLevel(logging.ERROR)  # one access-log line per AWS call otherwise
        server = ThreadedMotoServer(ip_address="127.0.0.1", port=self.port, verbose=False)
        server.start()
        self._stops += [patched.stop, server.stop]

    def __exit__(self, *exc: object) -> None:
        for stop in reversed(self._stops):
            stop()
        from careflow import store

        store.reset_clients()
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
        for item in rules.seed_items(self.root / "rules"):
            store.table(os.environ[RULES.env_var]).put_item(Item=item)
        definition = render_definition(
            self.root / "infra" / "statemachine" / "enquiry.asl.json",
            {substitution_name(step): function_arn(step) for step in STEPS},
        )
        self.state_machine_arn = self.sfn.create_state_machine(
            name=STATE_MACHINE_NAME,
            definition=json.dumps(definition),
            roleArn=f"arn:aws:iam::{ACCOUNT}:role/careflow-local-state-machine",
        )["stateMachineArn"]
        assert self.state_machine_arn == STATE_MACHINE_ARN

    def seed_directory(self, members_file: Path, reps_file: Path) -> None:
        from careflow import store
        from careflow.models import Member, Rep

        for member in yaml.safe_load(members_file.read_text()):
            store.put_member(Member.model_validate(member))
        for rep in yaml.safe_load(reps_file.read_text()):
            store.put_rep(Rep.model_validate(rep))

    # --- running mail -----------------------------------------------------------------------

    def deliver(self, raw: bytes, key: str | None = None) -> str:
        """Store the mail as the SES S3 action does and start the state machine as EventBridge does."""
        key = key or f"{INBOUND_PREFIX}{uuid.uuid4().hex}"
        self.s3.put_object(Bucket=MAIL_BUCKET, Key=key, Body=raw)
        return self.start(key)

    def start(self, key: str) -> str:
        """Run the starter function on the event EventBridge sends for a stored mail."""
        event = {
            "version": "0",
            "detail-type": "Object Created",
            "source": "aws.s3",
            "account": ACCOUNT,
            "region": REGION,
            "resources": [f"arn:aws:s3:::{MAIL_BUCKET}"],
            "detail": {"version": "0", "bucket": {"name": MAIL_BUCKET}, "object": {"key": key}},
        }
        started = self.dispatcher.handler("careflow-start")(event, FakeContext("careflow-start"))
        return started["executions"][0]["execution_arn"]

    def wait(self, execution_arn: str, timeout: float = 60.0) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while True:
            execution = self.sfn.describe_execution(executionArn=execution_arn)
            if execution["status"] != "RUNNING":
                return execution
            if time.monotonic() > deadline:
                raise TimeoutError(f"execution still running after {timeout}s")
            time.sleep(_POLL_SECONDS)

    def fire_timers(self, until: datetime) -> list[dict[str, Any]]:
        """Run every SLA timer due by `until`, earliest first, as EventBridge Scheduler would: invoke its
        target with its input, then delete it. Timers armed meanwhile and also due run too."""
        import boto3

        from careflow import timers

        scheduler = boto3.client("scheduler", region_name=REGION)
        lambda_ = boto3.client("lambda", region_name=REGION)
        fired = []
        while True:
            due = []
            for page in scheduler.get_paginator("list_schedules").paginate(NamePrefix=timers.PREFIX):
                for entry in page["Schedules"]:
                    schedule = scheduler.get_schedule(Name=entry["Name"], GroupName=entry["GroupName"])
                    if timers.fire_at(schedule["ScheduleExpression"]) <= until:
                        due.append(schedule)
            if not due:
                return fired
            first = min(due, key=lambda schedule: timers.fire_at(schedule["ScheduleExpression"]))
            response = lambda_.invoke(FunctionName=first["Target"]["Arn"], Payload=first["Target"]["Input"])
            fired.append(json.loads(response["Payload"].read()))
            scheduler.delete_schedule(Name=first["Name"], GroupName=first["GroupName"])

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
    definition: dict[str, Any] = {"TableName": os.environ[spec.env_var], "KeySchema": keys,
                                  "BillingMode": "PAY_PER_REQUEST"}
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
