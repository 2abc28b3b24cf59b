"""A debts timer worker that pauses after each append, in a process of its own, to be killed.

`python -m tests.integration.timers.slow_worker_process DATABASE_URL SCHEMA LEASE_S BATCH`:
fires debts' due timers by the system's clock with `DEBTS_*` defaults otherwise, but waits
`PAUSE_S` after each recorded consequence before settling it, so a `kill -9` lands in the
window between the append and the settlement while the rest of its batch is still leased.
"""

from __future__ import annotations

import asyncio
import sys
from datetime import timedelta

from services.debts.domain.events import CATALOGUE
from services.debts.handlers import PIPELINE
from shared.clock import SystemClock
from shared.command_pipeline import Dependencies
from shared.db import create_pool
from shared.eventstore import PostgresEventStore
from shared.privacy import KeyStore, MasterKey, Sealer
from shared.settings import PlatformSettings
from shared.timers.table import TimerTable
from shared.timers.worker import TimerWorker

PAUSE_S = 0.3


async def slow_execute(*args, **kwargs):
    """The pipeline's own execute, then a pause: the window the kill should fall into."""
    outcome = await PIPELINE.execute(*args, **kwargs)
    await asyncio.sleep(PAUSE_S)
    return outcome


async def main(database_url: str, schema: str, lease_s: float, batch: int) -> None:
    """Fire until killed."""
    platform = PlatformSettings(database_url=database_url)
    pool = await create_pool(platform, "debts-timers-slow", min_size=1, max_size=4)
    keys = KeyStore(pool, f"{schema}_keys", MasterKey.from_environment())
    deps = Dependencies(PostgresEventStore(pool, schema), Sealer(CATALOGUE, keys), SystemClock())
    assert PIPELINE.timers is not None
    worker = TimerWorker(
        TimerTable(pool, schema), PIPELINE.timers, slow_execute, deps,
        lease=timedelta(seconds=lease_s), batch=batch,
    )  # fmt: skip
    await worker.run(asyncio.Event())


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], sys.argv[2], float(sys.argv[3]), int(sys.argv[4])))
