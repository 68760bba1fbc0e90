"""Escalation: combine urgency, tier, sentiment and queue state in declarative rules."""

from __future__ import annotations

from pydantic import BaseModel

from careflow.models import Intent, Tier, Urgency
from careflow.rules import Condition, EscalationRule


class Signals(BaseModel):
    urgency: Urgency
    intent: Intent
    tier: Tier | None
    latest_sentiment: float
    worst_sentiment: float
    sentiment_worsening: bool
    is_reply: bool
    eligible: bool
    queued: bool


def matches(condition: Condition, signals: Signals) -> bool:
    checks = [
        condition.urgency is None or signals.urgency in condition.urgency,
        condition.intent is None or signals.intent in condition.intent,
        condition.tier is None or signals.tier in condition.tier,
        condition.latest_sentiment_below is None or signals.latest_sentiment < condition.latest_sentiment_below,
        condition.worst_sentiment_below is None or signals.worst_sentiment < condition.worst_sentiment_below,
        condition.sentiment_worsening is None or signals.sentiment_worsening == condition.sentiment_worsening,
        condition.is_reply is None or signals.is_reply == condition.is_reply,
        condition.eligible is None or signals.eligible == condition.eligible,
        condition.queued is None or signals.queued == condition.queued,
    ]
    return all(checks)


def matching_rules(signals: Signals, rules: list[EscalationRule]) -> list[EscalationRule]:
    """Every rule that holds, highest level first (file order breaks ties)."""
    matched = [rule for rule in rules if matches(rule.when, signals)]
    return sorted(matched, key=lambda rule: -rule.level)
