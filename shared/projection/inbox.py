"""A consumer's inbox: which events it has applied, kept per source stream, not per event.

An event belongs to one stream of one producer (`source`, `streamid`) at a `streamversion`
(1, 2, 3 ... without gaps in the producer's store). The inbox keeps, per consumer and stream,
the highest version applied (`inbox_marks`, one row per stream: bounded by the young people,
not by their events). An event is new iff its version is above its stream's mark; the mark
is raised in the same transaction as the change the events caused, so a crash before the
offset commit redelivers a batch whose events are all at or below their marks: applied once.

Why a version at or below the mark is always a duplicate, never a late event: the mark only
ever holds versions this consumer read, and it reads each stream in version order.
- The producer's store commits a stream's versions in order (the (stream, version) key and
  the append's expected version: version n+1 is written only after n is committed).
- The relay publishes in commit order (`shared/relay`), keyed by the young person, so one
  stream is on one partition of one topic (the partition count of a topic never changes:
  `ensure_topics` only creates). The producer keeps one request in flight per broker, so a
  retry cannot overtake a later batch. A republish (a lost topic, a crash before the
  relay's checkpoint) sends the log again from a position, in order: what comes again is at
  or below the marks. The figures (`services/timeline/comparison`) are streams of a month
  whose version is the revision, sent again only with the same id and revision.
- A consumer group reads a partition in offset order; a rebalance re-reads from the
  committed offset (duplicates only). Two members applying the same stream at once serialise
  on the mark's row (`ON CONFLICT DO UPDATE` waits, then sees the committed mark).
Every CloudEvent has a stream and a version (both required by `shared.envelope`): timer
and policy events are appended to a stream like any other, and published figures carry the
revision; so no event needs another rule.

A gap (a version above mark + 1) is applied, as the event-id inbox did: the versions between
were dead-lettered, passed over (an unknown type) or are no longer on the topic; the mark
moves to the version applied. The mark moves only forward. What a gap changes: an event
dead-lettered and then redelivered after a later version of its stream was applied counts as
a duplicate (the event-id inbox tried it again, out of order); it stays on the dead-letter
topic, from which a rebuild applies it in order.

Not for the dead-letter topics: several consumer groups park events there, each at its own
pace, so one stream's versions arrive out of order. Their readers keep the event-id table
(`inbox`, bounded by the dead letters, each an incident, not by the traffic).

Rows written to the event-id table before the marks existed are read until drained, in the
same statement: an event found there is a duplicate, its row is deleted and its version
raises the mark (it was applied, so its stream's earlier versions were read). A rebuild's
swap empties them (`rebuild.py`). During the upgrade, stop the consumers of the old code
before the new ones start: the old ones do not read the marks.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from shared.migrations import Migration, checked_schema, shared_migration

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence
    from uuid import UUID

    from asyncpg.pool import PoolConnectionProxy

    from shared.envelope import CloudEvent

Stream = tuple[str, str]  # (source, streamid): a producer's stream


def inbox_migrations() -> list[Migration]:
    """The inbox tables every consuming schema needs: event ids, then the stream marks."""
    return [
        shared_migration("shared.projection", "schema.sql", "0001_inbox"),
        shared_migration("shared.projection", "marks.sql", "0002_inbox_marks"),
    ]


def stream_of(event: CloudEvent) -> Stream:
    """The producer's stream the event is a version of."""
    return event.source, event.streamid


def highest(events: Sequence[CloudEvent]) -> dict[Stream, int]:
    """The highest version per stream among `events`: the marks after applying them."""
    marks: dict[Stream, int] = {}
    for event in events:
        key = stream_of(event)
        marks[key] = max(marks.get(key, 0), event.streamversion)
    return marks


@dataclass(frozen=True)
class Decision:
    """Which events to apply, and how many skipped a version (for the stats)."""

    fresh: list[CloudEvent]
    gaps: int


def decide(
    events: Sequence[CloudEvent], marks: Mapping[Stream, int], known: frozenset[UUID]
) -> Decision:
    """The events to apply, in their order: above their stream's mark, and not `known`.

    `marks`: each stream's mark before this batch (absent: 0). `known`: ids the event-id
    table names (applied before the marks existed); such an event is not applied again, but
    raises the mark like one applied. Within the batch the mark rises as events are taken,
    so an event twice in one batch is applied once.
    """
    running = dict(marks)
    fresh: list[CloudEvent] = []
    gaps = 0
    for event in events:
        key = stream_of(event)
        mark = running.get(key, 0)
        if event.streamversion <= mark:
            continue
        running[key] = event.streamversion
        if event.id in known:
            continue
        if event.streamversion > mark + 1 and mark:
            gaps += 1
        fresh.append(event)
    return Decision(fresh, gaps)


# One statement, one snapshot: the old rows found (and deleted) and the marks raised. A
# stream absent from the answer had a mark at or above every version of the batch.
_TAKE = """
WITH legacy AS (
    DELETE FROM {s}.inbox WHERE consumer = $1 AND event_id = ANY($5::uuid[])
    RETURNING event_id
), raised AS (
    INSERT INTO {s}.inbox_marks AS m (consumer, source, stream, version)
    SELECT $1, * FROM unnest($2::text[], $3::text[], $4::bigint[])
    ON CONFLICT (consumer, source, stream) DO UPDATE
       SET version = excluded.version, previous = m.version
     WHERE m.version < excluded.version
    RETURNING source, stream, previous
)
SELECT source, stream, previous, NULL::uuid AS known FROM raised
UNION ALL
SELECT NULL, NULL, NULL, event_id FROM legacy
"""

_TAKE_IDS = """
INSERT INTO {s}.inbox (consumer, event_id) SELECT $1, unnest($2::uuid[])
ON CONFLICT DO NOTHING RETURNING event_id
"""


class Inbox:
    """One consumer's inbox in one schema: stream marks, or event ids for dead letters."""

    def __init__(self, schema: str, consumer: str, *, by_event_id: bool = False) -> None:
        """`by_event_id`: one row per event, for topics whose streams arrive out of order."""
        self.schema = checked_schema(schema)
        self.consumer = consumer
        self.by_event_id = by_event_id
        self._take = (_TAKE_IDS if by_event_id else _TAKE).replace("{s}", self.schema)

    @property
    def tables(self) -> tuple[str, ...]:
        """The tables it writes (qualified): what a rebuild locks to hold the live runner."""
        return (f"{self.schema}.inbox", f"{self.schema}.inbox_marks")

    async def take(self, conn: PoolConnectionProxy, events: Sequence[CloudEvent]) -> Decision:
        """Record `events` as applied, inside `conn`'s transaction; which of them are new.

        The caller applies `fresh` in the same transaction, or rolls it all back.
        """
        if not events:
            return Decision([], 0)
        if self.by_event_id:
            rows = await conn.fetch(self._take, self.consumer, [e.id for e in events])
            new = {row["event_id"] for row in rows}
            fresh = []
            for event in events:
                if event.id in new:
                    new.discard(event.id)  # a duplicate inside one batch applies once
                    fresh.append(event)
            return Decision(fresh, 0)
        batch = highest(events)
        keys = sorted(batch)  # one order for every member: no deadlock between two of them
        rows = await conn.fetch(
            self._take,
            self.consumer,
            [source for source, _ in keys],
            [stream for _, stream in keys],
            [batch[key] for key in keys],
            [e.id for e in events],
        )
        marks = dict(batch)  # not raised: the mark was at or above the whole batch
        known: set[UUID] = set()
        for row in rows:
            if row["known"] is not None:
                known.add(row["known"])
            else:
                marks[row["source"], row["stream"]] = row["previous"]
        return decide(events, marks, frozenset(known))
