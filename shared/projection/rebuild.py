"""Rebuild a projection into fresh tables from its topics while the live one keeps serving.

The rebuilt tables are what the code as it stands makes of exactly the events the live runner
has consumed: every event below its consumer group's committed offsets, including those it
parked on the dead-letter topic because its code then failed on them (the reason to rebuild
after a fix). Events it has not consumed yet are left to it.

1. Bulk: apply every event below the live group's committed offsets into
   `<live>_rebuild_<stamp>`, one transaction per batch, with inbox rows under the live
   consumer name; repeat as the offsets move on, so the gap left for the lock is small.
2. Reach live, under `LOCK TABLE <live>.inbox, <live>.inbox_marks IN EXCLUSIVE MODE` (it
   stops the live runners before their next apply, whose first statement writes the inbox,
   while reads go on). The runner may still commit the offsets of the batch it applied just
   before; so the offsets are read again, and applied up to, until every event the live
   inbox names is in the rebuild's inbox (or refused by the rebuild's code): per stream, no
   live mark above the rebuilt one (`_Marks`); for the dead-letter readers' event ids, told
   by counting the live inbox, not by comparing both (`_Inboxes`). Both sides now hold the
   same events, bar what one side's code refused and the other applied.
3. Verify without the lock: a snapshot (REPEATABLE READ) is taken while the lock still holds
   both sides still, then the lock is released and every table compared in that snapshot
   (row count and content hash, seconds at a million rows) while the live runner goes on.
4. Swap, under the lock again: reach live as in 2, which applies what it consumed meanwhile;
   re-check only the young people those events were about (`ProjectionSpec.subject_column`;
   an event changes only its subject's rows), then add the events only the rebuild applied
   to the live inbox (raise its marks), so a redelivery never applies them twice, move the
   live tables out and the rebuilt ones in, commit; then drop both leftover schemas. A
   difference found by the re-check sends the rebuild back to 2; `--accept-changes` swaps
   without it.
Anything else rolls back and drops the rebuild schema: the live tables are never touched.
"""

from __future__ import annotations

import asyncio
import os
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Literal

import asyncpg

from shared.migrations import checked_schema, migrate
from shared.projection.feed import Offsets, TopicFeed, apply_fresh
from shared.projection.inbox import Inbox, inbox_migrations, stream_of
from shared.projection.verify import Comparison, Subset, compare

if TYPE_CHECKING:
    from uuid import UUID

    from aiokafka import TopicPartition
    from asyncpg.pool import Pool, PoolConnectionProxy

    from shared.envelope import CloudEvent
    from shared.projection.spec import ProjectionSpec
    from shared.settings import PlatformSettings

Progress = Callable[[int, int], None]  # (messages read, messages to read)


class RebuildError(RuntimeError):
    """The rebuild could not finish; the live tables are as they were."""


@dataclass(frozen=True)
class Handoff:
    """How hard the handoff tries, and how long it may hold the live inbox lock."""

    attempts: int = 10
    pause_s: float = 0.5
    catch_up_s: float = 20.0
    # How long to wait, locked, for the live runner to commit the offsets of what it applied.
    # It does within milliseconds, unless it is held in the middle of a batch it is applying
    # event by event (after a failure): then only letting go of the lock helps.
    commit_wait_s: float = 1.0
    lock_timeout_ms: int = 10_000
    bulk_rounds: int = 3


@dataclass
class RebuildResult:
    """What happened, for the operator and the benchmark."""

    projection: str
    applied: int = 0
    skipped: int = 0  # duplicates and events the projection refused
    seconds: float = 0.0
    attempts: int = 0
    comparisons: list[Comparison] = field(default_factory=list)
    swapped: bool = False
    verify_seconds: float = 0.0  # the full comparison, without the lock
    longest_lock_s: float = 0.0  # the longest the live runners were held
    rechecked: int = 0  # subjects compared again under the lock before the swap
    workers: int = 1  # applying the first bulk by partition side by side

    @property
    def equal(self) -> bool:
        """Every table the same, live and rebuilt."""
        return all(c.equal for c in self.comparisons)

    def as_json(self) -> dict[str, Any]:
        """The figures, for `--json`."""
        return {
            "projection": self.projection,
            "applied": self.applied,
            "skipped": self.skipped,
            "seconds": self.seconds,
            "events_per_s": self.applied / self.seconds if self.seconds else None,
            "attempts": self.attempts,
            "verify_seconds": self.verify_seconds,
            "longest_lock_s": self.longest_lock_s,
            "rechecked": self.rechecked,
            "workers": self.workers,
            "equal": self.equal,
            "swapped": self.swapped,
            "tables": {
                c.table: {
                    "live_rows": c.live.rows,
                    "rebuilt_rows": c.rebuilt.rows,
                    "only_live": c.only_live,
                    "only_rebuilt": c.only_rebuilt,
                    "equal": c.equal,
                }
                for c in self.comparisons
            },
        }


async def rebuild(  # noqa: PLR0913 - each is named at the call site
    pool: Pool,
    platform: PlatformSettings,
    spec: ProjectionSpec,
    *,
    accept_changes: bool = False,
    batch_size: int = 2000,
    progress: Progress | None = None,
    handoff: Handoff | None = None,
    workers: int | None = None,
) -> RebuildResult:
    """Rebuild `spec` and swap it in if it equals live (or `accept_changes`); see the module.

    `workers`: how many apply the bulk side by side, each its own share of the partitions on
    its own connection (default: one per core, at most `MAX_WORKERS`); see `parallel_bulk`.
    """
    run = _Rebuild(
        pool=pool,
        platform=platform,
        spec=spec,
        batch_size=batch_size,
        progress=progress,
        handoff=handoff or Handoff(),
        workers=default_workers() if workers is None else workers,
    )
    return await run.run(accept_changes=accept_changes)


class _Inboxes:
    """How the rebuild's inbox R relates to the live inbox L, kept without scanning them.

    Each check under the lock must be cheap, so the only full comparison (R - L) runs once,
    without the lock; after it, R grows only by what this process applies and L only grows,
    so looking up the new ids and counting L tells whether L holds anything R lacks.
    """

    def __init__(self, live: str, rebuilt: str, consumer: str) -> None:
        self.live, self.rebuilt, self.consumer = live, rebuilt, consumer
        self.rows = 0  # in R
        self.only_rebuilt: set[UUID] = set()  # R - L, as of the last check
        self.fresh: set[UUID] = set()  # applied to R since the last check
        self.refused: dict[UUID, CloudEvent] = {}  # what the rebuild's code would not apply

    @property
    def tables(self) -> tuple[str, ...]:
        """The live inbox tables: locking them holds the live runner before its next apply."""
        return (f"{self.live}.inbox", f"{self.live}.inbox_marks", f"{self.live}.inbox_gaps")

    def applied(self, ids: set[UUID]) -> None:
        """`ids` were just added to R."""
        self.rows += len(ids)
        self.fresh |= ids

    async def baseline(self, conn: PoolConnectionProxy) -> None:
        """R - L and the size of R, in one snapshot; nothing may be applied meanwhile."""
        async with conn.transaction(isolation="repeatable_read", readonly=True):
            self.rows = await conn.fetchval(
                f"SELECT count(*) FROM {self.rebuilt}.inbox WHERE consumer = $1", self.consumer
            )
            self.only_rebuilt = {
                row["event_id"]
                for row in await conn.fetch(
                    f"SELECT r.event_id FROM {self.rebuilt}.inbox r WHERE r.consumer = $1"
                    f" AND NOT EXISTS (SELECT 1 FROM {self.live}.inbox l WHERE l.consumer = $1"
                    " AND l.event_id = r.event_id)",
                    self.consumer,
                )
            }
        self.fresh = set()

    async def beyond(self, conn: PoolConnectionProxy) -> int:
        """How many events L holds that R neither holds nor refused (L - R - refused).

        |L| = |R and L| + |L - R|, where R and L = R - (R - L) and R - L is the last R - L
        and the ids applied since, less those L now holds.
        """
        candidates = list(self.only_rebuilt | self.fresh)
        held = {
            row["event_id"]
            for row in await conn.fetch(
                f"SELECT event_id FROM {self.live}.inbox WHERE consumer = $1"
                " AND event_id = ANY($2::uuid[])",
                self.consumer,
                candidates,
            )
        }
        self.only_rebuilt = set(candidates) - held
        self.fresh = set()
        refused_held = await conn.fetchval(
            f"SELECT count(*) FROM {self.live}.inbox l WHERE l.consumer = $1"
            " AND l.event_id = ANY($2::uuid[]) AND NOT EXISTS"
            f" (SELECT 1 FROM {self.rebuilt}.inbox r WHERE r.consumer = $1"
            " AND r.event_id = l.event_id)",
            self.consumer,
            list(self.refused),
        )
        live_rows = await conn.fetchval(
            f"SELECT count(*) FROM {self.live}.inbox WHERE consumer = $1", self.consumer
        )
        extra: int = live_rows - (self.rows - len(self.only_rebuilt)) - refused_held
        if extra < 0:
            raise RebuildError(
                f"{self.live}.inbox lost {-extra} events while rebuilding: not swapped"
            )
        return extra

    async def adopt(self, conn: PoolConnectionProxy) -> None:
        """L names every event the swapped-in tables hold, so none is applied twice."""
        await conn.execute(
            f"INSERT INTO {self.live}.inbox (consumer, event_id)"
            " SELECT $1, unnest($2::uuid[]) ON CONFLICT DO NOTHING",
            self.consumer,
            list(self.only_rebuilt),
        )


class _Marks:
    """How the rebuild's marks R relate to the live marks L (`inbox.py`): one row per stream.

    The live side holds everything the rebuild holds once every live mark is at or below the
    rebuilt one, or at or below a version the rebuild's code refused (the live runner applied
    what this code refuses): counted under the lock by one join over the streams, not the
    events. The live event-id rows from before the marks are not compared: those events are
    below the live group's committed offsets (in R), or were applied beyond them by the old
    code (not in R); the swap deletes them, so the second kind is applied when redelivered.
    """

    def __init__(self, live: str, rebuilt: str, consumer: str) -> None:
        self.live, self.rebuilt, self.consumer = live, rebuilt, consumer
        self.refused: dict[UUID, CloudEvent] = {}  # what the rebuild's code would not apply

    @property
    def tables(self) -> tuple[str, ...]:
        """The live inbox tables: locking them holds the live runner before its next apply."""
        return (f"{self.live}.inbox", f"{self.live}.inbox_marks", f"{self.live}.inbox_gaps")

    def applied(self, ids: set[UUID]) -> None:
        """Nothing to keep: R is read again under the lock."""

    async def baseline(self, conn: PoolConnectionProxy) -> None:
        """Nothing to prepare: `beyond` compares the streams, not the events."""

    async def beyond(self, conn: PoolConnectionProxy) -> int:
        """How many live streams are ahead of the rebuild (and of what it refused)."""
        refused: dict[tuple[str, str], int] = {}
        for event in self.refused.values():
            key = stream_of(event)
            refused[key] = max(refused.get(key, 0), event.streamversion)
        ahead: int = await conn.fetchval(
            f"SELECT count(*) FROM {self.live}.inbox_marks l WHERE l.consumer = $1"
            f" AND NOT EXISTS (SELECT 1 FROM {self.rebuilt}.inbox_marks r WHERE r.consumer = $1"
            " AND r.source = l.source AND r.stream = l.stream AND r.version >= l.version)"
            " AND NOT EXISTS (SELECT 1 FROM unnest($2::text[], $3::text[], $4::bigint[])"
            " AS f(source, stream, version)"
            " WHERE f.source = l.source AND f.stream = l.stream AND f.version >= l.version)",
            self.consumer,
            [source for source, _ in refused],
            [stream for _, stream in refused],
            list(refused.values()),
        )
        return ahead

    async def adopt(self, conn: PoolConnectionProxy) -> None:
        """L's marks cover every event the swapped-in tables hold; the old id rows go.

        L's gaps become R's: what the rebuild passed over may still arrive, what it applied
        (perhaps a gap of L: a parked event the fixed code applies) may not be applied again.
        """
        await conn.execute(
            f"INSERT INTO {self.live}.inbox_marks AS l (consumer, source, stream, version)"
            f" SELECT consumer, source, stream, version FROM {self.rebuilt}.inbox_marks"
            " WHERE consumer = $1 ON CONFLICT (consumer, source, stream) DO UPDATE"
            " SET version = excluded.version, previous = l.version"
            " WHERE l.version < excluded.version",
            self.consumer,
        )
        await conn.execute(f"DELETE FROM {self.live}.inbox WHERE consumer = $1", self.consumer)
        await conn.execute(f"DELETE FROM {self.live}.inbox_gaps WHERE consumer = $1", self.consumer)
        await conn.execute(
            f"INSERT INTO {self.live}.inbox_gaps (consumer, source, stream, version, noted_at)"
            f" SELECT consumer, source, stream, version, noted_at FROM {self.rebuilt}.inbox_gaps"
            " WHERE consumer = $1",
            self.consumer,
        )


class _Rebuild:
    def __init__(  # noqa: PLR0913 - the parameters of `rebuild`
        self,
        *,
        pool: Pool,
        platform: PlatformSettings,
        spec: ProjectionSpec,
        batch_size: int,
        progress: Progress | None,
        handoff: Handoff,
        workers: int,
    ) -> None:
        self.pool, self.spec, self.handoff = pool, spec, handoff
        self.platform, self.batch_size = platform, batch_size
        self.workers = workers if parallel_bulk(spec) else 1
        self.progress = progress or (lambda _done, _total: None)
        stamp = f"{datetime.now(UTC):%Y%m%d%H%M%S}_{uuid.uuid4().hex[:4]}"
        self.live = checked_schema(spec.schema)
        self.target = checked_schema(f"{spec.schema}_rebuild_{stamp}")
        self.retired = checked_schema(f"{spec.schema}_retired_{stamp}")
        self.projection = spec.build(self.target)
        self.feed = TopicFeed(
            platform, spec.topics(platform.kafka_topic_prefix), batch_size, admits=spec.admits
        )
        self.result = RebuildResult(spec.name)
        # The dead-letter readers keep event ids (`inbox.py`); the others, stream marks.
        self.inboxes: _Inboxes | _Marks = (_Inboxes if spec.dead_letters else _Marks)(
            self.live, self.target, spec.consumer
        )
        self.inbox = Inbox(self.target, spec.consumer, by_event_id=spec.dead_letters)
        self.subjects: set[str] = set()  # whose events were applied since the verification
        self.guard: PoolConnectionProxy | None = None
        self.total = 0
        self.reason = ""

    async def run(self, *, accept_changes: bool) -> RebuildResult:
        started = time.perf_counter()
        async with self.pool.acquire() as guard:
            self.guard = guard  # also holds the snapshot the verification reads
            await self._check_live(guard)
            key = f"rebuild:{self.live}:{self.spec.name}"
            if not await guard.fetchval("SELECT pg_try_advisory_lock(hashtext($1))", key):
                raise RebuildError(f"another rebuild of {self.spec.name} is running")
            try:
                await migrate(guard, self.target, [*inbox_migrations(), *self.spec.migrations])
                await self.feed.start()
                try:
                    await self._rebuild(accept_changes=accept_changes)
                finally:
                    await self.feed.stop()
            finally:
                if not self.result.swapped:
                    await guard.execute(f"DROP SCHEMA IF EXISTS {self.target} CASCADE")
                await guard.execute("SELECT pg_advisory_unlock(hashtext($1))", key)
        self.result.seconds = time.perf_counter() - started
        return self.result

    async def _rebuild(self, *, accept_changes: bool) -> None:
        await self._bulk_side_by_side(await self._consumed())
        for _ in range(self.handoff.bulk_rounds):
            targets = await self._consumed()
            positions = await self.feed.positions()
            if sum(targets.values()) - sum(positions.values()) <= self.feed.max_records:
                break
            await self._bulk(targets)
        assert self.guard is not None  # noqa: S101 - set by `run`
        for table in ("inbox", "inbox_marks", "inbox_gaps", *self.spec.tables):  # plans
            await self.guard.execute(f"ANALYZE {self.target}.{table}")
        await self.inboxes.baseline(self.guard)
        verified = False
        for attempt in range(1, self.handoff.attempts + 1):
            self.result.attempts = attempt
            await self._bulk(await self._consumed())  # what arrived meanwhile, without the lock
            if not verified:
                outcome = await self._verify()
                if outcome == "differs" and not accept_changes:
                    return
                verified = outcome != "retry"
            if verified:
                handed = await self._hand_over(accept_changes=accept_changes)
                if handed == "swap":
                    return
                verified = handed == "retry"  # "changed": verify the whole tables again
            await asyncio.sleep(self.handoff.pause_s)
        raise RebuildError(
            f"no handoff to the live {self.spec.name} after {self.handoff.attempts} attempts:"
            f" {self.reason}"
        )

    async def _check_live(self, conn: PoolConnectionProxy) -> None:
        for table in ("inbox", "inbox_marks", "inbox_gaps", *self.spec.tables):
            if await conn.fetchval("SELECT to_regclass($1)", f"{self.live}.{table}") is None:
                raise RebuildError(
                    f"{self.live}.{table} does not exist: start the service once to migrate it"
                )

    async def _consumed(self) -> Offsets:
        """The live consumer group's committed offsets: what the live runner has consumed."""
        return await self.feed.committed(self.spec.consumer)

    async def _bulk(self, targets: Offsets) -> None:
        """Apply every event below `targets`, one transaction per batch."""
        self.total = max(
            self.total, sum(end - self.feed.beginnings.get(tp, 0) for tp, end in targets.items())
        )
        async for events in self.feed.upto(targets):
            if events:
                async with self.pool.acquire() as conn, conn.transaction():
                    applied = await apply_fresh(
                        conn, self.inbox, self.projection, events, self.inboxes.refused
                    )
                self.inboxes.applied(applied)
                self._count(len(events), applied)
                self.subjects.update(event.subject for event in events)
            done = await self.feed.consumed()
            self.total = max(self.total, done)
            self.progress(done, self.total)

    async def _bulk_side_by_side(self, targets: Offsets) -> None:
        """The first bulk, by `workers` each reading its share of the partitions to `targets`.

        A young person's events are all on one partition number, in every topic (the relay
        keys them by the young person, the topics have the same number of partitions), and
        change only their rows (`parallel_bulk`), so the shares' transactions do not touch the
        same rows (were they to deadlock, the events are applied one by one; one still failing
        is refused, and the comparison with live then stops the swap); each worker
        applies its partitions in offset order, as `_bulk` does. Afterwards this rebuild's
        own feed goes on from `targets`, where the workers stopped.
        """
        shares = [
            [tp for tp in self.feed.partitions if tp.partition % self.workers == n]
            for n in range(self.workers)
        ]  # by partition number: a young person's key is on the same one in every topic
        shares = [share for share in shares if share]
        self.result.workers = max(1, len(shares))
        if len(shares) <= 1:
            await self._bulk(targets)
            return
        self.total = max(
            self.total, sum(end - self.feed.beginnings.get(tp, 0) for tp, end in targets.items())
        )
        done = [0] * len(shares)

        async def work(n: int, share: list[TopicPartition]) -> None:
            feed = TopicFeed(
                self.platform,
                self.spec.topics(self.platform.kafka_topic_prefix),
                self.batch_size,
                admits=self.spec.admits,
                only=share,
            )
            await feed.start()
            try:
                async for events in feed.upto({tp: targets[tp] for tp in share}):
                    if events:
                        async with self.pool.acquire() as conn, conn.transaction():
                            applied = await apply_fresh(
                                conn, self.inbox, self.projection, events, self.inboxes.refused
                            )
                        self.inboxes.applied(applied)
                        self._count(len(events), applied)
                        self.subjects.update(event.subject for event in events)
                    done[n] = await feed.consumed()
                    self.progress(sum(done), self.total)
            finally:
                await feed.stop()

        async with asyncio.TaskGroup() as group:
            for n, share in enumerate(shares):
                group.create_task(work(n, share))
        self.feed.seek({tp: targets[tp] for tp in self.feed.partitions})

    def _count(self, read: int, applied: set[UUID]) -> None:
        self.result.applied += len(applied)
        self.result.skipped += read - len(applied)

    async def _verify(self) -> Literal["retry", "differs", "equal"]:
        """Steps 2-3: reach live under the lock, take a snapshot, release, compare in it."""
        assert self.guard is not None  # noqa: S101 - set by `run`
        snapshot = self.guard.transaction(isolation="repeatable_read", readonly=True)
        reached = snapshotted = False
        try:
            async with self.pool.acquire() as conn:
                held = time.monotonic()
                try:
                    async with conn.transaction():
                        await self._lock(conn)
                        reached = await self._reach_live(conn)
                        if reached:  # both sides are still: the snapshot sees them at one point
                            await snapshot.start()
                            snapshotted = True
                            await self.guard.fetchval("SELECT 1")  # takes the snapshot
                            self.subjects.clear()
                except asyncpg.LockNotAvailableError:
                    self.reason = "the live tables stayed locked by others (lock_timeout)"
                finally:
                    self._held(held)
        except BaseException:
            if snapshotted:
                await snapshot.rollback()
            raise
        if not reached:
            return "retry"
        started = time.monotonic()
        try:
            self.result.comparisons = [
                await compare(self.guard, self.live, self.target, table, self._volatile(table))
                for table in self.spec.tables
            ]
        finally:
            await snapshot.rollback()
        self.result.verify_seconds = time.monotonic() - started
        return "equal" if self.result.equal else "differs"

    async def _hand_over(self, *, accept_changes: bool) -> Literal["retry", "changed", "swap"]:
        """Step 4 in one transaction: committed when swapped, else rolled back."""
        async with self.pool.acquire() as conn:
            transaction = conn.transaction()
            await transaction.start()
            held = time.monotonic()
            try:
                outcome = await self._locked(conn, accept_changes=accept_changes)
            except asyncpg.LockNotAvailableError:
                self.reason = "the live tables stayed locked by others (lock_timeout)"
                outcome = "retry"
            except BaseException:
                await transaction.rollback()
                raise
            if outcome == "swap":
                await transaction.commit()
                self.result.swapped = True
            else:
                await transaction.rollback()
            self._held(held)
            if outcome == "swap":  # dropping a million rows' files is for after the lock
                await conn.execute(f"DROP SCHEMA {self.retired} CASCADE")
                await conn.execute(f"DROP SCHEMA {self.target} CASCADE")
            return outcome

    def _held(self, since: float) -> None:
        self.result.longest_lock_s = max(self.result.longest_lock_s, time.monotonic() - since)

    def _volatile(self, table: str) -> frozenset[str]:
        return self.spec.volatile.get(table, _NONE)

    async def _lock(self, conn: PoolConnectionProxy) -> None:
        """Stop the live runners before their next apply; reads go on."""
        budget_ms = int(self.handoff.catch_up_s * 1000) * 2
        await conn.execute(f"SET LOCAL lock_timeout = {self.handoff.lock_timeout_ms}")
        # Reading Kafka and applying on other connections leaves this one idle for a moment.
        await conn.execute(f"SET LOCAL idle_in_transaction_session_timeout = {budget_ms}")
        await conn.execute(f"LOCK TABLE {', '.join(self.inboxes.tables)} IN EXCLUSIVE MODE")

    async def _locked(
        self, conn: PoolConnectionProxy, *, accept_changes: bool
    ) -> Literal["retry", "changed", "swap"]:
        """Step 4 inside the handoff transaction, up to (not including) the commit."""
        await self._lock(conn)
        if not await self._reach_live(conn):
            return "retry"
        if not accept_changes:
            changed = [c.table for c in await self._recheck(conn) if not c.equal]
            if changed:
                self.reason = f"{', '.join(changed)} changed differently during verification"
                return "changed"
        await self.inboxes.adopt(conn)
        await self._swap(conn)
        return "swap"

    async def _recheck(self, conn: PoolConnectionProxy) -> list[Comparison]:
        """Compare what the events since the verification may have changed, live and rebuilt.

        Both sides were equal then; an event changes only its subject's rows, so comparing
        those subjects' rows compares the whole tables. Without a subject column: everything;
        the spec's aggregates (no subject in their rows) are compared whole too.
        """
        if not self.subjects:
            return []
        column = self.spec.subject_column
        only = Subset(column, frozenset(self.subjects)) if column else None
        self.result.rechecked = len(self.subjects)
        return [
            await compare(
                conn, self.live, self.target, table, self._volatile(table),
                only=None if table in self.spec.aggregates else only,
            )
            for table in self.spec.tables
        ]  # fmt: skip

    async def _reach_live(self, conn: PoolConnectionProxy) -> bool:
        """Under the lock: apply what the live runner consumed, until it holds what live applied.

        The target is the live group's committed offsets, re-read while the live runner, held
        at its next apply, commits the batch it applied just before the lock. What it applied
        must then all be below them (in the rebuild's inbox, or refused by the rebuild's code);
        what it parked there is applied too, as the code now stands. False: try again later.
        """
        waiting_since = time.monotonic()
        deadline = waiting_since + self.handoff.catch_up_s
        last: Offsets | None = None
        while True:
            targets = await self._consumed()
            positions = await self.feed.positions()
            if any(positions[tp] > targets[tp] for tp in self.feed.partitions):
                self.reason = (
                    "the live consumer group's committed offsets went back behind the rebuild"
                )
                return False
            await self._bulk(targets)
            beyond = await self.inboxes.beyond(conn)
            if not beyond:
                return True
            now = time.monotonic()
            if targets != last:
                last, waiting_since = targets, now
            if now > min(deadline, waiting_since + self.handoff.commit_wait_s):
                self.reason = (
                    f"the live runner applied {beyond} events beyond its committed offsets"
                    " (or that the topics no longer hold)"
                )
                return False
            await asyncio.sleep(_POLL_S)

    async def _swap(self, conn: PoolConnectionProxy) -> None:
        """Move the live tables out and the rebuilt ones in; indexes move with their tables."""
        await conn.execute(f"CREATE SCHEMA {self.retired}")
        for table in self.spec.tables:
            await conn.execute(f"ALTER TABLE {self.live}.{table} SET SCHEMA {self.retired}")
            await conn.execute(f"ALTER TABLE {self.target}.{table} SET SCHEMA {self.live}")


MAX_WORKERS = 4


def default_workers() -> int:
    """One bulk worker per core, at most `MAX_WORKERS`."""
    return max(1, min(MAX_WORKERS, os.cpu_count() or 1))


def parallel_bulk(spec: ProjectionSpec) -> bool:
    """Whether the bulk may be applied by partition side by side.

    Only where every event changes just its own subject's rows (`subject_column`, no
    aggregates across subjects) and arrives on its subject's partition (not the dead-letter
    topics, which several groups fill): two partitions' transactions then never write the
    same row, so they neither wait for nor deadlock with each other.
    """
    return spec.subject_column is not None and not spec.aggregates and not spec.dead_letters


_NONE: frozenset[str] = frozenset()
_POLL_S = 0.05
