import pytest

from careflow import evaluation
from careflow.llm import ProviderError
from tests.unit.conftest import consulting


class RefusingProvider:
    name, model = "fake", "fake-model-1"

    def classify(self, subject, text):
        raise ProviderError("access denied: AccessDeniedException", retryable=False)


def _example(body, **labels):
    fields = {"intent": "billing", "urgency": "routine", "sentiment": "neutral", "needs_escalation": False}
    return evaluation.Example(id="x", body=body, **(fields | labels))


def test_per_label_precision_recall_and_f1_are_computed_per_label():
    gold = ["billing", "billing", "appointment", "other"]
    predicted = ["billing", "appointment", "appointment", "billing"]

    metrics = evaluation.per_label(gold, predicted, ["billing", "appointment", "other"])

    assert metrics["billing"] == {"precision": 0.5, "recall": 0.5, "f1": 0.5, "support": 2}
    assert metrics["appointment"] == {"precision": 0.5, "recall": 1.0, "f1": 0.6667, "support": 1}
    assert metrics["other"] == {"precision": 0.0, "recall": 0.0, "f1": 0.0, "support": 1}


def test_confusion_counts_each_labelled_and_predicted_pair():
    matrix = evaluation.confusion(["billing", "billing", "other"], ["billing", "other", "other"])
    assert matrix == {"billing": {"billing": 1, "other": 1}, "other": {"other": 1}}


def test_labels_written_by_other_tools_are_read_in_any_case_and_spacing(tmp_path):
    path = tmp_path / "labels.jsonl"
    path.write_text('{"id": 7, "body": "b", "intent": "Clinical Symptom", "urgency": "EMERGENCY", '
                    '"sentiment": " Negative", "needs_escalation": "true"}\n'
                    '{"id": 8, "body": "b", "intent": "general-information", "urgency": "routine", '
                    '"sentiment": "neutral", "needs_escalation": false}\n')

    first, second = evaluation.load(path)

    assert (first.intent, first.urgency, first.sentiment, first.needs_escalation) == (
        "clinical_symptom", "emergency", "negative", True)
    assert second.intent == "general_information"


def test_an_unknown_label_is_still_refused_with_its_line(tmp_path):
    path = tmp_path / "labels.jsonl"
    path.write_text('{"id": 1, "body": "b", "intent": "billing", "urgency": "routine", "sentiment": "neutral", '
                    '"needs_escalation": false}\n'
                    '{"id": 2, "body": "b", "intent": "Scheduling", "urgency": "routine", "sentiment": "neutral", '
                    '"needs_escalation": false}\n')

    with pytest.raises(ValueError, match=r"labels.jsonl:2: intent"):
        evaluation.load(path)


def test_model_calls_that_fell_back_are_counted_with_their_reason_not_passed_off_as_model_answers(rules):
    examples = [_example("Why was I charged twice for one visit?"), _example("Is my bill for March correct?")]

    report = evaluation.evaluate(examples, consulting(rules), RefusingProvider())

    assert report["model_call_rate"] == 1.0 and report["fallback_rate"] == 1.0
    assert report["model_wanted_rate"] == 1.0
    [(reason, count)] = report["fallback_reasons"].items()
    assert "access denied" in reason and count == 2


def test_a_set_without_emergencies_has_no_emergency_recall_rather_than_a_recall_of_zero(rules):
    report = evaluation.evaluate([_example("Why was I charged twice for one visit?")], rules)

    assert report["emergency_recall"] is None and report["escalation_recall"] is None
    assert report["fallback_rate"] == 0.0 and report["fallback_reasons"] == {}
    assert report["model_wanted_rate"] == 0.0


def test_an_empty_file_is_refused_rather_than_scored(tmp_path):
    path = tmp_path / "labels.jsonl"
    path.write_text("\n")

    with pytest.raises(ValueError, match="no labelled messages"):
        evaluation.load(path)
