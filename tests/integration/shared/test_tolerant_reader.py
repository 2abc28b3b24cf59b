"""A consumer reads what it knows, upcast; passes over what it does not; parks what is broken.

Against the real broker: one partition carrying, in order, an old version, the current
version with a field it has never heard of, a newer version, a type it does not know, and
bytes that are no CloudEvent. The runner applies the first two (the old one upcast), counts
and skips the next two, dead-letters the last, and keeps going.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import uuid
from datetime import UTC, datetime

from aiokafka import AIOKafkaProducer
from prometheus_client import REGISTRY

from shared.envelope import encode
from shared.event_contracts.released import released_from
from shared.event_contracts.schemas import EventContract
from shared.event_contracts.upcasting import Rename
from shared.eventstore import Checkpoint, Metadata, RecordedEvent
from shared.migrations import Migration, migrate
from shared.projection import ProjectionRunner, inbox_migrations
from tests.support.apps import platform_settings
from tests.support.kafka import read_records
from tests.support.waiting import eventually

SOURCE = "urn:nld:oin:00000099999999999999:systeem:regie-test"
THING = "nl.regie.test.thing-happened"
# v1 had `n`; v2 calls it `number` (the upcaster renames it).
RELEASED = released_from([
    EventContract(THING, 1, "", {"properties": {"n": {}}}, {}),
    EventContract(THING, 2, "", {"properties": {"number": {}}}, {}, (Rename("n", "number"),)),
])  # fmt: skip


class Recorder:
    """Keeps each applied event's type and data."""

    name = "tolerant"

    def __init__(self, schema: str) -> None:
        """Write into `schema`.seen."""
        self.table = f"{schema}.seen"

    async def apply(self, conn, events) -> None:
        """Record each event as the runner hands it over."""
        for event in events:
            await conn.execute(
                f"INSERT INTO {self.table} (event_id, type, data) VALUES ($1, $2, $3)",
                event.id, event.type, json.dumps(event.data),
            )  # fmt: skip


_place = itertools.count(1)  # each message the next version of the one stream, as stored


def message(type_name: str, version: int, data: dict[str, object]) -> bytes:
    place = next(_place)
    recorded = RecordedEvent(
        event_id=uuid.uuid4(), event_type=type_name, schema_version=version,
        subject="youth-1", data=json.dumps(data),
        metadata=Metadata(tenant="0518", actor="a", actor_role="intake", correlation_id="c"),
        stream_id="s-1", stream_version=place, checkpoint=Checkpoint(1, place),
        recorded_at=datetime.now(UTC),
    )  # fmt: skip
    return encode(recorded, SOURCE)


def counter(name: str, **labels: str) -> float:
    return REGISTRY.get_sample_value(name, labels) or 0.0


async def test_old_versions_are_upcast_unknown_things_skipped_and_garbage_parked(
    pool, schema, endpoints, topic_prefix
):
    topic = f"{topic_prefix}.test.events"
    async with pool.acquire() as conn:
        await migrate(conn, schema, [
            *inbox_migrations(),
            Migration("0100_seen", "CREATE TABLE {schema}.seen"
                      " (event_id uuid PRIMARY KEY, type text, data jsonb, at serial)"),
        ])  # fmt: skip
    recorder = Recorder(schema)
    runner = ProjectionRunner(
        pool, platform_settings(endpoints), recorder, schema=schema, topics=[topic],
        released=RELEASED,
    )  # fmt: skip
    skipped_before = counter("regie_events_skipped_total", consumer="tolerant", type=f"{THING}.v3")
    unknown_before = counter(
        "regie_events_unknown_fields_total", consumer="tolerant", type=f"{THING}.v2"
    )
    stop = asyncio.Event()
    task = asyncio.create_task(runner.run(stop))
    producer = AIOKafkaProducer(bootstrap_servers=endpoints.kafka_bootstrap)
    await producer.start()
    try:
        await runner.ready.wait()
        for value in (
            message(THING, 1, {"n": 1}),
            message(THING, 2, {"number": 2, "colour": "blauw"}),
            message(THING, 3, {"number": 3, "shape": "rond"}),
            message("nl.regie.test.other-thing", 1, {"x": 1}),
            b"{not json",
            message(THING, 2, {"number": 6}),
        ):
            await producer.send(topic, value, key=b"youth-1")
        await producer.flush()
        await eventually(
            lambda: pool.fetchval(f"SELECT count(*) FROM {schema}.seen"), lambda c: c == 3
        )
        [parked] = await read_records(endpoints.kafka_bootstrap, f"{topic}.dlq", at_least=1)
    finally:
        await producer.stop()
        stop.set()
        with contextlib.suppress(Exception):
            await task

    rows = await pool.fetch(f"SELECT type, data FROM {schema}.seen ORDER BY at")
    assert [(r["type"], json.loads(r["data"])) for r in rows] == [
        (f"{THING}.v2", {"number": 1}),  # upcast: `n` is `number` now
        (f"{THING}.v2", {"number": 2, "colour": "blauw"}),  # unknown field kept, ignored
        (f"{THING}.v2", {"number": 6}),  # the consumer went on after all of it
    ]
    assert runner.stats.upcast == 1
    assert runner.stats.skipped == 2
    assert runner.stats.dead_lettered == 1
    assert dict(parked.headers)["dlq-reason"].decode().startswith("not a valid CloudEvent")
    assert parked.value == b"{not json"
    skipped = counter("regie_events_skipped_total", consumer="tolerant", type=f"{THING}.v3")
    assert skipped == skipped_before + 1
    unknown = counter("regie_events_unknown_fields_total", consumer="tolerant", type=f"{THING}.v2")
    assert unknown == unknown_before + 1
