"""What-if: replay recorded enquiries against a proposed rule set before it goes live.

Both the active and the proposed rule set are replayed on the same stored inputs (classification,
member, thread sentiment, creation time) and the same roster, so every difference is the rules'
doing. Capacity is simulated: each replay starts with every rep empty and reserves in creation order.
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any

from pydantic import BaseModel
from rich.console import Console
from rich.table import Table

from careflow import eligibility, escalation, routing, sla, triage
from careflow.models import Enquiry, EnquiryStatus, Member, Rep
from careflow.rules import RuleSet


class Outcome(BaseModel):
    enquiry_id: str
    eligible: bool
    destination: str  # a rep id, or "queue:<name>"
    escalation_level: int
    escalation_queue: str | None
    sla_hours: float
    queued_urgency: str | None  # the urgency of work left waiting in a queue


def replay(enquiries: list[Enquiry], members: dict[str, Member], reps: list[Rep], rules: RuleSet) -> list[Outcome]:
    load = {rep.rep_id: 0 for rep in reps}
    capacity = {rep.rep_id: rep.capacity for rep in reps}

    def reserve(rep_id: str) -> bool:
        if load[rep_id] >= capacity[rep_id]:
            return False
        load[rep_id] += 1
        return True

    outcomes = []
    for recorded in sorted(enquiries, key=lambda e: e.created_at):
        if recorded.classification is None:
            continue
        enquiry = recorded.model_copy(deep=True)
        member = members.get(enquiry.member.member_id) if enquiry.member else None
        enquiry.eligibility = eligibility.check(
            member, enquiry.classification.intent, enquiry.created_at.date(), rules.eligibility
        )
        roster = [rep.model_copy(update={"active": load[rep.rep_id]}) for rep in reps]
        decision = routing.decide(
            reps=roster, route=routing.route_for(enquiry, rules), member=member,
            urgency=enquiry.classification.urgency, at=enquiry.created_at, rules=rules.routing,
            rule_version=rules.version, reserve=reserve,
        )
        enquiry.routing = decision
        enquiry.status = EnquiryStatus.ASSIGNED if decision.outcome == "assigned" else EnquiryStatus.QUEUED
        enquiry.escalation = None
        enquiry.sla = sla.start(enquiry.classification.urgency, enquiry.tier, member.state if member else None,
                                enquiry.created_at, rules.sla)
        clock = sla.status(enquiry.sla, enquiry.latest.received_at, rules.sla)
        signals = escalation.signals(enquiry, triage.thread_trend(enquiry), clock)
        matched = escalation.matching_rules(signals, rules.escalation.rules)
        outcomes.append(Outcome(
            enquiry_id=enquiry.enquiry_id,
            eligible=enquiry.eligibility.eligible,
            destination=decision.assignee or f"queue:{decision.queue}",
            escalation_level=matched[0].level if matched else 0,
            escalation_queue=matched[0].target_queue if matched else None,
            sla_hours=enquiry.sla.window_hours,
            queued_urgency=None if decision.assignee else enquiry.classification.urgency.value,
        ))
    return outcomes


def compare_outcomes(active: list[Outcome], proposed: list[Outcome], versions: tuple[str, str]) -> dict[str, Any]:
    pairs = list(zip(active, proposed, strict=True))
    moved = Counter((a.destination, p.destination) for a, p in pairs if a.destination != p.destination)
    return {
        "active_version": versions[0],
        "proposed_version": versions[1],
        "enquiries": len(pairs),
        "changed": sum(a.model_dump(exclude={"enquiry_id"}) != p.model_dump(exclude={"enquiry_id"}) for a, p in pairs),
        "eligibility_changed": sum(a.eligible != p.eligible for a, p in pairs),
        "routing_changed": sum(a.destination != p.destination for a, p in pairs),
        "escalation_changed": sum(a.escalation_level != p.escalation_level for a, p in pairs),
        "moves": [{"from": f, "to": t, "count": n} for (f, t), n in moved.most_common()],
        "destinations": {
            "active": dict(Counter(_bucket(a.destination) for a in active)),
            "proposed": dict(Counter(_bucket(p.destination) for p in proposed)),
        },
        "sla_risk": {
            name: {
                "left_in_queue": dict(Counter(o.queued_urgency for o in outcomes if o.queued_urgency)),
                "escalated": sum(o.escalation_level > 0 for o in outcomes),
                "mean_sla_hours": round(sum(o.sla_hours for o in outcomes) / len(outcomes), 2) if outcomes else 0.0,
            }
            for name, outcomes in (("active", active), ("proposed", proposed))
        },
    }


def compare(active: RuleSet, proposed: RuleSet, since: date | None = None) -> dict[str, Any]:
    """Replay what the stack has recorded (the tables boto3 currently points at)."""
    from careflow import store

    enquiries = [e for e in store.list_enquiries() if since is None or e.created_at.date() >= since]
    members = {m.member_id: m for m in store.list_members()}
    reps = store.list_reps()
    return compare_outcomes(
        replay(enquiries, members, reps, active), replay(enquiries, members, reps, proposed),
        (active.version, proposed.version),
    )


def compare_active(proposed: RuleSet, since: date | None = None) -> dict[str, Any]:
    from careflow import rulestore

    return compare(rulestore.active_rules(), proposed, since)


def on_samples(proposed: RuleSet) -> dict[str, Any]:
    """Record the sample mail on the embedded engine with the shipped rules, then replay it."""
    from careflow import paths
    from careflow.local.engine import LocalEngine

    with LocalEngine() as engine:
        engine.seed_directory(paths.SAMPLES_DIR / "members.yaml", paths.SAMPLES_DIR / "reps.yaml")
        for path in sorted((paths.SAMPLES_DIR / "emails").glob("*.eml")):
            engine.run(path.read_bytes())
        return compare_active(proposed)


def print_report(report: dict[str, Any], console: Console) -> None:
    console.print(
        f"what-if: {report['enquiries']} recorded enquiries replayed, active {report['active_version']} vs "
        f"proposed {report['proposed_version']}: [bold]{report['changed']}[/] decisions would change "
        f"(eligibility {report['eligibility_changed']}, routing {report['routing_changed']}, "
        f"escalation {report['escalation_changed']})"
    )
    if report["moves"]:
        moves = Table(title="where work would move", title_justify="left")
        for column in ("from", "to", "enquiries"):
            moves.add_column(column)
        for move in report["moves"]:
            moves.add_row(move["from"], move["to"], str(move["count"]))
        console.print(moves)
    chart = Table(title="work by destination (active ▒ / proposed █)", title_justify="left", show_lines=False)
    chart.add_column("destination")
    chart.add_column("")
    before, after = report["destinations"]["active"], report["destinations"]["proposed"]
    for name in sorted(set(before) | set(after)):
        chart.add_row(name, f"[dim]{'▒' * before.get(name, 0)}[/] {before.get(name, 0)}\n"
                            f"{'█' * after.get(name, 0)} {after.get(name, 0)}")
    console.print(chart)
    risk = Table(title="projected SLA risk", title_justify="left")
    for column in ("rule set", "left in a queue (by urgency)", "escalated", "mean SLA window (business h)"):
        risk.add_column(column)
    for name in ("active", "proposed"):
        r = report["sla_risk"][name]
        queued = ", ".join(f"{k} {v}" for k, v in sorted(r["left_in_queue"].items())) or "none"
        risk.add_row(name, queued, str(r["escalated"]), str(r["mean_sla_hours"]))
    console.print(risk)


def _bucket(destination: str) -> str:
    return destination if destination.startswith("queue:") else "assigned to a rep"
