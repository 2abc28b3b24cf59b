"""Run a projection over Kafka topics: apply a batch and mark it applied in ONE transaction.

Order of effects per batch: dead-letter what cannot be read; apply the rest with its inbox rows
in one Postgres transaction; then commit the Kafka offsets. A crash before the offset commit
redelivers the batch, and the inbox turns the redelivery into a no-op.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

import asyncpg
import structlog
from aiokafka.errors import CommitFailedError
from pydantic import ValidationError

from shared import metrics
from shared.envelope import CloudEvent
from shared.kafka import (
    dead_letter_topic,
    domain_of_topic,
    ensure_topics,
    make_consumer,
    make_producer,
)
from shared.migrations import Migration, checked_schema, shared_migration

if TYPE_CHECKING:
    from collections.abc import Sequence

    from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, ConsumerRecord, TopicPartition
    from asyncpg.pool import Pool, PoolConnectionProxy

    from shared.settings import PlatformSettings

log = structlog.get_logger("projection")

# Errors of the infrastructure, not of the event: retrying later may well succeed, so the
# runner stops instead of dead-lettering good events.
TRANSIENT = (OSError, asyncpg.PostgresConnectionError, asyncpg.InterfaceError)


def inbox_migration() -> Migration:
    """The inbox table every consuming schema needs."""
    return shared_migration("shared.projection", "schema.sql", "0001_inbox")


class Projection(Protocol):
    """A read model fed by events; `name` is its consumer group and its inbox key."""

    name: str

    async def apply(self, conn: PoolConnectionProxy, events: Sequence[CloudEvent]) -> None:
        """Change the read model for `events` (new ones only, in topic order) inside `conn`'s tx."""
        ...


@dataclass
class RunnerStats:
    """Counts since start, for logs and benchmarks."""

    applied: int = 0
    duplicates: int = 0
    dead_lettered: int = 0
    batches: int = 0
    dead_letter_reasons: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class _Message:
    record: ConsumerRecord[bytes, bytes]
    event: CloudEvent


class ProjectionRunner:
    """Consume `topics` in a consumer group and keep `projection` up to date, exactly once."""

    def __init__(  # noqa: PLR0913 - each is needed and named at the call site
        self,
        pool: Pool,
        settings: PlatformSettings,
        projection: Projection,
        *,
        schema: str,
        topics: list[str],
        max_records: int = 500,
    ) -> None:
        """Apply into `schema` (which holds the inbox) from `topics`."""
        self._pool = pool
        self._settings = settings
        self._projection = projection
        self._inbox = f"{checked_schema(schema)}.inbox"
        self._topics = topics
        self._max_records = max_records
        self.stats = RunnerStats()
        self.ready = asyncio.Event()
        self._lag: dict[TopicPartition, int] = {}

    async def run(self, stop: asyncio.Event) -> None:
        """Consume until `stop` is set; the batch in hand is finished and committed first."""
        await ensure_topics(
            self._settings, self._topics + [dead_letter_topic(t) for t in self._topics]
        )
        consumer = make_consumer(
            self._settings, self._projection.name, self._topics, self._max_records
        )
        producer = make_producer(self._settings)
        await producer.start()
        await consumer.start()
        self.ready.set()
        try:
            while not stop.is_set():
                batches = await consumer.getmany(timeout_ms=200, max_records=self._max_records)
                if batches:
                    await self._handle(consumer, producer, batches)
        finally:
            await consumer.stop()
            await producer.stop()

    async def _handle(
        self,
        consumer: AIOKafkaConsumer,
        producer: AIOKafkaProducer,
        batches: dict[TopicPartition, list[ConsumerRecord[bytes, bytes]]],
    ) -> None:
        readable: list[_Message] = []
        for records in batches.values():
            for record in records:
                event, reason = read_event(record)
                if event is None:
                    await self._dead_letter(producer, record, reason)
                else:
                    readable.append(_Message(record, event))
        await self._apply(producer, readable)
        offsets = {tp: records[-1].offset + 1 for tp, records in batches.items()}
        for tp, offset in offsets.items():
            self._lag[tp] = (consumer.highwater(tp) or offset) - offset
        metrics.consumer_lag(self._projection.name, self._lag)
        try:
            await consumer.commit(offsets)
        except CommitFailedError:
            # Partitions moved to another member meanwhile; it re-reads and the inbox dedupes.
            log.info("offset_commit_lost_to_rebalance", consumer=self._projection.name)
        self.stats.batches += 1

    async def _apply(self, producer: AIOKafkaProducer, messages: list[_Message]) -> None:
        if not messages:
            return
        try:
            await self._apply_together(messages)
        except TRANSIENT:
            raise
        except Exception:
            log.warning("batch_failed_isolating", consumer=self._projection.name, exc_info=True)
            for message in messages:
                try:
                    await self._apply_together([message])
                except TRANSIENT:
                    raise
                except Exception as error:  # noqa: BLE001 - recorded with its reason
                    await self._dead_letter(producer, message.record, f"apply failed: {error!r}")

    async def _apply_together(self, messages: list[_Message]) -> None:
        started = time.perf_counter()
        async with self._pool.acquire() as conn, conn.transaction():
            fresh_ids = {
                row["event_id"]
                for row in await conn.fetch(
                    f"INSERT INTO {self._inbox} (consumer, event_id)"
                    " SELECT $1, unnest($2::uuid[]) ON CONFLICT DO NOTHING RETURNING event_id",
                    self._projection.name,
                    [m.event.id for m in messages],
                )
            }
            fresh: list[CloudEvent] = []
            for message in messages:
                if message.event.id in fresh_ids:
                    fresh_ids.discard(message.event.id)  # a duplicate inside one batch
                    fresh.append(message.event)
            if fresh:
                await self._projection.apply(conn, fresh)
        self.stats.applied += len(fresh)
        self.stats.duplicates += len(messages) - len(fresh)
        name = self._projection.name
        metrics.APPLY_SECONDS.labels(name).observe(time.perf_counter() - started)
        metrics.APPLIED.labels(name).inc(len(fresh))
        metrics.DUPLICATES.labels(name).inc(len(messages) - len(fresh))

    async def _dead_letter(
        self, producer: AIOKafkaProducer, record: ConsumerRecord[bytes, bytes], reason: str
    ) -> None:
        """Park the message with why and where it came from; the consumer goes on."""
        headers = [
            *(record.headers or ()),
            ("dlq-reason", reason[:2000].encode()),
            ("dlq-topic", record.topic.encode()),
            ("dlq-partition", str(record.partition).encode()),
            ("dlq-offset", str(record.offset).encode()),
            ("dlq-consumer", self._projection.name.encode()),
        ]
        await producer.send_and_wait(
            dead_letter_topic(record.topic), value=record.value, key=record.key, headers=headers
        )
        self.stats.dead_lettered += 1
        metrics.DEAD_LETTERS.labels(self._projection.name, record.topic).inc()
        self.stats.dead_letter_reasons.append(reason)
        log.warning(
            "dead_lettered",
            consumer=self._projection.name,
            topic=record.topic,
            offset=record.offset,
            reason=reason[:200],
        )


def read_event(record: ConsumerRecord[bytes, bytes]) -> tuple[CloudEvent | None, str]:
    """Parse a message as a CloudEvent of the topic's own domain, or say why it is not one."""
    if not record.value:
        return None, "empty message"
    try:
        event = CloudEvent.model_validate_json(record.value)
    except ValidationError as error:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc']) or 'message'}: {e['msg']}"
            for e in error.errors()[:5]
        )
        return None, f"not a valid CloudEvent: {problems}"
    domain = domain_of_topic(record.topic)
    if not event.type.startswith(f"nl.regie.{domain}."):
        return None, f"event type {event.type} does not belong on topic {record.topic}"
    return event, ""
