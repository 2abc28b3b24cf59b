"""Background loops of a service (relay, projection runner), restarted when they fail."""

from __future__ import annotations

import asyncio
import contextlib
from typing import TYPE_CHECKING

import structlog

if TYPE_CHECKING:
    from collections.abc import Awaitable, Callable

log = structlog.get_logger("supervise")


class Supervisor:
    """Runs loops until `stop`; a loop that crashes is logged and started again after a pause.

    The loops are safe to restart by construction: the relay resumes from its Postgres
    checkpoint and the projection runner from its committed offsets plus its inbox.
    """

    def __init__(self, restart_after_s: float = 1.0) -> None:
        """Create with no loops running."""
        self.stop = asyncio.Event()
        self._restart_after_s = restart_after_s
        self._tasks: list[asyncio.Task[None]] = []

    def spawn(self, name: str, loop: Callable[[asyncio.Event], Awaitable[None]]) -> None:
        """Start `loop(stop)` under supervision."""
        self._tasks.append(asyncio.create_task(self._keep_running(name, loop), name=name))

    async def _keep_running(
        self, name: str, loop: Callable[[asyncio.Event], Awaitable[None]]
    ) -> None:
        while not self.stop.is_set():
            try:
                await loop(self.stop)
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("loop_crashed", loop=name)
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self.stop.wait(), self._restart_after_s)

    async def close(self, timeout_s: float = 10.0) -> None:
        """Ask every loop to finish its batch and stop; cancel what does not stop in time."""
        self.stop.set()
        if not self._tasks:
            return
        _done, pending = await asyncio.wait(self._tasks, timeout=timeout_s)
        for task in pending:
            task.cancel()
        await asyncio.gather(*pending, return_exceptions=True)
        self._tasks.clear()
