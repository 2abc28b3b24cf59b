"""A consumer's inbox: which events it has applied, kept per source stream, not per event.

An event belongs to one stream of one producer (`source`, `streamid`) at a `streamversion`
(1, 2, 3 ... without gaps in the producer's store). The inbox keeps, per consumer and stream,
the highest version applied (`inbox_marks`, one row per stream: bounded by the young people,
not by their events). An event is new iff its version is above its stream's mark; the mark
is raised in the same transaction as the change the events caused, so a crash before the
offset commit redelivers a batch whose events are all at or below their marks: applied once.

Why a version at or below the mark is a duplicate, not a late event (bar one case, below):
the mark only holds versions this consumer read, and it reads each stream in version order.
- The producer's store commits a stream's versions in order (the (stream, version) key and
  the append's expected version: version n+1 is written only after n is committed).
- The relay publishes in commit order (`shared/relay`), keyed by the young person, so one
  stream is on one partition of one topic (`ensure_topics` only creates; partitions are
  added only while the consumers are idle, deploy/README.md, so a stream moves to another
  partition only once all of it was read). The producer keeps one request in flight per
  broker, so a retry cannot overtake a later batch. A republish (a lost topic, a crash
  before the relay's checkpoint) sends the log again from a position, in order: what comes
  again is at or below the marks. The figures (`services/timeline/comparison`) are streams
  of a month whose version is the revision, sent again only with the same id and revision.
- A consumer group reads a partition in offset order; a rebalance re-reads from the
  committed offset (duplicates only). Two members applying the same stream at once serialise
  on the mark's row (`ON CONFLICT DO UPDATE` waits, then sees the committed mark).
Every CloudEvent has a stream and a version (both required by `shared.envelope`): timer
and policy events are appended to a stream like any other, and published figures carry the
revision; so no event needs another rule.

One case escapes that order: the relay sends a batch before the previous one is
acknowledged, and a batch that fails for good (its request timed out while the broker was
away) does not stop the next one to the same partition; the relay then stops and sends both
again. A consumer may so see version 6 before 5. Hence the gaps: a version above mark + 1 is
applied (as the event-id inbox did) and the versions passed over are noted (`inbox_gaps`,
in the same transaction; at most `MAX_GAP` per jump, a larger one is a topic that no longer
holds them). A noted version that arrives later is applied then, once: its row is deleted
in the transaction that applies it. Most gaps are for good (an event parked on the
dead-letter topic, an unknown type passed over), so rows older than `GAP_RETENTION` go: far
longer than a relay's retry or a redelivery, and an event parked then is applied in order by
a rebuild. A stream first seen above version 1 notes the versions below it too (its first
batch may be the one lost). The mark moves only forward; a dead-lettered event redelivered
within the retention is tried again, as with the event-id inbox.

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

import time
from dataclasses import dataclass, field
from datetime import timedelta
from typing import TYPE_CHECKING

import structlog

from shared.migrations import Migration, checked_schema, shared_migration

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence
    from uuid import UUID

    from asyncpg import Record
    from asyncpg.pool import PoolConnectionProxy

    from shared.envelope import CloudEvent

log = structlog.get_logger("projection.inbox")

Stream = tuple[str, str]  # (source, streamid): a producer's stream
Version = tuple[str, str, int]  # (source, streamid, streamversion): one event of a stream
MAX_GAP = 1000  # versions noted for one jump at most
GAP_RETENTION = timedelta(days=7)


def inbox_migrations() -> list[Migration]:
    """The inbox tables every consuming schema needs: event ids, stream marks, their gaps."""
    return [
        shared_migration("shared.projection", "schema.sql", "0001_inbox"),
        shared_migration("shared.projection", "marks.sql", "0002_inbox_marks"),
        shared_migration("shared.projection", "gaps.sql", "0003_inbox_gaps"),
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
    """Which events to apply, the versions they passed over, and how many jumped a version."""

    fresh: list[CloudEvent]
    gaps: int
    passed_over: list[Version] = field(default_factory=list)


def behind(events: Sequence[CloudEvent], marks: Mapping[Stream, int]) -> list[Version]:
    """The events at or below their stream's mark: duplicates, unless a noted gap."""
    return [
        (event.source, event.streamid, event.streamversion)
        for event in events
        if event.streamversion <= marks.get(stream_of(event), 0)
    ]


def decide(
    events: Sequence[CloudEvent],
    marks: Mapping[Stream, int],
    known: frozenset[UUID],
    gaps: frozenset[Version] = frozenset(),
) -> Decision:
    """The events to apply, in their order: above their stream's mark or a noted gap, not `known`.

    `marks`: each stream's mark before this batch (absent: 0). `known`: ids the event-id
    table names (applied before the marks existed); such an event is not applied again, but
    raises the mark like one applied. `gaps`: versions noted as passed over. Within the batch
    the mark rises as events are taken, and a jump notes what it passed over, so an event
    twice in one batch is applied once, and a lower version after a higher one is applied.
    """
    running = dict(marks)
    open_gaps = set(gaps)
    noted: dict[Version, None] = {}  # passed over in this batch, in order
    fresh: list[CloudEvent] = []
    jumps = 0
    for event in events:
        key = stream_of(event)
        mark = running.get(key, 0)
        version = (event.source, event.streamid, event.streamversion)
        if event.streamversion <= mark:
            if version in open_gaps:
                open_gaps.discard(version)
                fresh.append(event)
            elif version in noted:
                del noted[version]
                fresh.append(event)
            continue
        running[key] = event.streamversion
        if event.id in known:  # the old code applied it, having read the versions below
            continue
        if event.streamversion > mark + 1:
            jumps += 1
            if event.streamversion - mark - 1 <= MAX_GAP:
                noted.update(((*key, v), None) for v in range(mark + 1, event.streamversion))
            else:
                log.warning("inbox_gap_not_noted", stream=event.streamid, mark=mark, to=version)
        fresh.append(event)
    return Decision(fresh, jumps, list(noted))


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

# The same without the old rows, once the consumer has none left: nothing writes them any
# more (the marks replaced them; a rebuild's swap deletes them), so none come back.
_TAKE_MARKS = """
INSERT INTO {s}.inbox_marks AS m (consumer, source, stream, version)
SELECT $1, * FROM unnest($2::text[], $3::text[], $4::bigint[])
ON CONFLICT (consumer, source, stream) DO UPDATE
   SET version = excluded.version, previous = m.version
 WHERE m.version < excluded.version
RETURNING source, stream, previous, NULL::uuid AS known
"""
_LEGACY_LEFT = "SELECT EXISTS (SELECT 1 FROM {s}.inbox WHERE consumer = $1)"

_FILLED = """
DELETE FROM {s}.inbox_gaps g USING unnest($2::text[], $3::text[], $4::bigint[])
    AS f(source, stream, version)
 WHERE g.consumer = $1 AND g.source = f.source AND g.stream = f.stream AND g.version = f.version
RETURNING g.source, g.stream, g.version
"""
_NOTE = """
INSERT INTO {s}.inbox_gaps (consumer, source, stream, version)
SELECT $1, * FROM unnest($2::text[], $3::text[], $4::bigint[]) ON CONFLICT DO NOTHING
"""
_FORGET = "DELETE FROM {s}.inbox_gaps WHERE consumer = $1 AND noted_at < now() - $2::interval"

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
        self._take_marks = _TAKE_MARKS.replace("{s}", self.schema)
        self._legacy_left = _LEGACY_LEFT.replace("{s}", self.schema)
        # Whether old event-id rows may remain, as last looked (None: not yet looked).
        self._legacy: bool | None = None
        self._filled = _FILLED.replace("{s}", self.schema)
        self._note = _NOTE.replace("{s}", self.schema)
        self._forget = _FORGET.replace("{s}", self.schema)
        self._forgotten_at: float | None = None  # when old gaps were last deleted (monotonic)

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
        rows = await self._raise(conn, batch, events)
        marks = dict(batch)  # not raised: the mark was at or above the whole batch
        known: set[UUID] = set()
        for row in rows:
            if row["known"] is not None:
                known.add(row["known"])
            else:
                marks[row["source"], row["stream"]] = row["previous"]
        gaps: frozenset[Version] = frozenset()
        candidates = behind(events, marks)
        if candidates:  # a redelivery, or a version a jump passed over: only then a look
            filled = await conn.fetch(self._filled, self.consumer, *_columns(candidates))
            gaps = frozenset((r["source"], r["stream"], r["version"]) for r in filled)
        decision = decide(events, marks, frozenset(known), gaps)
        if decision.passed_over:
            await conn.execute(self._note, self.consumer, *_columns(decision.passed_over))
        await self._forget_old_gaps(conn)
        return decision

    async def _raise(
        self, conn: PoolConnectionProxy, batch: dict[Stream, int], events: Sequence[CloudEvent]
    ) -> list[Record]:
        """Raise the marks to `batch`; the streams raised (with their previous mark).

        While old event-id rows may be left, the ids they name are deleted and returned too.
        """
        keys = sorted(batch)  # one order for every member: no deadlock between two of them
        marks = (
            self.consumer,
            [source for source, _ in keys],
            [stream for _, stream in keys],
            [batch[key] for key in keys],
        )
        if self._legacy is not False:  # once none are left, not looked up again
            self._legacy = await conn.fetchval(self._legacy_left, self.consumer)
        if self._legacy:
            return await conn.fetch(self._take, *marks, [e.id for e in events])
        return await conn.fetch(self._take_marks, *marks)

    async def _forget_old_gaps(self, conn: PoolConnectionProxy) -> None:
        """At most hourly: the gaps older than the retention go (see the module)."""
        now = time.monotonic()
        if self._forgotten_at is not None and now - self._forgotten_at < _FORGET_EVERY_S:
            return
        self._forgotten_at = now
        await conn.execute(self._forget, self.consumer, GAP_RETENTION)


_FORGET_EVERY_S = 3600.0


def _columns(versions: Sequence[Version]) -> tuple[list[str], list[str], list[int]]:
    """Sources, streams and versions as three arrays, for `unnest`."""
    return (
        [source for source, _, _ in versions],
        [stream for _, stream, _ in versions],
        [version for _, _, version in versions],
    )
