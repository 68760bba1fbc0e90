"""Intake rules through the real state machine: threading, forwards, verdicts, limits, member context."""

import uuid

from careflow import audit, store
from careflow.local.engine import MAIL_BUCKET

MEMBER = "aisha.rahman@example.org"  # M-100103 in samples/members.yaml
SES_RECEIVED = (b"Received: from mx.example.org by inbound-smtp.us-east-1.amazonaws.com with SMTP id x;\r\n"
                b" Tue, 17 Nov 2026 17:00:00 +0000 (UTC)\r\n")


def mail(*, sender=MEMBER, subject="Question about my bill", body="I was charged twice, please refund me.",
         headers=b"", message_id=None) -> bytes:
    message_id = message_id or f"{uuid.uuid4()}@example.org"
    return (
        SES_RECEIVED + headers
        + f"From: {sender}\r\nTo: enquiries@careflow-demo.example\r\nSubject: {subject}\r\n"
          f"Date: Tue, 17 Nov 2026 11:00:00 -0600\r\nMessage-ID: <{message_id}>\r\n"
          f"Content-Type: text/plain; charset=utf-8\r\n\r\n{body}\r\n".encode()
    )


def enquiry(run):
    return store.find_enquiry(run["enquiry_id"])


def test_reply_with_the_reference_token_in_the_subject_joins_its_enquiry(engine):
    first = engine.run(mail())
    reply = engine.run(mail(subject=f"Re: [ref:{first['enquiry_id']}] your bill", body="Any news? Still waiting."))
    assert (reply["outcome"], reply["enquiry_id"]) == ("reply", first["enquiry_id"])
    joined = next(e for e in audit.trail(first["enquiry_id"]) if (e.step, e.action) == ("intake", "reply"))
    assert joined.detail["threaded_by"] == "subject_token"


def test_forward_that_lost_its_headers_joins_by_the_token_in_its_body(engine):
    first = engine.run(mail())
    forward = engine.run(mail(subject="Fwd: your bill", body=(
        "See below.\r\n\r\n---------- Forwarded message ---------\r\n"
        f"Subject: [ref:{first['enquiry_id']}] bill\r\n\r\nold")))
    assert (forward["outcome"], forward["enquiry_id"]) == ("reply", first["enquiry_id"])


def test_forwarded_texts_in_quoted_lines_are_triaged_not_dropped_as_history(engine):
    run = engine.run(mail(subject="FW: texts from my dad", body=(
        "Forwarding what my father texted me tonight.\r\n\r\n"
        "> 'chest feels heavy like a brick on it'\r\n> 'cant breath good, coughing pink foam'\r\n")))
    assert enquiry(run).classification.urgency.value == "emergency"


def test_token_from_another_sender_opens_a_new_enquiry(engine):
    first = engine.run(mail())
    stranger = engine.run(mail(sender="someone.else@example.net", subject=f"Re: [ref:{first['enquiry_id']}]"))
    assert stranger["outcome"] == "new" and stranger["enquiry_id"] != first["enquiry_id"]


def test_quoted_history_is_not_scored_only_the_new_text_is(engine):
    first = engine.run(mail(message_id="quoted-parent@example.org"))
    body = ("Thank you, that is wonderful news, I really appreciate it!\r\n\r\n"
            "On Mon, Nov 16, 2026 at 9:00 AM Billing <billing@example.com> wrote:\r\n"
            "> We are furious too. This is terrible, awful, unacceptable and disgusting.\r\n")
    reply = engine.run(mail(headers=b"In-Reply-To: <quoted-parent@example.org>\r\n", subject="Re: bill", body=body))
    assert reply["enquiry_id"] == first["enquiry_id"]
    assert enquiry(reply).thread[-1].sentiment.label.value == "positive"


def test_dmarc_fail_never_links_the_sender_to_a_member_or_a_thread(engine):
    first = engine.run(mail(message_id="dmarc-parent@example.org"))
    spoofed = engine.run(mail(headers=(
        b"Authentication-Results: amazonses.com; spf=pass; dkim=fail; dmarc=fail header.from=example.org\r\n"
        b"In-Reply-To: <dmarc-parent@example.org>\r\n")))
    assert spoofed["outcome"] == "new" and spoofed["enquiry_id"] != first["enquiry_id"]
    found = enquiry(spoofed)
    assert found.member is None and not found.sender_authenticated


def test_spf_fail_is_unverified_too(engine):
    run = engine.run(mail(headers=b"Received-SPF: fail (spfCheck: not permitted) client-ip=1.2.3.4;\r\n"))
    assert enquiry(run).member is None


def test_virus_fail_is_quarantined_without_parsing_triage_or_salesforce(engine):
    before = len(engine.dispatcher.invocations)
    run = engine.run(mail(headers=b"X-SES-Virus-Verdict: FAIL\r\n", body="INFECTED"))
    assert run["outcome"] == "quarantined"
    assert engine.dispatcher.invocations[before:] == ["careflow-intake"]
    [event] = audit.trail(run["enquiry_id"])
    assert event.detail["reason"] == "SES virus verdict FAIL"
    assert "INFECTED" not in str(event.detail)
    quarantined = engine.s3.get_object(Bucket=MAIL_BUCKET, Key=f"quarantine/{run['enquiry_id']}.eml")
    assert quarantined["Metadata"]["reason"] == "SES virus verdict FAIL"
    assert b"INFECTED" in quarantined["Body"].read()  # kept byte for byte


def test_spam_fail_is_quarantined(engine):
    run = engine.run(mail(headers=b"X-SES-Spam-Verdict: FAIL\r\n"))
    assert run["outcome"] == "quarantined"
    assert audit.trail(run["enquiry_id"])[0].detail["reason"] == "SES spam verdict FAIL"


def test_oversized_mail_is_quarantined_naming_the_limit(engine):
    run = engine.run(mail(headers=b"X-Padding: " + b"x" * 300_000 + b"\r\n"))
    assert run["outcome"] == "quarantined"
    assert "over the 262144-byte limit" in audit.trail(run["enquiry_id"])[0].detail["reason"]


def test_member_is_stamped_with_plan_tier_care_plan_and_eligibility_snapshot(engine):
    run = engine.run(mail(sender="maria.gonzalez@example.com", subject="Refill", body="Please refill my metformin."))
    member = enquiry(run).member
    assert (member.member_id, member.plan_id, member.tier.value, member.state) == (
        "M-100101", "PPO-GOLD-2026", "gold", "CA")
    assert member.care_plan == "Type 2 diabetes management" and member.care_team == ["R-003", "R-002"]
    assert member.plan_active and "pharmacy" in member.covered_categories


def test_member_id_written_by_an_unknown_sender_is_noted_but_grants_nothing(engine):
    run = engine.run(mail(sender="new.address@example.net", body="My member id is M-100101, please refill my meds."))
    found = enquiry(run)
    assert found.member is None and found.member_id_claimed
    assert found.routing.queue == "identity_verification"


def test_an_urgent_sign_in_a_reply_makes_a_routine_enquiry_urgent_and_is_audited(engine):
    first = engine.run(mail(subject="check-up", body="Can I book my daughter's yearly check-up for next month?"))
    assert enquiry(first).classification.urgency.value == "routine"
    engine.run(mail(subject=f"Re: [ref:{first['enquiry_id']}] check-up",
                    body="Also she has had a fever of 104 since last night."))
    classification = enquiry(first).classification
    assert classification.urgency.value == "urgent"
    assert "high-fever" in classification.urgent_signs
    scored = [e for e in audit.trail(first["enquiry_id"]) if (e.step, e.action) == ("triage", "reply_scored")]
    assert scored[-1].detail["urgent_signs"] == ["high-fever"]
