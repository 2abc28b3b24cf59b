"""What a consumer's inbox says it has applied, for tests (`shared/projection/inbox.py`).

The inbox keeps the highest version applied per stream, so the events applied are the
versions up to each mark: their sum, when the test's streams start at 1 without gaps (as a
producer's store writes them and the test publishers number them).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from asyncpg import Connection
    from asyncpg.pool import Pool, PoolConnectionProxy


async def applied_count(
    conn: Pool | PoolConnectionProxy | Connection, schema: str, consumer: str
) -> int:
    """The events `consumer`'s inbox in `schema` counts as applied."""
    count: int = await conn.fetchval(
        f"SELECT coalesce(sum(version), 0) FROM {schema}.inbox_marks WHERE consumer = $1",
        consumer,
    )
    return count


async def has_applied(
    conn: Pool | PoolConnectionProxy | Connection,
    schema: str,
    consumer: str,
    stream: str,
    version: int,
) -> bool:
    """Whether `consumer`'s mark for `stream` has reached `version` (from any source)."""
    reached: bool = await conn.fetchval(
        f"SELECT EXISTS (SELECT 1 FROM {schema}.inbox_marks"
        " WHERE consumer = $1 AND stream = $2 AND version >= $3)",
        consumer,
        stream,
        version,
    )
    return reached
