"""Real consumer health questions from the TREC 2017 LiveQA medical task, joined with our labels.

The questions (sent to the U.S. National Library of Medicine by the public) are not copied into this
repository: the dataset states no licence. Download the three XML files from
github.com/abachaa/LiveQA_MedicalTask_TREC2017 (TrainingDatasets/TREC-2017-LiveQA-Medical-Train-1.xml and -2.xml,
TestDataset/TREC-2017-LiveQA-Medical-Test-Questions-w-summaries.xml) into one directory, then

    .venv/bin/python eval/liveqa.py DIR eval/liveqa-test-labels.jsonl > /tmp/liveqa-test.jsonl
    .venv/bin/careflow eval /tmp/liveqa-test.jsonl

Questions that are also in MeQSum (about half of Train-1, six of the test questions) are labelled in
eval/consumer-health-labels.jsonl or -holdout.jsonl instead, so they are not in the LiveQA label files.
"""

from __future__ import annotations

import html
import json
import re
import sys
import xml.etree.ElementTree as ElementTree
from pathlib import Path

FILES = {
    "TREC-2017-LiveQA-Medical-Train-1.xml": "liveqa-train1-Q",
    "TREC-2017-LiveQA-Medical-Train-2.xml": "liveqa-train2-Q",
    "TREC-2017-LiveQA-Medical-Test-Questions-w-summaries.xml": "liveqa-test-TQ",
}


def questions(directory: Path) -> dict[str, dict[str, str]]:
    """Every question in the LiveQA files found in `directory`, by our id: {"subject", "body"} as sent."""
    found = {}
    for name, prefix in FILES.items():
        path = directory / name
        if not path.is_file():
            continue
        for element in ElementTree.parse(path).getroot().iter("NLM-QUESTION"):
            qid = element.get("qid") or element.get("questionid")
            number = qid.removeprefix("T").removeprefix("Q").removesuffix(".0")  # "181" and "1.0" occur too
            found[f"{prefix}{number}"] = {
                "subject": _text(element.find(".//SUBJECT")),
                "body": _text(element.find(".//MESSAGE")),
            }
    return found


def _text(element: ElementTree.Element | None) -> str:
    """The text as sent: XML indentation removed, and the entities some messages escaped twice undone."""
    if element is None or not element.text:
        return ""
    return html.unescape(re.sub(r"\n\s*", "\n", element.text)).strip()


def labelled(directory: Path, labels_file: Path) -> list[dict]:
    """Our labels (by id) joined with the text: lines for `careflow eval`."""
    texts = questions(directory)
    rows = []
    for line in labels_file.read_text().splitlines():
        labels = json.loads(line)
        rows.append({"id": labels["id"], **texts[labels["id"]], **labels})
    return rows


def main() -> None:
    if len(sys.argv) != 3:
        sys.exit("usage: liveqa.py DIR LABELS.jsonl")
    for row in labelled(Path(sys.argv[1]), Path(sys.argv[2])):
        print(json.dumps(row, ensure_ascii=False))


if __name__ == "__main__":
    main()
