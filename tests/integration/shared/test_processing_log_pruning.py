"""Processing-log entries past their retention are destroyed; every chain still verifies."""

import uuid

import asyncpg
import pytest

from shared.audit.incremental import verified_heads_migration, verify_incrementally
from shared.migrations import migrate
from shared.processing_log import (
    ProcessingLog,
    processing_log_migration,
    processing_log_prunes_migration,
    processing_log_trace_migration,
    prune_expired,
    verify,
)
from tests.integration.shared.test_processing_log import facts

YEARS = 20


@pytest.fixture
async def log(pool, schema) -> ProcessingLog:
    async with pool.acquire() as conn:
        await migrate(
            conn,
            schema,
            [processing_log_migration(), processing_log_trace_migration(),
             processing_log_prunes_migration(), verified_heads_migration()],
        )  # fmt: skip
    return ProcessingLog(pool, schema)


async def two_generations(log: ProcessingLog, youth: str) -> object:
    """Two old entries, then the moment that is `YEARS` before the prune, then two newer."""
    for _ in range(2):
        await log.record(**facts(youth))
    later = await log._db.fetchval("SELECT clock_timestamp() + make_interval(years => $1)", YEARS)
    for _ in range(2):
        await log.record(**facts(youth))
    return later


async def seqs(pool, schema: str, youth: str) -> list[int]:
    rows = await pool.fetch(
        f"SELECT seq FROM {schema}.processing_log WHERE youth_id = $1 ORDER BY seq", youth
    )
    return [r["seq"] for r in rows]


async def test_entries_past_retention_go_and_every_chain_still_verifies(log, pool):
    """The two old entries go, a checkpoint stays, and full and incremental passes hold."""
    youth, other = str(uuid.uuid4()), str(uuid.uuid4())
    async with pool.acquire() as conn:
        await verify_incrementally(conn, log.schema)
    await log.record(**facts(other))
    now = await two_generations(log, youth)

    async with pool.acquire() as conn:
        pruned = await prune_expired(conn, log.schema, YEARS, now)

    assert (pruned.chains, pruned.entries, pruned.kept) == (2, 3, [])
    assert await seqs(pool, log.schema, youth) == [3, 4]
    assert await seqs(pool, log.schema, other) == []
    await log.record(**facts(youth))
    await log.record(**facts(other))
    assert await verify(pool, log.schema, min_retention_years=YEARS) == []
    async with pool.acquire() as conn:
        assert (await verify_incrementally(conn, log.schema)).problems == []
    async with pool.acquire() as conn:
        again = await prune_expired(conn, log.schema, YEARS, now)
    assert (again.chains, again.entries) == (0, 0)


async def test_a_chain_that_does_not_add_up_is_kept_whole_and_named(log, pool):
    """Destroying a tampered prefix would destroy the evidence: the chain stays as it is."""
    youth = str(uuid.uuid4())
    now = await two_generations(log, youth)
    table = f"{log.schema}.processing_log"
    await pool.execute(f"ALTER TABLE {table} DISABLE TRIGGER USER")
    await pool.execute(
        f"UPDATE {table} SET actor = 'iemand' WHERE youth_id = $1 AND seq = 1", youth
    )
    await pool.execute(f"ALTER TABLE {table} ENABLE TRIGGER USER")

    async with pool.acquire() as conn:
        pruned = await prune_expired(conn, log.schema, YEARS, now)

    assert pruned.kept == [f"youth {youth} (tenant 0518): entry 1 altered"]
    assert (pruned.chains, pruned.entries) == (0, 0)
    assert await seqs(pool, log.schema, youth) == [1, 2, 3, 4]


async def test_nothing_goes_past_a_checkpoint_and_checkpoints_stay(log, pool):
    """The log refuses to delete a newer entry; the checkpoints refuse every rewrite."""
    youth = str(uuid.uuid4())
    now = await two_generations(log, youth)
    async with pool.acquire() as conn:
        await prune_expired(conn, log.schema, YEARS, now)
    for sql in (
        f"DELETE FROM {log.schema}.processing_log WHERE youth_id = '{youth}'",
        f"UPDATE {log.schema}.processing_log_prunes SET seq = 4",
        f"DELETE FROM {log.schema}.processing_log_prunes",
        f"TRUNCATE {log.schema}.processing_log_prunes",
    ):
        with pytest.raises(asyncpg.PostgresError, match="append-only"):
            await pool.execute(sql)
    assert await seqs(pool, log.schema, youth) == [3, 4]


async def test_verify_names_entries_destroyed_under_a_forged_checkpoint(log, pool):
    """A checkpoint recorded by hand with a short retention lets recent entries go: named."""
    youth = str(uuid.uuid4())
    for _ in range(3):
        await log.record(**facts(youth))
    head = await pool.fetchrow(
        f"SELECT seq, hash, logged_at FROM {log.schema}.processing_log"
        " WHERE youth_id = $1 AND seq = 2",
        youth,
    )
    await pool.execute(
        f"INSERT INTO {log.schema}.processing_log_prunes"
        " (tenant, youth_id, seq, hash, logged_at, retention, pruned_at)"
        " VALUES ('0518', $1, $2, $3, $4::timestamptz, interval '1 second',"
        " $4::timestamptz + interval '1 second')",
        youth,
        head["seq"],
        head["hash"],
        head["logged_at"],
    )
    await pool.execute(
        f"DELETE FROM {log.schema}.processing_log WHERE youth_id = $1 AND seq <= 2", youth
    )

    shorter = (
        f"youth {youth} (tenant 0518): entries up to 2 destroyed after a retention shorter"
        f" than {YEARS} years"
    )
    assert await verify(pool, log.schema, min_retention_years=YEARS) == [shorter]
    assert await verify(pool, log.schema) == []
