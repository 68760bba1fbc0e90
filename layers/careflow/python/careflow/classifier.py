"""The offline provider: linear models over words, word pairs, hand-written cues and VADER's score, blended
with linear models over a sentence embedding (careflow.embedding) for intent and urgency, and a words model of
how likely a message is an emergency, trained on every labelled set (careflow.triage decides what to do with that).

Weights are trained by `eval/train.py` (scikit-learn, at build time) and shipped as JSON. The sparse part
generalises from words it has seen; the embedding part from meaning, which carries it to real messages
phrased unlike anything in training (docs/triage.md has the measurements).
"""

from __future__ import annotations

import json
import math
import os
import re
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from careflow import embedding
from careflow.models import Intent, Urgency

PROVIDER = "offline"
MODEL_FILE = "offline-model.json"

# Hand-written cues: each is one feature the model weighs for every label (not a vote for one label).
CUES: dict[str, str] = {
    "appointment": r"\b(appointments?|reschedul\w*|book(ing)? (a|an|my)|check-?up|next available|see (a|the|my) (doctor|dr))\b",
    "refill": r"\b(refills?|prescriptions?|pharmac(y|ist)|running (low|out)|ran out|rx|\d+ ?mg)\b",
    "drug_supply": r"\b(who (makes|manufactures|sells|produces)|manufactur\w*|where (can|do) i (buy|get|find|order) (the )?(drug|medication|medicine|pills?|\w+ (tablets|capsules))|generic (version|form)|discontinued|back ?order\w*|out of stock|shortage|can.?t afford (my|the|this) (medication|medicine|drug|pills|insulin)|cost of (the|my|this) (drug|medication|medicine))\b",
    "billing": r"\b(bill(s|ed|ing)?|invoice|charged?|refund|balance|statement|copay|collections?|overcharg\w*|\$\s?\d)",
    "coverage": r"\b(cover(ed|age|s)?|eligib\w*|deductible|prior auth\w*|pre-?auth\w*|premium|out[- ]of[- ]pocket|benefits?)\b",
    "symptom": r"\b(pain(ful)?|fever|symptoms?|dizz(y|iness)|rash|swollen|swelling|cough(ing)?|vomit\w*|nause\w*|headaches?|hurts?|infection|side effects?|feel(ing)? (sick|ill|unwell|worse))\b",
    "results": r"\b((test|lab|blood ?work|biopsy|scan|x-?ray|mri|ct|pathology) results?|results? (of|from) (my|the))\b",
    "testing": r"\b(test(ed|ing)? (for|positive|negative)|(blood|urine|genetic|dna|lab|stool|pregnancy) tests?|(high|low|elevated|abnormal|raised) (\w+ )?(levels?|counts?|readings?|results?)|levels? (of|is|are|was|were)|screening (for|test)|what (does|do) (my|the|a|an)? ?(\w+ )?(result|reading|level|count|test)s? mean|normal (range|levels?|values?))\b",
    "records": r"\b(medical records?|records? (request|release)|cop(y|ies) of (my|his|her) (records|chart|file)|release of information|immuni[sz]ation record)\b",
    "directory": r"\b(in[- ]network|out[- ]of[- ]network|accepting new patients|find a (new )?(doctor|specialist|provider|dentist)|directory|near me|in my area|specialist)\b",
    "finding": r"\b(where (can|could|do|should) (i|we|he|she) (go|find|get|see)|(who|which (doctors?|hospitals?|clinics?)) (treats?|specializ\w*|deals? with|does|performs?|can help)|(recommend|refer) (me )?(a|an|some) (doctor|specialist|hospital|clinic|surgeon|center)|clinical trials?|(doctors?|specialists?|hospitals?|clinics?|centers?|facilit(y|ies)) (in|near|around) |looking for (a|an) (doctor|specialist|hospital|clinic|expert|surgeon))",
    "complaint": r"\b(complain\w*|unacceptable|rude|unprofessional|grievance|worst|disgusted|nobody (called|answered)|no one (called|answered|got back)|(third|3rd|fourth) time)\b",
    "information": r"\b(opening hours|hours of operation|parking|portal|password|log ?in|website|what (is|are|causes)|information (on|about))\b",
    "urgent": r"\b(urgent(ly)?|asap|as soon as possible|today|tonight|getting worse|worsening|high fever|10[2-5](\.\d)? ?(f|°)|last (dose|pill)|severe)\b",
    "question": r"\?",
    "reply": r"^(re|aw|sv):",
    "gratitude": r"\b(thank you so much|thanks so much|grateful|wonderful|appreciate)\b",
    "distress": r"\b(scared|terrified|frightened|afraid|panick\w*|worried sick|desperate\w*|can.?t sleep|crying|in tears|don.?t know what (else )?to do|please help|help me|begging|wits.? end|so upset|really upset|shaken|unsettling|humiliat\w*|devastat\w*|overwhelm\w*|stress(ed|ing)? (me )?out|so stressed|freaking out|losing my mind|(can.?t|cannot) cope|end of my (rope|tether)|(?<!not )(?<!n.t )(really|so|very|extremely|terribly|super) (worried|anxious|nervous|scared)|frantic|paranoid|helpless|hope?less|beside myself|(i|we) (really |desperately |urgently )?need (your |some )?help|(can.?t|cannot) function|(don.?t|do not) know what.?s? (is )?happening to (me|him|her|my \w+)|bothering (me|us) (a lot|so much)|(i am|i.?m|im|we are|we.?re|i was|i have been|i.?ve been|we have been|we.?ve been) (very |so |really |quite |a bit |a little |extremely |getting |increasingly )?(concerned|worried|anxious|nervous))\b",
    "anger": r"\b(ridiculous|unacceptable|disgust\w*|outrage\w*|furious|angry|livid|fed up|sick of|done with|thanks for nothing|a joke|incompeten\w*|useless|pathetic|absurd|shameful|disgrace\w*|how (does|did|could) (something like )?this (even )?happen)\b",
    "insistence": r"!!|\?\?|\b(again|still|yet again|once again)\b.{0,20}\b(lost|wrong|nothing|no one|nobody|not)\b",
}
_TOKEN = re.compile(r"[a-z][a-z']+|\d+")
_CUE_PATTERNS = {name: re.compile(pattern, re.IGNORECASE | re.MULTILINE) for name, pattern in CUES.items()}


class Prediction(NamedTuple):
    intent: Intent
    urgency: Urgency
    confidence: float
    sentiment_score: float
    emergency_probability: float
    urgent_probability: float


def features(subject: str, text: str) -> dict[str, float]:
    """Sparse binary features plus VADER's compound score."""
    words = _TOKEN.findall(text.lower()[:20000])
    found: dict[str, float] = {f"w:{w}": 1.0 for w in words}
    found |= {f"b:{a}_{b}": 1.0 for a, b in zip(words, words[1:], strict=False)}
    found |= {f"s:{w}": 1.0 for w in _TOKEN.findall(subject.lower())}
    found |= {f"p:{w[:5]}": 1.0 for w in words if len(w) > 5}  # word stems: misspelt endings still count
    both = f"{subject}\n{text}"
    # Cues count 5x: expert knowledge the L2 penalty should bend less than any single word.
    found |= {f"cue:{name}": 5.0 for name, pattern in _CUE_PATTERNS.items() if pattern.search(both)}
    compound = vader_score(text)
    found["vader"] = compound
    found["vader_neg"] = 1.0 if compound < -0.3 else 0.0
    found["vader_pos"] = 1.0 if compound > 0.3 else 0.0
    found["long"] = 1.0 if len(words) > 150 else 0.0
    letters = [c for c in text[:5000] if c.isalpha()]
    found["shouting"] = 1.0 if len(letters) > 20 and sum(c.isupper() for c in letters) > 0.6 * len(letters) else 0.0
    return found


def predict(subject: str, text: str) -> Prediction:
    model = _model()
    x = features(subject, text)
    vector = embedding.embed(f"{subject}\n{text}")
    intent_probs = _probabilities(model["intent"], x, vector)
    urgency_probs = _probabilities(model["urgency"], x, vector)
    sentiment_probs = _probabilities(model["sentiment"], x, vector)
    intent, confidence = max(intent_probs.items(), key=lambda kv: kv[1])
    urgency = max(urgency_probs.items(), key=lambda kv: kv[1])[0]
    score = sentiment_probs.get("positive", 0.0) - sentiment_probs.get("negative", 0.0)
    emergency = model["emergency"]
    logit = emergency["bias"] + sum(emergency["weights"].get(name, 0.0) * value for name, value in x.items())
    emergency_probability = 1 / (1 + math.exp(-logit))
    return Prediction(Intent(intent), Urgency(urgency), round(confidence, 4), round(score, 4),
                      round(emergency_probability, 4), round(urgency_probs.get("urgent", 0.0), 4))


def _probabilities(head: dict[str, Any], x: dict[str, float], vector: np.ndarray) -> dict[str, float]:
    """The sparse model's probabilities, blended with the embedding model's where the head has one.

    The embedding model may know only some of the labels (urgency's leaves emergencies to the words model
    and the red flags): it re-divides the probability the sparse model gave those labels, and the others
    keep theirs.
    """
    weights = head["weights"]
    logits = list(head["bias"])
    for name, value in x.items():
        row = weights.get(name)
        if row:
            for i, w in enumerate(row):
                logits[i] += w * value
    probabilities = dict(zip(head["classes"], _softmax(logits), strict=True))
    dense = head.get("embedding")
    if dense:
        dense_logits = dense["weights"] @ vector + dense["bias"]
        mass = sum(probabilities[label] for label in dense["classes"])
        share = dense["blend"]
        for label, q in zip(dense["classes"], _softmax(dense_logits.tolist()), strict=True):
            probabilities[label] = (1 - share) * probabilities[label] + share * q * mass
    return probabilities


def _softmax(logits: list[float]) -> list[float]:
    top = max(logits)
    exps = [math.exp(v - top) for v in logits]
    total = sum(exps)
    return [e / total for e in exps]


@cache
def _model() -> dict[str, Any]:
    """The shipped weights, or a customer's own model file named by CAREFLOW_OFFLINE_MODEL."""
    override = os.environ.get("CAREFLOW_OFFLINE_MODEL")
    source = Path(override) if override else resources.files("careflow.data").joinpath(MODEL_FILE)
    model = json.loads(source.read_text())
    if not isinstance(model["emergency"]["weights"], dict):
        raise ValueError(f"{source}: its emergency model reads the embedding, as models before 2026-12-06 did; "
                         "retrain it with eval/train.py")
    # Arrays once here, not on every prediction.
    for head in model.values():
        dense = head.get("embedding") if isinstance(head, dict) else None
        if dense:
            dense["weights"], dense["bias"] = np.asarray(dense["weights"]), np.asarray(dense["bias"])
    return model


@cache
def _vader() -> SentimentIntensityAnalyzer:
    return SentimentIntensityAnalyzer()


def vader_score(text: str) -> float:
    return round(_vader().polarity_scores(text[:5000])["compound"], 4) if text.strip() else 0.0


def model_name() -> str:
    return f"careflow-linear-{_model()['version']}"
