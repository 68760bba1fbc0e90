"""Real messages patients posted to ask-a-doctor services, joined with our labels.

The messages are not copied into this repository: none of the public copies states a licence for the text.
Download these files into one directory, then

    .venv/bin/python eval/askdoctor.py DIR eval/askdoctor-labels.jsonl > /tmp/askdoctor.jsonl
    .venv/bin/careflow eval /tmp/askdoctor.jsonl

- `icliniqQAs.json` from github.com/LasseRegin/medical-question-answer-data (commit 55da1617): questions posted to
  icliniq.com, scraped in 2017; the title is the subject.
- `HealthCareMagic-s-origin.txt` from github.com/vitrannn/GEP-PII-Detection, `datapreprocess/` (commit 44ef934f):
  a log of prompts, each holding one patient message to healthcaremagic.com from the ChatDoctor data unaltered;
  the labels cover every message of the file's 1,396,916 characters (hcm-0 to hcm-999).
- `askdocs.csv` from github.com/ksushrut/LLMProject (commit 65208abb): top posts and comments of reddit's
  r/AskDocs; only posts are used, the title as the subject.
- `ehealthforumQAs.json` and `questionDoctorQAs.json`, from the same repository and commit as `icliniqQAs.json`:
  questions posted to ehealthforum.com (lower-cased by the scraper) and to questiondoctors.com, whose file repeats
  a question once per answer; only its text is kept there, which reads like a title.
- `AskDocs.csv` from github.com/clayang3/reddit-disease-categorization (commit ad99448a), saved as `AskDocs-2020.csv`
  beside the other `askdocs.csv`: r/AskDocs posts of March to July 2020; the title is the subject.
- `eyetriage.csv` from the same repository and commit as `AskDocs.csv`: posts to reddit's r/eyetriage, where eye
  doctors answer, from January to May 2019 (its first row, the forum's pinned rules, is not a patient's); the title is
  the subject.
- `mqp.csv` from github.com/curai/medical-question-pair-dataset (commit e8d15faf): questions patients asked on
  HealthTap, sampled by Curai, each paired twice with a question a doctor wrote; only the patient's question
  (`question_1`) is kept.

Ids: `icliniq-N`, `hcm-N` and `ehf-N` are the Nth message of their file, from 0; `qd-N` is the Nth distinct
question of its file, and `mqp-N` the Nth distinct patient question of its own; `askdocs-ID` and `eyetriage-ID` are
reddit post ids.
"""

from __future__ import annotations

import csv
import json
import re
import sys
from collections.abc import Callable
from pathlib import Path

_INPUT = re.compile(r'^"input": "(.*)",?$', re.MULTILINE)  # a line cut off at the end of a partial copy has no end


def icliniq(path: Path) -> dict[str, dict[str, str]]:
    entries = json.loads(path.read_text())
    return {
        f"icliniq-{n}": {"subject": _clean(entry["question"]), "body": _clean(entry["question_text"])}
        for n, entry in enumerate(entries)
    }


def healthcaremagic(path: Path) -> dict[str, dict[str, str]]:
    found = {}
    for n, match in enumerate(_INPUT.finditer(path.read_text())):
        # a JSON string, except that some messages' own double quotes were left unescaped
        quoted = match.group(1).replace('\\"', '"').replace('"', '\\"')
        found[f"hcm-{n}"] = {"subject": "", "body": _clean(json.loads(f'"{quoted}"'))}
    return found


def ehealthforum(path: Path) -> dict[str, dict[str, str]]:
    entries = json.loads(path.read_text())
    return {f"ehf-{n}": {"subject": "", "body": _clean(entry["question"])} for n, entry in enumerate(entries)}


def questiondoctors(path: Path) -> dict[str, dict[str, str]]:
    questions: dict[str, str] = {}
    for entry in json.loads(path.read_text()):
        questions.setdefault(entry["url"], entry["question_text"])
    return {f"qd-{n}": {"subject": "", "body": _clean(text)} for n, text in enumerate(questions.values())}


def askdocs(path: Path) -> dict[str, dict[str, str]]:
    with path.open(newline="") as file:
        return {
            f"askdocs-{row['Post_id']}": {"subject": _clean(row["Title"]), "body": _clean(row["Text"])}
            for row in csv.DictReader(file) if row["Type"] == "Post"
        }


def reddit_posts(prefix: str) -> Callable[[Path], dict[str, dict[str, str]]]:
    """A reader of clayang3's subreddit files (ID, Title, Body, ...), with ids PREFIX-ID."""
    def read(path: Path) -> dict[str, dict[str, str]]:
        with path.open(newline="") as file:
            return {f"{prefix}-{row['ID']}": {"subject": _clean(row["Title"]), "body": _clean(row["Body"])}
                    for row in csv.DictReader(file)}
    return read


def healthtap(path: Path) -> dict[str, dict[str, str]]:
    questions: dict[str, None] = {}
    with path.open(newline="") as file:
        for row in csv.reader(file):  # dr_id, question_1, question_2, label; no header
            questions.setdefault(row[1], None)
    return {f"mqp-{n}": {"subject": "", "body": _clean(text)} for n, text in enumerate(questions)}


def _clean(text: str) -> str:
    """Scraped padding (runs of tabs, line ends and spaces) to single spaces."""
    return re.sub(r"\s+", " ", text).strip()


SOURCES = {
    "icliniqQAs.json": icliniq,
    "HealthCareMagic-s-origin.txt": healthcaremagic,
    "askdocs.csv": askdocs,
    "AskDocs-2020.csv": reddit_posts("askdocs"),
    "eyetriage.csv": reddit_posts("eyetriage"),
    "ehealthforumQAs.json": ehealthforum,
    "questionDoctorQAs.json": questiondoctors,
    "mqp.csv": healthtap,
}


def messages(directory: Path) -> dict[str, dict[str, str]]:
    """Every message in the files found in `directory`, by our id: {"subject", "body"}."""
    found = {}
    for name, read in SOURCES.items():
        if (directory / name).is_file():
            found.update(read(directory / name))
    return found


def main() -> None:
    if len(sys.argv) != 3:
        sys.exit("usage: askdoctor.py DIR LABELS.jsonl")
    texts = messages(Path(sys.argv[1]))
    for line in Path(sys.argv[2]).read_text().splitlines():
        labels = json.loads(line)
        print(json.dumps({"id": labels["id"], **texts[labels["id"]], **labels}, ensure_ascii=False))


if __name__ == "__main__":
    main()
