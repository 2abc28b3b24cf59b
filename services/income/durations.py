"""An ISO 8601 duration in the query string (`P2Y`, `P18M`, `P1Y6M`, `P6W`), refused bilingually.

Only whole years, months, weeks and days: a selection over months and years needs no hours.
The day it reaches back to counts in the calendar (two years before 29 February is 28
February), so "longer than P2Y" is what a klantmanager means by it.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

from shared.report_period import field_error

__all__ = ["DURATION", "before"]

# ASCII digits only; at least one part (a bare `P` says nothing).
DURATION = r"^P(?!$)(?:([0-9]{1,4})Y)?(?:([0-9]{1,5})M)?(?:([0-9]{1,5})W)?(?:([0-9]{1,6})D)?$"


def before(today: date, duration: str, field: str) -> date:
    """The day `duration` before `today`.

    Raises:
        HTTPException: 422 naming `field`: not a duration of years, months, weeks and days,
            or one that reaches before the calendar's first year.
    """
    found = re.fullmatch(DURATION, duration)
    if found is None:
        raise field_error(
            field,
            f"{field}: geef een ISO 8601-duur zoals P2Y, P18M of P1Y6M",
            f"{field}: give an ISO 8601 duration such as P2Y, P18M or P1Y6M",
        )
    years, months, weeks, days = (int(part or 0) for part in found.groups())
    total = today.year * 12 + today.month - 1 - years * 12 - months
    year, month = divmod(total, 12)
    try:
        back = date(year, month + 1, min(today.day, calendar.monthrange(year, month + 1)[1]))
        return back - timedelta(weeks=weeks, days=days)
    except (ValueError, OverflowError):
        raise field_error(
            field,
            f"{field}: die duur reikt verder terug dan de kalender",
            f"{field}: that duration reaches back beyond the calendar",
        ) from None
