"""Triage: deterministic red flags first, then intent/urgency, and sentiment on every message."""

from __future__ import annotations

import re

from careflow import classifier
from careflow.models import Classification, Sentiment, SentimentLabel, SentimentTrend, Urgency
from careflow.rules import RedFlags, Triage


def red_flags(text: str, rules: RedFlags) -> list[str]:
    return [flag.id for flag in rules.flags if any(re.search(p, text, re.IGNORECASE) for p in flag.patterns)]


def classify(text: str, rules: RedFlags) -> Classification:
    flags = red_flags(text, rules)
    intent, urgency, confidence = classifier.classify(text)
    if flags:
        urgency = Urgency.EMERGENCY
    return Classification(
        intent=intent,
        urgency=urgency,
        confidence=confidence,
        provider=classifier.PROVIDER,
        model=classifier.MODEL,
        red_flags=flags,
        rationale=f"red flags: {', '.join(flags)}" if flags else f"lexicon match, confidence {confidence}",
    )


def sentiment(message_id: str, text: str, rules: Triage) -> Sentiment:
    score = classifier.sentiment_score(text)
    if score < rules.negative_below:
        label = SentimentLabel.NEGATIVE
    elif score > rules.positive_above:
        label = SentimentLabel.POSITIVE
    else:
        label = SentimentLabel.NEUTRAL
    return Sentiment(message_id=message_id, score=score, label=label)


def trend(scores: list[float]) -> SentimentTrend:
    """Latest and worst score of a thread, and which way it is moving."""
    latest = scores[-1]
    previous = scores[-2] if len(scores) > 1 else latest
    direction = "worsening" if latest < previous - 0.1 else "improving" if latest > previous + 0.1 else "steady"
    return SentimentTrend(latest=latest, worst=min(scores), direction=direction)
