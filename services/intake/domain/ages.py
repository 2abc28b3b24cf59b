"""Ages and the birthdays that change what holds for a young person; pure date arithmetic.

Completed years on a day (`age_on`), the band reports count by (`age_band`), and the days a
band or the age of majority begins (`birthday`): one born on 29 February turns a year older
on 1 March in a year without that day, as `age_on` counts.

What leaves intake about a birthday is month-grained (`month_start`, `first_of_month_from`):
a fact recorded on the birthday, or naming it, would publish the birth date to every
subscriber and keep it in the event store after an erasure.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from services.intake.domain.vocabulary import AgeBand

__all__ = [
    "ADULT_AGE",
    "BAND_BIRTHDAYS",
    "TRANSITION_NOTICE_MONTHS",
    "add_months",
    "age_band",
    "age_band_on",
    "age_on",
    "birthday",
    "first_of_month_from",
    "month_start",
    "transition_due_on",
    "transition_notice_on",
]

ADULT_AGE = 18
LAST_YOUTH_CARE_AGE = 22  # verlengde jeugdhulp runs up to the 23rd birthday
# The birthdays on which a young person enters the next band.
BAND_BIRTHDAYS: dict[int, AgeBand] = {ADULT_AGE: "18-22", LAST_YOUTH_CARE_AGE + 1: "23-27"}
TRANSITION_NOTICE_MONTHS = 6  # the transition plan is due this long before the 18th birthday


def add_months(day: date, months: int) -> date:
    """The same day `months` later; the month's last day where it has fewer (31 Jan -> 30 Apr)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def age_on(born: date, day: date) -> int:
    """Completed years of age on `day`."""
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def age_band(age: int) -> AgeBand:
    """The band reports use, so the exact birth date never has to leave intake."""
    if age < ADULT_AGE:
        return "16-17"
    return "18-22" if age <= LAST_YOUTH_CARE_AGE else "23-27"


def age_band_on(born: date, day: date) -> AgeBand:
    """The band of the age on `day`: the one a fact of that day counts in."""
    return age_band(age_on(born, day))


def birthday(born: date, age: int) -> date:
    """The first day of `age` completed years (1 March for 29 February in other years)."""
    try:
        return born.replace(year=born.year + age)
    except ValueError:  # 29 February in a year without it
        return date(born.year + age, 3, 1)


def month_start(day: date) -> date:
    """The first of `day`'s month."""
    return day.replace(day=1)


def first_of_month_from(day: date) -> date:
    """The first first-of-a-month on or after `day`: when a birthday's fact is recorded."""
    return day if day.day == 1 else add_months(month_start(day), 1)


def transition_due_on(born: date) -> date:
    """The last day before the month of the 18th birthday: agreed by then is agreed in time."""
    return month_start(birthday(born, ADULT_AGE)) - timedelta(days=1)


def transition_notice_on(due_on: date) -> date:
    """When the transition plan is asked for: the first of the month six months before."""
    return add_months(due_on + timedelta(days=1), -TRANSITION_NOTICE_MONTHS)
