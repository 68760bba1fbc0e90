"""One function per state-machine step: load by id, decide, save, audit, return the next state.

Each step is idempotent for its enquiry: a retried step finds its own earlier result and returns it.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from datetime import UTC, date, datetime, timedelta
from email.utils import parsedate_to_datetime
from functools import cache

import boto3

from careflow import audit, eligibility, escalation, mime, routing, rulestore, sla, store, timers, triage, verdicts
from careflow.errors import Quarantine
from careflow.llm import Provider
from careflow.models import (
    Enquiry,
    EnquiryStatus,
    Escalation,
    InboundMessage,
    Member,
    MemberContext,
    Rep,
    StepState,
    ThreadEntry,
    Urgency,
)
from careflow.rules import RuleSet
from careflow.salesforce import OutboxSalesforce, RestSalesforce, Salesforce, case_fields, case_path
from careflow.settings import settings
from careflow.tables import QUARANTINE_PREFIX
from careflow.verdicts import Verdict

_REFERENCE_TOKEN = re.compile(r"\[ref:(CF-[A-Z2-7]{10})\]")
_MEMBER_ID = re.compile(r"\bM-\d{6}\b")
_RECEIVED_DATE = re.compile(rb"^Received:[^;]*;\s*([^\r\n]+(?:\r?\n[ \t][^\r\n]+)*)", re.MULTILINE | re.IGNORECASE)


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def enquiry_id_for(message_id: str) -> str:
    return "CF-" + base64.b32encode(hashlib.sha256(message_id.encode()).digest()).decode()[:10]


def mail_ref(bucket: str, key: str) -> str:
    """The audit key of a mail that never became an enquiry (quarantined, or failed before intake)."""
    return "Q-" + sha256(f"{bucket}/{key}")[:12]


# --- intake ---------------------------------------------------------------------------------


def intake(state: StepState) -> StepState:
    raw = store.read_object(state.bucket, state.key)
    ses = verdicts.read(raw)
    if Verdict.FAIL in (ses.virus, ses.spam):
        which = "virus" if ses.virus is Verdict.FAIL else "spam"
        return _quarantine(state, raw, reason=f"SES {which} verdict FAIL", ses=ses)
    try:
        message = mime.parse(raw, bucket=state.bucket, key=state.key, received_at=received_at(raw))
    except Quarantine as error:
        return _quarantine(state, raw, reason=str(error), ses=ses)
    except Exception as error:  # a parser bug must not lose the mail: keep it, with the reason
        return _quarantine(state, raw, reason=f"unparseable ({type(error).__name__})", ses=ses)
    message_key = store.save_message(message)
    parent = _thread_parent(message) if ses.sender_authenticated else None
    enquiry_id = parent.enquiry_id if parent else enquiry_id_for(message.message_id)
    claim = store.claim_message(message.message_id, enquiry_id, state.key, message.raw_sha256)
    current = store.find_enquiry(claim.enquiry_id if claim else enquiry_id)
    if current and any(entry.message_id == message.message_id for entry in current.thread):
        if claim and claim.s3_key != state.key:
            audit.append(current.enquiry_id, "intake", "duplicate",
                         {"s3_key": state.key, "raw_sha256": message.raw_sha256, "first_s3_key": claim.s3_key})
            return state.model_copy(update={"enquiry_id": current.enquiry_id, "outcome": "duplicate"})
        # The same delivery again: this step is being retried after it had already recorded the message.
        outcome = "new" if current.thread[0].message_id == message.message_id else "reply"
        return state.model_copy(
            update={"enquiry_id": current.enquiry_id, "message_key": message_key, "outcome": outcome})
    entry = ThreadEntry(message_id=message.message_id, s3_key=message_key, received_at=message.received_at)
    if parent:
        outcome = "reply"
        enquiry, version = store.get_enquiry(parent.enquiry_id)
        enquiry.thread.append(entry)
        enquiry.updated_at = message.received_at
        resumed = bool(enquiry.sla and enquiry.sla.pauses and enquiry.sla.pauses[-1].end is None)
        if resumed:  # the member answered: the clock runs again, the wait did not count
            enquiry.sla = sla.resume(enquiry.sla, message.received_at, rulestore.active_rules().sla)
        store.save_enquiry(enquiry, version)
        if resumed:
            audit.append(enquiry.enquiry_id, "sla", "resumed", {"due_at": enquiry.sla.due_at.isoformat()})
    else:
        outcome = "new"
        enquiry = _new_enquiry(enquiry_id, message, entry, ses)
        store.create_enquiry(enquiry)
    audit.append(
        enquiry.enquiry_id,
        "intake",
        outcome,
        {
            "s3_key": state.key,
            "raw_sha256": message.raw_sha256,
            "message_id_sha256": sha256(message.message_id),
            "attachments": [{"type": a.content_type, "size": a.size, "sha256": a.sha256} for a in message.attachments],
            "defects": message.defects,
            "verdicts": ses.model_dump(mode="json"),
            "member_verified": enquiry.member_verified,
            "member_id_claimed": enquiry.member_id_claimed,
            "threaded_by": _threaded_by(message, parent),
            "thread_length": len(enquiry.thread),
        },
    )
    return state.model_copy(update={"enquiry_id": enquiry.enquiry_id, "message_key": message_key, "outcome": outcome})


def received_at(raw: bytes) -> datetime:
    """When the mail reached us: the topmost Received header (SES adds one), else its Date, else now."""
    candidates = _RECEIVED_DATE.findall(raw[:65536])[:1]
    date_header = re.search(rb"^Date:\s*([^\r\n]+)", raw[:65536], re.MULTILINE | re.IGNORECASE)
    if date_header:
        candidates.append(date_header.group(1))
    for value in candidates:
        try:
            parsed = parsedate_to_datetime(value.decode("ascii", errors="replace").split("(")[0].strip())
        except (TypeError, ValueError, IndexError):
            continue
        if parsed.tzinfo:
            return parsed.astimezone(UTC)
    return datetime.now(UTC)


def _quarantine(state: StepState, raw: bytes, *, reason: str, ses: verdicts.Verdicts) -> StepState:
    """Keep the original under quarantine/ and audit why; nothing about its content is parsed or sent on."""
    ref = mail_ref(state.bucket, state.key)
    store.quarantine(state.bucket, state.key, f"{QUARANTINE_PREFIX}{ref}.eml", reason=reason, ref=ref)
    audit.append(
        ref,
        "intake",
        "quarantined",
        {"s3_key": state.key, "raw_sha256": hashlib.sha256(raw).hexdigest(), "size": len(raw), "reason": reason,
         "verdicts": ses.model_dump(mode="json")},
    )
    return state.model_copy(update={"enquiry_id": ref, "outcome": "quarantined"})


def _thread_parent(message: InboundMessage) -> Enquiry | None:
    """The enquiry this message continues, if the same sender wrote it: by reply headers, then by the
    reference token in the subject, then (for forwards that lost their headers) by the token in the body."""
    parent_id = store.enquiry_for_messages([*message.references, *filter(None, [message.in_reply_to])])
    if parent_id is None:
        token = _REFERENCE_TOKEN.search(message.subject) or _REFERENCE_TOKEN.search(message.body_text[:20000])
        parent_id = token.group(1) if token else None
    parent = store.find_enquiry(parent_id) if parent_id else None
    if parent and parent.sender_sha256 == sha256(message.sender):
        return parent
    return None


def _threaded_by(message: InboundMessage, parent: Enquiry | None) -> str | None:
    if parent is None:
        return None
    referenced = [*message.references, *filter(None, [message.in_reply_to])]
    if referenced and store.enquiry_for_messages(referenced) == parent.enquiry_id:
        return "headers"
    return "subject_token" if _REFERENCE_TOKEN.search(message.subject) else "body_token"


def _new_enquiry(enquiry_id: str, message: InboundMessage, entry: ThreadEntry, ses: verdicts.Verdicts) -> Enquiry:
    """A new enquiry, stamped with the sender's member context when the sender is who they say they are."""
    member = store.find_member_by_email(message.sender) if message.sender and ses.sender_authenticated else None
    claimed = _MEMBER_ID.findall(f"{message.subject}\n{message.new_text}")
    return Enquiry(
        enquiry_id=enquiry_id,
        status=EnquiryStatus.RECEIVED,
        reference=enquiry_id,
        created_at=message.received_at,
        updated_at=message.received_at,
        thread=[entry],
        sender_sha256=sha256(message.sender),
        sender_authenticated=ses.sender_authenticated,
        member=member_context(member, message.received_at.date()) if member else None,
        member_id_claimed=bool(claimed) and (member is None or member.member_id not in claimed),
    )


def member_context(member: Member, on: date) -> MemberContext:
    care_plan = member.care_plan if member.care_plan and member.care_plan.active else None
    return MemberContext(
        member_id=member.member_id,
        plan_id=member.plan_id,
        tier=member.tier,
        state=member.state,
        care_plan=care_plan.name if care_plan else None,
        care_team=care_plan.care_team if care_plan else [],
        plan_active=member.plan_start <= on and (member.plan_end is None or on <= member.plan_end),
        covered_categories=member.covered_categories,
    )


# --- triage ---------------------------------------------------------------------------------


def triage_step(state: StepState) -> StepState:
    rules = rulestore.active_rules()
    enquiry, version = store.get_enquiry(_required(state.enquiry_id))
    message = store.load_message(_required(state.message_key))
    entry = next(e for e in enquiry.thread if e.s3_key == state.message_key)
    text = message.new_text
    provider = _provider()
    names = _names(message, enquiry) if provider else []
    assessment = triage.assess(message.subject, text, rules, provider=provider, names=names)
    entry.sentiment = triage.sentiment(message.message_id, assessment)
    entry.mentions = assessment.mentions
    action = "reply_scored" if enquiry.classification else "classified"
    if enquiry.classification is None:
        enquiry.classification = assessment.classification
        enquiry.status = EnquiryStatus.TRIAGED
    else:  # a reply keeps the enquiry's intent; a new red flag still makes it an emergency, a new urgent sign urgent
        new_flags = [f for f in assessment.classification.red_flags if f not in enquiry.classification.red_flags]
        if new_flags:
            enquiry.classification.red_flags += new_flags
            enquiry.classification.urgency = Urgency.EMERGENCY
        new_signs = [s for s in assessment.classification.urgent_signs if s not in enquiry.classification.urgent_signs]
        if new_signs:
            enquiry.classification.urgent_signs += new_signs
            if enquiry.classification.urgency is Urgency.ROUTINE:
                enquiry.classification.urgency = Urgency.URGENT
    store.save_enquiry(enquiry, version)
    classification = enquiry.classification
    call = assessment.model_call
    audit.append(
        enquiry.enquiry_id,
        "triage",
        action,
        {
            "provider": classification.provider,
            "model": classification.model,
            "input_sha256": sha256(f"{message.subject}\n{text}"),
            "intent": classification.intent.value,
            "urgency": classification.urgency.value,
            "confidence": classification.confidence,
            "offline_confidence": assessment.offline_confidence,
            "red_flags": classification.red_flags,
            "urgent_signs": classification.urgent_signs,
            "model_wanted": assessment.model_wanted,
            "model_called": call is not None,
            "model_call": call.model_dump(mode="json") if call else None,
            "message_id_sha256": sha256(message.message_id),
            "sentiment_score": entry.sentiment.score,
            "sentiment_label": entry.sentiment.label.value,
            "mentions": entry.mentions,
        },
        rule_version=rules.version, rule_sha256=rules.sha256,
    )
    return state


@cache
def _provider() -> Provider | None:
    config = settings()
    if config.triage_provider == "offline":
        return None
    from careflow import providers

    return providers.build(config.triage_provider, config.triage_model_id, config.triage_secret_arn)


def _names(message: InboundMessage, enquiry: Enquiry) -> list[str]:
    """People named in the mail whom redaction must hide from an external model."""
    member = _member(enquiry)
    return [name for name in (message.sender_name, member.name if member else None) if name]


# --- eligibility and routing ----------------------------------------------------------------


def eligibility_step(state: StepState) -> StepState:
    rules = rulestore.active_rules()
    enquiry, version = store.get_enquiry(_required(state.enquiry_id))
    member = _member(enquiry)
    result = eligibility.check(member, enquiry.classification.intent, enquiry.created_at.date(), rules.eligibility)
    enquiry.eligibility = result
    store.save_enquiry(enquiry, version)
    audit.append(
        enquiry.enquiry_id,
        "eligibility",
        "eligible" if result.eligible else "not_eligible",
        {"category": result.category, "member_verified": result.member_verified, "reasons": result.reasons,
         "plan_id": result.plan_id},
        rule_version=rules.version, rule_sha256=rules.sha256,
    )
    return state


def routing_step(state: StepState) -> StepState:
    rules = rulestore.active_rules()
    enquiry, version = store.get_enquiry(_required(state.enquiry_id))
    if enquiry.routing is None:  # a retried step keeps its first decision and reservation
        member = _member(enquiry)
        decision = routing.decide(
            reps=store.list_reps(),
            route=routing.route_for(enquiry, rules),
            member=member,
            urgency=enquiry.classification.urgency,
            at=enquiry.created_at,
            rules=rules.routing,
            rule_version=rules.version,
            reserve=store.reserve_capacity,
        )
        enquiry.routing = decision
        enquiry.status = EnquiryStatus.ASSIGNED if decision.outcome == "assigned" else EnquiryStatus.QUEUED
        enquiry.sla = sla.start(enquiry.classification.urgency, enquiry.tier, member.state if member else None,
                                enquiry.created_at, rules.sla)
        store.save_enquiry(enquiry, version)
        if enquiry.status is EnquiryStatus.QUEUED and member is not None:
            _schedule_relaxations(enquiry, state, rules)
    decision = enquiry.routing
    audit.append(
        enquiry.enquiry_id,
        "routing",
        decision.outcome,
        {
            "assignee": decision.assignee,
            "queue": decision.queue,
            "priority": decision.priority,
            "reason": decision.reason,
            "tier": enquiry.tier.value if enquiry.tier else None,
            "sla_window_hours": enquiry.sla.window_hours if enquiry.sla else None,
            "sla_due_at": enquiry.sla.due_at.isoformat() if enquiry.sla else None,
            "candidates": [c.model_dump(mode="json") for c in decision.candidates],
        },
        rule_version=decision.rule_version,
        rule_sha256=rules.sha256 if decision.rule_version == rules.version else None,
    )
    return state


def _member(enquiry: Enquiry) -> Member | None:
    return store.get_member(enquiry.member.member_id) if enquiry.member else None


# --- escalation -----------------------------------------------------------------------------


def escalation_step(state: StepState) -> StepState:
    rules = rulestore.active_rules()
    enquiry, version = store.get_enquiry(_required(state.enquiry_id))
    # Read the clock when the latest message arrived, not on the wall clock: a replayed or retried step
    # decides exactly as it did the first time.
    _escalate(enquiry, version, rules, at=enquiry.latest.received_at, trigger="message")
    _schedule_checkpoint(enquiry, state, rules)
    return state


def checkpoint_step(state: StepState) -> StepState:
    """A timer fired: an SLA checkpoint (a share of the window) or the end of a queue wait after which a
    constraint relaxes. Queued work is routed again, escalation re-checked, the next checkpoint armed."""
    rules = rulestore.active_rules()
    enquiry, version = store.get_enquiry(_required(state.enquiry_id))
    share, at = state.checkpoint, state.checkpoint_at or datetime.now(UTC)
    if not enquiry.sla_running:
        audit.append(enquiry.enquiry_id, "checkpoint", "skipped", {"status": enquiry.status.value, "share": share})
        return state.model_copy(update={"outcome": "skipped"})
    if share is not None:
        if share in enquiry.sla.checkpoints_done:  # a timer delivered twice
            return state.model_copy(update={"outcome": "duplicate"})
        enquiry.sla = enquiry.sla.model_copy(update={"checkpoints_done": [*enquiry.sla.checkpoints_done, share]})
    if enquiry.status is EnquiryStatus.QUEUED:
        _route_from_queue(enquiry, rules, at, reps=store.list_reps())
    _escalate(enquiry, version, rules, at=at, trigger=f"sla_checkpoint_{share}" if share is not None else "queue_wait")
    if share is not None:
        _schedule_checkpoint(enquiry, state, rules)
    return state.model_copy(update={"outcome": "checked"})


def _escalate(enquiry: Enquiry, version: int, rules: RuleSet, *, at: datetime, trigger: str) -> None:
    trend = triage.thread_trend(enquiry)
    clock = sla.status(enquiry.sla, at, rules.sla) if enquiry.sla else None
    signals = escalation.signals(enquiry, trend, clock)
    matched = escalation.matching_rules(signals, rules.escalation.rules)
    previous = enquiry.escalation
    if not matched or (previous and previous.level >= matched[0].level):
        outcome = "unchanged" if previous and previous.escalated else "not_escalated"
        if previous is None:
            enquiry.escalation = Escalation(escalated=False, rule_version=rules.version)
    else:
        top = matched[0]
        enquiry.escalation = Escalation(
            escalated=True,
            level=top.level,
            rules_matched=[rule.id for rule in matched],
            target_queue=top.target_queue,
            assignee=_reassign_to_senior(enquiry, rules) if top.reassign_to_senior else None,
            rule_version=rules.version,
        )
        outcome = "escalated"
    store.save_enquiry(enquiry, version)
    current = enquiry.escalation
    audit.append(
        enquiry.enquiry_id,
        "escalation",
        outcome,
        {
            "trigger": trigger,
            "level": current.level,
            "rules_matched": current.rules_matched,
            "target_queue": current.target_queue,
            "assignee": current.assignee,
            "signals": signals.model_dump(mode="json"),
            "sentiment_direction": trend.direction,
        },
        rule_version=rules.version, rule_sha256=rules.sha256,
    )


def _route_from_queue(enquiry: Enquiry, rules: RuleSet, at: datetime, reps: list[Rep]) -> bool:
    """Try a queued enquiry again, with the constraints its wait has relaxed; audit each new relaxation."""
    relaxed = routing.relaxations_due(at - enquiry.created_at, rules.routing)
    for constraint in relaxed:
        if constraint not in (enquiry.routing.relaxed if enquiry.routing else []):
            audit.append(enquiry.enquiry_id, "routing", "relaxed",
                         {"constraint": constraint,
                          "waited_minutes": int((at - enquiry.created_at).total_seconds() // 60)},
                         rule_version=rules.version, rule_sha256=rules.sha256)
    decision = routing.decide(
        reps=reps, route=routing.route_for(enquiry, rules), member=_member(enquiry),
        urgency=enquiry.classification.urgency, at=at, rules=rules.routing, rule_version=rules.version,
        reserve=store.reserve_capacity, relaxed=relaxed,
    )
    if decision.outcome != "assigned":
        enquiry.routing = enquiry.routing.model_copy(update={"relaxed": relaxed}) if enquiry.routing else decision
        return False
    reason = f"from the {enquiry.routing.queue} queue: {decision.reason}"
    enquiry.routing = decision.model_copy(update={"reason": reason})
    enquiry.status = EnquiryStatus.ASSIGNED
    audit.append(enquiry.enquiry_id, "routing", "assigned_from_queue",
                 {"assignee": decision.assignee, "relaxed": relaxed, "priority": decision.priority,
                  "candidates": [c.model_dump(mode="json") for c in decision.candidates]},
                 rule_version=rules.version, rule_sha256=rules.sha256)
    return True


def close(enquiry_id: str, reason: str, at: datetime) -> list[str]:
    """Close an enquiry, free its rep's capacity and hand that capacity to the queue; the ids assigned."""
    rules = rulestore.active_rules()
    enquiry, version = store.get_enquiry(enquiry_id)
    if enquiry.status is EnquiryStatus.CLOSED:
        return []
    assignee = enquiry.routing.assignee if enquiry.status is EnquiryStatus.ASSIGNED and enquiry.routing else None
    enquiry.status = EnquiryStatus.CLOSED
    enquiry.updated_at = at
    store.save_enquiry(enquiry, version)  # first: a concurrent close fails here and releases nothing
    audit.append(enquiry_id, "close", "closed", {"reason": reason, "released": assignee},
                 rule_version=rules.version, rule_sha256=rules.sha256)
    if assignee is None:
        return []
    store.release_capacity(assignee)
    return drain(assignee, rules, at)


def pause_sla(enquiry_id: str, reason: str, at: datetime) -> None:
    """Stop the SLA clock while the enquiry waits on the member; their next reply restarts it."""
    enquiry, version = store.get_enquiry(enquiry_id)
    if not enquiry.sla_running:
        return
    enquiry.sla = sla.pause(enquiry.sla, at, reason)
    store.save_enquiry(enquiry, version)
    audit.append(enquiry_id, "sla", "paused", {"reason": reason, "at": at.isoformat()})


def drain(rep_id: str, rules: RuleSet, at: datetime) -> list[str]:
    """Give a rep's free capacity to queued enquiries they qualify for: highest priority, then oldest."""
    queued = sorted(
        (e for e in store.list_enquiries() if e.status is EnquiryStatus.QUEUED and e.member and e.routing),
        key=lambda e: (e.routing.priority, e.created_at),
    )
    assigned = []
    for candidate in queued:
        rep = store.get_rep(rep_id)  # read again: each assignment, and any concurrent one, uses a slot
        if rep is None or rep.active >= rep.capacity:
            break
        enquiry, version = store.get_enquiry(candidate.enquiry_id)
        if enquiry.status is not EnquiryStatus.QUEUED:
            continue
        if _route_from_queue(enquiry, rules, at, reps=[rep]):
            assigned.append(enquiry.enquiry_id)
        store.save_enquiry(enquiry, version)
    return assigned


def _schedule_relaxations(enquiry: Enquiry, state: StepState, rules: RuleSet) -> None:
    """One timer per configured wait: when it fires, the queued enquiry is routed again with that much relaxed."""
    for relaxation in rules.routing.relaxations:
        at = enquiry.created_at + timedelta(minutes=relaxation.after_minutes)
        payload = state.model_copy(update={"checkpoint_at": at, "outcome": None})
        timers.schedule(f"{enquiry.enquiry_id}-wait{relaxation.after_minutes}", at,
                        payload.model_dump(mode="json", exclude_none=True))


def _schedule_checkpoint(enquiry: Enquiry, state: StepState, rules: RuleSet) -> None:
    if not enquiry.sla_running:
        return
    upcoming = sla.next_checkpoint(enquiry.sla, rules.sla)
    if upcoming is None:
        return
    share, at = upcoming
    payload = state.model_copy(update={"checkpoint": share, "checkpoint_at": at, "outcome": None})
    created = timers.schedule(f"{enquiry.enquiry_id}-{round(share * 100)}", at,
                              payload.model_dump(mode="json", exclude_none=True))
    if created:
        audit.append(enquiry.enquiry_id, "checkpoint", "scheduled", {"share": share, "at": at.isoformat()},
                     rule_version=rules.version, rule_sha256=rules.sha256)


def _reassign_to_senior(enquiry: Enquiry, rules: RuleSet) -> str | None:
    """Hand the enquiry to senior staff who pass every hard constraint; release the previous rep."""
    member = _member(enquiry)
    if member is None:
        return None
    decision = routing.decide(
        reps=store.list_reps(),
        route=routing.route_for(enquiry, rules, senior=True),
        member=member,
        urgency=enquiry.classification.urgency,
        at=enquiry.updated_at,
        rules=rules.routing,
        rule_version=rules.version,
        reserve=store.reserve_capacity,
    )
    if decision.outcome != "assigned":
        return None
    previous = enquiry.routing.assignee if enquiry.routing else None
    if previous and previous != decision.assignee:
        store.release_capacity(previous)
    enquiry.routing = decision
    enquiry.status = EnquiryStatus.ASSIGNED
    return decision.assignee


# --- Salesforce and parking -----------------------------------------------------------------


def salesforce_step(state: StepState) -> StepState:
    enquiry, _ = store.get_enquiry(_required(state.enquiry_id))
    fields = case_fields(enquiry)
    path = case_path(enquiry.enquiry_id)
    answer = _salesforce().send("PATCH", path, fields)
    audit.append(
        enquiry.enquiry_id,
        "salesforce",
        "upserted",
        {"path": path, "status": answer.get("status"), "fields": sorted(fields),
         "payload_sha256": sha256(str(sorted(fields.items())))},
    )
    return state


@cache
def _salesforce() -> Salesforce:
    config = settings()
    if config.salesforce_mode == "local":
        return OutboxSalesforce(store.write_json, config.salesforce_outbox_prefix)
    secret = boto3.client("secretsmanager").get_secret_value(SecretId=config.salesforce_secret_arn)
    return RestSalesforce(json.loads(secret["SecretString"]))


def park(state: StepState) -> StepState:
    """A step failed after its retries: keep the enquiry, mark it parked with the error's name."""
    error_name = (state.error or {}).get("Error", "Unknown")
    enquiry_id = state.enquiry_id or mail_ref(state.bucket, state.key)
    found = store.find_enquiry(enquiry_id)
    if found:
        enquiry, version = store.get_enquiry(enquiry_id)
        enquiry.status = EnquiryStatus.PARKED
        enquiry.parked_reason = error_name
        store.save_enquiry(enquiry, version)
    audit.append(enquiry_id, "park", "parked", {"error": error_name, "s3_key": state.key})
    return state.model_copy(update={"enquiry_id": enquiry_id, "outcome": "parked"})


def _required(value: str | None) -> str:
    if not value:
        raise ValueError("state is missing an id this step needs")
    return value
