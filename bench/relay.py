"""Relay: publish a pre-filled events table to a fresh topic, against raw aiokafka produce.

The relay reads the log in commit order through the store's barrier, encodes CloudEvents,
sends them and advances its checkpoint per batch; the reference only sends the same encoded
values. The relay's rate is counted from its first acknowledged batch, so its start (topic
check, leader lock, producer connect) is reported apart, as the reference's producer connects
before its clock starts.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from bench.payloads import encoded, intake_source, new_events, stream_of
from bench.rawkafka import produce_all
from bench.results import Row, Target, WorkloadResult
from bench.tasks import running, wait_until
from shared.eventstore import START, PostgresEventStore, RecordedEvent, event_store_migration
from shared.kafka import ensure_topics, events_topic
from shared.relay import Relay, RelayOptions

if TYPE_CHECKING:
    from asyncpg.pool import Pool

    from bench.context import BenchContext
    from bench.profile import Profile

TARGET = Target("≥ 60 % of raw", "ratio_at_least", 0.60)
# Events per young person's stream in the pre-filled log: 500 keys for 50,000 events.
PREFILL_STREAM_EVENTS = 100
READ_PAGE = 5_000
RELAY_TIMEOUT_S = 300.0


async def measure_relay(ctx: BenchContext, profile: Profile) -> WorkloadResult:
    """Time the relay publishing every pre-filled event; time raw produce of the same messages."""
    count = profile.relay_events
    settings = ctx.settings
    source = intake_source(settings.oin)
    raw_topic = events_topic("intake", ctx.topic_prefix("rawproduce"))
    relay_topic = events_topic("intake", ctx.topic_prefix("relay"))
    await ensure_topics(settings, [raw_topic, relay_topic])
    async with ctx.pool(4, "bench-relay") as pool:
        schema = await ctx.migrated(pool, ctx.schema("relay"), [event_store_migration()])
        await _prefill(pool, schema, count)
        messages = encoded(await _read_log(pool, schema), source)
        raw_s = await produce_all(settings.kafka_bootstrap_servers, raw_topic, messages)

        relay = Relay(
            pool, settings, schema=schema, topic=relay_topic, source=source, options=RelayOptions()
        )
        started = time.perf_counter()
        async with running(relay.run, "bench-relay") as task:
            first = await wait_until(lambda: relay.published > 0, task, RELAY_TIMEOUT_S, "relay")
            published_at_first = relay.published
            done = await wait_until(
                lambda: relay.published >= count, task, RELAY_TIMEOUT_S, "relay"
            )
    ours = (count - published_at_first) / (done - first)
    result = WorkloadResult("relay")
    result.rows.append(Row(f"relay {count:,} events", ours, count / raw_s, "ev/s", TARGET))
    result.raw = {
        "events": count,
        "steady_events_per_s": ours,
        "published_in_first_observation": published_at_first,
        "including_start_events_per_s": count / (done - started),
        "relay_seconds": done - started,
        "relay_first_batch_seconds": first - started,
        "relay_batch_size": RelayOptions().batch_size,
        "raw_produce_seconds": raw_s,
        "published": relay.published,
    }
    result.notes.append(
        f"relay: rate from its first acknowledged batch ({published_at_first} events,"
        f" {(first - started) * 1000:.0f} ms after start: topic check, leader lock, producer"
        f" connect, first batch); {count / (done - started):,.0f} ev/s including that;"
        " reference = raw aiokafka produce of the same encoded messages, awaiting every ack"
    )
    return result


async def _prefill(pool: Pool, schema: str, count: int) -> None:
    """`count` events through the store itself (its table keeps changing), a stream per chunk."""
    store = PostgresEventStore(pool, schema)
    for offset in range(0, count, PREFILL_STREAM_EVENTS):
        events = new_events(min(PREFILL_STREAM_EVENTS, count - offset))
        await store.append(stream_of(events[0].subject), events, 0)


async def _read_log(pool: Pool, schema: str) -> list[RecordedEvent]:
    """The whole log in commit order, as the relay will read it."""
    store = PostgresEventStore(pool, schema)
    events: list[RecordedEvent] = []
    checkpoint = START
    while page := await store.read_all(checkpoint, READ_PAGE):
        events.extend(page)
        checkpoint = page[-1].checkpoint
    return events
