"""The toekomstgesprek's criterion: on bijstand for more than two years (Nijmegen's pilot).

Intake does not refuse an enrolment that does not meet it: the municipality decides who
joins, and intake learns of bijstand from income's topic, which may lag behind the desk. It
shows the criterion instead, beside the enrolment, in the summaries and the regisseur's
list, from what income told intake: bijstand open since a day (the first paid day once
granted, the application's day before). "More than two years" is strictly: since before the
day two years ago (in the calendar: two years before 29 February is 28 February), so exactly
two years is not more. Not on bijstand by income's word (refused or ended): not met. Nothing
heard from income, or no day known: unknown (`None`), which is not a "no".
"""

from __future__ import annotations

import calendar
from datetime import date  # noqa: TC003 - pydantic needs it at runtime

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["PROGRAMME", "Criterion", "criterion", "two_years_before"]

PROGRAMME = "toekomstgesprek"
YEARS = 2


class Criterion(BaseModel):
    """Whether a young person meets the toekomstgesprek's criterion, and on what it rests."""

    model_config = ConfigDict(frozen=True)

    bijstand_since: date | None = Field(
        description="On bijstand since this day, by income's word; null when not on it or"
        " not known.",
        examples=["2024-03-01"],
    )
    criterion_met: bool | None = Field(
        description="On bijstand for more than two years: true, false, or null when income"
        " has told intake nothing (yet).",
        examples=[True],
    )


def two_years_before(today: date) -> date:
    """The same day two years back; 28 February for a 29th without a leap year."""
    year = today.year - YEARS
    return today.replace(year=year, day=min(today.day, calendar.monthrange(year, today.month)[1]))


def criterion(today: date, *, income_open: bool | None, since: date | None) -> Criterion:
    """Met when bijstand is open since before the day two years back (see the module).

    `income_open` None: income never told intake of a bijstand for this young person.
    """
    if income_open is None:
        return Criterion(bijstand_since=None, criterion_met=None)
    if not income_open:
        return Criterion(bijstand_since=None, criterion_met=False)
    if since is None:
        return Criterion(bijstand_since=None, criterion_met=None)
    return Criterion(bijstand_since=since, criterion_met=since < two_years_before(today))
