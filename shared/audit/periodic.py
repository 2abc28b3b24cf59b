"""The audit's background rhythm: do one thing every interval until stopped.

Anchoring and scheduled verification both wait an interval, act, and on any failure (the
database went away) log it and wait for the next interval rather than stop the service.
"""

from __future__ import annotations

import asyncio
import contextlib
from typing import TYPE_CHECKING

import structlog

if TYPE_CHECKING:
    from collections.abc import Awaitable, Callable

log = structlog.get_logger("audit")


async def every(
    interval_s: float, stop: asyncio.Event, act: Callable[[], Awaitable[object]], failed: str,
    schema: str,
) -> None:  # fmt: skip
    """Wait `interval_s`, `act`, and again, until `stop`; a failure is logged as `failed`."""
    while not stop.is_set():
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), interval_s)
        if stop.is_set():
            return
        try:
            await act()
        except Exception as error:  # noqa: BLE001 - the database went away: next interval
            log.warning(failed, schema=schema, error=type(error).__name__)
