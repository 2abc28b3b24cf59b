"""Run a projection over Kafka topics: apply a batch and mark it applied in ONE transaction.

Order of effects per batch: dead-letter what cannot be read; apply the rest and raise its
inbox marks in one Postgres transaction; then commit the Kafka offsets. A crash before the
offset commit redelivers the batch, and the inbox (`inbox.py`) turns it into a no-op.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

import structlog
from aiokafka.errors import CommitFailedError

from shared import metrics, tracing
from shared.db import UNAVAILABLE
from shared.kafka import (
    dead_letter_topic,
    ensure_topics,
    is_dead_letter_topic,
    make_consumer,
    make_producer,
)
from shared.projection.inbox import Inbox
from shared.projection.reading import Reading, read_event

if TYPE_CHECKING:
    from collections.abc import Sequence

    from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, ConsumerRecord, TopicPartition
    from asyncpg.pool import Pool, PoolConnectionProxy

    from shared.envelope import CloudEvent
    from shared.event_contracts.released import Released
    from shared.settings import PlatformSettings

log = structlog.get_logger("projection")

# Errors of the infrastructure, not of the event: retrying later may well succeed, so the
# runner stops instead of dead-lettering good events (any OSError, and the database not there
# for now: shared/db.py).
TRANSIENT: tuple[type[Exception], ...] = (OSError, *UNAVAILABLE)
# Records read between two looks at the event loop, so the batch in its transaction goes on.
_READ_SLICE = 200


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
    skipped: int = 0
    gaps: int = 0  # applied with a stream version above its mark + 1 (see inbox.py)
    upcast: int = 0
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
        released: Released | None = None,
    ) -> None:
        """Apply into `schema` (which holds the inbox) from `topics`.

        `released`: the contracts events are read by (the committed snapshots by default).
        """
        self._pool = pool
        self._settings = settings
        self._projection = projection
        # The dead-letter topics get their streams from several groups, out of order.
        self._inbox = Inbox(
            schema, projection.name, by_event_id=any(is_dead_letter_topic(t) for t in topics)
        )
        self._topics = topics
        self._max_records = max_records
        self._released = released
        self.stats = RunnerStats()
        self.ready = asyncio.Event()
        self._lag: dict[TopicPartition, int] = {}
        self._reported: set[str] = set()  # unknown types and fields already logged once

    async def run(self, stop: asyncio.Event) -> None:
        """Consume until `stop` is set; the batch in hand is finished and committed first.

        Two batches are in hand at most: while one is applied in its transaction (Postgres
        working on the other core), the next is fetched and read (parsing is the runner's
        own CPU). They are applied and committed one after the other, in topic order; the
        next transaction starts only once the previous one is committed with its offsets.
        """
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
        applying: asyncio.Task[None] | None = None
        try:
            while not stop.is_set():
                if applying is not None and applying.done():
                    await applying  # an apply that failed stops the runner, batch or not
                batches = await consumer.getmany(timeout_ms=200, max_records=self._max_records)
                if not batches:
                    continue
                readings = await self._read(batches)
                if applying is not None:
                    await applying  # its error (a transient one) stops the runner here
                applying = asyncio.create_task(self._finish(consumer, producer, batches, readings))
        finally:
            try:
                if applying is not None:
                    await applying
            finally:
                await consumer.stop()
                await producer.stop()

    async def _read(
        self, batches: dict[TopicPartition, list[ConsumerRecord[bytes, bytes]]]
    ) -> list[tuple[ConsumerRecord[bytes, bytes], Reading]]:
        """Every record read as an event, yielding now and then to the batch being applied."""
        readings = []
        for records in batches.values():
            for n, record in enumerate(records, 1):
                reading = read_event(record, self._released)
                if not reading.dead_letter:
                    self._tolerate(record, reading)
                readings.append((record, reading))
                if n % _READ_SLICE == 0:
                    await asyncio.sleep(0)
        return readings

    async def _finish(
        self,
        consumer: AIOKafkaConsumer,
        producer: AIOKafkaProducer,
        batches: dict[TopicPartition, list[ConsumerRecord[bytes, bytes]]],
        readings: list[tuple[ConsumerRecord[bytes, bytes], Reading]],
    ) -> None:
        """Dead-letter what cannot be read, apply the rest in one transaction, commit offsets."""
        readable: list[_Message] = []
        for record, reading in readings:
            if reading.dead_letter:
                await self._dead_letter(producer, record, reading.dead_letter)
            elif reading.event is not None:
                readable.append(_Message(record, reading.event))
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

    def _tolerate(self, record: ConsumerRecord[bytes, bytes], reading: Reading) -> None:
        """Count what this reader passes over or upcasts; log each unknown thing once."""
        consumer = self._projection.name
        if reading.skipped:
            self.stats.skipped += 1
            metrics.SKIPPED.labels(consumer, reading.skipped).inc()
            self._once(reading.skipped, "event_skipped", topic=record.topic, reason="unknown type")
            return
        event = reading.event
        if event is None:
            return
        if reading.upcast_from:
            self.stats.upcast += 1
            metrics.UPCAST.labels(consumer, event.type).inc()
        if reading.unknown_fields:
            metrics.UNKNOWN_FIELDS.labels(consumer, event.type).inc()
            for name in reading.unknown_fields:
                self._once(f"{event.type}/{name}", "unknown_field_ignored", field=name)

    def _once(self, key: str, message: str, **values: object) -> None:
        if key not in self._reported:
            self._reported.add(key)
            log.warning(message, consumer=self._projection.name, what=key, **values)

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
        if not tracing.enabled():
            await self._apply_in_transaction(messages)
            return
        # One span per traced event, in its command's trace, covering the batch's transaction.
        spans = tracing.batch_spans(
            f"apply {self._projection.name}",
            (
                (
                    m.event.traceparent,
                    {
                        "messaging.system": "kafka",
                        "messaging.destination.name": m.record.topic,
                        "messaging.operation.type": "process",
                        "messaging.message.id": str(m.event.id),
                        "cloudevents.event_type": m.event.type,
                    },
                )
                for m in messages
            ),
        )
        try:
            await self._apply_in_transaction(messages)
        except BaseException as error:
            tracing.end_spans(spans, error)
            raise
        tracing.end_spans(spans)

    async def _apply_in_transaction(self, messages: list[_Message]) -> None:
        started = time.perf_counter()
        async with self._pool.acquire() as conn, conn.transaction():
            decision = await self._inbox.take(conn, [m.event for m in messages])
            fresh = decision.fresh
            if fresh:
                await self._projection.apply(conn, fresh)
        self.stats.gaps += decision.gaps
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
