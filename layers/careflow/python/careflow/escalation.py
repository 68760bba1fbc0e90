"""Escalation: combine urgency, tier, sentiment and queue state in declarative rules."""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel

from careflow.models import Intent, Tier, Urgency
from careflow.rules import EscalationRule
from careflow.rules import Escalation as EscalationRules


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


def mentions(text: str, rules: EscalationRules) -> list[str]:
    """Names of the phrase groups (threat, repeat contact, ...) the text contains."""
    return [name for name, patterns in rules.phrases.items() if any(re.search(p, text, re.I) for p in patterns)]


def matching_rules(signals: Signals, rules: list[EscalationRule]) -> list[EscalationRule]:
    """Every rule that holds, highest level first (file order breaks ties)."""
    activation = signals.activation()
    return sorted((rule for rule in rules if rule.condition(activation)), key=lambda rule: -rule.level)
