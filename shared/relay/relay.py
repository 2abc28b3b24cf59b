"""The relay: publish committed events from a service's event table to its Kafka topic.

The events table is the outbox, so an event is on Kafka if and only if it was committed.
Guarantees: every committed event is published at least once, in log order (per young person
the key keeps that order within a partition), and none is ever skipped (the store's
`read_all` barrier). Duplicates after a crash are removed by consumers on the event id.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import structlog

from shared import metrics, tracing
from shared.envelope import CONTENT_TYPE
from shared.eventstore.notify import channel_of
from shared.kafka import connection_options, ensure_topics, make_producer
from shared.relay.checkpoint import RelayCheckpoints, RelayPosition
from shared.relay.outbox import Outbox, OutboxRecord

if TYPE_CHECKING:
    from aiokafka import AIOKafkaProducer
    from asyncpg.pool import Pool, PoolConnectionProxy
    from opentelemetry.trace import Span

    from shared.eventstore.records import Checkpoint
    from shared.settings import PlatformSettings

log = structlog.get_logger("relay")

_HEADERS = [("content-type", CONTENT_TYPE.encode())]


@dataclass(frozen=True)
class RelayOptions:
    """Batch size and wake-up intervals; the defaults favour latency."""

    batch_size: int = 1000
    # Fallback poll when no NOTIFY arrives (a lost wake-up costs at most this).
    idle_poll_s: float = 0.5
    # Poll while committed events wait behind an older open transaction.
    held_poll_s: float = 0.01
    # Log the transaction that holds the barrier once it has done so this long.
    stall_warning_s: float = 5.0
    # Count what waits to be published (for the lag metrics) at most this often.
    lag_sample_s: float = 1.0


class Relay:
    """One relay per (schema, topic) publishes at a time; others wait on an advisory lock."""

    def __init__(  # noqa: PLR0913 - all are needed, and named at every call site
        self,
        pool: Pool,
        settings: PlatformSettings,
        *,
        schema: str,
        topic: str,
        source: str,
        options: RelayOptions | None = None,
    ) -> None:
        """Relay `schema`'s events to `topic`, naming `source` in each CloudEvent."""
        self._pool = pool
        self._settings = settings
        self._outbox = Outbox(pool, schema, source)
        self._checkpoints = RelayCheckpoints(pool, schema, topic)
        self._schema = schema
        self._topic = topic
        self._options = options or RelayOptions()
        self._wake = asyncio.Event()
        self._last_offsets: dict[int, int] = {}
        self._warned_at = 0.0
        self.published = 0

    async def run(self, stop: asyncio.Event) -> None:
        """Publish until `stop` is set; a batch in flight is finished and checkpointed first."""
        await ensure_topics(self._settings, [self._topic])
        async with self._pool.acquire() as listener:
            if not await self._lead(listener, stop):
                return
            try:
                await listener.add_listener(channel_of(self._schema), self._on_notify)
                # No linger: the relay hands the producer whole batches already.
                producer = make_producer(self._settings, linger_ms=0)
                await producer.start()
                try:
                    await self._loop(producer, stop)
                finally:
                    await producer.stop()
                    await listener.remove_listener(channel_of(self._schema), self._on_notify)
            finally:
                # The pool does not reset a connection it takes back (shared/db.py): a lock left
                # on it would keep every later relay of this topic in this process waiting.
                await listener.execute("SELECT pg_advisory_unlock(hashtext($1))", self._lock_key)

    @property
    def _lock_key(self) -> str:
        return f"relay:{self._schema}:{self._topic}"

    async def _lead(self, listener: PoolConnectionProxy, stop: asyncio.Event) -> bool:
        """Wait to become the only relay of this topic (a session lock); False if stopped first.

        A relay that dies with its process or connection loses the lock with the session.
        """
        while not stop.is_set():
            if await listener.fetchval("SELECT pg_try_advisory_lock(hashtext($1))", self._lock_key):
                log.info("relay_leading", topic=self._topic)
                return True
            await _sleep_or_stop(stop, 1.0)
        return False

    def _on_notify(self, *_args: object) -> None:
        self._wake.set()

    async def _loop(self, producer: AIOKafkaProducer, stop: asyncio.Event) -> None:
        position = await self._checkpoints.load()
        position = await self._republish_if_topic_lost(position)
        held_since: float | None = None
        self._warned_at = 0.0
        sampled_at = 0.0
        ahead = _ReadAhead(self._outbox, self._options.batch_size)
        # Sent, not yet acknowledged: its acks are awaited after the next batch is sent.
        unconfirmed: _Sent | None = None
        try:
            while not stop.is_set():
                if time.monotonic() - sampled_at >= self._options.lag_sample_s:
                    sampled_at = time.monotonic()
                    await self._sample_lag(position)
                self._wake.clear()
                reading_from = unconfirmed.last if unconfirmed else position.checkpoint
                batch = await ahead.next_after(reading_from)
                if batch:
                    held_since = None
                    ahead.start(batch)
                    position, unconfirmed = await self._publish(
                        producer, position, unconfirmed, batch
                    )
                elif unconfirmed is not None:
                    position, unconfirmed = await self._confirm(position, unconfirmed), None
                else:
                    held_since = await self._wait(position, held_since, stop)
            if unconfirmed is not None:
                position, unconfirmed = await self._confirm(position, unconfirmed), None
        finally:
            await ahead.drop()
            if unconfirmed is not None:
                unconfirmed.abandon()

    async def _publish(
        self,
        producer: AIOKafkaProducer,
        position: RelayPosition,
        unconfirmed: _Sent | None,
        batch: list[OutboxRecord],
    ) -> tuple[RelayPosition, _Sent | None]:
        """Send `batch`, then confirm the one before; a full batch's acks wait for the next.

        A part-full batch says the log is drained, so it is confirmed at once: waiting for a
        next batch would cost a read that finds little.
        """
        sent = await self._send(producer, batch)
        if unconfirmed is not None:
            position = await self._confirm(position, unconfirmed)
            if position.checkpoint != unconfirmed.last:
                await sent.settle()  # the log is sent again from `position`
                return position, None
        if len(batch) == self._options.batch_size:
            return position, sent
        return await self._confirm(position, sent), None

    async def _wait(
        self, position: RelayPosition, held_since: float | None, stop: asyncio.Event
    ) -> float | None:
        """Nothing to send: wait for a wake-up; since when a late commit has held us back."""
        if await self._held_back(position):
            held_since = held_since or time.monotonic()
            await self._warn_if_stalled(held_since)
            timeout = self._options.held_poll_s
        else:
            held_since = None
            timeout = self._options.idle_poll_s
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(_first(self._wake, stop), timeout)
        return held_since

    async def _send(self, producer: AIOKafkaProducer, batch: list[OutboxRecord]) -> _Sent:
        """Hand the batch to the producer; its acknowledgements are awaited by `_confirm`."""
        spans = self._spans(batch) if tracing.enabled() else []
        acks = [
            await producer.send(self._topic, value=r.value, key=r.key, headers=_HEADERS)
            for r in batch
        ]
        return _Sent(batch, acks, spans)

    def _spans(self, batch: list[OutboxRecord]) -> list[Span]:
        """A producer span per traced event, in its command's trace, until the broker acks."""
        attributes = {"messaging.system": "kafka", "messaging.destination.name": self._topic}
        return tracing.batch_spans(
            f"publish {self._topic}",
            ((r.traceparent, attributes) for r in batch),
            kind=tracing.SpanKind.PRODUCER,
        )

    async def _confirm(self, position: RelayPosition, sent: _Sent) -> RelayPosition:
        """Await the batch's acks and checkpoint it; a position elsewhere means start again."""
        try:
            acknowledged = await asyncio.gather(*sent.acks)
        except BaseException as error:
            tracing.end_spans(sent.spans, error)
            raise
        tracing.end_spans(sent.spans)
        if self._offsets_went_back(acknowledged):
            return await self._restart_from_scratch("broker offsets went backwards")
        if not await self._checkpoints.advance(position, sent.last, len(sent.batch)):
            log.info("relay_republish_requested", topic=self._topic)
            return await self._checkpoints.load()
        self.published += len(sent.batch)
        metrics.RELAY_PUBLISHED.labels(self._topic).inc(len(sent.batch))
        log.debug("relay_batch", topic=self._topic, count=len(sent.batch))
        return RelayPosition(sent.last, position.generation, position.published)

    def _offsets_went_back(self, acknowledged: list[object]) -> bool:
        """A broker that lost its log hands out offsets it handed out before."""
        went_back = False
        for meta in acknowledged:
            partition, offset = meta.partition, meta.offset  # type: ignore[attr-defined]
            if offset < self._last_offsets.get(partition, -1):
                went_back = True
            self._last_offsets[partition] = offset
        return went_back

    async def _republish_if_topic_lost(self, position: RelayPosition) -> RelayPosition:
        if position.published == 0:
            return position
        if await self._topic_is_empty():
            return await self._restart_from_scratch("topic is empty but events were published")
        return position

    async def _restart_from_scratch(self, reason: str) -> RelayPosition:
        log.warning("relay_republishing", topic=self._topic, reason=reason)
        self._last_offsets.clear()
        await ensure_topics(self._settings, [self._topic])
        await self._checkpoints.request_republish()
        return await self._checkpoints.load()

    async def _topic_is_empty(self) -> bool:
        from aiokafka import AIOKafkaConsumer, TopicPartition  # noqa: PLC0415 - rare path

        consumer = AIOKafkaConsumer(**connection_options(self._settings))
        await consumer.start()
        try:
            partitions = consumer.partitions_for_topic(self._topic) or set()
            ends = await consumer.end_offsets([TopicPartition(self._topic, p) for p in partitions])
            return bool(sum(ends.values()) == 0)
        finally:
            await consumer.stop()

    async def _held_back(self, position: RelayPosition) -> bool:
        """Committed events exist past the checkpoint, but an older transaction is still open."""
        held = await self._pool.fetchval(
            f"SELECT EXISTS (SELECT 1 FROM {self._schema}.events"
            " WHERE (tx_id, position) > ($1::xid8, $2))",
            position.checkpoint.tx_id,
            position.checkpoint.position,
        )
        return bool(held)

    async def _sample_lag(self, position: RelayPosition) -> None:
        """Committed events past the checkpoint, and the age of the oldest, for `/metrics`."""
        row = await self._pool.fetchrow(
            f"SELECT count(*) AS waiting, extract(epoch FROM min(recorded_at)) AS oldest"
            f" FROM {self._schema}.events WHERE (tx_id, position) > ($1::xid8, $2)",
            position.checkpoint.tx_id,
            position.checkpoint.position,
        )
        oldest = None if row is None or row["oldest"] is None else float(row["oldest"])
        metrics.relay_lag(self._topic, int(row["waiting"]) if row else 0, oldest)

    async def _warn_if_stalled(self, held_since: float) -> None:
        """Name the transaction holding the barrier, at most once per warning interval."""
        now = time.monotonic()
        waited = now - held_since
        if waited < self._options.stall_warning_s:
            return
        if now - self._warned_at < self._options.stall_warning_s:
            return
        self._warned_at = now
        holder = await self._pool.fetchrow(
            "SELECT pid, state, application_name, xact_start, backend_xid::text AS xid"
            " FROM pg_stat_activity WHERE backend_xid IS NOT NULL"
            " ORDER BY age(backend_xid) DESC LIMIT 1"
        )
        details = dict(holder or {})
        log.warning("relay_held", topic=self._topic, waited_s=round(waited, 1), **details)


@dataclass(frozen=True)
class _Sent:
    """A batch handed to the producer, and the futures of its acknowledgements."""

    batch: list[OutboxRecord]
    acks: list[asyncio.Future[object]]
    spans: list[Span] = field(default_factory=list)

    @property
    def last(self) -> Checkpoint:
        """The checkpoint of the batch's last event."""
        return self.batch[-1].checkpoint

    async def settle(self) -> None:
        """Wait for the acks of a batch that will not be checkpointed, whatever they say."""
        await asyncio.gather(*self.acks, return_exceptions=True)
        tracing.end_spans(self.spans)

    def abandon(self) -> None:
        """Leaving on an error: nobody will await these acks, so mark their outcome seen."""
        for ack in self.acks:
            ack.add_done_callback(lambda done: done.cancelled() or done.exception())
        tracing.end_spans(self.spans)


class _ReadAhead:
    """Reads the batch after the one being sent while it is in flight.

    Reading a batch took the relay about as long as sending it, one after the other; now the
    database builds the next envelopes while the broker acknowledges. A read-ahead is used
    only if the relay goes on exactly where it began (not after a republish), and only if it
    found something: an empty one is read again, after the wake-up flag was cleared, so a
    commit between the two is never left waiting for the idle poll.
    """

    def __init__(self, outbox: Outbox, batch_size: int) -> None:
        self._outbox = outbox
        self._batch_size = batch_size
        self._pending: tuple[Checkpoint, asyncio.Task[list[OutboxRecord]]] | None = None

    def start(self, batch: list[OutboxRecord]) -> None:
        """Read past `batch` now, if it was full (a part-full one says the log is drained)."""
        if len(batch) == self._batch_size:
            after = batch[-1].checkpoint
            read = asyncio.create_task(self._outbox.after(after, self._batch_size))
            self._pending = (after, read)

    async def next_after(self, checkpoint: Checkpoint) -> list[OutboxRecord]:
        """The batch after `checkpoint`: the read-ahead if it fits and found events, else fresh."""
        if self._pending is not None:
            after, read = self._pending
            self._pending = None
            batch = await read
            if after == checkpoint and batch:
                return batch
        return await self._outbox.after(checkpoint, self._batch_size)

    async def drop(self) -> None:
        """Wait out a read still running, so its connection goes back to the pool unharmed."""
        if self._pending is not None:
            _, read = self._pending
            self._pending = None
            with contextlib.suppress(Exception):
                await read


async def _first(wake: asyncio.Event, stop: asyncio.Event) -> None:
    """Return when either event is set."""
    waiters = [asyncio.ensure_future(wake.wait()), asyncio.ensure_future(stop.wait())]
    try:
        await asyncio.wait(waiters, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for waiter in waiters:
            waiter.cancel()


async def _sleep_or_stop(stop: asyncio.Event, seconds: float) -> None:
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(stop.wait(), seconds)
