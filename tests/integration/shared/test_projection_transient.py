"""The database going away mid-apply stops the runner; it never dead-letters the good event.

Found by the soak (`make soak`): while PostgreSQL restarted, consumers dead-lettered good
events with `CannotConnectNowError` ("the database system is shutting down") and asyncpg's
`InternalClientError` (a connection cut mid-operation), as if the events were poison. Each
is the infrastructure's failure, not the event's: the runner must stop with it (the service
restarts the runner) and the event be applied by the next, once.
"""

from __future__ import annotations

import asyncio
import contextlib

import asyncpg
import pytest
from aiokafka import AIOKafkaProducer

from shared.migrations import Migration, migrate
from shared.projection import ProjectionRunner, inbox_migrations
from tests.integration.shared.test_projection_poison import THING_RELEASED, message
from tests.support.apps import platform_settings
from tests.support.kafka import read_records
from tests.support.waiting import eventually

OUTAGES = [
    asyncpg.exceptions.CannotConnectNowError("the database system is shutting down"),
    asyncpg.exceptions.AdminShutdownError("terminating connection due to administrator command"),
    asyncpg.exceptions.InternalClientError("cannot switch to state 15; another operation (2)"),
]


class FailsOnce:
    """Records each event's id; the first apply meets the database going away."""

    name = "fails-once"

    def __init__(self, schema: str, outage: Exception) -> None:
        """Write into `schema`.seen; raise `outage` on the first apply only."""
        self.table = f"{schema}.seen"
        self.outage: Exception | None = outage

    async def apply(self, conn, events) -> None:
        """The outage first, then each event recorded."""
        if self.outage is not None:
            outage, self.outage = self.outage, None
            raise outage
        for event in events:
            await conn.execute(f"INSERT INTO {self.table} (event_id) VALUES ($1)", event.id)


@pytest.mark.parametrize("outage", OUTAGES, ids=lambda e: type(e).__name__)
async def test_an_outage_mid_apply_stops_the_runner_and_the_next_applies_it_once(
    pool, schema, endpoints, topic_prefix, outage
):
    topic = f"{topic_prefix}.test.events"
    async with pool.acquire() as conn:
        await migrate(conn, schema, [
            *inbox_migrations(),
            Migration("0100_seen", "CREATE TABLE {schema}.seen (event_id uuid PRIMARY KEY)"),
        ])  # fmt: skip
    settings = platform_settings(endpoints)
    projection = FailsOnce(schema, outage)

    def runner() -> ProjectionRunner:
        return ProjectionRunner(
            pool, settings, projection, schema=schema, topics=[topic], released=THING_RELEASED
        )

    producer = AIOKafkaProducer(bootstrap_servers=endpoints.kafka_bootstrap)
    await producer.start()
    try:
        await producer.send_and_wait(topic, message(1), key=b"k")
        first = runner()
        with pytest.raises(type(outage)):  # stops with it, as a restart needs
            await asyncio.wait_for(first.run(asyncio.Event()), timeout=60)
        assert first.stats.dead_lettered == 0
        stop = asyncio.Event()
        second = runner()
        task = asyncio.create_task(second.run(stop))
        await eventually(
            lambda: pool.fetchval(f"SELECT count(*) FROM {schema}.seen"), lambda c: c == 1
        )
    finally:
        await producer.stop()
        with contextlib.suppress(Exception):
            stop.set()
            await task
    assert await pool.fetchval(f"SELECT count(*) FROM {schema}.seen") == 1
    assert second.stats.dead_lettered == 0
    assert await read_records(endpoints.kafka_bootstrap, f"{topic}.dlq", at_least=0, within=3) == []
