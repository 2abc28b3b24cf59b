"""Run a component's loop (relay, projection runner) in the background and watch its counters."""

from __future__ import annotations

import asyncio
import contextlib
import time
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import AsyncIterator, Awaitable, Callable

STOP_TIMEOUT_S = 30.0
POLL_S = 0.001


@contextlib.asynccontextmanager
async def running(
    loop: Callable[[asyncio.Event], Awaitable[None]], name: str
) -> AsyncIterator[asyncio.Task[None]]:
    """Start `loop(stop)`; on leaving, set `stop` and wait for it (cancel it if it hangs)."""
    stop = asyncio.Event()

    async def run() -> None:
        await loop(stop)

    task = asyncio.create_task(run(), name=name)
    try:
        yield task
    finally:
        stop.set()
        done, _ = await asyncio.wait({task}, timeout=STOP_TIMEOUT_S)
        if not done:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        elif not task.cancelled():
            task.exception()  # retrieved here; wait_until has already raised it if it mattered


async def wait_until(
    condition: Callable[[], bool], task: asyncio.Task[None], within: float, what: str
) -> float:
    """Poll `condition` every millisecond; return when it holds (perf_counter time).

    Fails at once if `task` ends first (with its own error), or after `within` seconds.
    """
    deadline = time.perf_counter() + within
    while not condition():
        if task.done():
            task.result()
            raise RuntimeError(f"{what}: the loop stopped before finishing")
        if time.perf_counter() > deadline:
            raise TimeoutError(f"{what}: not done within {within:.0f} s")
        await asyncio.sleep(POLL_S)
    return time.perf_counter()
