"""A report's period in the query string: `from` and `until` as `JJJJ-MM`, refused in two languages.

Every service that reports over months reads them alike (the timeline's reports, intake's
figures that need its keys), and refuses alike: a 422 naming the parameter, Dutch and English.
"""

from __future__ import annotations

import calendar
import re
from datetime import date

from fastapi import HTTPException, status

__all__ = ["FIELDS", "MONTH", "field_error", "first_of_month", "month_span"]

# ASCII digits: Python's \d also takes other scripts' digits, which the published pattern does not.
MONTH = r"^[0-9]{4}-(0[1-9]|1[0-2])$"
FIELDS = {"start": "from", "end": "until"}  # parameter -> its name in the query string


def field_error(field: str, nl: str, en: str) -> HTTPException:
    """A 422 naming the query parameter, shaped as shared.command_http's rule violations."""
    problem = {"loc": ["query", field], "msg": nl, "msg_en": en, "type": "value_error"}
    return HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, [problem])


def first_of_month(value: str, field: str) -> date:
    """`YYYY-MM` -> its first day; a month the calendar lacks (year 0, month 13) is a 422.

    The pattern is checked here, not by FastAPI, so every refusal names the field in Dutch
    and English alike.

    Raises:
        HTTPException: 422 naming `field`.
    """
    if re.fullmatch(MONTH, value) is None:
        raise field_error(
            field, f"{field}: vul een maand in als JJJJ-MM", f"{field}: give a month as YYYY-MM"
        )
    year, month = int(value[:4]), int(value[5:])
    if not date.min.year <= year <= date.max.year:
        raise field_error(
            field,
            f"{field}: jaar {year} valt buiten 0001-9999",
            f"{field}: year {year} is outside 0001-9999",
        )
    return date(year, month, 1)


def month_span(start: str, end: str) -> tuple[date, date]:
    """`YYYY-MM` .. `YYYY-MM` -> the first day of the one and the last day of the other.

    Raises:
        HTTPException: 422 naming the field: no month, or `until` before `from`.
    """
    first = first_of_month(start, FIELDS["start"])
    until = first_of_month(end, FIELDS["end"])
    last = until.replace(day=calendar.monthrange(until.year, until.month)[1])
    if last < first:
        raise field_error(FIELDS["end"], "until ligt vóór from", "until is before from")
    return first, last
