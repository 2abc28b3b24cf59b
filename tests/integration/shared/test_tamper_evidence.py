"""verify names every altered, removed, reordered or inserted event, and passes an intact store."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid

import pytest

from shared.devstack.processes import PROJECT_ROOT
from shared.eventstore import PostgresEventStore, event_store_migration
from shared.eventstore.verify import verify_events
from shared.migrations import migrate
from shared.processing_log import ProcessingLog, processing_log_migration
from tests.integration.shared.test_event_store_contract import new_event
from tests.integration.shared.test_processing_log import facts


@pytest.fixture
async def filled(pool, schema) -> PostgresEventStore:
    async with pool.acquire() as conn:
        await migrate(conn, schema, [event_store_migration()])
    store = PostgresEventStore(pool, schema)
    for stream in ("a", "b", "c", "d"):
        await store.append(stream, [new_event(stream, n) for n in range(4)], 0)
    # What an administrator with full rights could do: switch off the append-only guard.
    await pool.execute(f"ALTER TABLE {schema}.events DISABLE TRIGGER USER")
    return store


async def problems(pool, schema, stream=None):
    async with pool.acquire() as conn:
        return await verify_events(conn, schema, stream)


async def test_intact_store_verifies(filled, pool, schema):
    """Chains computed by the database are recomputed independently in Python and agree."""
    assert await problems(pool, schema) == []


async def test_altered_event_is_named(filled, pool, schema):
    """Changing one payload is reported at that event, and only there."""
    await pool.execute(
        f"UPDATE {schema}.events SET data = $1 WHERE stream_id = 'a' AND stream_version = 2",
        '{"n": 99}',
    )
    found = await problems(pool, schema)
    assert len(found) == 1
    assert found[0].startswith("a v2 ")
    assert "altered" in found[0]


async def test_removed_event_is_named(filled, pool, schema):
    """Deleting an event breaks the link and the numbering where it was."""
    await pool.execute(f"DELETE FROM {schema}.events WHERE stream_id = 'b' AND stream_version = 3")
    found = await problems(pool, schema)
    assert found
    assert all(p.startswith("b v4 ") for p in found)
    assert any("removed" in p for p in found)


async def test_swapped_versions_are_named(filled, pool, schema):
    """Reordering two events is caught at both places, and where the next one links in."""
    where = f"UPDATE {schema}.events SET stream_version = $1 WHERE stream_id = 'c' AND "
    await pool.execute(where + "stream_version = 2", 1000)
    await pool.execute(where + "stream_version = 3", 2)
    await pool.execute(where + "stream_version = 1000", 3)
    found = await problems(pool, schema)
    assert {p.split(" (")[0] for p in found} == {"c v2", "c v3", "c v4"}
    altered = {p.split(" (")[0] for p in found if "altered" in p}
    assert altered == {"c v2", "c v3"}


async def test_inserted_event_is_named(filled, pool, schema):
    """An event slipped in with a fitting version number cannot fake its place in the chain."""
    shift = f"UPDATE {schema}.events SET stream_version = stream_version + $1 WHERE stream_id = 'd'"
    await pool.execute(shift + " AND stream_version >= 3", 1000)
    await pool.execute(shift + " AND stream_version >= 1000", -999)
    forged = new_event("d")
    await pool.execute(
        f"INSERT INTO {schema}.events (event_id, stream_id, stream_version, event_type,"
        " schema_version, subject, tenant, data, metadata, prev_hash, hash)"
        " VALUES ($1, 'd', 3, $2, 1, 'd', '0518', '{}', '{}', $3, $3)",
        forged.event_id,
        forged.event_type,
        "f" * 64,
    )
    found = await problems(pool, schema, stream="d")
    assert any(p.startswith("d v3 ") and "inserted" in p for p in found)
    assert any(p.startswith("d v4 ") for p in found)
    assert await problems(pool, schema, stream="a") == []


def run_verify(endpoints, *args):
    return run_audit(endpoints, "verify", *args)


async def test_verify_command_exits_non_zero_and_names_the_tampered_event(
    filled, pool, schema, endpoints
):
    """The command an auditor runs: 0 on an intact store, 1 with each problem after tampering."""
    intact = run_verify(endpoints, "--service", "x", "--schema", schema)
    await pool.execute(f"DELETE FROM {schema}.events WHERE stream_id = 'a' AND stream_version = 1")
    tampered = run_verify(endpoints, "--service", "x", "--schema", schema)
    bad_input = run_verify(endpoints, "--service", "x", "--schema", "Robert'); DROP TABLE")
    assert intact.returncode == 0, intact.stderr
    assert tampered.returncode == 1
    assert "events: a v2 " in tampered.stdout
    assert bad_input.returncode == 2
    assert "not a plain schema name" in bad_input.stderr
    assert "Traceback" not in bad_input.stderr


def run_audit(endpoints, *args):
    return subprocess.run(
        [sys.executable, "-m", "shared.audit", *args],
        env={**os.environ, "DATABASE_URL": endpoints.database_url},
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )


async def test_a_tail_cut_off_a_stream_after_an_anchor_is_named(filled, pool, schema, endpoints):
    """A chain proves order, not completeness: the anchored head names what left the end."""
    anchored = run_audit(endpoints, "anchor", "--service", "x", "--schema", schema)
    assert anchored.returncode == 0, anchored.stderr
    assert "4 stream head(s)" in anchored.stdout
    # Removing the newest event of a stream leaves a shorter chain that still holds on its own.
    await pool.execute(f"DELETE FROM {schema}.events WHERE stream_id = 'b' AND stream_version = 4")
    assert await problems(pool, schema) == []
    whole = run_verify(endpoints, "--service", "x", "--schema", schema)
    one = run_verify(endpoints, "--service", "x", "--schema", schema, "--stream", "b")
    other = run_verify(endpoints, "--service", "x", "--schema", schema, "--stream", "a")
    assert whole.returncode == 1, whole.stdout
    assert "events: b v4 (anchored " in whole.stdout
    assert "v4 removed from the end" in whole.stdout
    assert one.returncode == 1
    assert "b v4" in one.stdout
    assert other.returncode == 0, other.stdout


async def test_anchors_follow_only_what_moved_and_chain_among_themselves(
    filled, pool, schema, endpoints
):
    """A second anchor records only the streams appended to since; an altered one is named."""
    first = run_audit(endpoints, "anchor", "--service", "x", "--schema", schema)
    idle = run_audit(endpoints, "anchor", "--service", "x", "--schema", schema)
    await filled.append("a", [new_event("a", 4)], 4)
    second = run_audit(endpoints, "anchor", "--service", "x", "--schema", schema)
    assert "4 stream head(s)" in first.stdout
    assert "no stream" in idle.stdout
    assert "1 stream head(s)" in second.stdout
    assert run_verify(endpoints, "--service", "x", "--schema", schema).returncode == 0
    # Rewriting an anchor's head to match a shortened stream breaks the anchors' own chain.
    await pool.execute(f"ALTER TABLE {schema}.chain_anchor_heads DISABLE TRIGGER USER")
    await pool.execute(f"DELETE FROM {schema}.events WHERE stream_id = 'a' AND stream_version = 5")
    await pool.execute(
        f"UPDATE {schema}.chain_anchor_heads SET stream_version = 4,"
        f" hash = (SELECT hash FROM {schema}.events WHERE stream_id = 'a' AND stream_version = 4)"
        " WHERE stream_id = 'a' AND stream_version = 5"
    )
    forged = run_verify(endpoints, "--service", "x", "--schema", schema)
    assert forged.returncode == 1
    assert "events: anchor 2: altered, removed or inserted" in forged.stdout


async def test_a_service_with_only_a_processing_log_is_verified(pool, schema, endpoints):
    """The timeline keeps no events of its own, but its processing log is chained: verified."""
    async with pool.acquire() as conn:
        await migrate(conn, schema, [processing_log_migration()])
    log = ProcessingLog(pool, schema)
    youth = str(uuid.uuid4())
    for _ in range(2):
        await log.record(**facts(youth))
    intact = run_verify(endpoints, "--service", "timeline", "--schema", schema)
    await pool.execute(f"ALTER TABLE {schema}.processing_log DISABLE TRIGGER USER")
    await pool.execute(f"UPDATE {schema}.processing_log SET actor = 'iemand-anders' WHERE seq = 1")
    tampered = run_verify(endpoints, "--service", "timeline", "--schema", schema)
    stream = run_verify(endpoints, "--service", "timeline", "--schema", schema, "--stream", "s")
    assert intact.returncode == 0, intact.stderr
    assert "every chain" in intact.stdout
    assert tampered.returncode == 1
    assert "processing log: " in tampered.stdout
    assert "altered" in tampered.stdout
    assert stream.returncode == 2
    assert "Traceback" not in stream.stderr


async def test_a_schema_without_chains_is_a_clear_refusal(pool, schema, endpoints):
    """A service that keeps no chains (the notification bridge) is named, not a traceback."""
    await pool.execute(f"CREATE SCHEMA IF NOT EXISTS {schema}")
    found = run_verify(endpoints, "--service", "notifications", "--schema", schema)
    assert found.returncode == 2
    assert "keeps no hash chains" in found.stderr
    assert "Traceback" not in found.stderr
