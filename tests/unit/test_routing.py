from datetime import date, timedelta

from careflow import routing
from careflow.models import Intent, Licence, Shift, Skill, Urgency
from tests.unit.conftest import TUESDAY_MORNING_CA, make_member, make_rep, with_care_plan


def decide(rules, reps, member=None, urgency=Urgency.ROUTINE, reserve=lambda rep_id: True, at=TUESDAY_MORNING_CA):
    return routing.decide(
        reps=reps, route=rules.routing.routes[Intent.PRESCRIPTION_REFILL], member=member or make_member(),
        urgency=urgency, at=at, rules=rules.routing, rule_version=rules.version, reserve=reserve,
    )


def test_every_failed_hard_constraint_is_recorded_for_each_candidate(rules):
    reps = [
        make_rep("R-1", licences=[Licence(state="CA", scope="pharmacy", expires=date(2025, 12, 31))]),
        make_rep("R-2", regions=["NY"], licences=[Licence(state="NY", scope="pharmacy", expires=date(2027, 1, 1))]),
        make_rep("R-3", active=4),
        make_rep("R-4", shift=Shift(timezone="America/Los_Angeles", days=[5, 6])),
        make_rep("R-5", skills=[]),
    ]
    decision = decide(rules, reps)
    reasons = {c.rep_id: c.excluded_because for c in decision.candidates}
    assert decision.outcome == "queued" and decision.queue == "pharmacy"
    assert reasons["R-1"] == ["pharmacy licence in CA expired 2025-12-31"]
    assert reasons["R-2"] == ["no pharmacy licence in CA", "does not serve CA"]
    assert reasons["R-3"] == ["at capacity (4/4)"]
    assert reasons["R-4"] == ["off shift"]
    assert reasons["R-5"] == ["pharmacy level 0 below 2"]


def test_least_active_rep_is_chosen(rules):
    decision = decide(rules, [make_rep("R-1", active=3), make_rep("R-2", active=0), make_rep("R-3", active=2)])
    assert (decision.outcome, decision.assignee, decision.reason) == ("assigned", "R-2", "least_active")


def test_care_team_member_goes_first_for_a_member_with_an_active_care_plan(rules):
    member = with_care_plan(make_member(), "R-3")
    decision = decide(rules, [make_rep("R-1", active=0), make_rep("R-3", active=3)], member=member)
    assert (decision.assignee, decision.reason) == ("R-3", "care-team member")


def test_a_lost_capacity_race_moves_on_to_the_next_rep(rules):
    reps = [make_rep("R-1", active=0), make_rep("R-2", active=1)]
    decision = decide(rules, reps, reserve=lambda rep_id: rep_id != "R-1")
    assert decision.assignee == "R-2"
    assert decision.candidates[0].excluded_because == ["capacity taken by a concurrent enquiry"]


def test_unverified_sender_waits_for_identity_verification(rules):
    decision = routing.decide(
        reps=[make_rep("R-1")], route=rules.routing.routes[Intent.BILLING], member=None, urgency=Urgency.ROUTINE,
        at=TUESDAY_MORNING_CA, rules=rules.routing, rule_version=rules.version, reserve=lambda rep_id: True,
    )
    assert (decision.outcome, decision.queue) == ("queued", "identity_verification")


def test_priority_combines_urgency_and_tier(rules):
    def priority(urgency, tier):
        return routing.priority(urgency, tier, rules.routing)

    assert priority(Urgency.EMERGENCY, None) < priority(Urgency.URGENT, "platinum")
    assert priority(Urgency.ROUTINE, "platinum") < priority(Urgency.ROUTINE, "bronze")


def test_shift_is_checked_in_the_reps_own_time_zone():
    rep = make_rep("R-1", shift=Shift(timezone="America/New_York"))  # 13:00 in New York
    late = make_rep("R-2", shift=Shift(timezone="Asia/Tokyo"))  # 03:00 Wednesday in Tokyo
    assert routing.on_shift(rep, TUESDAY_MORNING_CA)
    assert not routing.on_shift(late, TUESDAY_MORNING_CA)


def test_senior_staff_take_routine_work_only_when_no_one_else_qualifies(rules):
    decision = decide(rules, [make_rep("R-1", active=3), make_rep("R-9", senior=True, active=0)])
    assert decision.assignee == "R-1"
    decision = decide(rules, [make_rep("R-1", active=4), make_rep("R-9", senior=True, active=0)])
    assert decision.assignee == "R-9"


def test_a_relaxed_region_or_skill_level_admits_a_rep_a_licence_never_is(rules):
    outside = make_rep("R-1", regions=["NY"])
    junior = make_rep("R-2", skills=[Skill(name="pharmacy", level=1)])
    unlicensed = make_rep("R-3", licences=[])
    route = rules.routing.routes[Intent.PRESCRIPTION_REFILL]
    assert routing.exclusions(outside, route, "CA", TUESDAY_MORNING_CA) == ["does not serve CA"]
    assert routing.exclusions(outside, route, "CA", TUESDAY_MORNING_CA, relaxed=["region"]) == []
    assert routing.exclusions(junior, route, "CA", TUESDAY_MORNING_CA, relaxed=["skill_level"]) == []
    assert routing.exclusions(unlicensed, route, "CA", TUESDAY_MORNING_CA, relaxed=["region", "skill_level"]) == [
        "no pharmacy licence in CA"
    ]


def test_relaxations_come_due_in_the_order_and_after_the_waits_the_rules_give(rules):
    first, second = rules.routing.relaxations
    assert routing.relaxations_due(timedelta(minutes=first.after_minutes - 1), rules.routing) == []
    assert routing.relaxations_due(timedelta(minutes=first.after_minutes), rules.routing) == [first.relax]
    assert routing.relaxations_due(timedelta(minutes=second.after_minutes), rules.routing) == [
        first.relax, second.relax]
