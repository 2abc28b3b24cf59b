"""Compare a live table with its rebuilt twin: row count and a hash of the content.

The hash is order-independent (a sum of 128-bit row hashes), so it needs no sort and no
memory beyond one row at a time, and it counts duplicates. Volatile columns are left out.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from shared.db import Connection


@dataclass(frozen=True)
class Fingerprint:
    """How many rows a table holds, and a hash of all of them."""

    rows: int
    digest: str


@dataclass(frozen=True)
class Comparison:
    """One table, live and rebuilt; where they differ, how many rows only each side has."""

    table: str
    live: Fingerprint
    rebuilt: Fingerprint
    only_live: int = 0
    only_rebuilt: int = 0

    @property
    def equal(self) -> bool:
        """Same rows, as far as a 128-bit hash can tell."""
        return self.live == self.rebuilt

    def describe(self) -> str:
        """One line for the operator."""
        if self.equal:
            return f"{self.table}: {self.live.rows} rows, equal"
        return (
            f"{self.table}: {self.live.rows} rows live, {self.rebuilt.rows} rebuilt;"
            f" {self.only_live} only live, {self.only_rebuilt} only rebuilt"
        )


async def columns(conn: Connection, schema: str, table: str, volatile: frozenset[str]) -> list[str]:
    """The table's columns in their order, without the volatile ones."""
    rows = await conn.fetch(
        "SELECT attname FROM pg_attribute WHERE attrelid = $1::regclass AND attnum > 0"
        " AND NOT attisdropped ORDER BY attnum",
        f"{schema}.{table}",
    )
    return [r["attname"] for r in rows if r["attname"] not in volatile]


def _row(names: list[str]) -> str:
    return "ROW(" + ", ".join(f'"{n}"' for n in names) + ")::text"


async def fingerprint(conn: Connection, schema: str, table: str, names: list[str]) -> Fingerprint:
    """Count and content hash of `schema.table` over `names`."""
    row = await conn.fetchrow(
        "SELECT count(*) AS n,"
        " coalesce(sum(('x' || substr(h, 1, 16))::bit(64)::bigint::numeric), 0)::text AS a,"
        " coalesce(sum(('x' || substr(h, 17, 16))::bit(64)::bigint::numeric), 0)::text AS b"
        f" FROM (SELECT md5({_row(names)}) AS h FROM {schema}.{table}) hashed"
    )
    assert row is not None  # noqa: S101 - an aggregate always returns a row
    return Fingerprint(row["n"], f"{row['a']}:{row['b']}")


async def compare(
    conn: Connection, live: str, rebuilt: str, table: str, volatile: frozenset[str] = frozenset()
) -> Comparison:
    """Fingerprints of both sides; on a difference, the rows only each side has."""
    names = await columns(conn, rebuilt, table, volatile)
    if await columns(conn, live, table, volatile) != names:
        raise ValueError(f"{table}: live and rebuilt tables have different columns")
    left = await fingerprint(conn, live, table, names)
    right = await fingerprint(conn, rebuilt, table, names)
    if left == right:
        return Comparison(table, left, right)
    only_live = await _count_except(conn, live, rebuilt, table, names)
    only_rebuilt = await _count_except(conn, rebuilt, live, table, names)
    return Comparison(table, left, right, only_live, only_rebuilt)


async def _count_except(conn: Connection, a: str, b: str, table: str, names: list[str]) -> int:
    count: int = await conn.fetchval(
        f"SELECT count(*) FROM (SELECT {_row(names)} FROM {a}.{table}"
        f" EXCEPT ALL SELECT {_row(names)} FROM {b}.{table}) d"
    )
    return count
