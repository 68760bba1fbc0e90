"""SLA checkpoints: armed after escalation, fired by the local engine as EventBridge Scheduler would."""

from datetime import UTC, datetime, timedelta

import boto3

from careflow import audit, paths, store, timers
from careflow.local.dispatch import REGION
from careflow.models import EnquiryStatus

BILLING = paths.SAMPLES_DIR / "emails" / "03-billing-charged-twice.eml"


def armed() -> dict[str, str]:
    scheduler = boto3.client("scheduler", region_name=REGION)
    found = {}
    for entry in scheduler.list_schedules(NamePrefix=timers.PREFIX)["Schedules"]:
        schedule = scheduler.get_schedule(Name=entry["Name"], GroupName=entry["GroupName"])
        found[entry["Name"]] = schedule["ScheduleExpression"]
    return found


def fresh(tag: str) -> bytes:
    return BILLING.read_bytes().replace(b"Message-ID: <", f"Message-ID: <{tag}-".encode())


def test_routed_enquiry_arms_its_first_checkpoint_at_half_its_business_hour_window(engine):
    run = engine.run(fresh("timer-arm"))
    enquiry = store.find_enquiry(run["enquiry_id"])
    name = f"{timers.PREFIX}{enquiry.enquiry_id}-50"
    assert name in armed()
    at = timers.fire_at(armed()[name])
    assert enquiry.sla.started_at < at < enquiry.sla.due_at
    events = audit.trail(enquiry.enquiry_id)
    assert ("checkpoint", "scheduled") in [(e.step, e.action) for e in events]


def test_checkpoints_re_check_escalation_and_a_platinum_member_is_escalated_before_the_breach(engine):
    run = engine.run(fresh("timer-fire"))
    enquiry = store.find_enquiry(run["enquiry_id"])
    assert enquiry.tier.value == "platinum" and not (enquiry.escalation and enquiry.escalation.escalated)

    engine.fire_timers(until=enquiry.sla.due_at - timedelta(seconds=1))

    after = store.find_enquiry(enquiry.enquiry_id)
    assert after.sla.checkpoints_done == [0.5, 0.8]
    assert after.escalation.escalated and "sla-at-risk" in after.escalation.rules_matched
    triggers = [e.detail.get("trigger") for e in audit.trail(enquiry.enquiry_id) if e.step == "escalation"]
    assert triggers == ["message", "sla_checkpoint_0.5", "sla_checkpoint_0.8"]
    assert not [name for name in armed() if enquiry.enquiry_id in name]  # fired timers are deleted


def test_a_timer_for_an_enquiry_no_longer_open_is_skipped_and_audited(engine):
    run = engine.run(fresh("timer-closed"))
    enquiry, version = store.get_enquiry(run["enquiry_id"])
    enquiry.status = EnquiryStatus.PARKED
    store.save_enquiry(enquiry, version)

    fired = engine.fire_timers(until=datetime.now(UTC) + timedelta(days=365))

    assert {"enquiry_id": enquiry.enquiry_id, "outcome": "skipped"}.items() <= next(
        f for f in fired if f["enquiry_id"] == enquiry.enquiry_id
    ).items()
    assert audit.trail(enquiry.enquiry_id)[-1].action == "skipped"


def test_a_paused_clock_restarts_when_the_member_replies_and_the_wait_does_not_count(engine):
    from tests.integration.test_intake_rules import mail

    first = engine.run(mail(message_id="pause-parent@example.org"))
    before = store.find_enquiry(first["enquiry_id"])
    from careflow import steps

    steps.pause_sla(before.enquiry_id, "waiting on member", before.created_at)
    engine.run(mail(headers=b"In-Reply-To: <pause-parent@example.org>\r\n", subject="Re: bill",
                    body="Here is the statement you asked for."))
    after = store.find_enquiry(first["enquiry_id"])
    assert [(e.step, e.action) for e in audit.trail(before.enquiry_id) if e.step == "sla"] == [
        ("sla", "paused"), ("sla", "resumed")]
    assert after.sla.pauses[-1].end is not None
    assert after.sla.due_at >= before.sla.due_at
