from careflow import evaluation


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
