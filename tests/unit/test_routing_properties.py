"""Routing properties over generated rosters: hard constraints always hold, decisions are deterministic."""

from datetime import UTC, date, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from careflow import routing
from careflow.models import Intent, Licence, Shift, Skill, Tier, Urgency
from tests.unit.conftest import make_member, make_rep

STATES = ["CA", "NY", "TX"]
SCOPES = ["admin", "clinical", "insurance", "pharmacy"]
SKILLS = ["scheduling", "pharmacy", "billing", "benefits", "triage_nursing", "records", "general", "complaints"]
ZONES = ["America/Los_Angeles", "America/New_York", "America/Chicago"]
START = datetime(2026, 11, 16, tzinfo=UTC)

licences = st.builds(Licence, state=st.sampled_from(STATES), scope=st.sampled_from(SCOPES),
                     expires=st.dates(date(2026, 6, 1), date(2027, 12, 31)))
shifts = st.builds(Shift, timezone=st.sampled_from(ZONES), days=st.lists(st.integers(0, 6), min_size=1, unique=True))


@st.composite
def reps(draw):
    count = draw(st.integers(1, 12))
    roster = []
    for index in range(count):
        capacity = draw(st.integers(1, 5))
        roster.append(make_rep(
            f"R-{index}",
            licences=draw(st.lists(licences, max_size=3)),
            regions=draw(st.lists(st.sampled_from(STATES), max_size=3, unique=True)),
            skills=[Skill(name=name, level=draw(st.integers(1, 5)))
                    for name in draw(st.lists(st.sampled_from(SKILLS), max_size=3, unique=True))],
            capacity=capacity,
            active=draw(st.integers(0, capacity)),
            senior=draw(st.booleans()),
            shift=draw(shifts),
        ))
    return roster


enquiries = st.tuples(
    st.sampled_from([i for i in Intent if i is not Intent.UNCLASSIFIED]),
    st.sampled_from(list(Urgency)),
    st.sampled_from(STATES),
    st.sampled_from(list(Tier)),
    st.integers(0, 7 * 24 * 4).map(lambda quarter_hours: START + timedelta(minutes=15 * quarter_hours)),
)


def decide(rules, roster, enquiry, reserve):
    intent, urgency, state, tier, at = enquiry
    route = rules.routing.emergency if urgency is Urgency.EMERGENCY else rules.routing.routes[intent]
    return route, routing.decide(
        reps=roster, route=route, member=make_member(state=state, tier=tier), urgency=urgency, at=at,
        rules=rules.routing, rule_version=rules.version, reserve=reserve,
    )


@settings(max_examples=400, deadline=None)
@given(reps(), enquiries)
def test_an_assignment_never_violates_a_hard_constraint(rules, roster, enquiry):
    route, decision = decide(rules, roster, enquiry, reserve=lambda rep_id: True)
    if decision.outcome == "assigned":
        assignee = next(rep for rep in roster if rep.rep_id == decision.assignee)
        assert routing.exclusions(assignee, route, enquiry[2], enquiry[4]) == []
    else:
        assert all(not c.eligible for c in decision.candidates)


@settings(max_examples=200, deadline=None)
@given(reps(), enquiries)
def test_the_same_inputs_and_rule_version_always_give_the_same_decision(rules, roster, enquiry):
    first = decide(rules, roster, enquiry, reserve=lambda rep_id: True)[1]
    again = decide(rules, list(reversed(roster)), enquiry, reserve=lambda rep_id: True)[1]
    assert first.model_dump(exclude={"candidates"}) == again.model_dump(exclude={"candidates"})
    def dumped(decision):
        return sorted(c.model_dump_json() for c in decision.candidates)

    assert dumped(first) == dumped(again)


@settings(max_examples=200, deadline=None)
@given(reps(), enquiries)
def test_a_rep_whose_reservation_fails_is_never_assigned(rules, roster, enquiry):
    refused = {rep.rep_id for rep in roster[::2]}
    decision = decide(rules, roster, enquiry, reserve=lambda rep_id: rep_id not in refused)[1]
    assert decision.assignee not in refused
