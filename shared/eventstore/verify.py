"""Recompute the hash chains of a service's event store and report what does not add up."""

from __future__ import annotations

from typing import TYPE_CHECKING

from shared.eventstore.chain import StoredRow, verify_stream
from shared.migrations import checked_schema

if TYPE_CHECKING:
    from collections.abc import AsyncIterator

    from shared.db import Connection

_SELECT = (
    "SELECT event_id::text AS event_id, stream_id, stream_version, event_type, schema_version,"
    " subject, tenant, data::text AS data, metadata::text AS metadata, prev_hash, hash, position"
    " FROM {schema}.events {where} ORDER BY stream_id, stream_version, position"
)


async def _rows(conn: Connection, schema: str, stream: str | None) -> AsyncIterator[StoredRow]:
    where = "WHERE stream_id = $1" if stream else ""
    query = _SELECT.format(schema=checked_schema(schema), where=where)
    args = [stream] if stream else []
    # A server-side cursor: the whole store is never in memory at once.
    async with conn.transaction(isolation="repeatable_read", readonly=True):
        async for record in conn.cursor(query, *args, prefetch=2000):
            yield StoredRow(**dict(record))


async def verify_events(conn: Connection, schema: str, stream: str | None = None) -> list[str]:
    """Every problem in every stream (or in `stream`); an empty list means the chains hold."""
    problems: list[str] = []
    current: list[StoredRow] = []
    async for row in _rows(conn, schema, stream):
        if current and current[-1].stream_id != row.stream_id:
            problems += verify_stream(current)
            current = []
        current.append(row)
    problems += verify_stream(current)
    return problems
