"""Latency of routing and escalation decisions on a large synthetic roster and rule set, in-process.

Run: .venv/bin/python bench/routing.py [--reps 5000] [--rules 200] [--decisions 1000] [--json]
         [--enquiries 150] [--loads 5]
Times `routing.decide` over the roster; loading a rule set whose escalation section is the shipped rules
plus `--rules` generated ones (from YAML with `rules.load_dir`, and from the stored JSON document as
`rulestore` does); `escalation.matching_rules` over that set; and route + decide + escalate together.
Nothing is cached between loads: each builds new rule objects and compiles every CEL condition.
The roster, members, enquiries and generated rules come from a seeded RNG, so runs are repeatable.
Every timing is one call, after a warm-up; percentiles are nearest-rank, in milliseconds.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import random
import shutil
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime
from datetime import time as clock
from pathlib import Path
from typing import Any

import yaml

from careflow import escalation, expressions, paths, routing, rules
from careflow.models import CarePlan, Intent, Licence, Member, Rep, Shift, Skill, Tier, Urgency

SEED = 20260513
AT = datetime(2026, 5, 13, 17, 30, tzinfo=UTC)  # a Wednesday: 10:30 on the west coast, 13:30 in the east
WARM_UP = 20
STATES = {
    "CA": "America/Los_Angeles", "WA": "America/Los_Angeles", "OR": "America/Los_Angeles",
    "AZ": "America/Phoenix", "CO": "America/Denver", "TX": "America/Chicago", "IL": "America/Chicago",
    "MN": "America/Chicago", "GA": "America/New_York", "FL": "America/New_York", "NY": "America/New_York",
    "NJ": "America/New_York", "PA": "America/New_York", "MA": "America/New_York", "OH": "America/New_York",
}
ROLES = {  # role: (licence scopes, skills)
    "member_services": (["admin", "insurance"], ["scheduling", "general", "records", "billing", "benefits",
                                                 "complaints"]),
    "billing_specialist": (["insurance"], ["billing", "benefits"]),
    "pharmacist": (["pharmacy"], ["pharmacy"]),
    "nurse": (["clinical"], ["triage_nursing"]),
}
MENTIONS = ["threat", "repeat_contact", "harm_by_us"]
Enquiry = tuple[Intent, Urgency, Member]


def cold(load: Any) -> Any:
    """Forget every compiled condition first, as a new Lambda container would."""
    expressions.escalation_condition.cache_clear()
    return load()


def roster(count: int, rng: random.Random) -> list[Rep]:
    """Reps in 1-3 states each; one licence in ten has expired, shifts start between 06:00 and 12:00."""
    reps = []
    for number in range(count):
        role = rng.choice(list(ROLES))
        scopes, skills = ROLES[role]
        regions = rng.sample(list(STATES), rng.randint(1, 3))
        start = rng.randint(6, 12)
        capacity = rng.randint(4, 14)
        reps.append(Rep(
            rep_id=f"R-{number:05d}", name=f"Rep {number}", role=role, senior=rng.random() < 0.1,
            licences=[Licence(state=state, scope=scope,
                              expires=date(2025, 12, 31) if rng.random() < 0.1 else date(2027, 12, 31))
                      for state in regions for scope in scopes],
            regions=regions,
            skills=[Skill(name=skill, level=rng.randint(1, 5)) for skill in skills],
            capacity=capacity, active=rng.randint(0, capacity),
            shift=Shift(timezone=STATES[regions[0]], days=rng.choice([[0, 1, 2, 3, 4], [2, 3, 4, 5, 6]]),
                        start=clock(start), end=clock(start + rng.randint(6, 10))),
        ))
    return reps


def enquiries(count: int, rng: random.Random, rep_ids: list[str]) -> list[Enquiry]:
    """Verified members (one in five on a care plan) with a random intent; 5 % emergency, 25 % urgent."""
    result = []
    for number in range(count):
        member = Member(
            member_id=f"M-{number:06d}", email=f"member{number}@example.com", name=f"Member {number}",
            state=rng.choice(list(STATES)), plan_id="PPO-GOLD-2026", plan_start=date(2026, 1, 1),
            tier=rng.choice(list(Tier)), covered_categories=["medical", "pharmacy", "lab", "admin"],
        )
        if rng.random() < 0.2:
            member.care_plan = CarePlan(name="Care plan", care_team=rng.sample(rep_ids, 2))
        urgency = rng.choices(list(Urgency), weights=[5, 25, 70])[0]
        result.append((rng.choice(list(Intent)), urgency, member))
    return result


def random_signals(rng: random.Random) -> escalation.Signals:
    latest = round(rng.uniform(-1, 1), 2)
    return escalation.Signals(
        urgency=rng.choice(list(Urgency)), intent=rng.choice(list(Intent)), tier=rng.choice([*Tier, None]),
        latest_sentiment=latest, worst_sentiment=min(latest, round(rng.uniform(-1, 1), 2)),
        sentiment_worsening=rng.random() < 0.3, is_reply=rng.random() < 0.4, eligible=rng.random() < 0.9,
        queued=rng.random() < 0.2, mentions=rng.sample(MENTIONS, rng.randint(0, 2)),
        sla_elapsed=round(rng.random(), 2), hours_to_breach=round(rng.uniform(-2, 48), 1),
        escalation_level=rng.randint(0, 2),
    )


def generated_rule(number: int, rng: random.Random) -> dict[str, Any]:
    """One of six condition shapes over the escalation signals, with random values."""
    urgency, intent = rng.choice(list(Urgency)).value, rng.choice(list(Intent)).value
    threshold = round(rng.uniform(-0.9, -0.1), 2)
    when = rng.choice([
        f'urgency == "{urgency}" && latest_sentiment < {threshold}',
        f"tier in {json.dumps(rng.sample([t.value for t in Tier], 2))} && sla_elapsed >= {threshold + 1:.2f}",
        f'"{rng.choice(MENTIONS)}" in mentions && escalation_level < {rng.randint(1, 3)}',
        f'is_reply && worst_sentiment < {threshold} && intent == "{intent}"',
        f"hours_to_breach < {rng.randint(1, 24)}.0 && (queued || !eligible)",
        f'sentiment_worsening && (intent == "{intent}" || urgency != "routine")',
    ])
    level = rng.randint(1, 3)
    return {"id": f"generated-{number:03d}", "when": when, "level": level,
            "target_queue": rng.choice(["senior_member_services", "senior_clinical", "sla_watch"]),
            "reassign_to_senior": level > 1}


def write_rules(directory: Path, count: int, rng: random.Random) -> None:
    """The shipped rules with `count` generated escalation rules appended."""
    shutil.copytree(paths.RULES_DIR, directory, dirs_exist_ok=True)
    path = directory / "escalation.yaml"
    document = yaml.safe_load(path.read_text())
    document["rules"] += [generated_rule(number, rng) for number in range(count)]
    path.write_text(yaml.safe_dump(document, sort_keys=False))


def capacity_counter(reps: list[Rep]) -> Callable[[str], bool]:
    """An in-memory stand-in for the conditional capacity update in DynamoDB."""
    spare = {rep.rep_id: rep.capacity - rep.active for rep in reps}
    taken: Counter[str] = Counter()

    def reserve(rep_id: str) -> bool:
        if taken[rep_id] >= spare[rep_id]:
            return False
        taken[rep_id] += 1
        return True

    return reserve


def route_and_decide(enquiry: Enquiry, reps: list[Rep], rule_set: rules.RuleSet,
                     reserve: Callable[[str], bool]) -> str:
    """Pick the enquiry's route and decide; returns the outcome, "assigned" or "queued"."""
    intent, urgency, member = enquiry
    route = rule_set.routing.emergency if urgency is Urgency.EMERGENCY else rule_set.routing.routes[intent]
    decision = routing.decide(reps=reps, route=route, member=member, urgency=urgency, at=AT,
                              rules=rule_set.routing, rule_version=rule_set.version, reserve=reserve)
    return decision.outcome


def timings(call: Callable[[Any], object], inputs: Iterable[Any], warm_up: int = WARM_UP) -> dict[str, float]:
    """Call once per input; the first `warm_up` calls are not timed."""
    elapsed = []
    for index, item in enumerate(inputs):
        started = time.perf_counter_ns()
        call(item)
        if index >= warm_up:
            elapsed.append((time.perf_counter_ns() - started) / 1e6)
    elapsed.sort()
    summary = {"n": len(elapsed)}
    for p in (50, 95, 99):
        summary[f"p{p}_ms"] = round(elapsed[math.ceil(len(elapsed) * p / 100) - 1], 3)
    return summary | {"max_ms": round(elapsed[-1], 3)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reps", type=int, default=5000)
    parser.add_argument("--rules", type=int, default=200, help="generated escalation rules")
    parser.add_argument("--decisions", type=int, default=1000, help="timed routing decisions")
    parser.add_argument("--enquiries", type=int, default=150, help="timed escalation and full decisions")
    parser.add_argument("--loads", type=int, default=5, help="timed rule-set loads")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    rng = random.Random(SEED)
    reps = roster(args.reps, rng)
    rep_ids = [rep.rep_id for rep in reps]
    shipped = rules.load_dir(paths.RULES_DIR)
    machine = {"python": platform.python_version(), "platform": platform.platform(), "cpus": os.cpu_count(),
               "load_average_1m": round(os.getloadavg()[0], 2)}
    results: dict[str, Any] = {"machine": machine, "reps": args.reps}

    reserve = capacity_counter(reps)
    outcomes: Counter[str] = Counter()
    routed = enquiries(args.decisions + WARM_UP, rng, rep_ids)
    results["routing_decide"] = timings(
        lambda enquiry: outcomes.update([route_and_decide(enquiry, reps, shipped, reserve)]), routed)
    results["routing_outcomes"] = dict(outcomes)

    with tempfile.TemporaryDirectory() as tmp:
        write_rules(Path(tmp), args.rules, rng)
        rule_set = rules.load_dir(Path(tmp))
        results["escalation_rules"] = len(rule_set.escalation.rules)
        results["rule_load_dir"] = timings(
            lambda _: cold(lambda: rules.load_dir(Path(tmp))), range(args.loads + 1), warm_up=1)
    document = rules.version_item(rule_set)["document"]
    results["rule_validate_json"] = timings(
        lambda _: cold(lambda: rules.RuleSet.model_validate_json(document)), range(args.loads + 1), warm_up=1)
    # A pushed edit changes few conditions: a warm container has the unchanged ones compiled already.
    results["rule_validate_json_warm"] = timings(
        lambda _: rules.RuleSet.model_validate_json(document), range(args.loads + 1), warm_up=1)

    samples = [random_signals(rng) for _ in range(args.enquiries + WARM_UP)]
    results["matching_rules"] = timings(
        lambda signals: escalation.matching_rules(signals, rule_set.escalation.rules), samples)

    reserve = capacity_counter(reps)

    def full(pair: tuple[Enquiry, escalation.Signals]) -> None:
        """Route and decide, then escalate on the sample's signals as this enquiry and outcome set them."""
        enquiry, sample = pair
        intent, urgency, member = enquiry
        queued = route_and_decide(enquiry, reps, rule_set, reserve) == "queued"
        signals = sample.model_copy(
            update={"urgency": urgency, "intent": intent, "tier": member.tier, "queued": queued})
        escalation.matching_rules(signals, rule_set.escalation.rules)

    pairs = list(zip(enquiries(args.enquiries + WARM_UP, rng, rep_ids), samples, strict=True))
    results["route_decide_escalate"] = timings(full, pairs)

    if args.json:
        print(json.dumps(results))
        return
    print(f"machine: Python {machine['python']}, {machine['platform']}, {machine['cpus']} CPUs, "
          f"load average {machine['load_average_1m']} at start")
    print(f"roster: {args.reps} reps in {len(STATES)} states; "
          f"outcomes of all {args.decisions + WARM_UP} routing decisions: {results['routing_outcomes']}")
    print(f"escalation rules: {results['escalation_rules']} ({args.rules} generated + shipped)")
    for key, label in [
        ("routing_decide", "routing.decide"),
        ("rule_load_dir", "rules.load_dir (YAML + schema + CEL compile)"),
        ("rule_validate_json", "RuleSet.model_validate_json (stored version)"),
        ("rule_validate_json_warm", "  … same, conditions already compiled"),
        ("matching_rules", "escalation.matching_rules"),
        ("route_decide_escalate", "route + decide + matching_rules"),
    ]:
        row = results[key]
        print(f"{label:<46} n={row['n']:<5} p50 {row['p50_ms']:9.3f}  p95 {row['p95_ms']:9.3f}  "
              f"p99 {row['p99_ms']:9.3f}  max {row['max_ms']:9.3f} ms")


if __name__ == "__main__":
    main()
