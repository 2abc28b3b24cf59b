"""A scheduled pass reads only what was added since the last, and names what it finds there."""

from __future__ import annotations

import json
import uuid

import pytest

from shared import metrics
from shared.audit.anchors import anchors_migration, take_anchor
from shared.audit.incremental import verified_heads_migration
from shared.audit.verifying import integrity_stream, verify_and_record
from shared.eventstore import PostgresEventStore, event_store_migration
from shared.eventstore.verify import verify_events
from shared.migrations import migrate
from shared.processing_log import (
    ProcessingLog,
    processing_log_migration,
    processing_log_trace_migration,
)
from tests.integration.shared.test_event_store_contract import new_event
from tests.integration.shared.test_processing_log import facts

SERVICE = "housing"


@pytest.fixture
async def store(pool, schema) -> PostgresEventStore:
    async with pool.acquire() as conn:
        await migrate(
            conn,
            schema,
            [
                event_store_migration(),
                anchors_migration(),
                processing_log_migration(),
                processing_log_trace_migration(),
                verified_heads_migration(),
            ],
        )
    store = PostgresEventStore(pool, schema)
    for stream in ("a", "b"):
        await store.append(stream, [new_event(stream, n) for n in range(3)], 0)
    return store


async def verify(pool, schema):
    async with pool.acquire() as conn:
        return await verify_and_record(conn, schema, SERVICE)


async def recorded(pool, schema) -> list[tuple[str, dict]]:
    rows = await pool.fetch(
        f"SELECT event_type, data::text AS data FROM {schema}.events WHERE stream_id = $1"
        " ORDER BY stream_version",
        integrity_stream("0518"),
    )
    return [(r["event_type"].rsplit(".", 1)[-1], json.loads(r["data"])) for r in rows]


async def test_a_pass_reads_only_what_came_after_the_last_and_a_full_verify_still_names_it(
    store, pool, schema
):
    """An old event altered after it was verified is not read again; the full verify names it."""
    log = ProcessingLog(pool, schema)
    youth = str(uuid.uuid4())
    await log.record(**facts(youth))
    first = await verify(pool, schema)
    assert (first.events_read, first.entries_read, first.problems) == (6, 1, [])

    await store.append("a", [new_event("a", 3)], 3)
    await log.record(**facts(youth))
    await pool.execute(f"ALTER TABLE {schema}.events DISABLE TRIGGER USER")
    await pool.execute(
        f"UPDATE {schema}.events SET data = '{{\"n\": 99}}' WHERE stream_id = 'b'"
        " AND stream_version = 2"
    )
    second = await verify(pool, schema)
    # The new event of `a`, the first pass's own result event, and the new log entry: no more.
    assert (second.events_read, second.entries_read, second.problems) == (2, 1, [])
    async with pool.acquire() as conn:
        full = await verify_events(conn, schema)
    assert [p.split(" (")[0] for p in full] == ["b v2"]
    assert [name for name, _ in await recorded(pool, schema)] == ["chains-verified"] * 2


async def test_a_tampered_new_event_is_named_recorded_and_counted_and_the_next_pass_holds(
    store, pool, schema
):
    """Altered before any pass read it: named once, as a failure event, and in the metric."""
    await verify(pool, schema)
    await store.append("b", [new_event("b", 3), new_event("b", 4)], 3)
    await pool.execute(f"ALTER TABLE {schema}.events DISABLE TRIGGER USER")
    await pool.execute(
        f"UPDATE {schema}.events SET data = '{{\"n\": 77}}' WHERE stream_id = 'b'"
        " AND stream_version = 4"
    )
    counted = metrics.CHAIN_PROBLEMS.labels(schema)._value.get()
    failed = await verify(pool, schema)
    assert len(failed.problems) == 1
    assert failed.problems[0].startswith("events: b v4 (position ")
    assert failed.problems[0].endswith("altered")
    assert metrics.CHAIN_PROBLEMS.labels(schema)._value.get() == counted + 1
    assert metrics.CHAIN_VERIFICATIONS.labels(schema, "failed")._value.get() >= 1
    name, data = (await recorded(pool, schema))[-1]
    assert name == "chain-verification-failed"
    assert data["problem_count"] == 1
    assert data["problems"] == failed.problems
    assert data["service"] == SERVICE

    passed = await verify(pool, schema)
    assert passed.problems == []
    assert [n for n, _ in await recorded(pool, schema)][-1] == "chains-verified"


async def test_a_broken_log_chain_and_a_cut_tail_are_named(store, pool, schema):
    """An entry inserted behind the verified head, and a stream cut below its anchor."""
    log = ProcessingLog(pool, schema)
    youth = str(uuid.uuid4())
    await log.record(**facts(youth))
    async with pool.acquire() as conn:
        await take_anchor(conn, schema)
    await verify(pool, schema)
    await log.record(**facts(youth))
    await pool.execute(f"ALTER TABLE {schema}.processing_log DISABLE TRIGGER USER")
    await pool.execute(
        f"UPDATE {schema}.processing_log SET prev_hash = repeat('1', 64) WHERE seq = 2"
    )
    await pool.execute(f"ALTER TABLE {schema}.events DISABLE TRIGGER USER")
    await pool.execute(f"DELETE FROM {schema}.events WHERE stream_id = 'a' AND stream_version = 3")
    found = (await verify(pool, schema)).problems
    assert any(p.startswith(f"processing log: youth {youth}") and "entry 2" in p for p in found)
    assert any(p.startswith("events: a v3 (anchored ") for p in found)
