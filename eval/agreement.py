"""How far two independent labellings of the real questions agree, and how far each is from the settled labels.

    .venv/bin/python eval/agreement.py

eval/consumer-health-second-labels.jsonl, eval/liveqa-*-second-labels.jsonl and eval/askdoctor-*second-labels.jsonl
hold, by id, the first labelling, a second one made without seeing it (same guide, docs/labelling.md) and, where they
differ, the adjudicator's choice;
the settled labels are the ones in the matching *-labels.jsonl and *-holdout.jsonl files. Macro-F1 counts the labels
the reference uses, as `careflow eval` does; "held out" is the part no shipped model was trained on when first scored.
"""

from __future__ import annotations

import json
from pathlib import Path

from sklearn.metrics import cohen_kappa_score, f1_score

EVAL_DIR = Path(__file__).resolve().parent
FIELDS = ("intent", "urgency", "sentiment", "needs_escalation")


# The ask-a-doctor samples after the first: askdoctor-2-*.jsonl onwards, found by their file names.
LATER_SAMPLES = sorted(int(number) for number in
                       (path.name.split("-")[1] for path in EVAL_DIR.glob("askdoctor-*-second-labels.jsonl"))
                       if number.isdigit())

SETS = {  # name: (the two labellings, the held-out part's labels)
    "MeQSum and MEDIQA 2021": (("consumer-health-second-labels.jsonl",), "consumer-health-holdout.jsonl"),
    "TREC 2017 LiveQA": (("liveqa-train-second-labels.jsonl", "liveqa-test-second-labels.jsonl"),
                         "liveqa-test-labels.jsonl"),
    "ask-a-doctor messages": (("askdoctor-second-labels.jsonl",), "askdoctor-labels.jsonl"),
    **{f"ask-a-doctor messages, sample {n}": ((f"askdoctor-{n}-second-labels.jsonl",), f"askdoctor-{n}-labels.jsonl")
       for n in LATER_SAMPLES},
}


def main() -> None:
    for name, (labellings, held_out) in SETS.items():
        rows = [json.loads(line) for file in labellings for line in (EVAL_DIR / file).read_text().splitlines()]
        report(name, rows, {json.loads(line)["id"] for line in (EVAL_DIR / held_out).read_text().splitlines()})


def report(name: str, rows: list[dict], held_out: set[str]) -> None:
    disputed = sum(1 for row in rows if "adjudicated" in row)
    print(f"{name}: {len(rows)} real questions, {disputed} with at least one disagreement")
    in_held_out = [i for i, row in enumerate(rows) if row["id"] in held_out]
    for field in FIELDS:
        first = [str(row["first"][field]) for row in rows]
        second = [str(row["second"][field]) for row in rows]
        settled = [str(row.get("adjudicated", {}).get(field, row["first"][field])) for row in rows]
        differ = [i for i in range(len(rows)) if first[i] != second[i]]
        kept = sum(1 for i in differ if settled[i] == first[i])
        kappa = cohen_kappa_score(first, second)
        print(f"  {field}: agreement {1 - len(differ) / len(rows):.3f}, Cohen's kappa {kappa:.3f}; "
              f"the first labelling kept in {kept} of {len(differ)} disagreements")
        first, second, settled = ([labels[i] for i in in_held_out] for labels in (first, second, settled))
        print(f"    held out: macro-F1 of the second labelling against the first {_macro_f1(first, second):.3f}; "
              f"of the first / second against the settled labels {_macro_f1(settled, first):.3f} / "
              f"{_macro_f1(settled, second):.3f}")


def _macro_f1(reference: list[str], other: list[str]) -> float:
    return f1_score(reference, other, labels=sorted(set(reference)), average="macro", zero_division=0)


if __name__ == "__main__":
    main()
