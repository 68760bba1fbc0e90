from datetime import UTC, date, datetime

import pytest

from careflow import paths
from careflow.models import CarePlan, Licence, Member, Rep, Shift, Skill
from careflow.rules import RuleSet, load_dir

# Tuesday 17 November 2026, 10:00 in California.
TUESDAY_MORNING_CA = datetime(2026, 11, 17, 18, 0, tzinfo=UTC)


@pytest.fixture(scope="session")
def rules() -> RuleSet:
    return load_dir(paths.RULES_DIR)


def make_member(**overrides) -> Member:
    fields = dict(
        member_id="M-100001", email="ann@example.com", name="Ann Lee", state="CA", plan_id="PPO-GOLD-2026",
        plan_start=date(2026, 1, 1), tier="gold", covered_categories=["medical", "pharmacy", "lab", "admin"],
    )
    return Member.model_validate(fields | overrides)


def make_rep(rep_id: str, **overrides) -> Rep:
    fields = dict(
        rep_id=rep_id, name=f"Rep {rep_id}", role="pharmacist",
        licences=[Licence(state="CA", scope="pharmacy", expires=date(2027, 12, 31))],
        regions=["CA"], skills=[Skill(name="pharmacy", level=3)], capacity=4, active=1,
        shift=Shift(timezone="America/Los_Angeles"),
    )
    return Rep.model_validate(fields | overrides)


def with_care_plan(member: Member, *team: str) -> Member:
    return member.model_copy(update={"care_plan": CarePlan(name="diabetes", care_team=list(team))})


def consulting(rules: RuleSet) -> RuleSet:
    """The rules with the model consulted on every message, whatever the offline classifier's confidence."""
    return rules.model_copy(update={"triage": rules.triage.model_copy(update={"model_threshold": 1.01})})
