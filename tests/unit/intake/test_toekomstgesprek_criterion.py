"""The toekomstgesprek's criterion: on bijstand for more than two years, strictly."""

from __future__ import annotations

from datetime import date

from services.intake.domain.toekomstgesprek import Criterion, criterion, two_years_before

TODAY = date(2026, 12, 2)


def on_bijstand(since: date | None, today: date = TODAY) -> Criterion:
    return criterion(today, income_open=True, since=since)


def test_exactly_two_years_is_not_more_than_two_years():
    """Since 2 December 2024, on 2 December 2026: two years, not more."""
    found = on_bijstand(date(2024, 12, 2))
    assert (found.bijstand_since, found.criterion_met) == (date(2024, 12, 2), False)


def test_a_day_more_than_two_years_meets_it():
    """Since 1 December 2024: two years and a day."""
    found = on_bijstand(date(2024, 12, 1))
    assert (found.bijstand_since, found.criterion_met) == (date(2024, 12, 1), True)


def test_a_day_less_does_not():
    """Since 3 December 2024: a day short."""
    assert on_bijstand(date(2024, 12, 3)).criterion_met is False


def test_two_years_before_a_leap_day_is_the_last_of_february():
    """On 29 February 2028 the day two years back is 28 February 2026; since then is not more."""
    assert two_years_before(date(2028, 2, 29)) == date(2026, 2, 28)
    assert on_bijstand(date(2026, 2, 28), date(2028, 2, 29)).criterion_met is False
    assert on_bijstand(date(2026, 2, 27), date(2028, 2, 29)).criterion_met is True


def test_ended_or_refused_bijstand_is_not_met_and_names_no_day():
    """Income said the bijstand closed: not on bijstand now, whatever it was before."""
    found = criterion(TODAY, income_open=False, since=date(2020, 1, 1))
    assert (found.bijstand_since, found.criterion_met) == (None, False)


def test_nothing_heard_from_income_or_no_day_is_unknown_not_a_no():
    """The read model may lag behind the desk: unknown is None, never False."""
    unheard = criterion(TODAY, income_open=None, since=None)
    assert (unheard.bijstand_since, unheard.criterion_met) == (None, None)
    assert on_bijstand(None).criterion_met is None
