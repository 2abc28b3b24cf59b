"""Incremental verification: each pass recomputes only what was added since the last one.

A full `verify` reads every event and log entry, so its cost grows with history. A pass keeps
per stream the last verified version and hash (`chain_verified_heads`) and per processing-log
chain the last verified entry, and reads only the events of transactions that had not ended
when the previous pass began (the `events_log_order` index over `tx_id`, as anchors do) and
the log chains written to since shortly before it began; each continues its chain from the
verified head. It also checks every stream against its latest anchor (a cut-off tail).

What a pass has read counts as verified, problems or not: the problem is recorded (as an event,
shared/integrity.py) when found, and the next pass judges only what came after. An
event altered after it was verified is beyond an incremental pass: the full `verify` names it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from shared.audit.anchors import verify_anchors
from shared.eventstore.chain import GENESIS, StoredRow, verify_stream
from shared.migrations import Migration, checked_schema, shared_migration
from shared.processing_log.chain import ChainVerifier
from shared.processing_log.entry import ProcessingEntry

if TYPE_CHECKING:
    from shared.db import Connection

# A log entry is hashed when written and committed moments later: entries written this long
# before the previous pass began are read again (those already verified are skipped by seq).
LOG_MARGIN = "1 hour"
ALL = ""  # problems of no one municipality (the anchors' own chain): every one is told


def verified_heads_migration() -> Migration:
    """The verified heads and the passes (after the event store's and the processing log's)."""
    return shared_migration("shared.audit", "verified_heads.sql", "0051_chain_verified_heads")


async def ensure_verified_heads_tables(conn: Connection, schema: str) -> None:
    """Create the tables if absent, without recording a migration (as `ensure_anchor_tables`)."""
    s = checked_schema(schema)
    async with conn.transaction():
        await conn.execute("SELECT pg_advisory_xact_lock(hashtext($1))", f"migrate:{s}")
        await conn.execute(verified_heads_migration().sql.replace("{schema}", s))


@dataclass
class TenantResult:
    """What one municipality's chains gave in a pass."""

    events: int = 0
    entries: int = 0
    problems: list[str] = field(default_factory=list)


@dataclass
class Verification:
    """One pass: rows read, and per municipality what was found."""

    events_read: int = 0
    entries_read: int = 0
    tenants: dict[str, TenantResult] = field(default_factory=lambda: defaultdict(TenantResult))

    @property
    def problems(self) -> list[str]:
        """Every problem, each once."""
        return [p for result in self.tenants.values() for p in result.problems]

    def of(self, tenant: str) -> TenantResult:
        """One municipality's result, with the problems that concern all."""
        own = self.tenants.get(tenant, TenantResult())
        common = self.tenants.get(ALL, TenantResult()).problems
        return TenantResult(own.events, own.entries, [*own.problems, *common])


_EVENTS = """
SELECT e.event_id::text AS event_id, e.stream_id, e.stream_version, e.event_type,
       e.schema_version, e.subject, e.tenant, e.data::text AS data, e.metadata::text AS metadata,
       e.prev_hash, e.hash, e.position,
       coalesce(v.stream_version, 0) AS verified_version, coalesce(v.hash, $2) AS verified_hash
  FROM {s}.events e
  JOIN (SELECT DISTINCT stream_id FROM {s}.events WHERE tx_id >= $1::text::xid8) t
       USING (stream_id)
  LEFT JOIN {s}.chain_verified_heads v USING (stream_id)
 WHERE e.stream_version > coalesce(v.stream_version, 0)
 ORDER BY e.stream_id, e.stream_version, e.position
"""
_LOG = """
SELECT p.*, coalesce(v.seq, 0) AS verified_seq, coalesce(v.hash, $2) AS verified_hash
  FROM {s}.processing_log p
  JOIN (SELECT DISTINCT tenant, youth_id FROM {s}.processing_log WHERE logged_at >= $1) t
       USING (tenant, youth_id)
  LEFT JOIN {s}.processing_log_verified_heads v USING (tenant, youth_id)
 WHERE p.seq > coalesce(v.seq, 0)
 ORDER BY p.tenant, p.youth_id, p.seq
"""


async def verify_incrementally(conn: Connection, schema: str) -> Verification:
    """One pass over what was added since the last, its heads and horizon kept; in one snapshot.

    Run inside the caller's transaction if it has one (to record the result with it).
    """
    s = checked_schema(schema)
    if conn.is_in_transaction():
        return await _pass(conn, s)
    async with conn.transaction(isolation="repeatable_read"):
        return await _pass(conn, s)


async def _pass(conn: Connection, s: str) -> Verification:
    # One pass at a time per schema: two would both read and both advance the same heads.
    await conn.execute("SELECT pg_advisory_xact_lock(hashtext($1))", f"verify:{s}")
    last = await conn.fetchrow(
        f"SELECT tx_horizon::text AS horizon, started_at FROM {s}.chain_verifications"
        " ORDER BY run_id DESC LIMIT 1"
    )
    horizon = await conn.fetchval("SELECT pg_snapshot_xmin(pg_current_snapshot())::text")
    result = Verification()
    has_events = await conn.fetchval("SELECT to_regclass($1)", f"{s}.events") is not None
    if has_events:
        await _events(conn, s, last["horizon"] if last else "0", result)
        for problem in await verify_anchors(conn, s):
            result.tenants[await _tenant_of_anchor(conn, s, problem)].problems.append(
                f"events: {problem}"
            )
    since = await conn.fetchval(
        f"SELECT coalesce($1::timestamptz - interval '{LOG_MARGIN}', '-infinity')",
        last["started_at"] if last else None,
    )
    await _log(conn, s, since, result)
    await conn.execute(
        f"INSERT INTO {s}.chain_verifications (tx_horizon, events_read, entries_read, problems)"
        " VALUES ($1::text::xid8, $2, $3, $4)",
        horizon,
        result.events_read,
        result.entries_read,
        len(result.problems),
    )
    return result


async def known_tenants(conn: Connection, schema: str) -> list[str]:
    """The municipalities whose chains a pass has ever verified: each is told every result."""
    s = checked_schema(schema)
    rows = await conn.fetch(
        f"SELECT tenant FROM {s}.chain_verified_heads"
        f" UNION SELECT tenant FROM {s}.processing_log_verified_heads ORDER BY 1"
    )
    return [r["tenant"] for r in rows]


async def _events(conn: Connection, s: str, since: str, result: Verification) -> None:
    heads: list[tuple[str, str, int, str]] = []
    stream: list[StoredRow] = []
    after: tuple[int, str] = (0, GENESIS)

    def close() -> None:
        if not stream:
            return
        found = verify_stream(stream, *after)
        tenant = result.tenants[stream[-1].tenant]
        tenant.events += len(stream)
        tenant.problems += [f"events: {p}" for p in found]
        last = stream[-1]
        heads.append((last.stream_id, last.tenant, last.stream_version, last.hash))

    async for record in conn.cursor(_EVENTS.format(s=s), since, GENESIS, prefetch=2000):
        fields = dict(record)
        verified = (fields.pop("verified_version"), fields.pop("verified_hash"))
        row = StoredRow(**fields)
        if stream and stream[-1].stream_id != row.stream_id:
            close()
            stream = []
        if not stream:
            after = verified
        stream.append(row)
        result.events_read += 1
    close()
    if heads:
        await conn.execute(
            f"INSERT INTO {s}.chain_verified_heads (stream_id, tenant, stream_version, hash)"
            " SELECT * FROM unnest($1::text[], $2::text[], $3::integer[], $4::text[])"
            " ON CONFLICT (stream_id) DO UPDATE SET tenant = EXCLUDED.tenant,"
            " stream_version = EXCLUDED.stream_version, hash = EXCLUDED.hash",
            *(list(column) for column in zip(*heads, strict=True)),
        )


async def _log(conn: Connection, s: str, since: object, result: Verification) -> None:
    if await conn.fetchval("SELECT to_regclass($1)", f"{s}.processing_log") is None:
        return
    heads: dict[tuple[str, str], tuple[int, str]] = {}
    verifier = ChainVerifier()
    async for record in conn.cursor(_LOG.format(s=s), since, GENESIS, prefetch=2000):
        fields = dict(record)
        verified = (fields.pop("verified_seq"), fields.pop("verified_hash"))
        # Unvalidated: a tampered row must be reported, not make the check fail.
        entry = ProcessingEntry.model_construct(**fields)
        chain = (entry.tenant, entry.youth_id)
        if chain not in heads:
            verifier.resume(*chain, verified[1], verified[0])
        before = len(verifier.problems)
        verifier.add(entry)
        tenant = result.tenants[entry.tenant]
        tenant.entries += 1
        tenant.problems += [f"processing log: {p}" for p in verifier.problems[before:]]
        heads[chain] = (entry.seq, entry.hash)
        result.entries_read += 1
    if heads:
        rows = [(*chain, seq, hash_) for chain, (seq, hash_) in heads.items()]
        await conn.execute(
            f"INSERT INTO {s}.processing_log_verified_heads (tenant, youth_id, seq, hash)"
            " SELECT * FROM unnest($1::text[], $2::text[], $3::integer[], $4::text[])"
            " ON CONFLICT (tenant, youth_id) DO UPDATE SET seq = EXCLUDED.seq,"
            " hash = EXCLUDED.hash",
            *(list(column) for column in zip(*rows, strict=True)),
        )


async def _tenant_of_anchor(conn: Connection, s: str, problem: str) -> str:
    """The municipality of the stream an anchor problem names; ALL for the anchors' own chain."""
    if " (anchored " not in problem:
        return ALL
    stream = problem.split(" (anchored ", maxsplit=1)[0].rsplit(" v", 1)[0]
    tenant = await conn.fetchval(
        f"SELECT tenant FROM {s}.chain_verified_heads WHERE stream_id = $1", stream
    )
    return str(tenant) if tenant else ALL
