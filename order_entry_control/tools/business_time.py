# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Business-time arithmetic on plain datetimes, free of the ORM.

Work intervals are ``(start, stop)`` pairs of naive datetimes in one time
base (the callers use UTC), sorted and not overlapping: what the company's
``resource.calendar`` says is working time, holidays already removed.
"""

from datetime import datetime, time, timedelta

MAX_DAYS_AHEAD = 366


def float_to_time(hours):
    """Turn 16.5 into time(16, 30); refuse values outside [0, 24)."""
    if hours is None or not 0 <= hours < 24:
        raise ValueError(f"{hours!r} is not an hour of the day (0 to 23:59)")
    minutes = int(round(hours * 60))
    minutes = min(minutes, 24 * 60 - 1)
    return time(minutes // 60, minutes % 60)


def add_working_hours(start, hours, intervals):
    """Return the moment ``hours`` of working time after ``start``.

    Time before the first interval or between intervals does not count.
    Returns None when the intervals end before the hours are used up.
    """
    if hours < 0:
        raise ValueError("hours must not be negative")
    remaining = timedelta(hours=hours)
    for begin, end in intervals:
        if end <= start:
            continue
        begin = max(begin, start)
        available = end - begin
        if remaining <= available:
            return begin + remaining
        remaining -= available
    return None


def working_hours_between(start, end, intervals):
    """Working hours between two moments (negative when ``end`` < ``start``)."""
    if end < start:
        return -working_hours_between(end, start, intervals)
    total = timedelta()
    for begin, stop in intervals:
        lo, hi = max(begin, start), min(stop, end)
        if hi > lo:
            total += hi - lo
    return total.total_seconds() / 3600.0


def next_working_day(day, working_days):
    """The first day on or after ``day`` that is in ``working_days``."""
    for offset in range(MAX_DAYS_AHEAD):
        candidate = day + timedelta(days=offset)
        if candidate in working_days:
            return candidate
    return None


def business_date(received_local, cutoff_hours, working_days):
    """The business date of an order received at ``received_local``.

    ``received_local`` is a naive datetime in the company's time zone.  An
    order received at or after the cutoff counts on the next day, and a day
    that is not a working day moves to the next working day.  With no
    working day known, the calendar date (or the next one) is kept.
    """
    if not isinstance(received_local, datetime):
        raise TypeError("received_local must be a datetime")
    day = received_local.date()
    if received_local.time() >= float_to_time(cutoff_hours):
        day += timedelta(days=1)
    return next_working_day(day, working_days) or day


def working_days_of(intervals, to_local):
    """The set of local dates on which some work interval starts."""
    days = set()
    for begin, _end in intervals:
        local = to_local(begin)
        days.add(local.date() if isinstance(local, datetime) else local)
    return days


__all__ = [
    "add_working_hours",
    "business_date",
    "float_to_time",
    "next_working_day",
    "working_days_of",
    "working_hours_between",
]
