"""Working days skip Dutch public holidays, from the maintained `holidays` calendar."""

from __future__ import annotations

from datetime import date

import pytest

from services.debts.domain.model import add_working_days, is_working_day, wgs_deadline
from services.debts.domain.working_days import DUTCH_PUBLIC_HOLIDAYS


@pytest.mark.parametrize(
    ("day", "name"),
    [
        (date(2026, 1, 1), "Nieuwjaarsdag"),
        (date(2026, 4, 3), "Goede vrijdag"),
        (date(2026, 4, 6), "Tweede paasdag"),
        (date(2026, 4, 27), "Koningsdag"),
        (date(2026, 5, 5), "Bevrijdingsdag"),  # every year, as the Algemene termijnenwet has it
        (date(2026, 5, 14), "Hemelvaartsdag"),
        (date(2026, 5, 25), "Tweede pinksterdag"),
        (date(2026, 12, 25), "Eerste kerstdag"),
        (date(2026, 12, 26), "Tweede kerstdag"),
        (date(2025, 4, 26), "Koningsdag"),  # the 27th was a Sunday: the Saturday before
    ],
)
def test_dutch_public_holidays_are_not_working_days(day, name):
    """Each holiday by its Dutch name; none of them a working day."""
    assert day in DUTCH_PUBLIC_HOLIDAYS
    assert DUTCH_PUBLIC_HOLIDAYS.name_of(day) == name
    assert not is_working_day(day, DUTCH_PUBLIC_HOLIDAYS)


def test_an_ordinary_weekday_is_a_working_day():
    """A Tuesday in November is nobody's holiday."""
    assert date(2026, 11, 24) not in DUTCH_PUBLIC_HOLIDAYS
    assert DUTCH_PUBLIC_HOLIDAYS.name_of(date(2026, 11, 24)) is None
    assert is_working_day(date(2026, 11, 24), DUTCH_PUBLIC_HOLIDAYS)


def test_the_calendar_answers_for_dates_only():
    """Anything that is not a date is no holiday."""
    assert "2026-12-25" not in DUTCH_PUBLIC_HOLIDAYS


@pytest.mark.parametrize(
    ("requested_on", "due"),
    [
        # Friday 24 April 2026: Monday 27 is Koningsdag -> Tue, Wed, Thu 30 April.
        (date(2026, 4, 24), date(2026, 4, 30)),
        # Thursday 2 April 2026: Goede Vrijdag and Tweede Paasdag -> Tue 7, Wed 8, Thu 9.
        (date(2026, 4, 2), date(2026, 4, 9)),
        # Thursday 24 December 2026: Kerst on Friday and Saturday -> Mon 28, Tue 29, Wed 30.
        (date(2026, 12, 24), date(2026, 12, 30)),
        # Wednesday 13 May 2026: Hemelvaartsdag Thursday -> Fri 15, Mon 18, Tue 19.
        (date(2026, 5, 13), date(2026, 5, 19)),
        # Monday 4 May 2026: Bevrijdingsdag Tuesday -> Wed 6, Thu 7, Fri 8.
        (date(2026, 5, 4), date(2026, 5, 8)),
    ],
)
def test_a_crisis_deadline_counts_three_working_days_past_the_holidays(requested_on, due):
    """The Wgs crisis deadline skips the weekend and every Dutch public holiday."""
    assert wgs_deadline(requested_on, crisis=True) == due


def test_the_four_week_deadline_counts_calendar_days_holidays_included():
    """Four weeks are 28 calendar days, whatever falls in them."""
    assert wgs_deadline(date(2026, 12, 1), crisis=False) == date(2026, 12, 29)


def test_without_a_calendar_the_arithmetic_skips_weekends_only():
    """The arithmetic takes its calendar as given: none, and Koningsdag counts."""
    assert add_working_days(date(2026, 4, 24), 3) == date(2026, 4, 29)
    assert add_working_days(date(2026, 4, 24), 3, DUTCH_PUBLIC_HOLIDAYS) == date(2026, 4, 30)


def test_years_ahead_have_their_holidays_too():
    """The calendar is computed, not listed: Tweede Paasdag 2031 falls on 14 April."""
    assert date(2031, 4, 14) in DUTCH_PUBLIC_HOLIDAYS
    assert date(2031, 4, 15) not in DUTCH_PUBLIC_HOLIDAYS
