"""Queued work: capacity freed by a close goes to the queue (priority, then age); waits relax constraints."""

from datetime import time, timedelta

from careflow import audit, rulestore, steps, store
from careflow.models import EnquiryStatus
from tests.integration.test_intake_rules import mail


def fill_every_pharmacist(engine) -> None:
    for rep in store.list_reps():
        if any(licence.scope == "pharmacy" for licence in rep.licences):
            store.put_rep(rep.model_copy(update={"active": rep.capacity}))


def refill(engine, tag: str) -> str:
    run = engine.run(mail(subject="Refill", body="Please refill my lisinopril prescription at my pharmacy.",
                          message_id=f"{tag}@example.org"))
    return run["enquiry_id"]


def test_closing_an_enquiry_hands_the_freed_capacity_to_the_queue_and_audits_both(engine):
    first = refill(engine, "queue-first")
    holder = store.find_enquiry(first)
    assert holder.status is EnquiryStatus.ASSIGNED
    fill_every_pharmacist(engine)
    waiting = refill(engine, "queue-waiting")
    assert store.find_enquiry(waiting).status is EnquiryStatus.QUEUED

    assigned = steps.close(first, "answered", holder.created_at + timedelta(minutes=30))

    assert assigned == [waiting]
    after = store.find_enquiry(waiting)
    assert (after.status, after.routing.assignee) == (EnquiryStatus.ASSIGNED, holder.routing.assignee)
    assert store.find_enquiry(first).status is EnquiryStatus.CLOSED
    assert ("close", "closed") in [(e.step, e.action) for e in audit.trail(first)]
    assert ("routing", "assigned_from_queue") in [(e.step, e.action) for e in audit.trail(waiting)]
    assert steps.close(first, "answered again", holder.created_at) == []  # closing twice frees nothing twice


def test_a_queued_enquiry_has_constraints_relaxed_one_at_a_time_after_its_wait_each_audited(engine):
    fill_every_pharmacist(engine)
    waiting = refill(engine, "queue-relax")
    enquiry, version = store.get_enquiry(waiting)
    rules = rulestore.active_rules()
    later = enquiry.created_at + timedelta(minutes=rules.routing.relaxations[0].after_minutes)

    steps._route_from_queue(enquiry, rules, later, reps=store.list_reps())
    store.save_enquiry(enquiry, version)
    steps._route_from_queue(enquiry, rules, later, reps=store.list_reps())

    relaxed = [e.detail["constraint"] for e in audit.trail(waiting) if e.action == "relaxed"]
    assert relaxed == [rules.routing.relaxations[0].relax]


def test_salesforce_case_events_close_an_enquiry_or_pause_its_clock_through_the_handler(engine):
    from careflow.local.dispatch import FakeContext

    handler = engine.dispatcher.handler("careflow-case_update")
    waiting = refill(engine, "case-waiting")
    closing = refill(engine, "case-closing")

    paused = handler({"detail-type": "Enquiry Waiting On Member", "source": "careflow.salesforce",
                      "detail": {"enquiry_id": waiting, "reason": "asked for the pharmacy name"}},
                     FakeContext("careflow-case_update"))
    closed = handler({"detail-type": "Enquiry Closed", "source": "careflow.salesforce",
                      "detail": {"enquiry_id": closing}}, FakeContext("careflow-case_update"))

    assert paused == {"enquiry_id": waiting, "sla": "paused"}
    assert store.find_enquiry(waiting).sla.pauses[-1].end is None
    assert not [e for e in audit.trail(waiting) if "pharmacy name" in str(e.detail)]  # Case free text is not kept
    assert closed["enquiry_id"] == closing and store.find_enquiry(closing).status is EnquiryStatus.CLOSED


def test_a_queued_enquiry_is_routed_again_when_its_wait_relaxes_a_constraint(engine):
    fill_every_pharmacist(engine)
    waiting = refill(engine, "queue-wait-timer")
    enquiry = store.find_enquiry(waiting)
    rules = rulestore.active_rules()
    first_wait = rules.routing.relaxations[0]
    outside = next(r for r in store.list_reps() if any(lic.scope == "pharmacy" for lic in r.licences))
    # A pharmacist licensed for the member's state but outside the territory, with room: only relaxing
    # the region lets them take it.
    member_state = store.get_member(enquiry.member.member_id).state
    store.put_rep(outside.model_copy(update={
        "rep_id": "P-OUTSIDE", "active": 0, "capacity": 2, "regions": ["ZZ"],
        "licences": [lic.model_copy(update={"state": member_state}) for lic in outside.licences],
        "shift": outside.shift.model_copy(update={"days": list(range(7)), "start": time(0, 0), "end": time(23, 59)}),
    }))

    engine.fire_timers(until=enquiry.created_at + timedelta(minutes=first_wait.after_minutes))

    after = store.find_enquiry(waiting)
    assert (after.status, after.routing.assignee, after.routing.relaxed) == (
        EnquiryStatus.ASSIGNED, "P-OUTSIDE", [first_wait.relax])
    events = [(e.step, e.action) for e in audit.trail(waiting)]
    assert ("routing", "relaxed") in events and ("routing", "assigned_from_queue") in events
