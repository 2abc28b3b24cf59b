"""A debts timer worker in a process of its own, for the `kill -9` test (test_timers.py).

`python -m tests.integration.debts.timer_worker_process DATABASE_URL SCHEMA YYYY-MM-DD`: fires
debts' due timers by a clock fixed on that day, pausing after each recorded consequence
before it settles the timer, so a kill lands between the append and the settlement.
"""

from __future__ import annotations

import asyncio
import sys
from datetime import date

from services.debts.domain.events import CATALOGUE
from services.debts.handlers import PIPELINE
from shared.clock import FixedClock
from shared.command_pipeline import Dependencies
from shared.db import create_pool
from shared.eventstore import PostgresEventStore
from shared.privacy import KeyStore, MasterKey, Sealer
from shared.settings import PlatformSettings
from shared.timers.table import TimerTable
from shared.timers.worker import TimerWorker

PAUSE_S = 0.25


async def slow_execute(*args, **kwargs):
    """The pipeline's own execute, then a pause: the window a crash should fall into."""
    outcome = await PIPELINE.execute(*args, **kwargs)
    await asyncio.sleep(PAUSE_S)
    return outcome


async def main(database_url: str, schema: str, day: date) -> None:
    platform = PlatformSettings(database_url=database_url)
    pool = await create_pool(platform, "debts-timers", min_size=1, max_size=4)
    keys = KeyStore(pool, f"{schema}_keys", MasterKey.from_environment())
    deps = Dependencies(PostgresEventStore(pool, schema), Sealer(CATALOGUE, keys), FixedClock(day))
    assert PIPELINE.timers is not None
    worker = TimerWorker(TimerTable(pool, schema), PIPELINE.timers, slow_execute, deps, batch=4)
    print("ready", flush=True)  # noqa: T201 - the test waits for it
    await worker.run(asyncio.Event())


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], sys.argv[2], date.fromisoformat(sys.argv[3])))
