"""Every real public mail and AWS event sample in ../shared/corpora through the local engine: each mail
ends processed or quarantined, with 0 failed executions and 0 lost."""

import json
from pathlib import Path

import pytest

from careflow import audit
from careflow.local.dispatch import FakeContext

CORPORA = Path(__file__).resolve().parents[3] / "shared" / "corpora"
MAILS = sorted(p for p in (CORPORA / "mime").rglob("*") if p.is_file() and p.suffix not in (".md", ".tsv"))
EVENTS = sorted((CORPORA / "aws-events").rglob("*.json"))
pytestmark = pytest.mark.skipif(not MAILS, reason="shared corpora not present (a user's clone has no ../shared)")


def test_every_corpus_mail_ends_processed_or_quarantined_with_an_audit_trail(engine):
    outcomes = {}
    for path in MAILS:
        run = engine.run(path.read_bytes())
        assert run["status"] == "SUCCEEDED", path
        assert run["outcome"] in ("new", "reply", "duplicate", "quarantined"), (path, run.get("error"))
        assert audit.trail(run["enquiry_id"]), path
        outcomes[path] = run["outcome"]
    assert len(outcomes) == len(MAILS) >= 150
    assert sum(outcome == "quarantined" for outcome in outcomes.values()) <= 15


def test_every_aws_event_sample_starts_one_execution_per_created_object_or_is_ignored(engine):
    mail = MAILS[0].read_bytes()
    for path in EVENTS:
        event = json.loads(path.read_text())
        for record in event.get("Records", []):  # put a real mail where the sample says one was stored
            if record.get("eventSource") == "aws:s3":
                _store(engine, record["s3"]["bucket"]["name"], record["s3"]["object"]["key"], mail)
        if event.get("detail-type") == "Object Created":
            _store(engine, event["detail"]["bucket"]["name"], event["detail"]["object"]["key"], mail)
        started = engine.dispatcher.handler("careflow-start")(event, FakeContext("careflow-start"))["executions"]
        creates = [r for r in event.get("Records", []) if r.get("eventName", "").startswith("ObjectCreated:")]
        assert len(started) == len(creates) + (event.get("detail-type") == "Object Created"), path
        for execution in started:
            assert engine.wait(execution["execution_arn"])["status"] == "SUCCEEDED", path


def test_raw_mail_inside_ses_notifications_goes_through_intake(engine):
    contents = [json.loads(p.read_text()).get("content") for p in EVENTS]
    contents = [c for c in contents if c]
    assert contents
    for content in contents:
        assert engine.run(content.encode())["outcome"] in ("new", "reply", "duplicate")


def _store(engine, bucket: str, key: str, body: bytes) -> None:
    from urllib.parse import unquote_plus

    if bucket not in [b["Name"] for b in engine.s3.list_buckets()["Buckets"]]:
        engine.s3.create_bucket(Bucket=bucket)
    engine.s3.put_object(Bucket=bucket, Key=unquote_plus(key), Body=body)
