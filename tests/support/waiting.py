"""Wait for an eventually consistent read model, with a deadline instead of a fixed sleep."""

from __future__ import annotations

import asyncio
import time
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from collections.abc import Awaitable, Callable

T = TypeVar("T")


async def eventually(
    probe: Callable[[], Awaitable[T]], until: Callable[[T], bool], within: float = 120.0
) -> T:
    """Call `probe` until `until(result)` holds; return that result, or fail with the last one."""
    deadline = time.monotonic() + within
    while True:
        result = await probe()
        if until(result):
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"condition not met within {within}s; last result: {result!r}")
        await asyncio.sleep(0.05)
