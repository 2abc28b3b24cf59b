"""The `eventsourcing` library, when it is installed: one event per save, 1 and 8 threads.

ARCHITECTURE.md asks our command appends (8 writers) to reach 4x the library's rate with 8
threads. The library is a bench extra (`make install` puts it in the virtualenv), never a
runtime dependency; where it is missing the comparison is skipped and says so.
"""

from __future__ import annotations

import asyncio
import functools
import importlib.util
import time
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from bench.payloads import registered_data
from bench.results import Row, Target, WorkloadResult

if TYPE_CHECKING:
    from uuid import UUID

    from bench.context import BenchContext
    from bench.profile import Profile

TARGET = Target("≥ 4x the library", "ratio_at_least", 4.0)
TARGET_THREADS = 8
THREADS = (1, TARGET_THREADS)
WARMUP_PER_THREAD = 5


def available() -> bool:
    """Whether `eventsourcing` can be imported here."""
    return importlib.util.find_spec("eventsourcing") is not None


async def measure_library(
    ctx: BenchContext, profile: Profile, ours_by_writers: dict[int, float]
) -> WorkloadResult:
    """The library's save rate next to our append rate with as many writers as it has threads."""
    result = WorkloadResult("eventsourcing-library")
    for threads in THREADS:
        count = profile.single_appends.get(threads, 1_000)
        schema = ctx.schema("eslib")
        async with ctx.pool(1) as pool:
            await pool.execute(f"CREATE SCHEMA {schema}")
        rate = await asyncio.to_thread(
            _saves_per_second, ctx.endpoints.database_url, schema, threads, count
        )
        result.raw[f"threads_{threads}_events_per_s"] = rate
        result.rows.append(
            Row(
                f"ours vs eventsourcing lib, {threads} thread{'s' * (threads > 1)}",
                ours_by_writers.get(threads),
                rate,
                "ev/s",
                TARGET if threads == TARGET_THREADS else None,
                ratio_as="x",
            )
        )
    result.notes.append(
        "eventsourcing library: 1 event per save (a new aggregate each), PostgreSQL persistence "
        "in its own schema; ours = the median of the 1-event appends with as many writers"
    )
    return result


@functools.cache
def aggregate_class() -> type[Any]:
    """The aggregate saved, defined once per process.

    The library registers every aggregate class by its topic (module and qualified name) and
    refuses a second class of the same name: defined inside the measuring function, the second
    thread count failed with `TopicError` ("... already registered").
    """
    from eventsourcing.domain import Aggregate  # noqa: PLC0415 - optional dependency

    class Registered(Aggregate):
        def __init__(self, data: str) -> None:
            self.data = data

    return Registered


def _saves_per_second(database_url: str, schema: str, threads: int, count: int) -> float:
    """Save `count` new aggregates from `threads` threads; blocking, run off the event loop."""
    from eventsourcing.application import Application  # noqa: PLC0415 - optional dependency

    registered = aggregate_class()
    url = urlsplit(database_url)
    app: Application[UUID] = Application(
        env={
            "PERSISTENCE_MODULE": "eventsourcing.postgres",
            "POSTGRES_DBNAME": url.path.lstrip("/") or "postgres",
            "POSTGRES_HOST": url.hostname or "127.0.0.1",
            "POSTGRES_PORT": str(url.port or 5432),
            "POSTGRES_USER": url.username or "postgres",
            "POSTGRES_PASSWORD": url.password or "",
            "POSTGRES_SCHEMA": schema,
            "POSTGRES_POOL_SIZE": str(threads),
        }
    )
    data = registered_data("library")

    def save(_n: int) -> None:
        app.save(registered(data))

    with ThreadPoolExecutor(threads) as executor:
        list(executor.map(save, range(threads * WARMUP_PER_THREAD)))
        started = time.perf_counter()
        list(executor.map(save, range(count)))
        return count / (time.perf_counter() - started)
