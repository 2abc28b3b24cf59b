"""The one clock: the municipality's calendar day, injected at the composition root.

Deadlines (a first debt conversation within four weeks, a roof in the first week) count Dutch
calendar days, so "today" is the date in Europe/Amsterdam, not the server's or UTC's: at 00:30
in Amsterdam it is already tomorrow there while UTC still says today. Every service reads the
day from the clock its app was built with, so tests fix the day and no code asks the system.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import TYPE_CHECKING, Annotated, Protocol
from zoneinfo import ZoneInfo

from fastapi import Depends, Request

if TYPE_CHECKING:
    from fastapi import FastAPI

MUNICIPAL_ZONE = ZoneInfo("Europe/Amsterdam")


class Clock(Protocol):
    """Where a service gets the day from."""

    def today(self) -> date:
        """The municipality's calendar day now."""
        ...

    def now(self) -> datetime:
        """The moment now, aware: what durable timers compare their due moments with."""
        ...


@dataclass(frozen=True)
class SystemClock:
    """The real day, in the municipalities' time zone."""

    zone: ZoneInfo = field(default=MUNICIPAL_ZONE)

    def today(self) -> date:
        """The date in `zone` at this moment."""
        return datetime.now(self.zone).date()

    def now(self) -> datetime:
        """This moment, in `zone`."""
        return datetime.now(self.zone)


@dataclass(frozen=True)
class FixedClock:
    """A day that does not move: for tests and for replaying what was decided on a day."""

    day: date

    def today(self) -> date:
        """Always `day`."""
        return self.day

    def now(self) -> datetime:
        """The start of `day` in the municipalities' time zone: the day has begun, no more."""
        return start_of(self.day)


def start_of(day: date, zone: ZoneInfo = MUNICIPAL_ZONE) -> datetime:
    """Midnight at the start of `day` in `zone`: the moment a deadline of the day before passed."""
    return datetime.combine(day, time(0), tzinfo=zone)


def install_clock(app: FastAPI, clock: Clock | None = None) -> Clock:
    """Give `app` its clock (the system's unless one is given); routes read it per request."""
    chosen = clock or SystemClock()
    app.state.clock = chosen
    return chosen


def clock_of(request: Request) -> Clock:
    """The clock the composition root installed."""
    clock: Clock = request.app.state.clock
    return clock


async def today_of(request: Request) -> date:
    """Today by the app's clock (async: FastAPI would run a plain function in a thread)."""
    return clock_of(request).today()


Today = Annotated[date, Depends(today_of)]
"""A route parameter holding the municipality's calendar day."""
