"""Postgres-only guarantees of the event store: history is append-only, and xid order is safe."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

import asyncpg
import pytest

from shared.eventstore import ConcurrencyError, PostgresEventStore, event_store_migration
from shared.migrations import Migration, MigrationChangedError, migrate
from tests.integration.shared.test_event_store_contract import new_event


@pytest.fixture
async def pg_store(pool, schema) -> PostgresEventStore:
    async with pool.acquire() as conn:
        await migrate(conn, schema, [event_store_migration()])
    return PostgresEventStore(pool, schema)


async def test_stored_events_cannot_be_updated_or_deleted(pg_store, pool):
    """The table refuses UPDATE, DELETE and TRUNCATE, so history cannot be rewritten by accident."""
    await pg_store.append("s-1", [new_event("y1")], 0)
    for sql in (
        f"UPDATE {pg_store.schema}.events SET subject = 'x'",
        f"DELETE FROM {pg_store.schema}.events",
        f"TRUNCATE {pg_store.schema}.events",
    ):
        with pytest.raises(asyncpg.PostgresError, match="append-only"):
            await pool.execute(sql)
    assert len(await pg_store.load("s-1")) == 1


async def test_append_in_a_transaction_that_wrote_before_the_head_committed_is_refused(
    pg_store, pool
):
    """A transaction holding an xid older than the stream head would be relayed out of order."""
    async with pool.acquire() as early, pool.acquire() as other:
        tx = early.transaction()
        await tx.start()
        await early.execute("SELECT pg_current_xact_id()")  # takes an xid now
        await pg_store.using(other).append("s-1", [new_event("y1")], 0)  # commits a newer xid
        with pytest.raises(ConcurrencyError, match="retry"):
            await pg_store.using(early).append("s-1", [new_event("y1")], 1)
        await tx.rollback()
    result = await pg_store.append("s-1", [new_event("y1")], 1)
    assert result.stream_version == 2


async def test_migrations_run_once(pool, schema):
    """Running the migrations again applies nothing, so every process may call migrate at start."""
    async with pool.acquire() as conn:
        first = await migrate(conn, schema, [event_store_migration()])
        second = await migrate(conn, schema, [event_store_migration()])
    assert first == ["0000_event_store"]
    assert second == []


async def test_read_all_does_not_pass_an_open_transaction(pg_store, pool):
    """While an older transaction is open, newer commits are held back, not skipped past."""
    async with pool.acquire() as slow:
        tx = slow.transaction()
        await tx.start()
        slow_event = new_event("slow")
        await pg_store.using(slow).append("slow", [slow_event], 0)
        fast_event = new_event("fast")
        await pg_store.append("fast", [fast_event], 0)
        held = await pg_store.read_all()
        await tx.commit()
    released = await pg_store.read_all()
    assert held == []
    assert [e.event_id for e in released] == [slow_event.event_id, fast_event.event_id]
    assert uuid.UUID(str(released[0].event_id)) == slow_event.event_id


async def test_an_applied_migration_that_was_edited_is_refused(pool, schema):
    """Editing a script that already ran would silently never apply: say so instead."""
    original = Migration("0001_thing", "CREATE TABLE {schema}.thing (x int)")
    edited = Migration("0001_thing", "CREATE TABLE {schema}.thing (x int, y int)")
    async with pool.acquire() as conn:
        await migrate(conn, schema, [original])
        with pytest.raises(
            MigrationChangedError, match=r"0001_thing .* changed after it was applied"
        ):
            await migrate(conn, schema, [edited])
        assert await migrate(conn, schema, [original]) == []


class _Starved:
    """A connection whose client stalls before each statement, as a starved process does."""

    def __init__(self, conn: asyncpg.Connection, stall_s: float) -> None:
        self._conn = conn
        self._stall_s = stall_s

    def transaction(self) -> Any:
        return self._conn.transaction()

    async def execute(self, *args: Any) -> str:
        await asyncio.sleep(self._stall_s)
        return await self._conn.execute(*args)

    async def fetch(self, *args: Any) -> list[asyncpg.Record]:
        await asyncio.sleep(self._stall_s)
        return await self._conn.fetch(*args)

    async def fetchval(self, *args: Any) -> Any:
        await asyncio.sleep(self._stall_s)
        return await self._conn.fetchval(*args)

    def is_closed(self) -> bool:
        return self._conn.is_closed()


async def test_a_migration_is_not_cut_off_when_its_process_stalls(endpoints, schema):
    """The pool's idle-in-transaction limit ends idle sessions; a migration is not one of them."""
    conn = await asyncpg.connect(
        endpoints.database_url,
        server_settings={"idle_in_transaction_session_timeout": "200"},
    )
    try:
        applied = await migrate(_Starved(conn, 0.5), schema, [event_store_migration()])  # type: ignore[arg-type]
        assert applied == ["0000_event_store"]
        assert await conn.fetchval(f"SELECT count(*) FROM {schema}.schema_migrations") == 1
        # The session's own limit is back for whatever the connection does next.
        assert await conn.fetchval("SHOW idle_in_transaction_session_timeout") == "200ms"
    finally:
        await conn.close()
