"""Domain models for the whole enquiry flow.

Stored items and step outputs are built from these; nothing here knows about Lambda or AWS.
"""

from __future__ import annotations

from datetime import date, datetime, time
from enum import StrEnum
from typing import Annotated, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, EmailStr, Field, field_validator, model_validator


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=False)


class Intent(StrEnum):
    APPOINTMENT = "appointment"
    PRESCRIPTION_REFILL = "prescription_refill"
    BILLING = "billing"
    ELIGIBILITY_COVERAGE = "eligibility_coverage"
    CLINICAL_SYMPTOM = "clinical_symptom"
    TEST_RESULTS = "test_results"
    MEDICAL_RECORDS = "medical_records"
    PROVIDER_DIRECTORY = "provider_directory"
    COMPLAINT = "complaint"
    GENERAL_INFORMATION = "general_information"
    OTHER = "other"
    UNCLASSIFIED = "unclassified"


class Urgency(StrEnum):
    EMERGENCY = "emergency"
    URGENT = "urgent"
    ROUTINE = "routine"


class SentimentLabel(StrEnum):
    NEGATIVE = "negative"
    NEUTRAL = "neutral"
    POSITIVE = "positive"


class Tier(StrEnum):
    BRONZE = "bronze"
    SILVER = "silver"
    GOLD = "gold"
    PLATINUM = "platinum"


class LicenceScope(StrEnum):
    CLINICAL = "clinical"
    PHARMACY = "pharmacy"
    INSURANCE = "insurance"
    ADMIN = "admin"


class EnquiryStatus(StrEnum):
    RECEIVED = "received"
    TRIAGED = "triaged"
    ASSIGNED = "assigned"
    QUEUED = "queued"
    PARKED = "parked"
    QUARANTINED = "quarantined"
    CLOSED = "closed"


StateCode = Annotated[str, Field(pattern=r"^[A-Z]{2}$")]
Score = Annotated[float, Field(ge=-1.0, le=1.0)]
Probability = Annotated[float, Field(ge=0.0, le=1.0)]
Sha256 = Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]


# --- intake ---------------------------------------------------------------------------------


class Attachment(Model):
    filename: str | None = None
    content_type: str
    size: Annotated[int, Field(ge=0)]
    sha256: Sha256


class InboundMessage(Model):
    """A parsed mail. Holds PHI: stored in S3 only, never put in state, logs or audit."""

    message_id: str
    s3_bucket: str
    s3_key: str
    sender: str
    sender_name: str | None = None
    recipients: list[str] = []
    subject: str = ""
    body_text: str = ""
    new_text: str = ""
    sent_at: datetime | None = None
    received_at: datetime
    in_reply_to: str | None = None
    references: list[str] = []
    attachments: list[Attachment] = []
    defects: list[str] = []
    raw_sha256: Sha256


# --- directory ------------------------------------------------------------------------------


class CarePlan(Model):
    name: str
    active: bool = True
    care_team: list[str] = []


class Member(Model):
    member_id: str
    email: EmailStr
    name: str
    state: StateCode
    plan_id: str
    plan_start: date
    plan_end: date | None = None
    tier: Tier = Tier.BRONZE
    covered_categories: list[str]
    care_plan: CarePlan | None = None


class Licence(Model):
    state: StateCode
    scope: LicenceScope
    expires: date


class Skill(Model):
    name: str
    level: Annotated[int, Field(ge=1, le=5)]


class Shift(Model):
    """Working hours: a rep's shift, or a region's business hours."""

    timezone: str
    days: list[Annotated[int, Field(ge=0, le=6)]] = [0, 1, 2, 3, 4]
    start: time = time(8, 0)
    end: time = time(18, 0)

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, name: str) -> str:
        try:
            ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown time zone {name!r}") from None
        return name

    @model_validator(mode="after")
    def _ordered(self) -> Shift:
        if self.end <= self.start:
            raise ValueError("end must be after start")
        return self


class Rep(Model):
    rep_id: str
    name: str
    role: str
    senior: bool = False
    licences: list[Licence] = []
    regions: list[StateCode]
    skills: list[Skill] = []
    capacity: Annotated[int, Field(ge=0)]
    active: Annotated[int, Field(ge=0)] = 0
    shift: Shift


# --- triage ---------------------------------------------------------------------------------


class Classification(Model):
    intent: Intent
    urgency: Urgency
    confidence: Probability
    provider: str
    model: str
    red_flags: list[str] = []
    urgent_signs: list[str] = []
    rationale: Annotated[str, Field(max_length=200)] = ""


class Sentiment(Model):
    message_id: str
    score: Score
    label: SentimentLabel


class SentimentTrend(Model):
    latest: Score
    worst: Score
    direction: str  # "improving", "worsening" or "steady"


# --- decisions ------------------------------------------------------------------------------


class EligibilityResult(Model):
    eligible: bool
    member_verified: bool
    plan_id: str | None = None
    category: str | None = None
    reasons: list[str]
    checked_on: date


class Candidate(Model):
    rep_id: str
    eligible: bool
    excluded_because: list[str] = []
    load: float | None = None
    care_team: bool = False


class RoutingDecision(Model):
    outcome: str  # "assigned" or "queued"
    assignee: str | None = None
    queue: str | None = None
    priority: int
    reason: str
    candidates: list[Candidate]
    rule_version: str
    relaxed: list[str] = []  # hard constraints relaxed for this decision after the enquiry waited


class Escalation(Model):
    escalated: bool
    level: Annotated[int, Field(ge=0)] = 0
    rules_matched: list[str] = []
    target_queue: str | None = None
    assignee: str | None = None
    rule_version: str


class ThreadEntry(Model):
    message_id: str
    s3_key: str
    received_at: datetime
    sentiment: Sentiment | None = None
    mentions: list[str] = []  # escalation phrase groups found in this message (threat, ...), and not_english


class Pause(Model):
    """An interval the SLA clock stood still (e.g. waiting on the member); `end` is None while paused."""

    start: datetime
    end: datetime | None = None
    reason: str


class SlaClock(Model):
    window_hours: float
    region: str  # whose business hours and holidays count
    around_the_clock: bool
    started_at: datetime
    due_at: datetime
    pauses: list[Pause] = []
    checkpoints_done: list[float] = []


class MemberContext(Model):
    """The member as intake found them, stamped on the enquiry: enough to route, nothing more."""

    member_id: str
    plan_id: str
    tier: Tier
    state: StateCode
    care_plan: str | None = None
    care_team: list[str] = []
    plan_active: bool
    covered_categories: list[str]


class Enquiry(Model):
    enquiry_id: str
    status: EnquiryStatus
    reference: str
    created_at: datetime
    updated_at: datetime
    thread: list[ThreadEntry]
    sender_sha256: Sha256
    sender_authenticated: bool = True
    member: MemberContext | None = None
    member_id_claimed: bool = False
    classification: Classification | None = None
    eligibility: EligibilityResult | None = None
    routing: RoutingDecision | None = None
    escalation: Escalation | None = None
    sla: SlaClock | None = None
    parked_reason: str | None = None

    @property
    def latest(self) -> ThreadEntry:
        return self.thread[-1]

    @property
    def sla_running(self) -> bool:
        """Routed and not yet closed or parked: its SLA clock counts and its timers matter."""
        return self.sla is not None and self.status in (EnquiryStatus.ASSIGNED, EnquiryStatus.QUEUED)

    @property
    def member_verified(self) -> bool:
        return self.member is not None

    @property
    def tier(self) -> Tier | None:
        return self.member.tier if self.member else None


# --- audit ----------------------------------------------------------------------------------


class AuditEvent(Model):
    """One immutable step record. `detail` holds ids, labels, scores and hashes — never text."""

    enquiry_id: str
    seq: Annotated[int, Field(ge=1)]
    step: str
    action: str
    at: datetime
    detail: dict[str, Any] = {}
    rule_version: str | None = None
    rule_sha256: Sha256 | None = None  # the full content hash of the rule set the decision used
    prev_hash: str
    hash: Sha256


class StepState(Model):
    """What the state machine carries between steps: ids and S3 keys, never message content."""

    model_config = ConfigDict(extra="ignore")

    bucket: str
    key: str
    enquiry_id: str | None = None
    message_key: str | None = None
    outcome: str | None = None
    error: dict[str, Any] | None = None
    checkpoint: float | None = None  # set on SLA checkpoint timers: the share of the window
    checkpoint_at: datetime | None = None
