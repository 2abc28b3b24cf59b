"""Working days, for the Wgs crisis deadline: Monday to Friday, minus Dutch public holidays.

The holidays come from the maintained `holidays` package (pinned in pyproject.toml), never a
hand-kept list: Nieuwjaarsdag, Goede Vrijdag, Pasen, Koningsdag (a Sunday's moves to the
Saturday), Hemelvaartsdag, Pinksteren and Kerst, and Bevrijdingsdag (5 mei) every year, as
the Algemene termijnenwet counts it for statutory time limits (the package lists it as
public only every fifth year, and every year in its `optional` category). The arithmetic
itself takes any set of holidays (`holidays`), so a test or another calendar can pass its own.
Pure: the calendar is computed, never fetched; each year's dates once per process.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import cache
from typing import TYPE_CHECKING

import holidays as holiday_calendars

if TYPE_CHECKING:
    from collections.abc import Container

__all__ = ["DUTCH_PUBLIC_HOLIDAYS", "DutchPublicHolidays", "add_working_days", "is_working_day"]

_SATURDAY = 5  # date.weekday(): Monday is 0


@cache
def _calendar(year: int) -> dict[date, str]:
    found = holiday_calendars.country_holidays(
        "NL",
        years=year,
        categories=(holiday_calendars.PUBLIC, holiday_calendars.OPTIONAL),
        language="nl",
    )
    return {day: str(name) for day, name in found.items()}


class DutchPublicHolidays:
    """The Dutch public holidays of any year, as a container of dates (`day in ...`)."""

    def __contains__(self, day: object) -> bool:
        """Whether `day` is a Dutch public holiday."""
        return isinstance(day, date) and day in _calendar(day.year)

    def name_of(self, day: date) -> str | None:
        """The holiday's Dutch name, or None on an ordinary day."""
        return _calendar(day.year).get(day)


DUTCH_PUBLIC_HOLIDAYS = DutchPublicHolidays()
"""The calendar the Wgs deadline counts with."""


def is_working_day(day: date, holidays: Container[date] = frozenset()) -> bool:
    """Whether `day` is a weekday and not one of `holidays`."""
    return day.weekday() < _SATURDAY and day not in holidays


def add_working_days(start: date, days: int, holidays: Container[date] = frozenset()) -> date:
    """The `days`-th working day after `start`; `start` itself never counts.

    Zero days is `start` itself, whatever day it is. A Thursday plus 3 is the next Tuesday; a
    Saturday or Sunday plus 3 is the next Wednesday (with `holidays`, those skipped too).
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
