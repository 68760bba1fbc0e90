"""Deterministic eligibility: plan active on the day, service category covered, member in a served state."""

from __future__ import annotations

from datetime import date

from careflow.models import EligibilityResult, Intent, Member
from careflow.rules import Eligibility


def check(member: Member | None, intent: Intent, on: date, rules: Eligibility) -> EligibilityResult:
    category = rules.service_categories[intent]
    if member is None:
        return EligibilityResult(
            eligible=False,
            member_verified=False,
            category=category,
            reasons=["sender is not verified as a member"],
            checked_on=on,
        )
    reasons = []
    if on < member.plan_start:
        reasons.append(f"plan {member.plan_id} starts {member.plan_start.isoformat()}")
    elif member.plan_end and on > member.plan_end:
        reasons.append(f"plan {member.plan_id} ended {member.plan_end.isoformat()}")
    if category not in member.covered_categories:
        reasons.append(f"plan {member.plan_id} does not cover {category}")
    if member.state not in rules.service_states:
        reasons.append(f"member state {member.state} is not served")
    eligible = not reasons
    if eligible:
        reasons = [f"plan {member.plan_id} active on {on.isoformat()} and covers {category} in {member.state}"]
    return EligibilityResult(
        eligible=eligible, member_verified=True, plan_id=member.plan_id, category=category, reasons=reasons,
        checked_on=on,
    )
