"""Escalation: combine urgency, tier, sentiment and queue state in declarative rules."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from careflow import sla
from careflow.expressions import activation
from careflow.models import Enquiry, EnquiryStatus, Intent, SentimentTrend, Tier, Urgency
from careflow.rules import Escalation as EscalationRules
from careflow.rules import EscalationRule, pattern


class Signals(BaseModel):
    """What escalation rules see; the names are careflow.expressions.ESCALATION_SIGNALS."""

    urgency: Urgency
    intent: Intent
    tier: Tier | None
    latest_sentiment: float
    worst_sentiment: float
    sentiment_worsening: bool
    is_reply: bool
    eligible: bool
    queued: bool
    mentions: list[str] = []
    sla_elapsed: float = 0.0  # share of the SLA window already used
    hours_to_breach: float = 1e6
    escalation_level: int = 0

    def activation(self) -> dict[str, Any]:
        values = self.model_dump(mode="json")
        values["tier"] = values["tier"] or ""
        return values


def signals(enquiry: Enquiry, trend: SentimentTrend, clock: sla.Status | None = None) -> Signals:
    """The signals of a classified enquiry as it stands, with its SLA clock read at some moment."""
    return Signals(
        urgency=enquiry.classification.urgency,
        intent=enquiry.classification.intent,
        tier=enquiry.tier,
        latest_sentiment=trend.latest,
        worst_sentiment=trend.worst,
        sentiment_worsening=trend.direction == "worsening",
        is_reply=len(enquiry.thread) > 1,
        eligible=bool(enquiry.eligibility and enquiry.eligibility.eligible),
        queued=enquiry.status is EnquiryStatus.QUEUED,
        mentions=sorted({m for entry in enquiry.thread for m in entry.mentions}),
        escalation_level=enquiry.escalation.level if enquiry.escalation else 0,
        sla_elapsed=clock.elapsed_share if clock else 0.0,
        hours_to_breach=clock.hours_to_breach if clock else 1e6,
    )


def mentions(text: str, rules: EscalationRules) -> list[str]:
    """Names of the phrase groups (threat, repeat contact, ...) the text contains."""
    return [name for name, patterns in rules.phrases.items() if any(pattern(p).search(text) for p in patterns)]


def matching_rules(signals: Signals, rules: list[EscalationRule]) -> list[EscalationRule]:
    """Every rule that holds, highest level first (file order breaks ties)."""
    values = activation(signals.activation())
    return sorted((rule for rule in rules if rule.condition(values)), key=lambda rule: -rule.level)
