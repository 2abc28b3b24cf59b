"""Anchors of the hash chains: each stream's head as it was, so a cut-off tail is named.

A chain proves order, not completeness: deleting a stream's newest events (past the
append-only guard, as a superuser can) leaves a shorter chain that still verifies. An anchor
records the head (version and hash) of every stream that moved since the previous anchor,
apart from the events, and `verify` checks each stream against its latest anchored head: an
anchored version that is no longer stored was removed from the end; one stored with another
hash was rewritten. Anchors chain too (each digest covers the previous one and its heads),
and the digest is printed and logged so it can be kept outside the database (a SIEM, a
write-once store): whoever rewrites events and anchors alike still cannot match a digest
published before.

Each anchor reads only the events of transactions that had not ended when the previous one
was taken (the `events_log_order` index over `tx_id`), so its cost follows what was appended
since, not the size of history. An anchor covers what was committed when it was taken: a tail
appended after the last anchor and removed before the next is beyond its reach, which is why
services take them on a schedule.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import TYPE_CHECKING

from shared.migrations import Migration, checked_schema, shared_migration

if TYPE_CHECKING:
    from collections.abc import Iterable
    from datetime import datetime

    from shared.db import Connection

GENESIS = "0" * 64


def anchors_migration() -> Migration:
    """The anchor tables (after the event store's: they reuse its append-only guard)."""
    return shared_migration("shared.audit", "anchors.sql", "0050_chain_anchors")


async def ensure_anchor_tables(conn: Connection, schema: str) -> None:
    """Create the anchor tables if absent, without recording a migration.

    The command line anchors a running service's schema; recording a migration its running
    version does not know would make that service refuse its schema on the next start.
    """
    s = checked_schema(schema)
    async with conn.transaction():
        await conn.execute("SELECT pg_advisory_xact_lock(hashtext($1))", f"migrate:{s}")
        await conn.execute(anchors_migration().sql.replace("{schema}", s))


@dataclass(frozen=True)
class Anchor:
    """One anchor taken: how many stream heads it recorded, and its published digest."""

    anchor_id: int
    taken_at: datetime
    heads: int
    digest: str


def anchor_digest(prev_digest: str, heads: Iterable[tuple[str, int, str]]) -> str:
    """sha256 over the previous digest and the heads, sorted, each field length-prefixed."""
    digest = hashlib.sha256(f"{len(prev_digest)}:{prev_digest}".encode())
    for stream_id, version, hash_ in sorted(heads):
        for text in (stream_id, str(version), hash_):
            digest.update(f"{len(text)}:{text}".encode())
    return digest.hexdigest()


async def take_anchor(conn: Connection, schema: str) -> Anchor | None:
    """Anchor every stream head that moved since the last anchor; None when none moved."""
    s = checked_schema(schema)
    async with conn.transaction(isolation="repeatable_read"):
        # Serialise anchor takers of one schema: two at once would chain off the same digest.
        await conn.execute("SELECT pg_advisory_xact_lock(hashtext($1))", f"anchor:{s}")
        last = await conn.fetchrow(
            f"SELECT tx_horizon::text AS horizon, digest FROM {s}.chain_anchors"
            " ORDER BY anchor_id DESC LIMIT 1"
        )
        horizon = await conn.fetchval("SELECT pg_snapshot_xmin(pg_current_snapshot())::text")
        moved = await conn.fetch(
            "SELECT h.stream_id, h.stream_version, h.hash FROM ("
            "  SELECT DISTINCT ON (stream_id) stream_id, stream_version, hash"
            f"   FROM {s}.events WHERE tx_id >= $1::text::xid8"
            "   ORDER BY stream_id, stream_version DESC) h"
            " WHERE NOT EXISTS ("
            f"  SELECT 1 FROM {s}.chain_anchor_heads a WHERE a.stream_id = h.stream_id"
            "     AND a.stream_version >= h.stream_version)",
            last["horizon"] if last else "0",
        )
        if not moved:
            return None
        heads = [(r["stream_id"], r["stream_version"], r["hash"]) for r in moved]
        prev = last["digest"] if last else GENESIS
        digest = anchor_digest(prev, heads)
        row = await conn.fetchrow(
            f"INSERT INTO {s}.chain_anchors (tx_horizon, heads, prev_digest, digest)"
            " VALUES ($1::text::xid8, $2, $3, $4) RETURNING anchor_id, taken_at",
            horizon,
            len(heads),
            prev,
            digest,
        )
        assert row is not None  # noqa: S101 - INSERT ... RETURNING returns its row
        await conn.execute(
            f"INSERT INTO {s}.chain_anchor_heads (anchor_id, stream_id, stream_version, hash)"
            " SELECT $1, * FROM unnest($2::text[], $3::integer[], $4::text[])",
            row["anchor_id"],
            *(list(column) for column in zip(*heads, strict=True)),
        )
        return Anchor(row["anchor_id"], row["taken_at"], len(heads), digest)


async def has_anchors(conn: Connection, schema: str) -> bool:
    """Whether the schema has the anchor tables (a service that never took one has not)."""
    found = await conn.fetchval("SELECT to_regclass($1)", f"{checked_schema(schema)}.chain_anchors")
    return found is not None


async def verify_anchors(conn: Connection, schema: str, stream: str | None = None) -> list[str]:
    """What does not match the anchors; empty when every anchored head is stored as it was.

    The anchors' own chain (for the whole store), and each stream (or `stream`) against its
    latest anchored head.
    """
    if not await has_anchors(conn, schema):
        return []
    s = checked_schema(schema)
    problems = [] if stream else await _anchor_chain_problems(conn, s)
    where = "WHERE stream_id = $1" if stream else ""
    rows = await conn.fetch(
        "SELECT a.stream_id, a.stream_version, a.hash, k.taken_at, e.hash AS stored,"
        f" (SELECT max(stream_version) FROM {s}.events m WHERE m.stream_id = a.stream_id) AS top"
        " FROM ("
        "  SELECT DISTINCT ON (stream_id) stream_id, stream_version, hash, anchor_id"
        f"   FROM {s}.chain_anchor_heads {where} ORDER BY stream_id, anchor_id DESC) a"
        f" JOIN {s}.chain_anchors k USING (anchor_id)"
        f" LEFT JOIN {s}.events e"
        "   ON e.stream_id = a.stream_id AND e.stream_version = a.stream_version"
        " ORDER BY a.stream_id",
        *([stream] if stream else []),
    )
    for row in rows:
        head = f"{row['stream_id']} v{row['stream_version']}"
        taken = row["taken_at"].isoformat(timespec="seconds")
        if row["stored"] is None:
            top = row["top"] or 0
            gone = (
                f"v{top + 1}"
                if top + 1 == row["stream_version"]
                else f"v{top + 1} to v{row['stream_version']}"
            )
            problems.append(
                f"{head} (anchored {taken}): the stream ends at v{top}: {gone} removed from the end"
            )
        elif row["stored"] != row["hash"]:
            problems.append(
                f"{head} (anchored {taken}): its hash differs from the anchor: rewritten"
            )
    return problems


async def _anchor_chain_problems(conn: Connection, s: str) -> list[str]:
    """Each anchor's digest recomputed over its predecessor and its heads, one at a time."""
    problems: list[str] = []
    expected_prev = GENESIS
    current: tuple[int, str, str] | None = None
    heads: list[tuple[str, int, str]] = []

    def check() -> None:
        if current is None:
            return
        anchor_id, prev_digest, digest = current
        if prev_digest != expected_prev or anchor_digest(prev_digest, heads) != digest:
            problems.append(f"anchor {anchor_id}: altered, removed or inserted")

    async with conn.transaction(isolation="repeatable_read", readonly=True):
        async for row in conn.cursor(
            "SELECT k.anchor_id, k.prev_digest, k.digest, h.stream_id, h.stream_version, h.hash"
            f" FROM {s}.chain_anchors k LEFT JOIN {s}.chain_anchor_heads h USING (anchor_id)"
            " ORDER BY k.anchor_id",
            prefetch=5000,
        ):
            if current is None or row["anchor_id"] != current[0]:
                check()
                if current is not None:
                    expected_prev = current[2]
                current, heads = (row["anchor_id"], row["prev_digest"], row["digest"]), []
            if row["stream_id"] is not None:
                heads.append((row["stream_id"], row["stream_version"], row["hash"]))
    check()
    return problems
