"""Measure triage against labelled messages: the same `triage.assess` and escalation rules as production."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from careflow import escalation, mime, triage
from careflow.escalation import Signals
from careflow.llm import Provider
from careflow.models import Intent, SentimentLabel, Urgency
from careflow.rules import RuleSet

INTENTS = [i.value for i in Intent if i is not Intent.UNCLASSIFIED]


class Example(BaseModel):
    model_config = ConfigDict(coerce_numbers_to_str=True)  # data sets often number their ids

    id: str
    subject: str = ""
    body: str
    intent: Intent
    urgency: Urgency
    sentiment: SentimentLabel
    needs_escalation: bool

    @field_validator("subject", mode="before")
    @classmethod
    def _no_subject_is_empty(cls, value: object) -> object:
        return "" if value is None else value

    @field_validator("intent", "urgency", "sentiment", mode="before")
    @classmethod
    def _normalise_label(cls, value: object) -> object:
        """Labels from other tools: "Clinical Symptom", "EMERGENCY", "general-information"."""
        if isinstance(value, str):
            return value.strip().lower().replace(" ", "_").replace("-", "_")
        return value


class Predicted(BaseModel):
    intent: Intent
    urgency: Urgency
    sentiment: SentimentLabel
    escalate: bool
    model_called: bool
    below_threshold: bool
    model_wanted: bool
    input_tokens: int
    output_tokens: int
    fallback_reason: str | None


def load(path: Path) -> list[Example]:
    """Examples from JSON Lines; a bad line is reported with its number and reason."""
    examples = []
    for number, line in enumerate(path.read_text().splitlines(), start=1):
        if not line.strip():
            continue
        try:
            examples.append(Example.model_validate_json(line))
        except ValidationError as error:
            problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in error.errors())
            raise ValueError(f"{path}:{number}: {problems}") from None
    if not examples:
        raise ValueError(f"{path}: no labelled messages (one JSON object per line)")
    return examples


def predict(example: Example, rules: RuleSet, provider: Provider | None) -> Predicted:
    text = mime.new_text(example.body, example.subject)  # as the triage step reads a message
    assessment = triage.assess(example.subject, text, rules, provider=provider)
    classification = assessment.classification
    signals = Signals(
        urgency=classification.urgency,
        intent=classification.intent,
        tier=None,
        latest_sentiment=assessment.sentiment_score,
        worst_sentiment=assessment.sentiment_score,
        sentiment_worsening=False,
        is_reply=len(text) < len(example.body.strip()),
        eligible=True,
        queued=False,
        mentions=assessment.mentions,
    )
    call = assessment.model_call
    return Predicted(
        intent=classification.intent,
        urgency=classification.urgency,
        sentiment=assessment.sentiment_label,
        escalate=bool(escalation.matching_rules(signals, rules.escalation.rules)),
        model_called=call is not None,
        below_threshold=assessment.model_wanted == triage.LOW_CONFIDENCE,
        model_wanted=assessment.model_wanted is not None,
        input_tokens=call.input_tokens if call else 0,
        output_tokens=call.output_tokens if call else 0,
        fallback_reason=call.fallback_reason if call else None,
    )


def evaluate(examples: list[Example], rules: RuleSet, provider: Provider | None = None) -> dict[str, Any]:
    predictions = [predict(example, rules, provider) for example in examples]
    gold_intents = [e.intent.value for e in examples]
    predicted_intents = [p.intent.value for p in predictions]
    per_intent = per_label(gold_intents, predicted_intents, sorted(set(gold_intents)))
    pairs = list(zip(examples, predictions, strict=True))
    emergencies = [p.urgency is Urgency.EMERGENCY for e, p in pairs if e.urgency is Urgency.EMERGENCY]
    escalations = [p.escalate for e, p in pairs if e.needs_escalation]
    flagged = [e.needs_escalation for e, p in pairs if p.escalate]
    return {
        "examples": len(examples),
        "intent_macro_f1": round(sum(m["f1"] for m in per_intent.values()) / len(per_intent), 4),
        "intent_accuracy": _share(g == p for g, p in zip(gold_intents, predicted_intents, strict=True)),
        "urgency_accuracy": _share(e.urgency is p.urgency for e, p in pairs),
        "emergency_recall": _share(emergencies),
        "emergency_precision": _share(e.urgency is Urgency.EMERGENCY for e, p in pairs
                                      if p.urgency is Urgency.EMERGENCY),
        "escalation_recall": _share(escalations),
        "escalation_precision": _share(flagged),
        "sentiment_accuracy": _share(e.sentiment is p.sentiment for e, p in pairs),
        "model_call_rate": _share(p.model_called for p in predictions),
        # A model that could not be reached must not pass for a model that was measured.
        "fallback_rate": _share(p.fallback_reason is not None for p in predictions),
        "fallback_reasons": dict(Counter(p.fallback_reason for p in predictions if p.fallback_reason)),
        "below_threshold_rate": _share(p.below_threshold for p in predictions),
        # What a configured model would be asked: below the threshold, or a possible emergency.
        "model_wanted_rate": _share(p.model_wanted for p in predictions),
        "input_tokens": sum(p.input_tokens for p in predictions),
        "output_tokens": sum(p.output_tokens for p in predictions),
        "provider": provider.name if provider else "offline",
        "rule_version": rules.version,
        "per_intent": per_intent,
        "per_urgency": per_label([e.urgency.value for e in examples], [p.urgency.value for p in predictions],
                                 [u.value for u in Urgency]),
        "intent_confusion": confusion(gold_intents, predicted_intents),
    }


def per_label(gold: list[str], predicted: list[str], labels: Iterable[str]) -> dict[str, dict[str, float]]:
    result = {}
    for label in labels:
        true_positive = sum(g == p == label for g, p in zip(gold, predicted, strict=True))
        predicted_count, gold_count = predicted.count(label), gold.count(label)
        precision = true_positive / predicted_count if predicted_count else 0.0
        recall = true_positive / gold_count if gold_count else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        result[label] = {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4),
                         "support": gold_count}
    return result


def confusion(gold: list[str], predicted: list[str]) -> dict[str, dict[str, int]]:
    """gold label -> predicted label -> count."""
    counts = Counter(zip(gold, predicted, strict=True))
    labels = sorted(set(predicted))
    return {g: {p: counts[(g, p)] for p in labels if counts[(g, p)]} for g in sorted(set(gold))}


def _share(flags: Iterable[bool]) -> float | None:
    """None when nothing was counted: a set without emergencies has no emergency recall, not a recall of 0."""
    values = list(flags)
    return round(sum(values) / len(values), 4) if values else None
