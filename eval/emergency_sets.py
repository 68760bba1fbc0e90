"""How the emergency model does on emergencies phrased unlike anything it has seen.

    .venv/bin/python eval/emergency_sets.py [--urgent-above P] [--routine-above P]
    # needs scikit-learn, the git history, ../shared/corpora

Each labelled set is left out in turn (the real questions and the written training sets in five folds) and
scored by an emergency model trained on all the others. For the blind emergency sets, the red flags are the
ones in force before that set's misses were read (git history), so the first column is the set's blind
score and the second what the emergency model would have added. False alarms elsewhere are counted with
today's red flags. The offline urgency it gates on is the shipped model's, whose other heads never trained on
the written emergency, escalation and library-style sets.
"""

from __future__ import annotations

import argparse
import random
import subprocess

import numpy as np
import train
import yaml
from scipy import sparse
from sklearn.feature_extraction import DictVectorizer

from careflow import classifier, mime, paths, rules, triage
from careflow.models import Urgency

# The commit that first used each blind set's misses: its parent holds the red flags the set was scored with.
FIRST_USED = {f"emergency-holdout-{n}.jsonl": commit for n, commit in (
    (2, "09cae5d"), (3, "1c0879c"), (4, "e469820"), (5, "764195c"),
    (6, "32a1a83"), (7, "7624c97"), (8, "3a7b852"), (9, "a7cd59e"), (10, "43ec95b"), (11, "1e863e6"),
    (12, "9319ee1"), (13, "4edbdf9"), (14, "c5c12fa"), (15, "00aef5c"), (16, "4dcb4a8"), (17, "4dcb4a8"),
    (18, "176f9ac"), (19, "176f9ac"), (20, "9b055b9"), (21, "8dce6b7"), (22, "4398d4a"), (23, "ec930c4"),
    (24, "928a6ee"), (25, "f8e9b17"), (26, "f8e9b17"), (27, "4dd91ef"), (28, "4dd91ef"), (29, "d948983"),
    (30, "d948983"), (31, "d55b336"), (32, "d55b336"), (33, "28fc153"), (34, "91493e8"), (35, "91493e8"),
    (36, "42f8661"), (37, "42f8661"), (38, "16c7aae"), (39, "16c7aae"), (40, "8a6d1a3"), (41, "8a6d1a3"),
    (42, "a2e1b2e"), (43, "a2e1b2e"), (44, "da75945"), (45, "da75945"), (46, "dd82828"), (47, "dd82828"),
    (48, "e652f96"), (49, "e652f96"), (50, "2627035"), (51, "2627035"),
    (52, "d8ade52"), (53, "d8ade52"), (54, "5482f06"), (55, "881f683"),
    (56, "00de567"), (57, "337d6cd"), (58, "ed2a233"), (59, "c21a60f"), (60, "df010d7"),
)}


def red_flags_before(commit: str) -> rules.RedFlags:
    source = subprocess.run(["git", "show", f"{commit}^:rules/red_flags.yaml"], cwd=paths.ROOT,
                            capture_output=True, text=True, check=True).stdout
    return rules.RedFlags.model_validate(yaml.safe_load(source))


def groups() -> dict[str, list[tuple[str, str, bool]]]:
    named = {name: train.emergency_examples(name) for name in train.EMERGENCY_SETS}
    dev, consumer = train.load_examples()
    trained = [(e.subject, mime.new_text(e.body, e.subject), e.urgency.value == "emergency")
               for e in dev + consumer + train.real_questions(train.HOLDOUT)]
    random.Random(0).shuffle(trained)
    return named | {f"trained, fold {k + 1}": trained[k::5] for k in range(5)}


def main() -> None:
    rule_set = rules.load_dir(paths.RULES_DIR)
    above = rule_set.triage.emergency_model_above
    parser = argparse.ArgumentParser()
    parser.add_argument("--urgent-above", type=float, default=above.urgent,
                        help="the threshold for urgent readings (default: rules/triage.yaml's)")
    parser.add_argument("--routine-above", type=float, default=above.routine,
                        help="the threshold for routine readings (default: rules/triage.yaml's)")
    args = parser.parse_args()
    thresholds = rules.EmergencyModelAbove(urgent=args.urgent_above, routine=args.routine_above)
    data = groups()
    features = {name: [classifier.features(s, t) for s, t, _ in items] for name, items in data.items()}
    vectorizer = DictVectorizer().fit(f for group in features.values() for f in group)
    x = {name: vectorizer.transform(group) for name, group in features.items()}
    print(f"emergency model above {args.urgent_above} (urgent), {args.routine_above} (routine); "
          "caught / emergencies, false alarms / others")
    totals = np.zeros(5, dtype=int)
    for name, items in data.items():
        others = [n for n in data if n != name]
        fitted = train.emergency_classifier().fit(sparse.vstack([x[n] for n in others]),
                                                  [e for n in others for _, _, e in data[n]])
        chance = fitted.predict_proba(x[name])[:, 1]
        flags = red_flags_before(FIRST_USED[name]) if name in FIRST_USED else rule_set.red_flags
        truth = np.array([e for _, _, e in items])
        before, after = [], []
        for (subject, text, _), p in zip(items, chance, strict=True):
            urgency = classifier.predict(subject, text).urgency
            caught = bool(triage.red_flags(triage.red_flag_text(subject, text), flags)) or urgency is Urgency.EMERGENCY
            before.append(caught)
            after.append(caught or triage.raised_by_emergency_model(urgency, p, thresholds))
        before, after = np.array(before), np.array(after)
        counts = [before[truth].sum(), after[truth].sum(), before[~truth].sum(), after[~truth].sum(), truth.sum()]
        if name in FIRST_USED:
            totals += counts
        blind = "   (blind red flags)" if name in FIRST_USED else ""
        print(f"{name:32} {counts[0]:3} -> {counts[1]:3} / {truth.sum():3}   "
              f"{counts[2]:3} -> {counts[3]:3} / {(~truth).sum()}{blind}")
    blind, model, *_, emergencies = totals
    print(f"blind sets ({len(FIRST_USED)}): {blind} -> {model} of {emergencies} ({blind / emergencies:.3f} -> "
          f"{model / emergencies:.3f}); their false alarms {totals[2]} -> {totals[3]}")


if __name__ == "__main__":
    main()
