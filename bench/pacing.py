"""Send at a steady rate, open loop: a slow answer never delays the next request."""

from __future__ import annotations

import asyncio
import time
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Awaitable, Callable


async def at_rate(rate: float, count: int, send: Callable[[], Awaitable[None]]) -> float:
    """Start `send()` `count` times, the i-th at start + i/rate, then await them all.

    Returns the seconds the starts took, to check the rate was really held.
    """
    tasks: list[asyncio.Task[None]] = []
    started = time.perf_counter()
    for i in range(count):
        delay = started + i / rate - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        tasks.append(asyncio.create_task(_run(send)))
    spread = time.perf_counter() - started
    await asyncio.gather(*tasks)
    return spread


async def _run(send: Callable[[], Awaitable[None]]) -> None:
    await send()
