"""Working days, for the Wgs crisis deadline: Monday to Friday, minus any given public holidays.

Public holidays are an extension point: pass them in as `holidays` (a set of dates). Nothing
here knows the Dutch holiday calendar yet (Nieuwjaarsdag, Pasen, Koningsdag, Hemelvaart,
Pinksteren, Kerst, and Bevrijdingsdag once every five years); when it is needed, a provider of
those dates can feed `holidays` without changing the arithmetic.
"""

from __future__ import annotations

from datetime import date, timedelta

__all__ = ["add_working_days", "is_working_day"]

_SATURDAY = 5  # date.weekday(): Monday is 0


def is_working_day(day: date, holidays: frozenset[date] = frozenset()) -> bool:
    """Whether `day` is a weekday and not one of `holidays`."""
    return day.weekday() < _SATURDAY and day not in holidays


def add_working_days(start: date, days: int, holidays: frozenset[date] = frozenset()) -> date:
    """The `days`-th working day after `start`; `start` itself never counts.

    Zero days is `start` itself, whatever day it is. A Thursday plus 3 is the next Tuesday; a
    Saturday or Sunday plus 3 is the next Wednesday.
    """
    if days < 0:
        raise ValueError(f"days must be 0 or more, not {days}")
    day = start
    left = days
    while left > 0:
        day += timedelta(days=1)
        if is_working_day(day, holidays):
            left -= 1
    return day
