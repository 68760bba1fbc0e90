from datetime import date

from careflow.eligibility import check
from careflow.models import Intent
from tests.unit.conftest import make_member

ON = date(2026, 11, 17)


def test_active_plan_covering_the_category_is_eligible_with_reason(rules):
    result = check(make_member(), Intent.PRESCRIPTION_REFILL, ON, rules.eligibility)
    assert result.eligible and result.category == "pharmacy"
    assert result.reasons == ["plan PPO-GOLD-2026 active on 2026-11-17 and covers pharmacy in CA"]


def test_ended_plan_and_missing_coverage_are_both_reported(rules):
    member = make_member(plan_end=date(2026, 6, 30), covered_categories=["medical"])
    result = check(member, Intent.PRESCRIPTION_REFILL, ON, rules.eligibility)
    assert not result.eligible
    assert result.reasons == ["plan PPO-GOLD-2026 ended 2026-06-30", "plan PPO-GOLD-2026 does not cover pharmacy"]


def test_plan_not_yet_started_and_unserved_state(rules):
    result = check(make_member(plan_start=date(2027, 1, 1), state="AK"), Intent.BILLING, ON, rules.eligibility)
    assert result.reasons == ["plan PPO-GOLD-2026 starts 2027-01-01", "member state AK is not served"]


def test_unknown_sender_is_not_eligible_until_verified(rules):
    result = check(None, Intent.BILLING, ON, rules.eligibility)
    assert (result.eligible, result.member_verified) == (False, False)
