"""How far two independent labellings of the real questions agree, and how far each is from the settled labels.

    .venv/bin/python eval/agreement.py

eval/consumer-health-second-labels.jsonl holds, by id, the first labelling, a second one made without seeing it
(same guide, docs/labelling.md) and, where they differ, the adjudicator's choice; the settled labels are the ones
in consumer-health-labels.jsonl and consumer-health-holdout.jsonl. Macro-F1 counts the labels the reference uses,
as `careflow eval` does.
"""

from __future__ import annotations

import json
from pathlib import Path

from sklearn.metrics import cohen_kappa_score, f1_score

EVAL_DIR = Path(__file__).resolve().parent
FIELDS = ("intent", "urgency", "sentiment", "needs_escalation")


def main() -> None:
    rows = [json.loads(line) for line in (EVAL_DIR / "consumer-health-second-labels.jsonl").read_text().splitlines()]
    holdout = {json.loads(line)["id"] for line in (EVAL_DIR / "consumer-health-holdout.jsonl").read_text().splitlines()}
    disputed = sum(1 for row in rows if "adjudicated" in row)
    print(f"{len(rows)} real questions, {disputed} with at least one disagreement")
    in_holdout = [i for i, row in enumerate(rows) if row["id"] in holdout]
    for field in FIELDS:
        first = [str(row["first"][field]) for row in rows]
        second = [str(row["second"][field]) for row in rows]
        settled = [str(row.get("adjudicated", {}).get(field, row["first"][field])) for row in rows]
        differ = [i for i in range(len(rows)) if first[i] != second[i]]
        kept = sum(1 for i in differ if settled[i] == first[i])
        kappa = cohen_kappa_score(first, second)
        print(f"{field}: agreement {1 - len(differ) / len(rows):.3f}, Cohen's kappa {kappa:.3f}; "
              f"the first labelling kept in {kept} of {len(differ)} disagreements")
        first, second, settled = ([labels[i] for i in in_holdout] for labels in (first, second, settled))
        print(f"  held out: macro-F1 of the second labelling against the first {_macro_f1(first, second):.3f}; "
              f"of the first / second against the settled labels {_macro_f1(settled, first):.3f} / "
              f"{_macro_f1(settled, second):.3f}")


def _macro_f1(reference: list[str], other: list[str]) -> float:
    return f1_score(reference, other, labels=sorted(set(reference)), average="macro", zero_division=0)


if __name__ == "__main__":
    main()
