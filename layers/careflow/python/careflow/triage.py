"""Triage: deterministic red flags first, the offline classifier next, a model only where it is unsure.

A model may raise urgency, never lower it; its labels are validated against the allow-list; a failing
model is retried a bounded number of times and then replaced by the offline answer, with the reason.
"""

from __future__ import annotations

import hashlib
import itertools
import re
import time
from collections.abc import Callable, Sequence
from typing import Any

from pydantic import BaseModel

from careflow import classifier, escalation, language, llm, mime
from careflow.llm import Provider, ProviderError
from careflow.models import Classification, Enquiry, Sentiment, SentimentLabel, SentimentTrend, Urgency
from careflow.redaction import KINDS, redact
from careflow.rules import EmergencyModelAbove, Flag, RedFlags, RuleSet, Triage, pattern

_URGENCY_RANK = {Urgency.ROUTINE: 0, Urgency.URGENT: 1, Urgency.EMERGENCY: 2}
ATTEMPTS = 3
BACKOFF_SECONDS = 0.5


class ModelCall(BaseModel):
    """The audit record of one model consultation: hashes and labels, never the text."""

    provider: str
    model: str
    prompt_version: str
    prompt_sha256: str
    input_sha256: str
    output: dict[str, Any] | None = None
    confidence: float | None = None
    latency_ms: int
    input_tokens: int = 0
    output_tokens: int = 0
    attempts: int
    fallback_reason: str | None = None
    reason: str = ""  # why the model was consulted: LOW_CONFIDENCE or POSSIBLE_EMERGENCY


NOT_ENGLISH = "not_english"  # a mention escalation rules can test, beside the phrase groups


class Assessment(BaseModel):
    classification: Classification
    sentiment_score: float
    sentiment_label: SentimentLabel
    offline_confidence: float
    mentions: list[str] = []
    model_wanted: str | None = None  # why this message needs a model, if it does, whether or not one is configured
    model_call: ModelCall | None = None


# A sentence ends at . ! or ?, with or without a closing quote ("...thanks for trying.' Last week"), but a full stop
# after a title does not end one: "34 weeks pregnant, patient of Dr. Hollis, worst headache..." Between two words it
# ends one without a space too, as people type: "a year ago.experiencing pain", "a lot.I had", "(took 2 today).Since",
# "getting worse..I have" (not "e.g." or "2.6").
_SENTENCE_END = re.compile(
    r"(?:(?<=[.!?])(?<!\bdr\.)(?<!\bmr\.)(?<!\bms\.)(?<!\bmrs\.)(?<!\bst\.)|(?<=[.!?]['\"\u2019\u201d]))\s+|\n+"
    r"|(?:(?<=[a-z)]{2}[.!?])|(?<=[a-z)]{2}\.\.))(?<!\bdr\.)(?<!\bmr\.)(?<!\bms\.)(?<!\bmrs\.)(?<!\bst\.)(?=[a-z]{2}|i\s)",
    re.IGNORECASE,
)


def red_flags(text: str, rules: RedFlags) -> list[str]:
    """Ids of every red flag raised by a sentence, or two adjacent ones, that is not history, a leaflet or a
    side-effect list. Pairs matter because people spread one account over two sentences: "He injected his
    insulin twice by mistake. Now he is sweating and confused."
    """
    windows = _windows(text, rules.ignores)
    return [flag.id for flag in rules.flags_to_match if _found(flag, windows)]


def urgent_signs(text: str, rules: RuleSet) -> list[str]:
    """Ids of the urgent signs in the sentences the red flags would read and the signs' own ignore patterns keep,
    leaving out signs the writer denies: "no fever", "didn't black out" (worried writers list what is absent)."""
    windows = _windows(text, [*rules.red_flags.ignores, *rules.urgent_signs.ignore_sentences_matching])
    return [sign.id for sign in rules.urgent_signs.signs_to_match if _found(sign, windows, skip_denied=True)]


# A denial within the three words before a sign: "no fever", "never fainted", "didn't black out", "no lip or tongue
# swelling". Not "can't" or "won't": "can't stop vomiting" is the sign itself.
_DENIED = re.compile(
    r"\b(no|not|never|without|nor|denies|denied|negative for|free of|(did|does|do|is|was|were|are|has|have|had)n.?t)"
    r"\W+(\w+\W+){0,3}$",
    re.IGNORECASE,
)


def _windows(text: str, ignores: Sequence[str]) -> list[str]:
    kept = [
        None if any(pattern(p).search(sentence) for p in ignores) else sentence
        for sentence in _SENTENCE_END.split(text)
    ]
    return [s for s in kept if s] + [f"{a} {b}" for a, b in itertools.pairwise(kept) if a and b]


def _found(flag: Flag, windows: list[str], skip_denied: bool = False) -> bool:
    return any(
        not skip_denied or not _DENIED.search(window, max(0, match.start() - 60), match.start())
        for source in flag.patterns
        for window in windows
        for match in pattern(source).finditer(window)
    )


def raised_by_emergency_model(urgency: Urgency, chance: float, above: EmergencyModelAbove) -> bool:
    """Whether the emergency model's chance makes an offline reading an emergency. A routine reading needs a surer
    model than an urgent one: the model is loosely calibrated on short messages (docs/triage.md)."""
    if urgency is Urgency.URGENT:
        return chance > above.urgent
    if urgency is Urgency.ROUTINE:
        return chance > above.routine
    return False


LOW_CONFIDENCE, POSSIBLE_EMERGENCY = "low confidence", "possible emergency"


def model_wanted(confidence: float, emergency_probability: float, urgency: Urgency, rules: Triage) -> str | None:
    """Why the deterministic layer wants a model's reading, or None: it is unsure of the message, or the emergency
    model gives it a chance of being an emergency that nothing has called one. Most emergencies the red flags miss
    get a small chance, too small to raise the reading on its own (docs/triage.md)."""
    if confidence < rules.model_threshold:
        return LOW_CONFIDENCE
    if urgency is not Urgency.EMERGENCY and emergency_probability >= rules.model_from_emergency_chance:
        return POSSIBLE_EMERGENCY
    return None


def offline_urgency(offline: classifier.Prediction, rules: Triage) -> Urgency:
    """The classifier's urgency, except that an urgent reading less sure than `urgent_from` is routine: on real
    ask-a-doctor posts, long and calm accounts of routine symptoms are read as urgent (docs/triage.md)."""
    if offline.urgency is Urgency.URGENT and offline.urgent_probability < rules.urgent_from:
        return Urgency.ROUTINE
    return offline.urgency


def raised_by_distress(urgency: Urgency, offline: classifier.Prediction, rules: Triage) -> bool:
    """Whether a routine reading becomes urgent: the writer's tone is negative and urgent was a close second.
    Urgent and negative together is what escalates, so a distressed writer's borderline case goes to a person."""
    return (urgency is Urgency.ROUTINE and offline.sentiment_score < rules.negative_below
            and offline.urgent_probability >= rules.distressed_urgent_from)


def red_flag_text(subject: str, text: str) -> str:
    """The subject and the new text; a reply's subject is the old topic ("Re: my daughter can't breathe!!" above
    "thanks, she's fine now"), so for a reply only what the sender wrote now."""
    return text if mime.is_reply(subject) else f"{subject}\n{text}"


def assess(
    subject: str,
    text: str,
    rules: RuleSet,
    provider: Provider | None = None,
    names: Sequence[str] = (),
    sleep: Callable[[float], None] = time.sleep,
) -> Assessment:
    flags = red_flags(red_flag_text(subject, text), rules.red_flags)
    offline = classifier.predict(subject, text)
    message = f"{subject}\n{text}"
    english = language.is_english(message)
    # The classifier reads English only: in another language its reading is a guess, and the model is consulted.
    offline_confidence = offline.confidence if english else 0.0
    intent, urgency, confidence = offline.intent, offline_urgency(offline, rules.triage), offline_confidence
    score, source, model = offline.sentiment_score, classifier.PROVIDER, classifier.model_name()
    # The classifier's own reading, not the routine one it was too unsure to call urgent: the thresholds were
    # chosen on it.
    emergency_model = raised_by_emergency_model(offline.urgency, offline.emergency_probability,
                                                rules.triage.emergency_model_above)
    distressed = not emergency_model and raised_by_distress(urgency, offline, rules.triage)
    if emergency_model:
        urgency = Urgency.EMERGENCY
    elif distressed:
        urgency = Urgency.URGENT
    # Not the subject: "fainting in teens", "info on cellulitis" name topics. Listed for an urgent reading too, so the
    # record says why, and so that a reply's signs can raise its enquiry.
    signs = [] if flags or urgency is Urgency.EMERGENCY else urgent_signs(text, rules)
    if signs:
        urgency = Urgency.URGENT
    wanted = model_wanted(confidence, offline.emergency_probability,
                          Urgency.EMERGENCY if flags else urgency, rules.triage)
    call = None
    if provider is not None and wanted:
        call, output = _consult(provider, subject, text, names, rules.triage, sleep)
        call.reason = wanted
        if output is not None:
            intent, confidence, score = output.intent, output.confidence, output.sentiment_score
            urgency = max(urgency, output.urgency, key=_URGENCY_RANK.__getitem__)
            source, model = provider.name, provider.model
    if flags:
        urgency = Urgency.EMERGENCY
        rationale = f"red flags: {', '.join(flags)}"
    elif emergency_model:
        rationale = f"offline emergency model {offline.emergency_probability:.2f}; {source} {intent.value}"
    else:
        rationale = f"{source} {intent.value}, confidence {confidence:.2f}"
    if distressed and not flags:
        rationale += f"; urgent: distressed, urgent chance {offline.urgent_probability:.2f}"
    if signs:
        rationale += f"; urgent signs: {', '.join(signs)}"
    if not english:
        rationale = f"not in English; {rationale}"
    classification = Classification(
        intent=intent,
        urgency=urgency,
        confidence=round(confidence, 3),
        provider=source,
        model=model,
        red_flags=flags,
        urgent_signs=signs,
        rationale=rationale[:200],  # the flags and signs are listed in full beside it
    )
    return Assessment(
        classification=classification,
        sentiment_score=score,
        sentiment_label=label(score, rules.triage),
        offline_confidence=offline_confidence,
        mentions=escalation.mentions(message, rules.escalation) + ([] if english else [NOT_ENGLISH]),
        model_wanted=wanted,
        model_call=call,
    )


def _consult(
    provider: Provider, subject: str, text: str, names: Sequence[str], rules: Triage, sleep: Callable[[float], None]
) -> tuple[ModelCall, llm.TriageOutput | None]:
    kinds = rules.redact.get(provider.name, KINDS)
    subject, text = redact(subject, list(names), kinds), redact(text, list(names), kinds)
    started = time.perf_counter()
    reason = None
    attempt = 0
    for attempt in range(1, ATTEMPTS + 1):
        try:
            answer = provider.classify(subject, text)
            output = llm.validate(answer.output, rules.negative_below, rules.positive_above)
        except ProviderError as error:
            reason = error.reason
            if not error.retryable or attempt == ATTEMPTS:
                break
            sleep(BACKOFF_SECONDS * 2 ** (attempt - 1))
            continue
        except Exception as error:  # an adapter bug must not block the enquiry: the offline result stands
            reason = f"{provider.name}: unexpected {type(error).__name__}"
            break
        return _record(provider, subject, text, started, attempt, answer, output, None), output
    return _record(provider, subject, text, started, attempt, None, None, reason), None


def _record(provider: Provider, subject: str, text: str, started: float, attempts: int,
            answer: llm.Answer | None, output: llm.TriageOutput | None, reason: str | None) -> ModelCall:
    return ModelCall(
        provider=provider.name,
        model=provider.model,
        prompt_version=llm.PROMPT_VERSION,
        prompt_sha256=llm.PROMPT_SHA256,
        input_sha256=hashlib.sha256(llm.user_message(subject, text).encode()).hexdigest(),
        output=output.model_dump(mode="json", exclude={"rationale"}) if output else None,
        confidence=output.confidence if output else None,
        latency_ms=round((time.perf_counter() - started) * 1000),
        input_tokens=answer.input_tokens if answer else 0,
        output_tokens=answer.output_tokens if answer else 0,
        attempts=attempts,
        fallback_reason=None if output else f"fell back to offline after {attempts} attempt(s): {reason}",
    )


def label(score: float, rules: Triage) -> SentimentLabel:
    if score < rules.negative_below:
        return SentimentLabel.NEGATIVE
    if score > rules.positive_above:
        return SentimentLabel.POSITIVE
    return SentimentLabel.NEUTRAL


def sentiment(message_id: str, assessment: Assessment) -> Sentiment:
    return Sentiment(message_id=message_id, score=assessment.sentiment_score, label=assessment.sentiment_label)


def thread_trend(enquiry: Enquiry) -> SentimentTrend:
    return trend([entry.sentiment.score for entry in enquiry.thread if entry.sentiment] or [0.0])


def trend(scores: list[float]) -> SentimentTrend:
    """Latest and worst score of a thread, and which way it is moving."""
    latest = scores[-1]
    previous = scores[-2] if len(scores) > 1 else latest
    direction = "worsening" if latest < previous - 0.1 else "improving" if latest > previous + 0.1 else "steady"
    return SentimentTrend(latest=latest, worst=min(scores), direction=direction)
