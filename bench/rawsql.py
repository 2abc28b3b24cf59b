"""The raw asyncpg reference: plain INSERTs into a trigger-less copy of a schema's `events`.

The copy has every column, default, constraint and index of the real table (the table keeps
evolving, so it is copied, never restated here). Required columns the reference knows nothing
about, such as a hash chain, get constant values of the same size: the reference pays for
storing them, not for computing them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from bench.payloads import METADATA_JSON, stream_of

if TYPE_CHECKING:
    from collections.abc import Sequence

    from asyncpg.pool import Pool

    from shared.eventstore import NewEvent

# (column, array cast) that every version of the table has and the reference fills from events.
_CORE = (
    ("event_id", "uuid"),
    ("stream_id", "text"),
    ("stream_version", "integer"),
    ("event_type", "text"),
    ("schema_version", "integer"),
    ("subject", "text"),
    ("tenant", "text"),
    ("data", "jsonb"),
    ("metadata", "jsonb"),
)
# information_schema data type -> (array cast, constant); 64 characters, like a sha256 in hex.
_FILLERS: dict[str, tuple[str, Any]] = {
    "text": ("text", "0" * 64),
    "character varying": ("varchar", "0" * 64),
    "bytea": ("bytea", bytes(32)),
    "integer": ("integer", 0),
    "bigint": ("bigint", 0),
    "smallint": ("smallint", 0),
    "boolean": ("boolean", False),
    "jsonb": ("jsonb", "{}"),
}


@dataclass(frozen=True)
class RawEventsTable:
    """A copy of `events` and the statements that fill it with nothing of ours in between."""

    table: str
    # Required columns beyond the core ones, with the cast and constant the reference writes.
    fillers: tuple[tuple[str, str, Any], ...]
    # Required columns of a type we have no constant for: made nullable (named in the report).
    relaxed: tuple[str, ...]

    @classmethod
    async def copy(cls, pool: Pool, template: str, schema: str) -> RawEventsTable:
        """Create `schema.events` like `template.events` and learn which columns it requires.

        LIKE ... INCLUDING ALL copies columns, defaults, identity, constraints and indexes; it
        never copies triggers.
        """
        table = f"{schema}.events"
        await pool.execute(
            f"CREATE SCHEMA {schema}; CREATE TABLE {table} (LIKE {template}.events INCLUDING ALL)"
        )
        required = await pool.fetch(
            "SELECT column_name, data_type FROM information_schema.columns"
            " WHERE table_schema = $1 AND table_name = 'events' AND is_nullable = 'NO'"
            " AND column_default IS NULL AND is_identity = 'NO' AND is_generated = 'NEVER'"
            " ORDER BY ordinal_position",
            schema,
        )
        core = {name for name, _ in _CORE}
        fillers: list[tuple[str, str, Any]] = []
        relaxed: list[str] = []
        for row in required:
            name, data_type = row["column_name"], row["data_type"]
            if name in core:
                continue
            if data_type in _FILLERS:
                fillers.append((name, *_FILLERS[data_type]))
            else:
                await pool.execute(f'ALTER TABLE {table} ALTER COLUMN "{name}" DROP NOT NULL')
                relaxed.append(name)
        return cls(table, tuple(fillers), tuple(relaxed))

    @property
    def _columns(self) -> list[tuple[str, str]]:
        return [*_CORE, *((name, cast) for name, cast, _ in self.fillers)]

    def insert_one_sql(self) -> str:
        """One row, one parameter per column."""
        names = ", ".join(f'"{name}"' for name, _ in self._columns)
        params = ", ".join(f"${n}" for n in range(1, len(self._columns) + 1))
        return f"INSERT INTO {self.table} ({names}) VALUES ({params})"

    def insert_unnest_sql(self) -> str:
        """Many rows in one statement: one array parameter per column."""
        names = ", ".join(f'"{name}"' for name, _ in self._columns)
        arrays = ", ".join(f"${n}::{cast}[]" for n, (_, cast) in enumerate(self._columns, 1))
        return f"INSERT INTO {self.table} ({names}) SELECT * FROM unnest({arrays})"

    def row_of(self, event: NewEvent, version: int) -> tuple[Any, ...]:
        """The arguments for `event` at `version` of its young person's stream."""
        return (
            event.event_id,
            stream_of(event.subject),
            version,
            event.event_type,
            event.schema_version,
            event.subject,
            event.metadata.tenant,
            event.data,
            METADATA_JSON,
            *(value for _, _, value in self.fillers),
        )

    def describe(self) -> str:
        """What the reference writes beyond the core columns, for the report."""
        parts = []
        if self.fillers:
            parts.append(f"fills {', '.join(n for n, _, _ in self.fillers)} with constants")
        if self.relaxed:
            parts.append(f"leaves {', '.join(self.relaxed)} null (NOT NULL dropped)")
        return "; ".join(parts) or "writes the same columns"


def columns_of(rows: Sequence[tuple[Any, ...]]) -> tuple[list[Any], ...]:
    """Rows turned into the per-column arrays `insert_unnest_sql` takes."""
    return tuple(list(column) for column in zip(*rows, strict=True))
