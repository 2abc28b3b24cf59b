"""A poison event (its apply raises) is isolated: parked with the reason, the rest applied."""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from datetime import UTC, datetime

from aiokafka import AIOKafkaProducer

from shared.envelope import encode
from shared.event_contracts.released import released_from
from shared.event_contracts.schemas import EventContract
from shared.eventstore import Checkpoint, Metadata, RecordedEvent
from shared.migrations import Migration, migrate
from shared.projection import ProjectionRunner, inbox_migrations
from tests.support.apps import platform_settings
from tests.support.kafka import read_records
from tests.support.waiting import eventually

SOURCE = "urn:nld:oin:00000099999999999999:systeem:regie-test"
THING = "nl.regie.test.thing-happened"
THING_RELEASED = released_from([
    EventContract(THING, 1, "", {"properties": {"n": {}, "poison": {}}}, {}),
])  # fmt: skip


class Picky:
    """Records each event's id; refuses the one with `poison` in its data."""

    name = "picky"

    def __init__(self, schema: str) -> None:
        """Write into `schema`.seen."""
        self.table = f"{schema}.seen"

    async def apply(self, conn, events) -> None:
        """Fail the whole batch when one event is poisonous, as a buggy projection would."""
        for event in events:
            if event.data.get("poison"):
                raise ValueError("cannot handle this one")
            await conn.execute(f"INSERT INTO {self.table} (event_id) VALUES ($1)", event.id)


def message(n: int, *, poison: bool = False) -> bytes:
    recorded = RecordedEvent(
        event_id=uuid.uuid4(),
        event_type="nl.regie.test.thing-happened",
        schema_version=1,
        subject=str(uuid.uuid4()),
        data=f'{{"n": {n}, "poison": {str(poison).lower()}}}',
        metadata=Metadata(tenant="0518", actor="a", actor_role="intake", correlation_id="c"),
        stream_id=f"s-{n}",
        stream_version=1,
        checkpoint=Checkpoint(1, n),
        recorded_at=datetime.now(UTC),
    )
    return encode(recorded, SOURCE)


async def test_a_failing_apply_parks_only_that_event_and_applies_the_others(
    pool, schema, endpoints, topic_prefix
):
    """Five events in one batch, the third poisonous: four applied once, one parked with why."""
    topic = f"{topic_prefix}.test.events"
    async with pool.acquire() as conn:
        await migrate(
            conn,
            schema,
            [
                *inbox_migrations(),
                Migration("0100_seen", "CREATE TABLE {schema}.seen (event_id uuid PRIMARY KEY)"),
            ],
        )
    settings = platform_settings(endpoints)
    runner = ProjectionRunner(
        pool, settings, Picky(schema), schema=schema, topics=[topic], released=THING_RELEASED
    )
    stop = asyncio.Event()
    task = asyncio.create_task(runner.run(stop))
    producer = AIOKafkaProducer(bootstrap_servers=endpoints.kafka_bootstrap)
    await producer.start()
    try:
        await runner.ready.wait()
        for n in range(5):
            await producer.send(topic, message(n, poison=n == 2), key=b"same-partition")
        await producer.flush()
        await eventually(
            lambda: pool.fetchval(f"SELECT count(*) FROM {schema}.seen"), lambda c: c == 4
        )
        [parked] = await read_records(endpoints.kafka_bootstrap, f"{topic}.dlq", at_least=1)
    finally:
        await producer.stop()
        stop.set()
        with contextlib.suppress(Exception):
            await task
    headers = dict(parked.headers)
    assert headers["dlq-reason"].decode().startswith("apply failed: ValueError")
    assert b'"poison": true' in parked.value or b'"poison":true' in parked.value
    # Four streams at version 1 in the inbox; the parked one's stream has no mark.
    assert await pool.fetchval(f"SELECT count(*) FROM {schema}.inbox_marks") == 4
