"""The real ask-a-doctor samples' emergencies, each sample read with the red flags it was first scored with.

    .venv/bin/python eval/real_emergencies.py DIR [--train-on-real WEIGHT]
    # DIR: the downloaded source files eval/askdoctor.py reads; needs scikit-learn and the git history

A sample's red flags are those of the parent of the commit that added its labels, the ones it was scored with
blind; the classifier and the emergency model are today's, and never trained on these samples. With
--train-on-real the emergency model is retrained for each sample on its usual examples and the other samples
(their weight WEIGHT), so no sample is scored by a model that saw it. Prints the emergencies caught and the false
ones at several bars of the emergency model, and how many missed emergencies a model would be asked about at
several values of `model_from_emergency_chance`. Only the samples' messages found in DIR are read.
"""

from __future__ import annotations

import argparse
import json
import subprocess
from pathlib import Path

import askdoctor
import emergency_sets
import train
from scipy import sparse
from sklearn.feature_extraction import DictVectorizer

from careflow import classifier, mime, paths, rules, triage
from careflow.models import Urgency

EVAL_DIR = Path(__file__).resolve().parent
BARS = ((0.50, 0.75), (0.50, 0.60), (0.30, 0.50), (0.20, 0.30), (0.10, 0.20), (0.05, 0.10))
ASK_FROM = (0.02, 0.05, 0.10, 0.20)


def samples(directory: Path) -> dict[str, list[dict]]:
    """Each sample's labelled messages found in `directory`, by its labels file's name."""
    texts = askdoctor.messages(directory)
    found = {}
    for labels in sorted(EVAL_DIR.glob("askdoctor*-labels.jsonl")):
        if "second" in labels.name:
            continue
        rows = [json.loads(line) for line in labels.read_text().splitlines()]
        rows = [row | texts[row["id"]] for row in rows if row["id"] in texts]
        if rows:
            found[labels.name] = rows
    return found


def added_by(labels: str) -> str:
    log = subprocess.run(["git", "log", "--diff-filter=A", "--format=%h", "--", f"eval/{labels}"], cwd=paths.ROOT,
                         capture_output=True, text=True, check=True).stdout.split()
    return log[-1]


def read(rows: list[dict], flags: rules.RedFlags) -> list[dict]:
    """What the offline layer made of each message: blind red flags, the classifier's urgency, the chance."""
    read_rows = []
    for row in rows:
        text = mime.new_text(row["body"], row["subject"])
        prediction = classifier.predict(row["subject"], text)
        read_rows.append({
            "emergency": row["urgency"] == "emergency",
            "flagged": bool(triage.red_flags(triage.red_flag_text(row["subject"], text), flags)),
            "urgency": prediction.urgency,
            "chance": prediction.emergency_probability,
            "features": classifier.features(row["subject"], text),
        })
    return read_rows


def retrained_chances(read_rows: dict[str, list[dict]], weight: float) -> None:
    """Each sample's chances from an emergency model trained on its usual examples and the other samples."""
    usual = [(classifier.features(s, t), e) for group in emergency_sets.groups().values() for s, t, e in group]
    vectorizer = DictVectorizer().fit([f for f, _ in usual] + [r["features"] for rs in read_rows.values() for r in rs])
    x_usual = vectorizer.transform([f for f, _ in usual])
    for name, rows in read_rows.items():
        others = [r for other, rs in read_rows.items() if other != name for r in rs]
        x = sparse.vstack([x_usual, vectorizer.transform([r["features"] for r in others])])
        y = [e for _, e in usual] + [r["emergency"] for r in others]
        fitted = train.emergency_classifier().fit(x, y, sample_weight=[1.0] * len(usual) + [weight] * len(others))
        for row, chance in zip(rows, fitted.predict_proba(vectorizer.transform([r["features"] for r in rows]))[:, 1],
                               strict=True):
            row["chance"] = float(chance)


def called(row: dict, above: rules.EmergencyModelAbove) -> bool:
    return (row["flagged"] or row["urgency"] is Urgency.EMERGENCY
            or triage.raised_by_emergency_model(row["urgency"], row["chance"], above))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("directory", type=Path)
    parser.add_argument("--train-on-real", type=float, metavar="WEIGHT",
                        help="retrain the emergency model with the other samples at this weight")
    args = parser.parse_args()
    read_rows = {name: read(rows, emergency_sets.red_flags_before(added_by(name)))
                 for name, rows in samples(args.directory).items()}
    if args.train_on_real is not None:
        retrained_chances(read_rows, args.train_on_real)
    every = [row for rows in read_rows.values() for row in rows]
    emergencies = sum(row["emergency"] for row in every)
    print(f"{len(read_rows)} samples, {len(every)} messages, {emergencies} emergencies")
    for urgent_above, routine_above in BARS:
        above = rules.EmergencyModelAbove(urgent=urgent_above, routine=routine_above)
        caught = sum(called(r, above) for r in every if r["emergency"])
        false = sum(called(r, above) for r in every if not r["emergency"])
        print(f"bars {urgent_above:.2f} / {routine_above:.2f}: {caught} of {emergencies} caught, "
              f"{false} of {len(every) - emergencies} others called emergencies")
    shipped = rules.load_dir(paths.RULES_DIR).triage.emergency_model_above
    not_called = [r for r in every if not called(r, shipped)]
    missed = [r for r in not_called if r["emergency"]]
    for chance in ASK_FROM:
        asked = [r for r in not_called if r["chance"] >= chance]
        print(f"a model asked from a chance of {chance:.2f}: {sum(r['emergency'] for r in asked)} of the {len(missed)} "
              f"missed emergencies, {len(asked) / len(every):.1%} of all messages")


if __name__ == "__main__":
    main()
