"""The relay never skips an event that commits late, and never reorders a stream."""

from __future__ import annotations

import asyncio
import random
import uuid
from collections import defaultdict

import pytest

from shared.eventstore import NewEvent, PostgresEventStore, event_store_migration
from shared.eventstore.notify import CommitNotifier
from shared.migrations import migrate
from shared.relay import Relay, RelayOptions
from shared.settings import PlatformSettings
from tests.support.kafka import read_events
from tests.support.stored import SOURCE, event_for

WRITERS = 8
EVENTS_PER_WRITER = 500


@pytest.fixture
def settings(endpoints) -> PlatformSettings:
    return PlatformSettings(
        database_url=endpoints.database_url, kafka_bootstrap_servers=endpoints.kafka_bootstrap
    )


async def write_with_random_commit_delays(store: PostgresEventStore, writer: int, pool):
    """Append in transactions that sleep 0-20 ms before committing; roll back about one in ten."""
    committed: list[NewEvent] = []
    versions: dict[str, int] = defaultdict(int)
    rng = random.Random(writer)
    for n in range(EVENTS_PER_WRITER):
        stream = f"w{writer}-{n % 7}"
        subject = str(uuid.uuid5(uuid.NAMESPACE_URL, stream))
        events = [event_for(subject) for _ in range(rng.choice((1, 1, 1, 2)))]
        rollback = rng.random() < 0.1
        async with pool.acquire() as conn:
            tx = conn.transaction()
            await tx.start()
            await store.using(conn).append(stream, events, versions[stream])
            await asyncio.sleep(rng.uniform(0, 0.02))
            if rollback:
                await tx.rollback()
                continue
            await tx.commit()
        store.committed()
        versions[stream] += len(events)
        committed.extend(events)
    return committed


@pytest.mark.parametrize("batch_size", [1000, 7], ids=["default-batches", "full-batches"])
async def test_relay_publishes_every_committed_event_once_in_stream_order(
    pool, schema, topic_prefix, settings, batch_size
):
    """8 writers x 500 events with random commit delays and rollbacks: topic == committed set.

    Small batches are nearly always full, so the relay reads each next batch while the one
    before is in flight: late commits must still be neither skipped nor reordered.
    """
    async with pool.acquire() as conn:
        await migrate(conn, schema, [event_store_migration()])
    notifier = CommitNotifier(pool, schema)
    store = PostgresEventStore(pool, schema, notifier)
    topic = f"{topic_prefix}.events"
    relay = Relay(
        pool, settings, schema=schema, topic=topic, source=SOURCE,
        options=RelayOptions(batch_size=batch_size),
    )  # fmt: skip
    stop = asyncio.Event()
    relay_task = asyncio.create_task(relay.run(stop))
    try:
        written = await asyncio.gather(
            *(write_with_random_commit_delays(store, w, pool) for w in range(WRITERS))
        )
        committed = [e for batch in written for e in batch]
        published = await read_events(
            settings.kafka_bootstrap_servers, topic, at_least=len(committed)
        )
    finally:
        stop.set()
        await relay_task
        await notifier.close()

    published_ids = [e.id for e in published]
    assert len(published_ids) == len(set(published_ids)), "an event was published twice"
    assert set(published_ids) == {e.event_id for e in committed}
    stored = await store.read_all(limit=10_000)
    assert len(stored) == len(committed)
    per_stream: dict[str, list[int]] = defaultdict(list)
    for event in published:
        per_stream[event.streamid].append(event.streamversion)
    for stream, versions in per_stream.items():
        assert versions == list(range(1, len(versions) + 1)), f"{stream} out of order"
