"""Concurrent routing against the moto tables: capacity reservations never overbook a rep."""

from concurrent.futures import ThreadPoolExecutor
from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from careflow import routing, rulestore, store
from careflow.models import Intent, Licence, Member, Rep, Shift, Skill, Urgency
from tests.unit.conftest import TUESDAY_MORNING_CA


def pharmacist(index: int, capacity: int, active: int) -> Rep:
    return Rep(
        rep_id=f"P-{index:03d}", name=f"Pharmacist {index}", role="pharmacist",
        licences=[Licence(state="CA", scope="pharmacy", expires=date(2027, 12, 31))], regions=["CA"],
        skills=[Skill(name="pharmacy", level=3)], capacity=capacity, active=active,
        shift=Shift(timezone="America/Los_Angeles"),
    )


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    slots=st.lists(st.tuples(st.integers(1, 4), st.integers(0, 4)), min_size=1, max_size=5),
    enquiries=st.integers(1, 24),
)
def test_concurrent_enquiries_never_push_a_rep_over_capacity(engine, slots, enquiries):
    rules = rulestore.active_rules()
    roster = [pharmacist(i, capacity, min(active, capacity)) for i, (capacity, active) in enumerate(slots)]
    for rep in roster:
        store.put_rep(rep)
    ids = {rep.rep_id for rep in roster}
    member = Member.model_validate(store.list_members()[0].model_dump() | {"state": "CA"})

    def route_one(_: int):
        return routing.decide(
            reps=[r for r in store.list_reps() if r.rep_id in ids],
            route=rules.routing.routes[Intent.PRESCRIPTION_REFILL], member=member, urgency=Urgency.ROUTINE,
            at=TUESDAY_MORNING_CA, rules=rules.routing, rule_version=rules.version, reserve=store.reserve_capacity,
        )

    with ThreadPoolExecutor(max_workers=8) as pool:
        decisions = list(pool.map(route_one, range(enquiries)))

    free = sum(rep.capacity - rep.active for rep in roster)
    assigned = [d.assignee for d in decisions if d.outcome == "assigned"]
    assert len(assigned) == min(enquiries, free)
    after = {rep.rep_id: rep for rep in store.list_reps()}
    for rep in roster:
        assert after[rep.rep_id].active <= rep.capacity
        assert after[rep.rep_id].active == rep.active + assigned.count(rep.rep_id)
