"""Nothing is dropped: failures park, transient errors retry, duplicates and non-mail are audited."""

import json
import threading
from pathlib import Path

from careflow import audit, store
from careflow.errors import TransientError
from careflow.models import EnquiryStatus
from careflow.settings import settings
from tests.integration.conftest import EMAILS


def first_new_mail() -> Path:
    return EMAILS[0]


def test_unexpected_error_in_a_step_parks_the_enquiry_with_the_error_name(engine, monkeypatch):
    def broken():
        raise RuntimeError("directory unavailable")

    monkeypatch.setattr(store, "list_reps", broken)
    run = engine.run(first_new_mail().read_bytes().replace(b"Message-ID: <", b"Message-ID: <parked-"))
    assert (run["status"], run["outcome"]) == ("SUCCEEDED", "parked")
    enquiry = store.find_enquiry(run["enquiry_id"])
    assert (enquiry.status, enquiry.parked_reason) == (EnquiryStatus.PARKED, "RuntimeError")
    events = audit.trail(run["enquiry_id"])
    assert (events[-1].step, events[-1].action, events[-1].detail["error"]) == ("park", "parked", "RuntimeError")
    assert audit.verify(events) == []


def test_transient_error_is_retried_by_the_state_machine(engine, monkeypatch):
    real, calls = store.list_reps, []

    def flaky():
        calls.append(1)
        if len(calls) == 1:
            raise TransientError("throttled")
        return real()

    monkeypatch.setattr(store, "list_reps", flaky)
    run = engine.run(first_new_mail().read_bytes().replace(b"Message-ID: <", b"Message-ID: <retried-"))
    assert (run["status"], run["outcome"]) == ("SUCCEEDED", "new")
    assert len(calls) == 2
    assert store.find_enquiry(run["enquiry_id"]).routing is not None


def test_same_mail_delivered_twice_is_one_enquiry_and_the_duplicate_is_audited(engine):
    raw = first_new_mail().read_bytes().replace(b"Message-ID: <", b"Message-ID: <twice-")
    first, second = engine.run(raw), engine.run(raw)
    assert first["enquiry_id"] == second["enquiry_id"]
    assert (first["outcome"], second["outcome"]) == ("new", "duplicate")
    assert audit.trail(first["enquiry_id"])[-1].action == "duplicate"


def test_bytes_that_are_not_mail_are_quarantined_with_a_reason(engine):
    run = engine.run(b"\x89PNG\r\n\x1a\n\x00\x00binary")
    assert (run["status"], run["outcome"]) == ("SUCCEEDED", "quarantined")
    [event] = audit.trail(run["enquiry_id"])
    assert (event.action, event.detail["reason"]) == ("quarantined", "binary data, not a mail")


def test_altered_audit_event_breaks_the_chain(engine):
    run = engine.run(first_new_mail().read_bytes().replace(b"Message-ID: <", b"Message-ID: <tamper-"))
    table = store.table(settings().audit_table)
    table.update_item(
        Key={"enquiry_id": run["enquiry_id"], "seq": 2},
        UpdateExpression="SET #a = :a",
        ExpressionAttributeNames={"#a": "action"},
        ExpressionAttributeValues={":a": "rewritten"},
    )
    assert audit.verify(audit.trail(run["enquiry_id"])) == ["seq 2: content does not match its hash"]


def test_concurrent_reservations_never_push_a_rep_over_capacity(engine):
    rep = store.list_reps()[0]
    free = rep.capacity - rep.active
    results: list[bool] = []
    def reserve() -> None:
        results.append(store.reserve_capacity(rep.rep_id))

    threads = [threading.Thread(target=reserve) for _ in range(free + 5)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results.count(True) == free
    after = next(r for r in store.list_reps() if r.rep_id == rep.rep_id)
    assert after.active == after.capacity


def test_failure_messages_reaching_step_functions_never_quote_mail_data(engine, monkeypatch):
    def leaks(*_args, **_kwargs):
        raise ValueError("invalid member record for ann.lee@example.com")

    monkeypatch.setattr(store, "get_member", leaks)
    run = engine.run(first_new_mail().read_bytes().replace(b"Message-ID: <", b"Message-ID: <leak-"))
    assert run["outcome"] == "parked"
    assert run["error"]["Error"] == "ValueError"
    assert "example.com" not in run["error"]["Cause"]
    assert "message withheld" in run["error"]["Cause"]


def test_a_repeated_start_for_the_same_stored_mail_runs_it_once(engine):
    raw = first_new_mail().read_bytes().replace(b"Message-ID: <", b"Message-ID: <restart-")
    first = engine.wait(engine.deliver(raw))
    key = json.loads(first["input"])["detail"]["object"]["key"]
    again = engine.start(key)
    assert again == first["executionArn"]
    executions = engine.sfn.list_executions(stateMachineArn=engine.state_machine_arn)["executions"]
    assert [e["executionArn"] for e in executions].count(first["executionArn"]) == 1
    assert [e.action for e in audit.trail(json.loads(first["output"])["enquiry_id"])].count("new") == 1
