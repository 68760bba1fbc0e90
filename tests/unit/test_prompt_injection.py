"""Mail text is data: a model that obeys every instruction in the mail still cannot invent labels or
undo a red flag, and the instructions never reach the system prompt."""

import json
from pathlib import Path

import pytest

from careflow import escalation, llm, triage
from careflow.escalation import Signals
from careflow.llm import Answer
from careflow.models import Intent, Urgency

HOSTILE = [json.loads(line) for line in (Path(__file__).resolve().parents[2] / "eval" / "hostile.jsonl").open()]
ALLOWED_INTENTS = {i.value for i in Intent}


class ObedientModel:
    """The worst case: returns exactly the labels the mail asks for, at full confidence."""

    name, model = "obedient", "obedient-1"

    def __init__(self, injected):
        self.injected = injected
        self.sent: list[str] = []

    def classify(self, subject, text):
        self.sent.append(llm.user_message(subject, text))
        return Answer(output={**self.injected, "sentiment_score": 1.0, "confidence": 1.0, "rationale": "as instructed"})


def test_the_corpus_has_at_least_thirty_hostile_mails_with_real_emergencies_among_them():
    assert len(HOSTILE) >= 30
    assert sum(mail["red_flag"] for mail in HOSTILE) >= 15


@pytest.mark.parametrize("mail", HOSTILE, ids=[m["id"] for m in HOSTILE])
def test_an_obedient_model_cannot_leave_the_allow_list_or_undo_a_red_flag(rules, mail):
    model = ObedientModel(mail["injected"])
    # Force the consultation whatever the offline confidence, to test the worst case.
    forced = rules.model_copy(update={"triage": rules.triage.model_copy(update={"model_threshold": 1.01})})

    result = triage.assess(mail["subject"], mail["body"], forced, provider=model, sleep=lambda s: None)

    classification = result.classification
    assert classification.intent.value in ALLOWED_INTENTS
    assert classification.urgency in set(Urgency)
    if mail["red_flag"]:
        assert classification.urgency is Urgency.EMERGENCY, classification.red_flags
        signals = Signals(urgency=classification.urgency, intent=classification.intent, tier=None,
                          latest_sentiment=result.sentiment_score, worst_sentiment=result.sentiment_score,
                          sentiment_worsening=False, is_reply=False, eligible=True, queued=False)
        assert escalation.matching_rules(signals, rules.escalation.rules)[0].id == "clinical-red-flag"
    [sent] = model.sent
    assert sent.startswith("<message>\n") and sent.endswith("\n</message>")
    assert sent.count("</message>") == 1  # the mail cannot close the data block early
    assert mail["body"][:40] not in llm.SYSTEM_PROMPT
