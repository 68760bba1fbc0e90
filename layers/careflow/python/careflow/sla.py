"""SLA clocks counted in business hours of the member's region, with public holidays and pauses."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from functools import cache
from zoneinfo import ZoneInfo

import holidays as public_holidays
from pydantic import BaseModel

from careflow.models import Pause, Shift, SlaClock, Tier, Urgency
from careflow.rules import UNVERIFIED, Sla

MAX_DAYS = 3660  # a window longer than ten years of business days is a rule error, not a loop


class Status(BaseModel):
    elapsed_share: float  # 0.8 = 80 % of the window used
    hours_to_breach: float  # business hours left (negative once breached)
    breached: bool


def window_hours(urgency: Urgency, tier: Tier | None, rules: Sla) -> float:
    return rules.windows[urgency][tier.value if tier else UNVERIFIED]


def start(urgency: Urgency, tier: Tier | None, region: str | None, at: datetime, rules: Sla) -> SlaClock:
    hours = window_hours(urgency, tier, rules)
    clock = SlaClock(window_hours=hours, region=region or "default", around_the_clock=urgency in rules.around_the_clock,
                     started_at=at, due_at=at)
    return clock.model_copy(update={"due_at": due_at(clock, rules)})


def due_at(clock: SlaClock, rules: Sla) -> datetime:
    """When the window runs out, counting paused business time as not used."""
    return _add(clock, clock.started_at, clock.window_hours + _paused(clock, None, rules), rules)


def status(clock: SlaClock, now: datetime, rules: Sla) -> Status:
    used = _elapsed(clock, clock.started_at, now, rules) - _paused(clock, now, rules)
    return Status(elapsed_share=round(used / clock.window_hours, 4),
                  hours_to_breach=round(clock.window_hours - used, 2), breached=used >= clock.window_hours)


def next_checkpoint(clock: SlaClock, rules: Sla) -> tuple[float, datetime] | None:
    """The next share of the window at which escalation re-checks the enquiry, and when that is."""
    for share in rules.checkpoints:
        if share not in clock.checkpoints_done:
            return share, _add(clock, clock.started_at, clock.window_hours * share + _paused(clock, None, rules), rules)
    return None


def pause(clock: SlaClock, at: datetime, reason: str) -> SlaClock:
    if clock.pauses and clock.pauses[-1].end is None:
        return clock
    return clock.model_copy(update={"pauses": [*clock.pauses, Pause(start=at, reason=reason)]})


def resume(clock: SlaClock, at: datetime, rules: Sla) -> SlaClock:
    if not clock.pauses or clock.pauses[-1].end is not None:
        return clock
    closed = clock.pauses[-1].model_copy(update={"end": at})
    resumed = clock.model_copy(update={"pauses": [*clock.pauses[:-1], closed]})
    return resumed.model_copy(update={"due_at": due_at(resumed, rules)})


def hours_for(region: str, rules: Sla) -> Shift:
    return rules.business_hours.get(region, rules.business_hours["default"])


def is_holiday(day: date, region: str, rules: Sla) -> bool:
    return day in rules.closures or day in _holidays(rules.holidays_country, region, day.year)


@cache
def _holidays(country: str, region: str, year: int) -> public_holidays.HolidayBase:
    try:
        return public_holidays.country_holidays(country, subdiv=region, years=year)
    except NotImplementedError:  # a region the package does not know: the country's holidays only
        return public_holidays.country_holidays(country, years=year)


def _paused(clock: SlaClock, now: datetime | None, rules: Sla) -> float:
    """Business hours spent paused; a pause still open counts up to `now` (nothing when `now` is None)."""
    return sum(_elapsed(clock, p.start, p.end or now or p.start, rules) for p in clock.pauses)


def _open_intervals(clock: SlaClock, start: datetime, rules: Sla):
    """Business-hour intervals from `start` onwards, in order, as (open, close) datetimes."""
    hours = hours_for(clock.region, rules)
    zone = ZoneInfo(hours.timezone)
    day = start.astimezone(zone).date()
    for _ in range(MAX_DAYS):
        if day.weekday() in hours.days and not is_holiday(day, clock.region, rules):
            opens = datetime.combine(day, hours.start, zone)
            closes = datetime.combine(day, hours.end, zone)
            if closes > start:
                yield max(opens, start), closes
        day += timedelta(days=1)
    raise ValueError(f"no business hours within {MAX_DAYS} days for region {clock.region}")


def _elapsed(clock: SlaClock, start: datetime, end: datetime, rules: Sla) -> float:
    if end <= start:
        return 0.0
    if clock.around_the_clock:
        return (end - start).total_seconds() / 3600
    total = 0.0
    for opens, closes in _open_intervals(clock, start, rules):
        if opens >= end:
            break
        total += (min(closes, end) - opens).total_seconds()
    return total / 3600


def _add(clock: SlaClock, start: datetime, hours: float, rules: Sla) -> datetime:
    if clock.around_the_clock:
        return start + timedelta(hours=hours)
    remaining = timedelta(hours=hours)
    for opens, closes in _open_intervals(clock, start, rules):
        if opens + remaining <= closes:
            return (opens + remaining).astimezone(start.tzinfo)
        remaining -= closes - opens
    raise AssertionError("unreachable: _open_intervals raises first")
