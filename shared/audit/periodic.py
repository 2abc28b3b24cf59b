"""The audit's background rhythm: do one thing every interval, or daily at a clock time.

Anchoring and scheduled verification both wait, act, and on any failure (the database went
away) log it and wait for the next turn rather than stop the service. Verification may run at
a fixed local time (`daily_at`, e.g. 03:00 in Amsterdam, daylight saving included) instead of
an interval from the service's start, so it falls in the quiet of the night.
"""

from __future__ import annotations

import asyncio
import contextlib
from datetime import datetime, time, timedelta
from typing import TYPE_CHECKING, TypeAlias

import structlog

from shared.clock import MUNICIPAL_ZONE

if TYPE_CHECKING:
    from collections.abc import Awaitable, Callable

log = structlog.get_logger("audit")


def seconds_until(at: time, now: datetime) -> float:
    """From `now` to the next `at` on the municipality's clock (tomorrow's if passed today).

    Wall-clock arithmetic in the zone, so 03:00 stays 03:00 across a change of daylight
    saving time (the night of the change is an hour shorter or longer).
    """
    local = now.astimezone(MUNICIPAL_ZONE)
    day = local.date() if local.time() < at else local.date() + timedelta(1)
    due = datetime.combine(day, at, MUNICIPAL_ZONE)
    return max((due - now).total_seconds(), 0.0)


Wait: TypeAlias = "float | Callable[[], float]"
"""Seconds to wait before each turn: a fixed interval, or computed anew each time."""


async def every(
    wait: Wait, stop: asyncio.Event, act: Callable[[], Awaitable[object]], failed: str,
    schema: str,
) -> None:  # fmt: skip
    """Wait, `act`, and again, until `stop`; a failure is logged as `failed`."""
    while not stop.is_set():
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), wait() if callable(wait) else wait)
        if stop.is_set():
            return
        try:
            await act()
        except Exception as error:  # noqa: BLE001 - the database went away: next interval
            log.warning(failed, schema=schema, error=type(error).__name__)
