"""Pooled connections go back without asyncpg's reset round trip (shared/db.py).

So whoever takes session state on one gives it back: here the relay's leadership lock.
"""

from __future__ import annotations

import asyncio

import pytest

from shared.db import create_pool
from shared.eventstore import event_store_migration
from shared.migrations import migrate
from shared.relay import Relay
from shared.settings import PlatformSettings
from tests.support.stored import SOURCE
from tests.support.waiting import eventually

HELD = """
SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a USING (pid)
 WHERE l.locktype = 'advisory' AND l.granted AND a.application_name = $1
"""


@pytest.fixture
def settings(endpoints) -> PlatformSettings:
    return PlatformSettings(
        database_url=endpoints.database_url, kafka_bootstrap_servers=endpoints.kafka_bootstrap
    )


async def test_a_stopped_relay_leaves_no_lock_and_the_next_one_leads(
    pool, schema, topic_prefix, settings
):
    """Stopped, the relay's session lock is gone though its connection stays in the pool."""
    name = f"relay-{schema}"
    relays = await create_pool(settings, name, min_size=2, max_size=2)
    try:
        async with relays.acquire() as conn:
            await migrate(conn, schema, [event_store_migration()])

        async def run_once() -> None:
            relay = Relay(relays, settings, schema=schema, topic=f"{topic_prefix}.e", source=SOURCE)
            stop = asyncio.Event()
            task = asyncio.create_task(relay.run(stop))
            await eventually(lambda: pool.fetchval(HELD, name), lambda held: held == 1, 30)
            stop.set()
            await asyncio.wait_for(task, 30)

        await run_once()
        assert await pool.fetchval(HELD, name) == 0
        # The pool keeps both sessions open; a second relay leads at once, from either.
        assert (
            await relays.fetchval(
                "SELECT count(*) FROM pg_stat_activity WHERE application_name = $1", name
            )
            == 2
        )
        await run_once()
        assert await pool.fetchval(HELD, name) == 0
    finally:
        await relays.close()


async def test_a_released_connection_keeps_no_transaction_open(pool, settings, schema):
    """A transaction a holder left open is still rolled back on release, by asyncpg itself."""
    name = f"pooled-{schema}"
    pooled = await create_pool(settings, name, min_size=1, max_size=1)
    try:
        async with pooled.acquire() as conn:
            await conn.execute("BEGIN")
            await conn.execute("CREATE TEMP TABLE left_open (n int)")
        async with pooled.acquire() as conn:
            assert not conn.is_in_transaction()
            assert await conn.fetchval("SELECT to_regclass('pg_temp.left_open')") is None
    finally:
        await pooled.close()
