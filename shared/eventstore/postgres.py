"""The event store on PostgreSQL (asyncpg), one schema per service."""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol, Self, TypeAlias

import asyncpg

from shared import metrics, tracing
from shared.eventstore.metadata_codec import decode_metadata, encode_metadata
from shared.eventstore.records import (
    START,
    AppendResult,
    Checkpoint,
    ConcurrencyError,
    EventIdTakenError,
    NewEvent,
    RecordedEvent,
)
from shared.migrations import Migration, checked_schema, shared_migration
from shared.timers.changes import encode_orders

if TYPE_CHECKING:
    from collections.abc import AsyncIterator, Sequence

    from asyncpg.pool import Pool, PoolConnectionProxy

    from shared.eventstore.notify import CommitNotifier
    from shared.timers.changes import TimerOrder

    Connection: TypeAlias = asyncpg.Connection | PoolConnectionProxy
    Executor: TypeAlias = Pool | Connection

_CONFLICT = "RG409"
_EVENT_ID_KEY = "events_event_id_key"  # the unique constraint on an event's id

# The committed log after checkpoint ($1, $2), never past a transaction still open: see
# `read_all` for why. Shared with the relay, which reads the same rows as CloudEvents.
LOG_ORDER = (
    "WHERE (tx_id, position) > ($1::xid8, $2)"
    " AND tx_id < pg_snapshot_xmin(pg_current_snapshot())"
    " ORDER BY tx_id, position LIMIT $3"
)

_COLUMNS = (
    "event_id, event_type, schema_version, subject, data::text AS data, metadata::text AS metadata,"
    " stream_id, stream_version, tx_id, position, recorded_at, prev_hash, hash"
)


@dataclass(frozen=True)
class Write:
    """SQL that runs in an append's statement; its parameters numbered from $1.

    An expression (`statement` False) joins the append's SELECT after it, a function that
    writes (the processing log's `record_processing`); a data-modifying statement (`statement`
    True, an INSERT) runs as a WITH of the same statement, on the same snapshot.
    """

    sql: str
    args: Sequence[object]
    statement: bool = False


class Alongside(Protocol):
    """A write that belongs to the next append: made in the append's own statement.

    So it commits with the events or not at all, at no round trip of its own: the processing-log
    entry of the request whose data the events record (shared/command_http.py), intake's blind
    index of the young person registered (services/intake/blind_index.py).
    """

    def pending(self) -> Write | None:
        """The write, while it is not made."""
        ...

    def made(self) -> None:
        """The statement that carried it has run (and commits with the append)."""
        ...


def event_store_migration() -> Migration:
    """The DDL every service's schema starts with."""
    return shared_migration("shared.eventstore", "schema.sql", "0000_event_store")


def _record(row: asyncpg.Record) -> RecordedEvent:
    return RecordedEvent(
        event_id=row["event_id"],
        event_type=row["event_type"],
        schema_version=row["schema_version"],
        subject=row["subject"],
        data=row["data"],
        metadata=decode_metadata(row["metadata"]),
        stream_id=row["stream_id"],
        stream_version=row["stream_version"],
        checkpoint=Checkpoint(row["tx_id"], row["position"]),
        recorded_at=row["recorded_at"],
        prev_hash=row["prev_hash"],
        hash=row["hash"],
    )


def _shifted(sql: str, after: int) -> str:
    """`sql` with its parameters $1, $2, ... numbered after `after` others."""
    return re.sub(r"\$(\d+)", lambda m: f"${int(m[1]) + after}", sql)


def _joined(
    sql: str, args: tuple[object, ...], writes: Sequence[Write]
) -> tuple[str, tuple[object, ...]]:
    """The append's SELECT with `writes` beside it, their parameters renumbered after its own."""
    ctes: list[str] = []
    expressions: list[str] = []
    for write in writes:
        renumbered = _shifted(write.sql, len(args))
        if write.statement:
            ctes.append(f"w{len(ctes)} AS ({renumbered})")
        else:
            expressions.append(renumbered)
        args = (*args, *write.args)
    head = f"WITH {', '.join(ctes)} " if ctes else ""
    return f"{head}{sql} AS appended{''.join(', ' + e for e in expressions)}", args


class PostgresEventStore:
    """Append with optimistic concurrency and idempotency; read a stream; read the log in order."""

    def __init__(
        self, executor: Executor, schema: str, notifier: CommitNotifier | None = None
    ) -> None:
        """Bind to a pool (each append its own transaction) or a connection (the caller's).

        With a `notifier`, appends on the pool wake the relay as soon as they commit.
        """
        self._db = executor
        # A pool runs each append in its own transaction; a connection is inside the caller's.
        self._owns_transactions = isinstance(executor, asyncpg.Pool)
        self.schema = checked_schema(schema)
        self.notifier = notifier
        params = ", ".join(f"${n}" for n in range(1, 10))
        self._append_sql = f"SELECT {self.schema}.append_events({params})"
        # With timer changes (shared/timers/schema.sql): the same append, and the changes.
        self._append_timed_sql = f"SELECT {self.schema}.append_events_timed({params}, $10)"
        self._alongside: tuple[Alongside, ...] = ()

    @property
    def executor(self) -> Executor:
        """The pool (each append its own transaction) or the caller's connection."""
        return self._db

    def alongside(self, *writes: Alongside) -> Self:
        """The same store whose next append makes `writes` too, in the append's statement.

        The append comes first in its SELECT, the expressions after it, the statements as its
        WITH: a conflict the append raises undoes them all, and a write's failure undoes the
        events. Appends after the one that carried them go alone.
        """
        bound = type(self)(self._db, self.schema, self.notifier)
        bound._alongside = writes  # noqa: SLF001 - its own kind, made here
        return bound

    def using(self, conn: Connection) -> Self:
        """The same store inside the caller's transaction: append atomically with other writes.

        The caller commits, so the caller calls `committed()` afterwards (or uses `transaction`).
        """
        return type(self)(conn, self.schema)

    @contextlib.asynccontextmanager
    async def transaction(self) -> AsyncIterator[Self]:
        """A store bound to a fresh transaction; commits on leaving the block, then notifies."""
        if not isinstance(self._db, asyncpg.Pool):
            raise TypeError("already bound to a connection")
        async with self._db.acquire() as conn, conn.transaction():
            yield self.using(conn)
        self.committed()

    def committed(self) -> None:
        """Wake the relay: events were committed outside `append`'s own transaction."""
        if self.notifier is not None:
            self.notifier.poke()

    async def append(
        self,
        stream_id: str,
        events: Sequence[NewEvent],
        expected_version: int,
        timers: Sequence[TimerOrder] = (),
    ) -> AppendResult:
        """Append `events` if the stream is at `expected_version`; a retry of the same ids succeeds.

        Raises ConcurrencyError when the stream moved on, or when an event id is taken elsewhere.
        `timers` are applied in the same SQL call, only when the events are appended.
        """
        if not events:
            return AppendResult(expected_version, appended=False)
        if not tracing.enabled():
            return await self._append(stream_id, events, expected_version, None, timers)
        with tracing.span("eventstore append", self._span_attributes(events)):
            # The append span's context is stored: the event's consumers continue under it.
            traceparent = tracing.current_traceparent()
            return await self._append(stream_id, events, expected_version, traceparent, timers)

    def _span_attributes(self, events: Sequence[NewEvent]) -> dict[str, str | int]:
        """Codes only: the young person's stream id stays out of the trace."""
        return {
            "db.system.name": "postgresql",
            "db.namespace": self.schema,
            "db.operation.name": "append_events",
            "regie.event.types": ",".join(sorted({e.event_type for e in events})),
            "regie.event.count": len(events),
        }

    async def _append(
        self,
        stream_id: str,
        events: Sequence[NewEvent],
        expected_version: int,
        traceparent: str | None,
        timers: Sequence[TimerOrder] = (),
    ) -> AppendResult:
        sql, args, alongside = self._statement(
            stream_id, events, expected_version, traceparent, timers
        )
        try:
            appended = await self._db.fetchval(sql, *args)
            for along in alongside:
                along.made()
        except asyncpg.UniqueViolationError as error:
            # Lost a race: a concurrent append took the version, or a concurrent retry of this
            # very append won. Outside a caller's transaction we can tell which.
            if not self._owns_transactions:
                raise ConcurrencyError(
                    stream_id, expected_version, None, error.constraint_name or "conflict"
                ) from error
            if not await self._already_there(stream_id, events, expected_version):
                taken = error.constraint_name == _EVENT_ID_KEY
                conflict = EventIdTakenError if taken else ConcurrencyError
                raise conflict(
                    stream_id, expected_version, None, error.constraint_name or "conflict"
                ) from error
            appended = False
        except asyncpg.PostgresError as error:
            if error.sqlstate != _CONFLICT:
                raise
            actual = int(error.detail) if error.detail else None
            raise ConcurrencyError(stream_id, expected_version, actual, str(error)) from error
        if appended and self._owns_transactions:
            self.committed()
        if appended:
            metrics.APPENDED.labels(self.schema).inc(len(events))
        return AppendResult(expected_version + len(events), appended=bool(appended))

    def _statement(
        self,
        stream_id: str,
        events: Sequence[NewEvent],
        expected_version: int,
        traceparent: str | None,
        timers: Sequence[TimerOrder],
    ) -> tuple[str, tuple[object, ...], list[Alongside]]:
        """The append's SQL and values, and the writes it carries along (those pending)."""
        first = events[0]
        args: tuple[object, ...] = (
            stream_id,
            expected_version,
            first.subject,
            first.metadata.tenant,
            [e.event_id for e in events],
            [e.event_type for e in events],
            [e.schema_version for e in events],
            [e.data for e in events],
            [encode_metadata(e.metadata, traceparent) for e in events],
        )
        sql = self._append_sql
        if timers:
            sql, args = self._append_timed_sql, (*args, encode_orders(timers))
        carried = [(along, write) for along in self._alongside if (write := along.pending())]
        if not carried:
            return sql, args, []
        sql, args = _joined(sql, args, [write for _, write in carried])
        return sql, args, [along for along, _ in carried]

    async def _already_there(
        self, stream_id: str, events: Sequence[NewEvent], expected_version: int
    ) -> bool:
        found = await self._db.fetchval(
            f"SELECT count(*) FROM {self.schema}.events e"
            " JOIN unnest($2::uuid[]) WITH ORDINALITY AS r(id, i) ON e.event_id = r.id"
            " WHERE e.stream_id = $1 AND e.stream_version = $3 + r.i",
            stream_id,
            [e.event_id for e in events],
            expected_version,
        )
        return bool(found == len(events))

    async def load(self, stream_id: str, after_version: int = 0) -> list[RecordedEvent]:
        """The stream's events after `after_version`, in version order."""
        rows = await self._db.fetch(
            f"SELECT {_COLUMNS} FROM {self.schema}.events"
            " WHERE stream_id = $1 AND stream_version > $2 ORDER BY stream_version",
            stream_id,
            after_version,
        )
        return [_record(row) for row in rows]

    async def of_types(self, event_types: Sequence[str], tenant: str) -> list[RecordedEvent]:
        """One municipality's events of these types, per stream in version order (for figures).

        A scan of the service's log: for a report asked now and then, not a hot path.
        """
        rows = await self._db.fetch(
            f"SELECT {_COLUMNS} FROM {self.schema}.events"
            " WHERE tenant = $1 AND event_type = ANY($2::text[])"
            " ORDER BY stream_id, stream_version",
            tenant,
            list(event_types),
        )
        return [_record(row) for row in rows]

    async def read_all(self, after: Checkpoint = START, limit: int = 1000) -> list[RecordedEvent]:
        """Committed events after `after`, in log order, never skipping one that commits late.

        Why the barrier: rows become visible in commit order, which is neither insert order nor
        transaction-id order. A reader that took "everything after the last row I saw" would
        step past a row whose transaction is still running and never come back for it (the
        gap bug of many event stores). So we return only rows written by transactions older
        than the oldest one still running (`pg_snapshot_xmin`): that set is final, nothing can
        join it later. Ordering by (tx_id, position) makes the order stable and repeatable.
        One statement, so the barrier and the rows come from the same snapshot.
        """
        rows = await self._db.fetch(
            f"SELECT {_COLUMNS} FROM {self.schema}.events {LOG_ORDER}",
            after.tx_id,
            after.position,
            limit,
        )
        return [_record(row) for row in rows]
