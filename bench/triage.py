"""Cost of triage on this machine: the offline classifier and the red flags, in-process.

Run: .venv/bin/python bench/triage.py [--json]
Times importing the classifier, loading its weights and the embedding model's, the first prediction, then
embedding, prediction and red flags per message over eval/dev.jsonl; and red flags on the worst case the
patterns must survive, 100 KB of text with no sentence end (one sentence, so every pattern scans all of
it). Milliseconds; resident memory in MB.
"""

from __future__ import annotations

import argparse
import json
import resource
import time
from pathlib import Path

EVAL = Path(__file__).resolve().parents[1] / "eval" / "dev.jsonl"
FILLER = "please could you tell me about the bill for my appointment with the nurse and my insurance plan "


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    started = time.perf_counter()
    from careflow import classifier, embedding, paths, rules, triage

    imported = time.perf_counter()
    classifier._model()
    loaded = time.perf_counter()
    embedding._model()
    embedder_loaded = time.perf_counter()
    messages = [json.loads(line) for line in EVAL.read_text().splitlines()]
    classifier.predict(messages[0]["subject"], messages[0]["body"])
    first = time.perf_counter()
    for message in messages:
        embedding.embed(f"{message['subject']}\n{message['body']}")
    embedded = time.perf_counter()
    for message in messages:
        classifier.predict(message["subject"], message["body"])
    predicted = time.perf_counter()
    rule_set = rules.load_dir(paths.RULES_DIR)
    red_flags = rule_set.red_flags
    flag_started = time.perf_counter()
    for message in messages:
        triage.red_flags(f"{message['subject']}\n{message['body']}", red_flags)
    flagged = time.perf_counter()
    huge = (FILLER * (100_000 // len(FILLER) + 1))[:100_000]
    triage.red_flags(huge, red_flags)
    done = time.perf_counter()
    for message in messages:
        triage.urgent_signs(message["body"], rule_set)
    signed = time.perf_counter()
    triage.urgent_signs(huge, rule_set)
    huge_signed = time.perf_counter()
    result = {
        "import_ms": round((imported - started) * 1000),
        "load_weights_ms": round((loaded - imported) * 1000),
        "load_embedding_model_ms": round((embedder_loaded - loaded) * 1000),
        "first_prediction_ms": round((first - embedder_loaded) * 1000),
        "embedding_ms_per_message": round((embedded - first) * 1000 / len(messages), 1),
        "prediction_ms_per_message": round((predicted - embedded) * 1000 / len(messages), 1),
        "red_flags_ms_per_message": round((flagged - flag_started) * 1000 / len(messages), 1),
        "red_flags_100kb_one_sentence_ms": round((done - flagged) * 1000),
        "urgent_signs_ms_per_message": round((signed - done) * 1000 / len(messages), 1),
        "urgent_signs_100kb_one_sentence_ms": round((huge_signed - signed) * 1000),
        "messages": len(messages),
        "mean_words": round(sum(len(m["body"].split()) for m in messages) / len(messages)),
        "max_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }
    print(json.dumps(result) if args.json else "\n".join(f"{k}: {v}" for k, v in result.items()))


if __name__ == "__main__":
    main()
