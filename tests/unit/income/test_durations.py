"""`longer_than`: an ISO 8601 duration counted back in the calendar, or a 422 naming it."""

from __future__ import annotations

from datetime import date

import pytest
from fastapi import HTTPException

from services.income.durations import before
from services.income.projections.benefits import whole_months


@pytest.mark.parametrize(
    ("duration", "expected"),
    [
        ("P2Y", date(2024, 11, 22)),
        ("P18M", date(2025, 5, 22)),
        ("P1Y6M", date(2025, 5, 22)),
        ("P2W", date(2026, 11, 8)),
        ("P1Y2M3W4D", date(2025, 8, 28)),
    ],
)
def test_a_duration_reaches_back_in_the_calendar(duration, expected):
    """Years and months by the calendar, weeks and days after them."""
    assert before(date(2026, 11, 22), duration, "longer_than") == expected


def test_a_month_back_from_its_last_day_lands_on_the_shorter_month_s_last():
    """Two years before 29 February is 28 February; a month before 31 March is 28 February."""
    assert before(date(2028, 2, 29), "P2Y", "f") == date(2026, 2, 28)
    assert before(date(2027, 3, 31), "P1M", "f") == date(2027, 2, 28)


@pytest.mark.parametrize("bad", ["", "P", "2Y", "P2Y1", "PT2H", "P-1Y", "P\uff12Y", "P9999Y"])
def test_anything_else_is_a_422_naming_the_parameter_in_two_languages(bad):
    """Not a duration of whole years, months, weeks, days, or one before year 1."""
    with pytest.raises(HTTPException) as refused:
        before(date(2026, 11, 22), bad, "longer_than")
    [problem] = refused.value.detail
    assert (refused.value.status_code, problem["loc"]) == (422, ["query", "longer_than"])
    assert (problem["msg"], problem["msg_en"]) != ("", "")


def test_whole_months_count_completed_months_only():
    """30 months on bijstand after two and a half years; none in the first month."""
    assert whole_months(date(2024, 5, 23), date(2026, 11, 22)) == 29
    assert whole_months(date(2024, 5, 22), date(2026, 11, 22)) == 30
    assert whole_months(date(2026, 11, 1), date(2026, 11, 22)) == 0
