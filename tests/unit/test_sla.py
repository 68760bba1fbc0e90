from datetime import UTC, datetime, timedelta

from careflow import sla
from careflow.models import Tier, Urgency

FRIDAY_4PM_NY = datetime(2026, 11, 20, 21, 0, tzinfo=UTC)
WEDNESDAY_5PM_NY = datetime(2026, 11, 25, 22, 0, tzinfo=UTC)  # the day before Thanksgiving


def test_window_is_counted_in_business_hours_across_the_weekend(rules):
    clock = sla.start(Urgency.URGENT, Tier.GOLD, "NY", FRIDAY_4PM_NY, rules.sla)
    # 6 business hours: Friday 16-18 (2 h), then Monday 08-12 (4 h)
    assert clock.due_at == datetime(2026, 11, 23, 17, 0, tzinfo=UTC)


def test_public_holidays_of_the_region_do_not_count(rules):
    clock = sla.start(Urgency.URGENT, Tier.GOLD, "NY", WEDNESDAY_5PM_NY, rules.sla)
    # Wednesday 17-18 (1 h), Thanksgiving Thursday closed, Friday 08-13 (5 h)
    assert clock.due_at == datetime(2026, 11, 27, 18, 0, tzinfo=UTC)


def test_emergencies_run_on_the_wall_clock(rules):
    clock = sla.start(Urgency.EMERGENCY, Tier.BRONZE, "NY", FRIDAY_4PM_NY, rules.sla)
    assert clock.due_at == FRIDAY_4PM_NY + timedelta(hours=1)


def test_unknown_region_uses_the_default_business_hours(rules):
    assert sla.hours_for("ZZ", rules.sla) == rules.sla.business_hours["default"]


def test_a_pause_stops_the_clock_and_resuming_moves_the_due_time(rules):
    clock = sla.start(Urgency.URGENT, Tier.GOLD, "NY", FRIDAY_4PM_NY, rules.sla)
    monday_9 = datetime(2026, 11, 23, 14, 0, tzinfo=UTC)
    paused = sla.pause(clock, monday_9, "waiting on member")
    during = sla.status(paused, monday_9 + timedelta(hours=2), rules.sla)
    assert during.hours_to_breach == sla.status(clock, monday_9, rules.sla).hours_to_breach
    resumed = sla.resume(paused, monday_9 + timedelta(hours=2), rules.sla)
    assert resumed.due_at == clock.due_at + timedelta(hours=2)
    assert resumed.pauses[-1].end == monday_9 + timedelta(hours=2)


def test_checkpoints_come_at_their_share_of_the_window_and_each_only_once(rules):
    clock = sla.start(Urgency.ROUTINE, Tier.GOLD, "NY", datetime(2026, 11, 23, 13, 0, tzinfo=UTC), rules.sla)
    share, at = sla.next_checkpoint(clock, rules.sla)
    assert share == rules.sla.checkpoints[0]
    assert sla.status(clock, at, rules.sla).elapsed_share == share
    done = clock.model_copy(update={"checkpoints_done": list(rules.sla.checkpoints)})
    assert sla.next_checkpoint(done, rules.sla) is None


def test_status_reports_a_breach_once_the_window_is_used(rules):
    clock = sla.start(Urgency.URGENT, Tier.GOLD, "NY", FRIDAY_4PM_NY, rules.sla)
    assert sla.status(clock, clock.due_at, rules.sla).breached
    assert not sla.status(clock, clock.due_at - timedelta(minutes=1), rules.sla).breached
