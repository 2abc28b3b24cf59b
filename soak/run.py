"""One soak: start the platform, load it, inject the faults, then check and report.

The load, the fault schedule and a sampler (lag and memory once a second) run side by side
on one event loop; a fault's blocking steps (killing, restarting, republishing) run in a
thread so that the load goes on meanwhile, as it would in production.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TypeVar

import asyncpg

from soak.faults import BROKER, KILL, KINDS, PAUSE, POSTGRES, Planned, schedule
from soak.load import Load
from soak.model import Fault, Sample
from soak.platform import SoakPlatform, service_names

if TYPE_CHECKING:
    from collections.abc import Callable

    from soak.model import Ack

    Clock = Callable[[], float]

SAMPLE_S = 1.0
T = TypeVar("T")
PAUSED = "timeline"


@dataclass
class Soak:
    """What one soak did and saw; `checks.py` judges it, `report.py` writes it."""

    minutes: float
    stories_per_s: float
    reads_per_s: float
    pause_s: float
    kinds: tuple[str, ...] = KINDS
    # Restarted processes are started in this one thread, which lives until the platform is
    # stopped: a child's parent-death signal follows the thread that started it, so a child
    # started in a pool thread that ends (asyncio's default executor) would be stopped with it.
    worker: ThreadPoolExecutor = field(default_factory=lambda: ThreadPoolExecutor(1))
    load: Load | None = None
    faults: list[Fault] = field(default_factory=list)
    samples: list[Sample] = field(default_factory=list)
    unexpected_exits: list[str] = field(default_factory=list)
    elapsed: float = 0.0


async def run_soak(soak: Soak, platform: SoakPlatform) -> None:
    """Load, faults and sampling until the schedule is done and the duration has passed."""
    started = time.monotonic()

    def clock() -> float:
        return time.monotonic() - started

    duration = soak.minutes * 60
    load = Load(platform.urls, clock, soak.stories_per_s, soak.reads_per_s, uuid.uuid4().hex[:8])
    soak.load = load
    stop_load, stop_sampler = asyncio.Event(), asyncio.Event()
    loading = asyncio.create_task(load.run(stop_load))
    sampling = asyncio.create_task(_sample(soak, platform, load, clock, stop_sampler))
    try:
        for planned in schedule(duration, service_names(), PAUSED, soak.kinds):
            await _sleep_until(clock, planned.at)
            soak.faults.append(await _inject(soak, platform, planned, clock))
            soak.unexpected_exits += await _in(soak, platform.restart_dead)
        await _sleep_until(clock, duration)
    finally:
        stop_load.set()
        await loading
    await _caught_up(soak, clock)
    stop_sampler.set()
    await sampling
    soak.elapsed = clock()


async def _sleep_until(clock: Clock, moment: float) -> None:
    await asyncio.sleep(max(0.0, moment - clock()))


async def _in(soak: Soak, step: Callable[[], T]) -> T:
    """Run a blocking step of a fault in the soak's own thread (see `Soak.worker`)."""
    return await asyncio.get_running_loop().run_in_executor(soak.worker, step)


async def _inject(soak: Soak, platform: SoakPlatform, planned: Planned, clock: Clock) -> Fault:
    """Carry out one fault; its window ends when the platform is whole again."""
    everyone = tuple(platform.processes)
    if planned.kind == KILL:
        fault = Fault(planned.name, (planned.target,), clock())
        await _in(soak, lambda: platform.kill_and_restart(planned.target))
    elif planned.kind == POSTGRES:
        fault = Fault(planned.name, everyone, clock())
        await _in(soak, platform.restart_postgres)
    elif planned.kind == BROKER:
        fault = Fault(planned.name, everyone, clock())
        await _in(soak, platform.restart_broker)
    else:
        assert planned.kind == PAUSE  # noqa: S101 - the schedule names four kinds
        fault = Fault(planned.name, (planned.target,), clock())
        platform.pause(planned.target)
        await asyncio.sleep(soak.pause_s)
        platform.resume(planned.target)
        await _in(soak, lambda: platform.wait_ready(planned.target))
    fault.ended = clock()
    return fault


async def _sample(
    soak: Soak, platform: SoakPlatform, load: Load, clock: Clock, stop: asyncio.Event
) -> None:
    """Once a second: which acknowledged headlines are not on the timeline yet, and the RSS."""
    seen: set[str] = set()
    conn: asyncpg.Connection | None = None
    while not stop.is_set():
        pending = [a for a in load.acks if a.event_id not in seen]
        try:
            if conn is None or conn.is_closed():
                conn = await asyncpg.connect(platform.env["DATABASE_URL"], timeout=2)
            rows = await conn.fetch(
                "SELECT event_id::text FROM timeline.entries WHERE event_id = ANY($1::uuid[])",
                [a.event_id for a in pending],
                timeout=5,
            )
            seen |= {r["event_id"] for r in rows}
        except (OSError, asyncpg.PostgresError, TimeoutError):
            conn = None  # the database is restarting, or the table not there yet
        lag = sum(1 for a in pending if a.event_id not in seen)
        memory = platform.rss_mib()
        soak.samples.append(
            Sample(
                clock(),
                lag,
                {n: m for n, (_, m) in memory.items()},
                {n: p for n, (p, _) in memory.items()},
            )
        )
        _mark_caught_up(soak.faults, load.acks, seen, clock())
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), SAMPLE_S)
    if conn is not None:
        await conn.close()


def _mark_caught_up(faults: list[Fault], acks: list[Ack], seen: set[str], now: float) -> None:
    """A fault is caught up once every headline acknowledged before its end is on the timeline."""
    for fault in faults:
        if fault.caught_up is None and all(a.event_id in seen for a in acks if a.at <= fault.ended):
            fault.caught_up = now


async def _caught_up(soak: Soak, clock: Clock, within: float = 120.0) -> None:
    """After the load: wait (bounded) until nothing acknowledged is missing from the timeline."""
    deadline = clock() + within
    while clock() < deadline:
        if (
            soak.samples
            and soak.samples[-1].lag == 0
            and all(f.caught_up is not None for f in soak.faults)
        ):
            return
        await asyncio.sleep(SAMPLE_S)
