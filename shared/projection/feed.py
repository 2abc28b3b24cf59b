"""Read a projection's topics from the beginning and apply them into any schema.

A plain consumer with manual partition assignment: no group, no offset commits, so reading
never disturbs the live runner's group (whose committed offsets it can read, never write).
Events are applied the way the runner applies them (inbox mark and change in one
transaction), under a name the caller chooses.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import structlog
from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient

from shared.kafka import connection_options, ensure_topics
from shared.projection.reading import read_event
from shared.projection.runner import TRANSIENT

if TYPE_CHECKING:
    from collections.abc import AsyncIterator, Collection, Sequence
    from uuid import UUID

    from aiokafka import ConsumerRecord
    from asyncpg.pool import PoolConnectionProxy

    from shared.envelope import CloudEvent
    from shared.projection.inbox import Inbox
    from shared.projection.runner import Projection
    from shared.projection.spec import Admits
    from shared.settings import PlatformSettings

log = structlog.get_logger("projection.feed")

Offsets = dict[TopicPartition, int]
_POLL_MS = 200


class TopicFeed:
    """Every partition of `topics`, read from its beginning in batches of `max_records`."""

    def __init__(  # noqa: PLR0913 - each is named at the call site
        self,
        settings: PlatformSettings,
        topics: list[str],
        max_records: int,
        *,
        key: bytes | None = None,
        admits: Admits | None = None,
        only: Collection[TopicPartition] | None = None,
    ) -> None:
        """Nothing happens until `start`; with `key`, only messages with that key are parsed.

        With `admits`, an event it refuses for the topic it came on is left out, as the live
        runner dead-letters it (`ProjectionSpec.admits`). With `only`, just those partitions
        of `topics` are read (one worker's share of a rebuild).
        """
        self._key = key
        self._only = None if only is None else frozenset(only)
        self._admits = admits
        self._settings = settings
        self._topics = topics
        self.max_records = max_records
        self._consumer = AIOKafkaConsumer(
            **connection_options(settings),
            enable_auto_commit=False,
            auto_offset_reset="earliest",
            fetch_max_wait_ms=settings.kafka_fetch_max_wait_ms,
            # The applying is slower than the fetching: cap what waits in memory.
            fetch_max_bytes=8 * 1024 * 1024,
            max_partition_fetch_bytes=2 * 1024 * 1024,
        )
        self._admin: AIOKafkaAdminClient | None = None  # opened by `committed`, if needed
        self.partitions: list[TopicPartition] = []
        self.beginnings: Offsets = {}
        self.unreadable = 0

    async def start(self) -> None:
        """Assign every partition and seek to its beginning."""
        # The live runner creates them too; a rebuild before the first event finds them empty.
        await ensure_topics(self._settings, self._topics)
        await self._consumer.start()
        await self._consumer.topics()  # fetches the metadata that names the partitions
        self.partitions = [
            TopicPartition(topic, p)
            for topic in self._topics
            for p in sorted(self._consumer.partitions_for_topic(topic) or ())
            if self._only is None or TopicPartition(topic, p) in self._only
        ]
        self._consumer.assign(self.partitions)
        if not self.partitions:  # a read model fed by no topic (a comparison of none): empty
            return
        await self._consumer.seek_to_beginning(*self.partitions)
        self.beginnings = dict(await self._consumer.beginning_offsets(self.partitions))

    async def stop(self) -> None:
        """Close the consumer (and the admin client, if `committed` opened it)."""
        await self._consumer.stop()
        if self._admin is not None:
            await self._admin.close()

    async def committed(self, group: str) -> Offsets:
        """Where consumer group `group` goes on from, per partition: what it has consumed.

        A partition the group never committed (or committed below what the topic still holds)
        counts from the topic's beginning, where the group's `earliest` reset starts it.
        """
        if self._admin is None:
            self._admin = AIOKafkaAdminClient(**connection_options(self._settings))
            await self._admin.start()
        found = await self._admin.list_consumer_group_offsets(group, partitions=self.partitions)
        return {
            tp: max(found[tp].offset if tp in found else -1, self.beginnings.get(tp, 0))
            for tp in self.partitions
        }

    async def ends(self) -> Offsets:
        """The offsets just past the last message of each partition, now."""
        return dict(await self._consumer.end_offsets(self.partitions))

    async def positions(self) -> Offsets:
        """The next offset this feed hands out, per partition."""
        return {tp: await self._consumer.position(tp) for tp in self.partitions}

    def seek(self, positions: Offsets) -> None:
        """Go back (or forward) to `positions`."""
        for tp, offset in positions.items():
            self._consumer.seek(tp, offset)

    async def consumed(self) -> int:
        """Messages handed out so far, over every partition: the progress."""
        positions = await self.positions()
        return sum(positions[tp] - self.beginnings.get(tp, 0) for tp in self.partitions)

    async def until(self, targets: Offsets) -> AsyncIterator[list[CloudEvent]]:
        """Batches of readable events, per partition in offset order, to at least `targets`.

        A partition is done at its target AND at the high watermark of the latest fetch. The
        end offsets are only a lower bound: the embedded broker answers them with the base
        offset of a partition's last batch + 1, missing the rest of that batch.
        """
        remaining = set(self.partitions)
        while remaining:
            for tp in list(remaining):
                position = await self._consumer.position(tp)
                if position >= max(targets.get(tp, 0), self._consumer.highwater(tp) or 0):
                    remaining.discard(tp)
            if not remaining:
                return
            batches = await self._consumer.getmany(
                *remaining, timeout_ms=_POLL_MS, max_records=self.max_records
            )
            yield self._readable([record for found in batches.values() for record in found])

    async def upto(self, targets: Offsets) -> AsyncIterator[list[CloudEvent]]:
        """Batches of readable events below `targets`, per partition in offset order.

        Stops exactly at each target: what a fetch brought beyond it is dropped and the
        partition sought back, so the next call goes on from the target.
        """
        while True:
            remaining = [
                tp
                for tp in self.partitions
                if await self._consumer.position(tp) < targets.get(tp, 0)
            ]
            if not remaining:
                return
            batches = await self._consumer.getmany(
                *remaining, timeout_ms=_POLL_MS, max_records=self.max_records
            )
            records: list[ConsumerRecord[bytes, bytes]] = []
            for tp, found in batches.items():
                target = targets.get(tp, 0)
                below = [record for record in found if record.offset < target]
                if len(below) < len(found):
                    self._consumer.seek(tp, target)
                records.extend(below)
            yield self._readable(records)

    def _readable(self, records: list[ConsumerRecord[bytes, bytes]]) -> list[CloudEvent]:
        """The events; what the live runner dead-letters or passes over is left out here too."""
        events = []
        for record in records:
            if self._key is not None and record.key != self._key:
                continue  # the key is the subject: no need to parse another person's events
            reading = read_event(record)
            if reading.event is not None:
                if self._admits is not None and self._admits(record.topic, reading.event):
                    self.unreadable += 1
                    continue
                events.append(reading.event)
            elif reading.dead_letter:
                self.unreadable += 1
        return events


async def apply_fresh(
    conn: PoolConnectionProxy,
    inbox: Inbox,
    projection: Projection,
    events: Sequence[CloudEvent],
    refused: dict[UUID, CloudEvent] | None = None,
) -> set[UUID]:
    """Apply the events `inbox` has not seen, inside `conn`'s transaction; the ids applied.

    Like the runner: an event the projection refuses is left out (the runner dead-letters it;
    it is added to `refused`, by id) and the others still apply, each under its own savepoint.
    """
    if not events:
        return set()
    try:
        async with conn.transaction():
            return await _apply(conn, inbox, projection, events)
    except TRANSIENT:
        raise
    except Exception:  # noqa: BLE001 - isolated below, each refusal logged with its reason
        applied: set[UUID] = set()
        for event in events:
            try:
                async with conn.transaction():
                    applied |= await _apply(conn, inbox, projection, [event])
            except TRANSIENT:
                raise
            except Exception as error:  # noqa: BLE001 - the live runner dead-letters it too
                if refused is not None:
                    refused[event.id] = event
                log.warning("event_left_out", event_id=str(event.id), reason=repr(error)[:200])
        return applied


async def _apply(
    conn: PoolConnectionProxy, inbox: Inbox, projection: Projection, events: Sequence[CloudEvent]
) -> set[UUID]:
    fresh = (await inbox.take(conn, events)).fresh
    if fresh:
        await projection.apply(conn, fresh)
    return {event.id for event in fresh}
