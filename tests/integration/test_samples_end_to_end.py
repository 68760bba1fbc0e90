"""Every sample mail through the real ASL on the local engine, with the real handlers."""

import json
from datetime import UTC, datetime

import pytest

from careflow import audit, mime, rulestore, store
from careflow.models import EnquiryStatus
from tests.integration.conftest import EMAILS, EXPECTED


@pytest.fixture(scope="module")
def runs(engine):
    return {path.name: engine.run(path.read_bytes()) for path in EMAILS}


def enquiry_of(runs, name):
    return store.find_enquiry(runs[name]["enquiry_id"])


def test_there_are_at_least_twelve_samples_and_all_are_labelled():
    assert len(EMAILS) >= 12
    assert {path.name for path in EMAILS} == set(EXPECTED)


def test_every_sample_execution_succeeds_as_a_new_enquiry_or_a_threaded_reply(runs):
    for name, run in runs.items():
        assert run["status"] == "SUCCEEDED", name
        assert run["outcome"] == ("reply" if EXPECTED[name]["reply_to"] else "new"), name


def test_every_enquiry_ends_assigned_or_queued_with_a_reason(runs):
    for name in runs:
        enquiry = enquiry_of(runs, name)
        assert enquiry.status in (EnquiryStatus.ASSIGNED, EnquiryStatus.QUEUED), name
        routing = enquiry.routing
        assert routing.reason, name
        assert (routing.assignee is not None) == (routing.outcome == "assigned"), name
        assert routing.assignee or routing.queue, name


def test_every_enquiry_has_an_intact_audit_trail_covering_each_step(runs):
    for name in runs:
        events = audit.trail(runs[name]["enquiry_id"])
        assert audit.verify(events) == [], name
        steps = [event.step for event in events]
        for step in ("intake", "triage", "eligibility", "routing", "escalation", "salesforce"):
            assert step in steps, (name, step)
        active = rulestore.active_rules()
        decisions = [e for e in events if e.step in ("triage", "eligibility", "routing", "escalation")]
        assert {(e.rule_version, e.rule_sha256) for e in decisions} == {(active.version, active.sha256)}, name


def test_red_flag_mail_is_an_escalated_emergency_with_senior_clinical_staff(runs):
    flagged = [name for name, expected in EXPECTED.items() if expected["red_flag"]]
    assert flagged
    reps = {rep.rep_id: rep for rep in store.list_reps()}
    for name in flagged:
        enquiry = enquiry_of(runs, name)
        assert enquiry.classification.urgency.value == "emergency"
        assert enquiry.classification.red_flags
        assert enquiry.escalation.escalated and enquiry.escalation.rules_matched[0] == "clinical-red-flag"
        if enquiry.routing.assignee:
            assert reps[enquiry.routing.assignee].senior
        else:
            assert enquiry.routing.queue == "senior_clinical"


def test_angry_reply_is_threaded_onto_its_original_enquiry_and_escalated(runs):
    replies = {name: expected["reply_to"] for name, expected in EXPECTED.items() if expected["reply_to"]}
    assert replies
    for reply, original in replies.items():
        assert runs[reply]["enquiry_id"] == runs[original]["enquiry_id"]
        enquiry = enquiry_of(runs, reply)
        assert len(enquiry.thread) == 2
        assert enquiry.thread[-1].sentiment.label.value == "negative"
        assert enquiry.escalation.escalated and "angry-reply" in enquiry.escalation.rules_matched


def test_non_members_stay_unverified_and_members_are_matched(runs):
    for name, expected in EXPECTED.items():
        enquiry = enquiry_of(runs, name)
        assert (enquiry.member.member_id if enquiry.member else None) == expected["member_id"], name
        assert enquiry.member_verified == (expected["member_id"] is not None), name


def test_offline_triage_agrees_with_the_human_labels_on_most_samples(runs):
    agree = sum(enquiry_of(runs, name).classification.intent.value == expected["intent"]
                for name, expected in EXPECTED.items() if not expected["reply_to"])
    originals = sum(1 for expected in EXPECTED.values() if not expected["reply_to"])
    assert agree / originals >= 0.8


def test_salesforce_stand_in_records_an_upsert_per_step_without_mail_text(engine, runs):
    listed = engine.s3.list_objects_v2(Bucket="careflow-mail-local", Prefix="salesforce-outbox/")["Contents"]
    records = [json.loads(engine.s3.get_object(Bucket="careflow-mail-local", Key=o["Key"])["Body"].read())
               for o in listed]
    assert len(records) == len(EMAILS)
    enquiry_ids = {run["enquiry_id"] for run in runs.values()}
    assert {r["path"].rsplit("/", 1)[-1] for r in records} == enquiry_ids
    assert all(r["method"] == "PATCH" and "/sobjects/Case/Careflow_Enquiry_Id__c/" in r["path"] for r in records)
    everything_sent = json.dumps(records)
    for path in EMAILS:
        message = mime.parse(path.read_bytes(), bucket="b", key="k", received_at=datetime.now(UTC))
        for line in message.new_text.splitlines():
            if len(line) > 25:
                assert line not in everything_sent


def test_execution_state_never_carries_message_content(engine, runs):
    executions = engine.sfn.list_executions(stateMachineArn=engine.state_machine_arn)["executions"]
    for execution in executions:
        events = engine.sfn.get_execution_history(executionArn=execution["executionArn"])["events"]
        history = json.dumps(events, default=str)
        for path in EMAILS:
            subject = mime.parse_bytes(path.read_bytes())["Subject"]
            assert str(subject) not in history
