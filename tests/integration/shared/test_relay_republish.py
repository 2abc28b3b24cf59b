"""A republish requested mid-run starts again from the log's start, read-ahead or not."""

from __future__ import annotations

import asyncio
import uuid
from collections import defaultdict

from shared.eventstore import PostgresEventStore, event_store_migration
from shared.migrations import migrate
from shared.relay import Relay, RelayCheckpoints, RelayOptions
from shared.settings import PlatformSettings
from tests.support.kafka import read_events
from tests.support.stored import SOURCE, event_for
from tests.support.waiting import eventually

STREAMS = 100
EVENTS_PER_STREAM = 10


async def test_a_republish_mid_run_sends_every_stream_again_from_its_first_version(
    pool, schema, topic_prefix, endpoints
):
    """Batches of 5 are full, so a read-ahead is in flight when the republish lands.

    Every stream must end with its whole history in order: the relay went back to the start
    rather than carrying on with the batch it had read ahead.
    """
    async with pool.acquire() as conn:
        await migrate(conn, schema, [event_store_migration()])
    store = PostgresEventStore(pool, schema)
    for n in range(STREAMS):
        subject = str(uuid.uuid4())
        events = [event_for(subject) for _ in range(EVENTS_PER_STREAM)]
        await store.append(f"s{n}", events, 0)
    total = STREAMS * EVENTS_PER_STREAM
    settings = PlatformSettings(
        database_url=endpoints.database_url, kafka_bootstrap_servers=endpoints.kafka_bootstrap
    )
    topic = f"{topic_prefix}.events"
    relay = Relay(
        pool, settings, schema=schema, topic=topic, source=SOURCE,
        options=RelayOptions(batch_size=5),
    )  # fmt: skip
    checkpoints = RelayCheckpoints(pool, schema, topic)
    stop = asyncio.Event()
    task = asyncio.create_task(relay.run(stop))
    try:
        await eventually(lambda: asyncio.sleep(0, relay.published), lambda n: n >= total // 10)
        generation = (await checkpoints.load()).generation
        await checkpoints.request_republish()
        again = await eventually(
            checkpoints.load,
            lambda position: position.generation > generation and position.published >= total,
        )
        published = await read_events(endpoints.kafka_bootstrap, topic, at_least=relay.published)
    finally:
        stop.set()
        await task

    # The new generation went through the whole log, not on from a batch read before it.
    assert again.published == total
    assert relay.published < 2 * total, "the republish came too late to test anything"
    per_stream: dict[str, list[int]] = defaultdict(list)
    for event in published:
        per_stream[event.streamid].append(event.streamversion)
    whole = list(range(1, EVENTS_PER_STREAM + 1))
    assert len(per_stream) == STREAMS
    for stream, versions in per_stream.items():
        assert versions[-EVENTS_PER_STREAM:] == whole, f"{stream}: {versions}"
    # Besides what it checkpointed, only the two batches it had sent when the request came.
    assert relay.published <= len(published) <= relay.published + 2 * 5
