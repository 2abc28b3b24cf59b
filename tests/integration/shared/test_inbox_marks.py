"""Exactly once with an inbox of one row per stream: redelivery, republish, old rows.

Against the real PostgreSQL and broker: a service's store, its relay and a projection runner.
The projection's table has the event id as its key, so an event applied twice would fail its
batch and be parked on the dead-letter topic: `dead_lettered == 0` and the row count together
say "each event exactly once".
"""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from datetime import UTC, datetime
from typing import TYPE_CHECKING

import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer

from shared.envelope import encode
from shared.event_contracts.released import released_from
from shared.event_contracts.schemas import EventContract
from shared.eventstore import (
    Checkpoint,
    Metadata,
    PostgresEventStore,
    RecordedEvent,
    event_store_migration,
)
from shared.migrations import Migration, migrate
from shared.projection import ProjectionRunner, inbox_migrations
from shared.relay import Relay, RelayCheckpoints, RelayOptions
from shared.settings import PlatformSettings
from tests.support.stored import event_for
from tests.support.waiting import eventually

if TYPE_CHECKING:
    from collections.abc import AsyncIterator

SOURCE = "urn:nld:oin:00000099999999999999:systeem:regie-test"
THING = "nl.regie.test.thing-happened"
RELEASED = released_from([EventContract(THING, 1, "", {"properties": {"k": {}}}, {})])
STREAMS = 40
PER_STREAM = 10
TOTAL = STREAMS * PER_STREAM


class Seen:
    """Records each event once: its id is the key, so a second apply fails the batch."""

    name = "marks-test"

    def __init__(self, schema: str) -> None:
        """Write into `schema`.seen."""
        self.table = f"{schema}.seen"

    async def apply(self, conn, events) -> None:
        """One row per event, in one statement."""
        await conn.executemany(
            f"INSERT INTO {self.table} (event_id, stream, version) VALUES ($1, $2, $3)",
            [(e.id, e.streamid, e.streamversion) for e in events],
        )


class Crash(Exception):  # noqa: N818 - what it simulates
    """The process dies between the database commit and the offset commit."""


@contextlib.asynccontextmanager
async def relayed(
    pool, endpoints, schema: str, topic: str
) -> AsyncIterator[tuple[RelayCheckpoints, PostgresEventStore]]:
    """The store in `schema` with STREAMS streams of PER_STREAM events, relayed to `topic`."""
    async with pool.acquire() as conn:
        await migrate(conn, schema, [
            event_store_migration(), *inbox_migrations(),
            Migration("0100_seen", "CREATE TABLE {schema}.seen"
                      " (event_id uuid PRIMARY KEY, stream text, version int)"),
        ])  # fmt: skip
    store = PostgresEventStore(pool, schema)
    for _ in range(STREAMS):
        subject = str(uuid.uuid4())
        await store.append(f"thing-{subject}", [event_for(subject) for _ in range(PER_STREAM)], 0)
    relay = Relay(
        pool, settings(endpoints), schema=schema, topic=topic, source=SOURCE,
        options=RelayOptions(batch_size=50),
    )  # fmt: skip
    stop = asyncio.Event()
    task = asyncio.create_task(relay.run(stop))
    try:
        yield RelayCheckpoints(pool, schema, topic), store
    finally:
        stop.set()
        await task


def settings(endpoints) -> PlatformSettings:
    """The platform settings of the test stack."""
    return PlatformSettings(
        database_url=endpoints.database_url, kafka_bootstrap_servers=endpoints.kafka_bootstrap
    )


@contextlib.asynccontextmanager
async def running(runner: ProjectionRunner) -> AsyncIterator[asyncio.Task[None]]:
    """The runner consuming until the block ends."""
    stop = asyncio.Event()
    task = asyncio.create_task(runner.run(stop))
    try:
        yield task
    finally:
        stop.set()
        with contextlib.suppress(Crash):
            await task


def runner_for(pool, endpoints, schema: str, topic: str, batch: int = 2000) -> ProjectionRunner:
    """A runner of `Seen` over `topic`, in the group `marks-test`-per-schema."""
    projection = Seen(schema)
    projection.name = f"marks-{schema}"
    return ProjectionRunner(
        pool, settings(endpoints), projection, schema=schema, topics=[topic],
        max_records=batch, released=RELEASED,
    )  # fmt: skip


async def seen(pool, schema: str) -> int:
    """Events applied, by the projection's own table."""
    count: int = await pool.fetchval(f"SELECT count(*) FROM {schema}.seen")
    return count


async def inbox_rows(pool, schema: str) -> int:
    """Rows in the inbox tables, however the inbox keeps them."""
    rows: int = await pool.fetchval(f"SELECT count(*) FROM {schema}.inbox")
    if await pool.fetchval("SELECT to_regclass($1)", f"{schema}.inbox_marks") is not None:
        rows += await pool.fetchval(f"SELECT count(*) FROM {schema}.inbox_marks")
    return rows


async def test_the_relays_republish_applies_nothing_twice_and_the_inbox_keeps_one_row_per_stream(
    pool, schema, topic_prefix, endpoints
):
    """Every event once; then the whole log again (a lost topic's refill): nothing applied.

    The republish is requested as `python -m shared.relay republish` does; the relay acts on
    it with its next batch (one more event, in a stream of its own). The inbox then holds one
    row per stream (STREAMS + 1), not one per event (TOTAL + 1).
    """
    topic = f"{topic_prefix}.test.events"
    runner = runner_for(pool, endpoints, schema, topic)
    async with relayed(pool, endpoints, schema, topic) as (checkpoints, store), running(runner):
        await eventually(lambda: seen(pool, schema), lambda n: n == TOTAL)
        generation = (await checkpoints.load()).generation
        await checkpoints.request_republish()
        subject = str(uuid.uuid4())
        await store.append(f"thing-{subject}", [event_for(subject)], 0)
        await eventually(
            checkpoints.load,
            lambda p: p.generation > generation and p.published >= TOTAL + 1,
        )
        await eventually(
            lambda: asyncio.sleep(0, runner.stats.duplicates), lambda n: n >= TOTAL, 60
        )
        await asyncio.sleep(0.5)  # anything applied twice would be parked by now
    assert await seen(pool, schema) == TOTAL + 1
    assert (runner.stats.applied, runner.stats.dead_lettered) == (TOTAL + 1, 0)
    assert await inbox_rows(pool, schema) == STREAMS + 1
    marks = await pool.fetch(f"SELECT version FROM {schema}.inbox_marks")
    assert sorted(r["version"] for r in marks) == [1] + [PER_STREAM] * STREAMS


async def test_a_batch_redelivered_after_a_crash_before_the_offset_commit_applies_nothing_twice(
    pool, schema, topic_prefix, endpoints, monkeypatch
):
    """The first runner applies a batch and dies before committing; the next one gets it again."""
    topic = f"{topic_prefix}.test.events"
    first = runner_for(pool, endpoints, schema, topic, batch=100)

    async def crash(*_args: object, **_kwargs: object) -> None:
        raise Crash

    monkeypatch.setattr(AIOKafkaConsumer, "commit", crash)
    async with relayed(pool, endpoints, schema, topic) as (checkpoints, _):
        await eventually(checkpoints.load, lambda p: p.published >= TOTAL)
        async with running(first) as task:
            with pytest.raises(Crash):
                await asyncio.wait_for(asyncio.shield(task), 30)
        before = await seen(pool, schema)
        monkeypatch.undo()
        second = runner_for(pool, endpoints, schema, topic, batch=100)
        async with running(second):
            await eventually(lambda: seen(pool, schema), lambda n: n == TOTAL)
            await asyncio.sleep(0.5)  # anything applied twice would be parked by now
    assert 0 < before < TOTAL, "the first runner should have applied one batch"
    assert first.stats.applied == before
    assert second.stats.duplicates >= before  # the redelivered batch, turned away
    assert (second.stats.applied, second.stats.dead_lettered) == (TOTAL - before, 0)
    assert await seen(pool, schema) == TOTAL
    assert await inbox_rows(pool, schema) == STREAMS


async def test_event_ids_recorded_before_the_marks_are_honoured_and_drained(
    pool, schema, topic_prefix, endpoints
):
    """An inbox from before the marks: its events are not applied again, and its rows go."""
    topic = f"{topic_prefix}.test.events"
    async with relayed(pool, endpoints, schema, topic) as (checkpoints, _):
        await eventually(checkpoints.load, lambda p: p.published >= TOTAL)
        stream, earlier = await pool.fetchrow(
            f"SELECT stream_id, array_agg(event_id ORDER BY stream_version) AS ids"
            f" FROM {schema}.events GROUP BY stream_id LIMIT 1"
        )
        applied_before = earlier[:3]  # versions 1-3 applied by the old code
        runner = runner_for(pool, endpoints, schema, topic)
        await pool.executemany(
            f"INSERT INTO {schema}.seen (event_id, stream, version) VALUES ($1, $2, $3)",
            [(event_id, stream, n) for n, event_id in enumerate(applied_before, 1)],
        )
        await pool.executemany(
            f"INSERT INTO {schema}.inbox (consumer, event_id) VALUES ($1, $2)",
            [(runner._projection.name, event_id) for event_id in applied_before],
        )
        async with running(runner):
            await eventually(lambda: seen(pool, schema), lambda n: n == TOTAL)
            await asyncio.sleep(0.5)
    assert (runner.stats.applied, runner.stats.dead_lettered) == (TOTAL - 3, 0)
    assert await pool.fetchval(f"SELECT count(*) FROM {schema}.inbox") == 0
    assert (
        await pool.fetchval(f"SELECT version FROM {schema}.inbox_marks WHERE stream = $1", stream)
        == PER_STREAM
    )


def thing(subject: str, version: int) -> bytes:
    """Version `version` of `subject`'s stream, as the relay encodes it."""
    recorded = RecordedEvent(
        event_id=uuid.uuid5(uuid.NAMESPACE_URL, f"{subject}/{version}"), event_type=THING,
        schema_version=1, subject=subject, data='{"k": 1}',
        metadata=Metadata(tenant="0518", actor="w", actor_role="intake", correlation_id="c"),
        stream_id=f"thing-{subject}", stream_version=version,
        checkpoint=Checkpoint(1, version), recorded_at=datetime.now(UTC),
    )  # fmt: skip
    return encode(recorded, SOURCE)


async def test_a_lower_version_after_a_higher_one_is_applied_once_and_its_gap_closed(
    pool, schema, topic_prefix, endpoints
):
    """1-4, then 6 before 5 (a relay batch lost while the next got through), then both again.

    5 is applied when it comes (the jump to 6 noted it as passed over), the copies are not.
    """
    topic = f"{topic_prefix}.test.events"
    async with pool.acquire() as conn:
        await migrate(conn, schema, [
            *inbox_migrations(),
            Migration("0100_seen", "CREATE TABLE {schema}.seen"
                      " (event_id uuid PRIMARY KEY, stream text, version int)"),
        ])  # fmt: skip
    subject = str(uuid.uuid4())
    runner = runner_for(pool, endpoints, schema, topic, batch=1)  # one event per transaction
    producer = AIOKafkaProducer(bootstrap_servers=endpoints.kafka_bootstrap)
    await producer.start()
    try:
        async with running(runner):
            await runner.ready.wait()
            for version in (1, 2, 3, 4, 6, 5, 5, 6):
                await producer.send_and_wait(topic, thing(subject, version), key=subject.encode())
            await eventually(
                lambda: asyncio.sleep(0, runner.stats.applied + runner.stats.duplicates),
                lambda n: n == 8,
            )
    finally:
        await producer.stop()
    rows = await pool.fetch(f"SELECT version FROM {schema}.seen ORDER BY version")
    assert [r["version"] for r in rows] == [1, 2, 3, 4, 5, 6]
    assert (runner.stats.duplicates, runner.stats.dead_lettered) == (2, 0)
    assert await pool.fetchval(f"SELECT count(*) FROM {schema}.inbox_gaps") == 0
    assert await pool.fetchval(f"SELECT version FROM {schema}.inbox_marks") == 6
