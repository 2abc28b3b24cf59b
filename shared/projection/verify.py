"""Compare a live table with its rebuilt twin: row count and a hash of the content.

The hash is order-independent (a sum of 128-bit row hashes), so it needs no sort and no
memory beyond one row at a time, and it counts duplicates. Volatile columns are left out.
A `Subset` limits both sides to some subjects' rows: the rebuild re-checks only the young
people whose events arrived after its full verification (the subjects are compared in the
column's own type, text or uuid, so its index serves).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Collection

    from shared.db import Connection


@dataclass(frozen=True)
class Subset:
    """The rows whose `column` holds one of `subjects`."""

    column: str
    subjects: Collection[str]
    sql_type: str = "text"  # the column's type, as `compare` finds it in the catalogue

    def where(self) -> str:
        """The condition, with the subjects as the statement's first parameter."""
        return f' WHERE "{self.column}" = ANY($1::text[]::{self.sql_type}[])'

    def args(self) -> list[list[str]]:
        """The statement's parameters."""
        return [sorted(self.subjects)]


def _where(only: Subset | None) -> tuple[str, list[list[str]]]:
    return ("", []) if only is None else (only.where(), only.args())


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


async def _type_of(conn: Connection, schema: str, table: str, column: str) -> str:
    """The SQL type of `schema.table.column`, as a cast names it."""
    found: str | None = await conn.fetchval(
        "SELECT format_type(atttypid, atttypmod) FROM pg_attribute"
        " WHERE attrelid = $1::regclass AND attname = $2 AND NOT attisdropped",
        f"{schema}.{table}",
        column,
    )
    if found is None:
        raise ValueError(f"{schema}.{table} has no subject column {column!r}")
    return found


def _row(names: list[str]) -> str:
    return "ROW(" + ", ".join(f'"{n}"' for n in names) + ")::text"


async def fingerprint(
    conn: Connection, schema: str, table: str, names: list[str], only: Subset | None = None
) -> Fingerprint:
    """Count and content hash of `schema.table` over `names` (of `only`'s rows, if given)."""
    where, args = _where(only)
    row = await conn.fetchrow(
        "SELECT count(*) AS n,"
        " coalesce(sum(('x' || substr(h, 1, 16))::bit(64)::bigint::numeric), 0)::text AS a,"
        " coalesce(sum(('x' || substr(h, 17, 16))::bit(64)::bigint::numeric), 0)::text AS b"
        f" FROM (SELECT md5({_row(names)}) AS h FROM {schema}.{table}{where}) hashed",
        *args,
    )
    assert row is not None  # noqa: S101 - an aggregate always returns a row
    return Fingerprint(row["n"], f"{row['a']}:{row['b']}")


async def compare(  # noqa: PLR0913 - each is named at the call site
    conn: Connection,
    live: str,
    rebuilt: str,
    table: str,
    volatile: frozenset[str] = frozenset(),
    *,
    only: Subset | None = None,
) -> Comparison:
    """Fingerprints of both sides; on a difference, the rows only each side has."""
    names = await columns(conn, rebuilt, table, volatile)
    if await columns(conn, live, table, volatile) != names:
        raise ValueError(f"{table}: live and rebuilt tables have different columns")
    if only is not None:
        only = replace(only, sql_type=await _type_of(conn, rebuilt, table, only.column))
    left = await fingerprint(conn, live, table, names, only)
    right = await fingerprint(conn, rebuilt, table, names, only)
    if left == right:
        return Comparison(table, left, right)
    only_live = await _count_except(conn, live, rebuilt, table, names, only=only)
    only_rebuilt = await _count_except(conn, rebuilt, live, table, names, only=only)
    return Comparison(table, left, right, only_live, only_rebuilt)


async def _count_except(  # noqa: PLR0913 - the two sides and what to compare of them
    conn: Connection, a: str, b: str, table: str, names: list[str], *, only: Subset | None
) -> int:
    where, args = _where(only)
    count: int = await conn.fetchval(
        f"SELECT count(*) FROM (SELECT {_row(names)} FROM {a}.{table}{where}"
        f" EXCEPT ALL SELECT {_row(names)} FROM {b}.{table}{where}) d",
        *args,
    )
    return count
