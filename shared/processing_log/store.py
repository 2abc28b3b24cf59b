"""Writing and reading a service's processing log (`{schema}.processing_log`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeAlias

import asyncpg

from shared import tracing
from shared.migrations import Migration, checked_schema, shared_migration
from shared.processing_log.chain import ChainVerifier
from shared.processing_log.entry import ProcessingEntry, ProcessingFacts
from shared.processing_log.pruning import checkpoint_problems, checkpoints

if TYPE_CHECKING:
    from datetime import datetime

    from asyncpg.pool import Pool, PoolConnectionProxy

    from shared.processing_log.entry import Action, Result, Vertrouwelijkheid

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
        function = f"SELECT {_COLUMNS} FROM {self.schema}.record_processing"
        self._record_sql = f"{function}({params})"
        self._traced_sql = f"{function}({params}, {traced})"
        self._has_trace_columns: bool | None = None

    async def record(  # noqa: PLR0913 - one keyword per field of the entry
        self,
        *,
        actor: str,
        actor_role: str,
        tenant: str,
        youth_id: str,
        action: Action,
        activity: str,
        activity_name: str,
        grondslag: str,
        vertrouwelijkheid: Vertrouwelijkheid,
        result: Result,
        correlation_id: str,
        method: str,
        path: str,
    ) -> ProcessingEntry:
        """Append one entry to its young person's chain in one round trip; return it.

        The entry carries the trace and span ids of the span current now (the request's),
        when tracing is on.

        Raises:
            pydantic.ValidationError: a field out of its domain (e.g. an unknown grondslag code).
        """
        trace_id, span_id = tracing.current_ids()
        facts = ProcessingFacts(
            tenant=tenant,
            youth_id=youth_id,
            actor=actor,
            actor_role=actor_role,
            action=action,
            activity=activity,
            activity_name=activity_name,
            grondslag=grondslag,
            vertrouwelijkheid=vertrouwelijkheid,
            result=result,
            correlation_id=correlation_id,
            method=method,
            path=path,
            trace_id=trace_id,
            span_id=span_id,
        )
        values = [getattr(facts, f) for f in _FACTS]
        if trace_id is not None and await self._traceable():
            row = await self._db.fetchrow(self._traced_sql, *values, trace_id, span_id)
        else:
            row = await self._db.fetchrow(self._record_sql, *values)
        return _entry(row)

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
