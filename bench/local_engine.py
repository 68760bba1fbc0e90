"""Throughput of the local engine: mail → full state machine → audited enquiry, in-process on moto.

Run: .venv/bin/python bench/local_engine.py [--rounds N]
Each round delivers every sample mail once with a fresh Message-ID, sequentially.
"""

from __future__ import annotations

import argparse
import statistics
import time

from careflow import paths
from careflow.local.engine import LocalEngine


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    mails = [p.read_bytes() for p in sorted((paths.SAMPLES_DIR / "emails").glob("*.eml"))]
    started = time.perf_counter()
    with LocalEngine() as engine:
        engine.seed_directory(paths.SAMPLES_DIR / "members.yaml", paths.SAMPLES_DIR / "reps.yaml")
        setup = time.perf_counter() - started
        timings = []
        for round_no in range(args.rounds):
            for raw in mails:
                unique = raw.replace(b"Message-ID: <", f"Message-ID: <bench{round_no}-".encode(), 1)
                unique = unique.replace(b"In-Reply-To: <", f"In-Reply-To: <bench{round_no}-".encode(), 1)
                unique = unique.replace(b"References: <", f"References: <bench{round_no}-".encode(), 1)
                t0 = time.perf_counter()
                result = engine.run(unique)
                timings.append(time.perf_counter() - t0)
                assert result["status"] == "SUCCEEDED", result
    timings.sort()
    print(f"engine set-up (moto, tables, rules, state machine, directory): {setup:.2f} s")
    print(f"executions: {len(timings)}  p50 {statistics.median(timings) * 1000:.0f} ms  "
          f"p95 {timings[int(len(timings) * 0.95) - 1] * 1000:.0f} ms  "
          f"throughput {len(timings) / sum(timings):.1f} mails/s")


if __name__ == "__main__":
    main()
