"""Writing and reading a service's processing log (`{schema}.processing_log`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeAlias, TypedDict

import asyncpg
from typing_extensions import Unpack

from shared import tracing
from shared.migrations import Migration, checked_schema, shared_migration
from shared.processing_log.chain import ChainVerifier
from shared.processing_log.entry import (
    Action,
    ProcessingEntry,
    ProcessingFacts,
    Result,
    Vertrouwelijkheid,
)
from shared.processing_log.pruning import checkpoint_problems, checkpoints

if TYPE_CHECKING:
    from datetime import datetime

    from asyncpg.pool import Pool, PoolConnectionProxy

    Connection: TypeAlias = asyncpg.Connection | PoolConnectionProxy
    Executor: TypeAlias = Pool | Connection

_TRACE = ("trace_id", "span_id")
_FACTS = tuple(name for name in ProcessingFacts.model_fields if name not in _TRACE)
# Every column, whichever migrations the schema has had: the trace ids arrive with
# `processing_log_trace_migration`, and a log without them reads as untraced.
_COLUMNS = "*"


def processing_log_migration() -> Migration:
    """The table, its append-only triggers and the chain-extending function."""
    return shared_migration("shared.processing_log", "schema.sql", "0002_processing_log")


def processing_log_trace_migration() -> Migration:
    """Trace and span ids on each entry (nullable, in the chain where present): after the log's."""
    return shared_migration("shared.processing_log", "trace.sql", "0002_processing_log_trace")


class EntryFacts(TypedDict):
    """What an entry states, as `record` and `call` take it (the trace ids come by themselves)."""

    actor: str
    actor_role: str
    tenant: str
    youth_id: str
    action: Action
    activity: str
    activity_name: str
    grondslag: str
    vertrouwelijkheid: Vertrouwelijkheid
    result: Result
    correlation_id: str
    method: str
    path: str


@dataclass(frozen=True)
class LogCall:
    """`record_processing(...)` for one entry: its parameters numbered from $1, and their values."""

    function: str
    args: tuple[object, ...]


class ProcessingLog:
    """Appends entries to per-young-person hash chains; reads and verifies them.

    Bound to a pool, each entry commits on its own; bound to a connection, it is part of the
    caller's transaction (which must be READ COMMITTED, so the chain head is read fresh).
    """

    def __init__(self, pool_or_conn: Executor, schema: str) -> None:
        """Bind to the database and to the schema of the service whose log this is."""
        self._db = pool_or_conn
        self.schema = checked_schema(schema)
        # Named arguments: the SQL function's parameter order need not follow the model's.
        params = ", ".join(f"p_{name} => ${n}" for n, name in enumerate(_FACTS, start=1))
        traced = ", ".join(f"p_{name} => ${n}" for n, name in enumerate(_TRACE, len(_FACTS) + 1))
        function = f"{self.schema}.record_processing"
        self._record_call = f"{function}({params})"
        self._traced_call = f"{function}({params}, {traced})"
        self._has_trace_columns: bool | None = None

    @property
    def executor(self) -> Executor:
        """The pool or connection entries are written through."""
        return self._db

    async def record(self, **facts: Unpack[EntryFacts]) -> ProcessingEntry:
        """Append one entry to its young person's chain in one round trip; return it.

        The entry carries the trace and span ids of the span current now (the request's),
        when tracing is on.

        Raises:
            pydantic.ValidationError: a field out of its domain (e.g. an unknown grondslag code).
        """
        call = await self.call(**facts)
        row = await self._db.fetchrow(f"SELECT {_COLUMNS} FROM {call.function}", *call.args)
        return _entry(row)

    async def call(self, **facts: Unpack[EntryFacts]) -> LogCall:
        """The call that appends this entry, for a statement that writes it with other data.

        The event store's append takes it (`PostgresEventStore.alongside`): the entry then
        commits with the events it records, or not at all, in one round trip for both.

        Raises:
            pydantic.ValidationError: a field out of its domain (e.g. an unknown grondslag code).
        """
        trace_id, span_id = tracing.current_ids()
        checked = ProcessingFacts(**facts, trace_id=trace_id, span_id=span_id)
        values = [getattr(checked, f) for f in _FACTS]
        if trace_id is not None and await self._traceable():
            return LogCall(self._traced_call, (*values, trace_id, span_id))
        return LogCall(self._record_call, tuple(values))

    async def _traceable(self) -> bool:
        """Whether the schema has the trace columns (asked once): else entries go untraced.

        A service whose migrations do not list `processing_log_trace_migration` yet keeps
        logging when tracing is switched on, without the ids, instead of failing requests.
        """
        if self._has_trace_columns is None:
            self._has_trace_columns = bool(
                await self._db.fetchval(
                    "SELECT EXISTS (SELECT 1 FROM information_schema.columns WHERE"
                    " table_schema = $1 AND table_name = 'processing_log'"
                    " AND column_name = 'trace_id')",
                    self.schema,
                )
            )
        return self._has_trace_columns

    async def for_youth(
        self,
        tenant: str,
        youth_id: str,
        limit: int = 1000,
        *,
        since: datetime | None = None,
        until: datetime | None = None,
    ) -> list[ProcessingEntry]:
        """A young person's entries within one tenant, in chain order (the first `limit`)."""
        rows = await self._db.fetch(
            f"SELECT {_COLUMNS} FROM {self.schema}.processing_log"
            " WHERE tenant = $1 AND youth_id = $2"
            " AND ($3::timestamptz IS NULL OR logged_at >= $3)"
            " AND ($4::timestamptz IS NULL OR logged_at < $4)"
            " ORDER BY seq LIMIT $5",
            tenant,
            youth_id,
            since,
            until,
            limit,
        )
        return [_entry(row) for row in rows]

    async def for_tenant(
        self,
        tenant: str,
        since: datetime | None = None,
        until: datetime | None = None,
        limit: int = 1000,
    ) -> list[ProcessingEntry]:
        """A tenant's entries with `since <= logged_at < until`, oldest first."""
        rows = await self._db.fetch(
            f"SELECT {_COLUMNS} FROM {self.schema}.processing_log"
            " WHERE tenant = $1"
            " AND ($2::timestamptz IS NULL OR logged_at >= $2)"
            " AND ($3::timestamptz IS NULL OR logged_at < $3)"
            " ORDER BY logged_at, entry_id LIMIT $4",
            tenant,
            since,
            until,
            limit,
        )
        return [_entry(row) for row in rows]

    async def verify(
        self, tenant: str | None = None, min_retention_years: int | None = None
    ) -> list[str]:
        """Recompute every chain (of one tenant, or all); return the problems, empty if intact.

        Recomputed here, not in SQL, so a verifier does not trust the database's functions.
        A pruned chain continues from its checkpoint, which must be past a retention of at
        least `min_retention_years` (the service's own, when given).
        """
        sql = (
            f"SELECT {_COLUMNS} FROM {self.schema}.processing_log"
            " WHERE ($1::text IS NULL OR tenant = $1) ORDER BY tenant, youth_id, seq"
        )
        if isinstance(self._db, asyncpg.Pool):
            async with self._db.acquire() as conn:
                return await _verify_rows(conn, sql, self.schema, tenant, min_retention_years)
        return await _verify_rows(self._db, sql, self.schema, tenant, min_retention_years)


async def verify(
    pool_or_conn: Executor,
    schema: str,
    tenant: str | None = None,
    min_retention_years: int | None = None,
) -> list[str]:
    """The problems in a service's processing log: for a periodic or on-demand check."""
    return await ProcessingLog(pool_or_conn, schema).verify(tenant, min_retention_years)


async def _verify_rows(
    conn: Connection, sql: str, schema: str, tenant: str | None, min_years: int | None
) -> list[str]:
    """Stream the rows through a verifier from one snapshot, so concurrent writes do not show.

    A cursor needs a transaction; the caller's, if it has one.
    """
    if conn.is_in_transaction():
        return await _feed(conn, sql, schema, tenant, min_years)
    async with conn.transaction(isolation="repeatable_read", readonly=True):
        return await _feed(conn, sql, schema, tenant, min_years)


async def _feed(
    conn: Connection, sql: str, schema: str, tenant: str | None, min_years: int | None
) -> list[str]:
    pruned = await checkpoints(conn, schema, tenant)
    verifier = ChainVerifier({chain: row.start for chain, row in pruned.items()})
    async for row in conn.cursor(sql, tenant, prefetch=500):
        # Unvalidated: a tampered row must be reported, not make the check fail.
        verifier.add(ProcessingEntry.model_construct(**_fields(row)))
    return checkpoint_problems(pruned, min_years) + verifier.problems


def _fields(row: asyncpg.Record) -> dict[str, Any]:
    return dict(row.items())


def _entry(row: asyncpg.Record | None) -> ProcessingEntry:
    if row is None:  # pragma: no cover - the function always returns its row
        raise RuntimeError("record_processing returned no row")
    return ProcessingEntry.model_validate(_fields(row))
