"""Routing: hard constraints first, then a ranked choice, with capacity reserved atomically."""

from __future__ import annotations

from collections.abc import Callable, Collection
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from careflow.models import Candidate, Enquiry, Member, Rep, RoutingDecision, Tier, Urgency
from careflow.rules import Route, Routing, RuleSet


def route_for(enquiry: Enquiry, rules: RuleSet, senior: bool = False) -> Route:
    """Emergencies go to the emergency route; a verified but ineligible member to the ineligible intent's."""
    classification = enquiry.classification
    if classification.urgency is Urgency.EMERGENCY:
        route = rules.routing.emergency
    elif enquiry.eligibility and enquiry.eligibility.member_verified and not enquiry.eligibility.eligible:
        route = rules.routing.routes[rules.routing.ineligible_intent]
    else:
        route = rules.routing.routes[classification.intent]
    return route.model_copy(update={"senior_only": True}) if senior else route


def relaxations_due(waited: timedelta, rules: Routing) -> list[str]:
    """The constraints relaxed after waiting this long, in the order the rules relax them."""
    return [r.relax for r in rules.relaxations if waited >= timedelta(minutes=r.after_minutes)]


def exclusions(rep: Rep, route: Route, state: str, at: datetime, relaxed: Collection[str] = ()) -> list[str]:
    """Every hard constraint the rep fails for this enquiry; empty means the rep qualifies."""
    reasons = []
    licences = [lic for lic in rep.licences if lic.scope == route.scope and lic.state == state]
    if not licences:
        reasons.append(f"no {route.scope} licence in {state}")
    elif all(lic.expires < at.date() for lic in licences):
        reasons.append(f"{route.scope} licence in {state} expired {max(lic.expires for lic in licences).isoformat()}")
    if state not in rep.regions and "region" not in relaxed:
        reasons.append(f"does not serve {state}")
    level = max((skill.level for skill in rep.skills if skill.name == route.skill), default=0)
    min_level = route.min_level - 1 if "skill_level" in relaxed else route.min_level
    if level < min_level:
        reasons.append(f"{route.skill} level {level} below {min_level}")
    if route.senior_only and not rep.senior:
        reasons.append("not senior staff")
    if not on_shift(rep, at):
        reasons.append("off shift")
    if rep.active >= rep.capacity:
        reasons.append(f"at capacity ({rep.active}/{rep.capacity})")
    return reasons


def on_shift(rep: Rep, at: datetime) -> bool:
    local = at.astimezone(ZoneInfo(rep.shift.timezone))
    return local.weekday() in rep.shift.days and rep.shift.start <= local.time() < rep.shift.end


def priority(urgency: Urgency, tier: Tier | None, rules: Routing) -> int:
    unverified = max(rules.tier_priority.values()) + 1
    return rules.urgency_priority[urgency] + (rules.tier_priority[tier] if tier else unverified)


def decide(
    *,
    reps: list[Rep],
    route: Route,
    member: Member | None,
    urgency: Urgency,
    at: datetime,
    rules: Routing,
    rule_version: str,
    reserve: Callable[[str], bool],
    relaxed: Collection[str] = (),
) -> RoutingDecision:
    """Choose a rep and reserve one unit of their capacity, or queue the enquiry."""
    rank = priority(urgency, member.tier if member else None, rules)
    if member is None:
        queue = route.queue if urgency is Urgency.EMERGENCY else rules.unverified_queue
        return RoutingDecision(
            outcome="queued", queue=queue, priority=rank, reason="sender not verified as a member",
            candidates=[], rule_version=rule_version,
        )
    care_team = set(member.care_plan.care_team) if member.care_plan and member.care_plan.active else set()
    candidates = [
        Candidate(
            rep_id=rep.rep_id,
            eligible=not (reasons := exclusions(rep, route, member.state, at, relaxed)),
            excluded_because=reasons,
            load=round(rep.active / rep.capacity, 3) if rep.capacity else 1.0,
            care_team=rep.rep_id in care_team,
        )
        for rep in reps
    ]
    free = {rep.rep_id: rep.capacity - rep.active for rep in reps}
    senior = {rep.rep_id for rep in reps if rep.senior and not route.senior_only}
    for candidate in sorted((c for c in candidates if c.eligible), key=_ranking(rules, free, senior)):
        if reserve(candidate.rep_id):
            reason = "care-team member" if candidate.care_team and rules.care_team_first else rules.strategy
            return RoutingDecision(
                outcome="assigned", assignee=candidate.rep_id, priority=rank, reason=reason,
                candidates=candidates, rule_version=rule_version, relaxed=list(relaxed),
            )
        candidate.eligible = False
        candidate.excluded_because = ["capacity taken by a concurrent enquiry"]
    return RoutingDecision(
        outcome="queued", queue=route.queue, priority=rank, reason="no rep passes every hard constraint",
        candidates=candidates, rule_version=rule_version, relaxed=list(relaxed),
    )


def _ranking(rules: Routing, free: dict[str, int], senior: set[str]) -> Callable[[Candidate], tuple]:
    """Care team first (if configured), then non-senior staff (if configured), then the strategy."""

    def key(candidate: Candidate) -> tuple:
        care_team_rank = 0 if rules.care_team_first and candidate.care_team else 1
        senior_rank = 1 if rules.senior_staff_last and candidate.rep_id in senior else 0
        if rules.strategy == "most_available":
            return care_team_rank, senior_rank, -free[candidate.rep_id], candidate.rep_id
        return care_team_rank, senior_rank, candidate.load, candidate.rep_id

    return key
