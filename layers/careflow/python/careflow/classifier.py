"""The offline provider: a deterministic lexicon classifier and VADER sentiment. No network, no model files."""

from __future__ import annotations

import re
from functools import cache
from typing import NamedTuple

from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from careflow.models import Intent, Urgency

PROVIDER = "offline"
MODEL = "careflow-lexicon-1"

# Weighted cues per intent; a phrase scores its weight once per message.
_INTENT_CUES: dict[Intent, dict[str, float]] = {
    Intent.APPOINTMENT: {
        r"\bappointments?\b": 2, r"\breschedul\w*": 3, r"\bbook(ing)?\b": 1.5, r"\bschedul\w*": 1.5,
        r"\bcancel (my|the|an?) (appointment|visit)": 3, r"\bavailab(le|ility)\b": 0.5, r"\bcheck-?up\b": 1.5,
        r"\b(next|earliest|first) (available|opening|slot)": 2, r"\bvisit\b": 0.5, r"\bsee (a|the|my) (doctor|dr)": 1.5,
    },
    Intent.PRESCRIPTION_REFILL: {
        r"\brefills?\b": 3, r"\bprescriptions?\b": 2, r"\bpharmac(y|ist)\b": 1.5, r"\bmedications?\b": 1,
        r"\brunning (low|out)\b": 2, r"\b(ran|run) out\b": 1.5, r"\b\d+ ?mg\b": 1, r"\brx\b": 1.5,
        r"\b(pills|tablets|inhaler|insulin)\b": 1,
    },
    Intent.BILLING: {
        r"\bbill(s|ed|ing)?\b": 2.5, r"\binvoice\b": 2, r"\bcharged?\b": 2, r"\bpayments?\b": 1.5,
        r"\brefund\b": 2.5, r"\bbalance\b": 1.5, r"\bstatement\b": 1.5, r"\bcopay\b": 1.5, r"\$\s?\d": 1.5,
        r"\bcollections?\b": 2, r"\bovercharg\w*": 3, r"\bexplanation of benefits|\beob\b": 1.5,
    },
    Intent.ELIGIBILITY_COVERAGE: {
        r"\bcover(ed|age|s)?\b": 2.5, r"\beligib\w*": 3, r"\bbenefits?\b": 1.5, r"\bdeductible\b": 2,
        r"\bprior auth\w*|\bpre-?auth\w*": 2.5, r"\bplan\b": 1, r"\bin-?network\b": 0.5, r"\bpremium\b": 1.5,
        r"\bout[- ]of[- ]pocket\b": 1.5, r"\binsurance\b": 1,
    },
    Intent.CLINICAL_SYMPTOM: {
        r"\bpain(ful)?\b": 2, r"\bfever\b": 2.5, r"\bsymptoms?\b": 2, r"\bdizz(y|iness)\b": 2, r"\brash\b": 2,
        r"\bswollen|swelling\b": 2, r"\bcough(ing)?\b": 2, r"\bvomit\w*|\bnause\w*": 2, r"\bheadaches?\b": 2,
        r"\bhurts?\b": 1.5, r"\binfection\b": 1.5, r"\bside effects?\b": 2, r"\bbleeding\b": 2,
        r"\bfeel(ing)? (sick|ill|unwell|worse)\b": 2.5, r"\bsore\b": 1, r"\bbreath\w*\b": 1.5,
    },
    Intent.TEST_RESULTS: {
        r"\b(test|lab|blood ?work|biopsy|scan|x-?ray|mri|ct) results?\b": 4, r"\bresults?\b": 1.5,
        r"\blab(s|oratory)?\b": 1.5, r"\bblood ?(work|test)\b": 2, r"\b(a1c|cholesterol|panel)\b": 1.5,
    },
    Intent.MEDICAL_RECORDS: {
        r"\b(medical )?records?\b": 3, r"\bcop(y|ies) of\b": 2, r"\bchart\b": 1, r"\bhipaa\b": 1,
        r"\brelease (form|of information)\b": 2.5, r"\btransfer\w* (my|the|his|her) (records|files)": 3,
        r"\bimmuni[sz]ation (record|history)\b": 3, r"\bvaccin\w* record": 3,
    },
    Intent.PROVIDER_DIRECTORY: {
        r"\bin[- ]network\b": 3, r"\bout[- ]of[- ]network\b": 2, r"\b(find|looking for) a (new )?(doctor|dentist|specialist|provider|pcp)": 3,
        r"\bdirectory\b": 2.5, r"\baccept(ing)? new patients\b": 3, r"\b(dr\.?|doctor) \w+ (is|in)\b": 1,
        r"\bspecialists?\b": 1, r"\bnear (me|my)\b": 1,
    },
    Intent.COMPLAINT: {
        r"\bcomplain\w*": 3.5, r"\bunacceptable\b": 2.5, r"\brude\b": 2.5, r"\bterrible\b": 1.5,
        r"\bdisappointed\b": 1.5, r"\bgrievance\b": 3, r"\bworst\b": 1.5, r"\bunprofessional\b": 2.5,
        r"\bfile a (formal )?(complaint|grievance)": 3, r"\bnobody (called|answered|responded)": 2,
        r"\bno one (called|answered|responded|got back)": 2, r"\b(third|3rd|fourth) time\b": 1.5,
    },
    Intent.GENERAL_INFORMATION: {
        r"\bopening hours\b|\bhours of operation\b|\bwhat time\b": 3, r"\baddress\b": 1.5, r"\bparking\b": 2.5,
        r"\bflu shots?\b|\bvaccin\w*": 1.5, r"\bwebsite\b|\bportal\b|\blog ?in\b|\bpassword\b": 2,
        r"\bhow (do|can) i\b": 1, r"\binformation\b": 1, r"\bcontact\b": 0.5,
    },
}

_URGENT_CUES = (
    r"\burgent(ly)?\b", r"\basap\b", r"\bas soon as possible\b", r"\btoday\b", r"\btonight\b",
    r"\bgetting worse\b|\bworsening\b", r"\bhigh fever\b", r"\b10[2-5](\.\d)? ?(f|°)",
    r"\bout of (my )?(insulin|inhaler|medication|meds|pills)\b", r"\b(ran|run|running) out\b",
    r"\blast (dose|pill|tablet)\b", r"\binfection\b", r"\bcan'?t (sleep|eat|walk)\b", r"\bsevere\b",
)

_PATTERNS = {intent: [(re.compile(p, re.I), w) for p, w in cues.items()] for intent, cues in _INTENT_CUES.items()}
_URGENT = [re.compile(p, re.I) for p in _URGENT_CUES]


class Prediction(NamedTuple):
    intent: Intent
    urgency: Urgency
    confidence: float
    sentiment_score: float


def predict(subject: str, text: str) -> Prediction:
    intent, urgency, confidence = classify(f"{subject}\n{text}")
    return Prediction(intent, urgency, confidence, sentiment_score(text))


def classify(text: str) -> tuple[Intent, Urgency, float]:
    """Intent, urgency and a confidence in [0, 1] from the margin between the two best intents."""
    scores = {intent: sum(w for pattern, w in cues if pattern.search(text)) for intent, cues in _PATTERNS.items()}
    ranked = sorted(scores.items(), key=lambda kv: (-kv[1], list(Intent).index(kv[0])))
    (best, top), (_, runner_up) = ranked[0], ranked[1]
    if top == 0:
        return Intent.OTHER, _urgency(text, Intent.OTHER), 0.2
    confidence = min(1.0, 0.4 + 0.1 * top) * (1.0 - runner_up / (top + runner_up + 1e-9) * 0.8)
    return best, _urgency(text, best), round(confidence, 3)


def _urgency(text: str, intent: Intent) -> Urgency:
    hits = sum(1 for pattern in _URGENT if pattern.search(text))
    if hits >= 2 or (hits and intent in (Intent.CLINICAL_SYMPTOM, Intent.PRESCRIPTION_REFILL)):
        return Urgency.URGENT
    return Urgency.ROUTINE


@cache
def _vader() -> SentimentIntensityAnalyzer:
    return SentimentIntensityAnalyzer()


def sentiment_score(text: str) -> float:
    """VADER's compound score in [-1, 1]."""
    return round(_vader().polarity_scores(text)["compound"], 4) if text.strip() else 0.0
