"""Destroying processing-log entries whose retention has ended, each chain from a checkpoint.

Logs are personal data too (AVG art. 5(1)(e)): an entry is kept for the log's retention
(`PROCESSING_LOG_RETENTION_YEARS`, its VNG `bewaartermijn`) and then destroyed. A chain loses
only its oldest entries. Before they go, they are recomputed from the chain's previous
checkpoint: a chain that does not add up is left whole, so the evidence stays, and named. The
last destroyed entry's seq and hash are recorded as the chain's new checkpoint
(`processing_log_prunes`), from which `verify` and the scheduled passes continue; the table
refuses a deletion past a recorded checkpoint, and `verify` names a checkpoint whose entry was
not past a retention at least the service's own.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING

import structlog

from shared.audit.periodic import Wait, every, seconds_until
from shared.migrations import Migration, checked_schema, shared_migration
from shared.processing_log.chain import ChainVerifier, Checkpoint
from shared.processing_log.entry import ZERO_HASH, ProcessingEntry

if TYPE_CHECKING:
    import asyncio
    from collections.abc import Callable
    from datetime import time

    from asyncpg.pool import Pool

    from shared.db import Connection
    from shared.processing_log.chain import Chain
    from shared.settings import PlatformSettings

log = structlog.get_logger("processing_log")
CHAINS_PER_TRANSACTION = 200
DAYS_PER_YEAR = 365.25  # PostgreSQL's epoch of an interval of years


def processing_log_prunes_migration() -> Migration:
    """The checkpoints, and the log's trigger that lets entries up to one go: after the log's."""
    return shared_migration("shared.processing_log", "prunes.sql", "0003_processing_log_prunes")


@dataclass
class Pruned:
    """What one prune destroyed, and the chains it left whole because they did not add up."""

    chains: int = 0
    entries: int = 0
    kept: list[str] = field(default_factory=list)


async def prune_expired(conn: Connection, schema: str, years: int, now: datetime) -> Pruned:
    """Destroy every entry logged more than `years` before `now`, chain by chain."""
    s = checked_schema(schema)
    result = Pruned()
    expired = await conn.fetch(
        f"SELECT tenant, youth_id, max(seq) AS through FROM {s}.processing_log"
        " WHERE logged_at < $1::timestamptz - make_interval(years => $2)"
        " GROUP BY tenant, youth_id ORDER BY tenant, youth_id",
        now,
        years,
    )
    for start in range(0, len(expired), CHAINS_PER_TRANSACTION):
        async with conn.transaction():
            for row in expired[start : start + CHAINS_PER_TRANSACTION]:
                chain = (row["tenant"], row["youth_id"])
                await _prune_chain(
                    conn, s, chain, through=row["through"], years=years, now=now, result=result
                )
    return result


async def checkpoints(
    conn: Connection, schema: str, tenant: str | None = None
) -> dict[Chain, CheckpointRow]:
    """The latest checkpoint of every pruned chain (of one tenant, or all)."""
    s = checked_schema(schema)
    if await conn.fetchval("SELECT to_regclass($1)", f"{s}.processing_log_prunes") is None:
        return {}
    rows = await conn.fetch(
        f"SELECT DISTINCT ON (tenant, youth_id) tenant, youth_id, seq, hash, logged_at,"
        f" extract(epoch FROM retention) AS retention_s, pruned_at,"
        f" (logged_at + retention <= pruned_at) AS expired"
        f" FROM {s}.processing_log_prunes WHERE ($1::text IS NULL OR tenant = $1)"
        f" ORDER BY tenant, youth_id, seq DESC",
        tenant,
    )
    return {(r["tenant"], r["youth_id"]): CheckpointRow(**dict(r)) for r in rows}


@dataclass(frozen=True)
class CheckpointRow:
    """A chain's latest checkpoint, with what `verify` checks of it."""

    tenant: str
    youth_id: str
    seq: int
    hash: str
    logged_at: datetime
    retention_s: float
    pruned_at: datetime
    expired: bool

    @property
    def start(self) -> Checkpoint:
        """Where the chain continues."""
        return self.seq, self.hash


def checkpoint_problems(rows: dict[Chain, CheckpointRow], min_years: int | None) -> list[str]:
    """Checkpoints that no honest prune leaves: its entry was not past a long enough retention."""
    problems = []
    for row in rows.values():
        where = f"youth {row.youth_id} (tenant {row.tenant})"
        if not row.expired:
            problems.append(f"{where}: entries up to {row.seq} destroyed before their retention")
        elif min_years is not None and row.retention_s < min_years * DAYS_PER_YEAR * 86_400:
            problems.append(
                f"{where}: entries up to {row.seq} destroyed after a retention shorter than"
                f" {min_years} years"
            )
    return problems


async def _prune_chain(  # noqa: PLR0913 - one chain's key, extent and the prune's terms
    conn: Connection,
    s: str,
    chain: Chain,
    *,
    through: int,
    years: int,
    now: datetime,
    result: Pruned,
) -> None:
    tenant, youth_id = chain
    await conn.execute(
        "SELECT pg_advisory_xact_lock(hashtextextended($1, 0))",
        f"{s}.processing_log:{tenant}:{youth_id}",
    )
    previous = await conn.fetchrow(
        f"SELECT seq, hash FROM {s}.processing_log_prunes WHERE tenant = $1 AND youth_id = $2"
        " ORDER BY seq DESC LIMIT 1",
        tenant,
        youth_id,
    )
    start: Checkpoint = (previous["seq"], previous["hash"]) if previous else (0, ZERO_HASH)
    verifier = ChainVerifier({chain: start})
    last: ProcessingEntry | None = None
    rows = await conn.fetch(
        f"SELECT * FROM {s}.processing_log WHERE tenant = $1 AND youth_id = $2 AND seq <= $3"
        " ORDER BY seq",
        tenant,
        youth_id,
        through,
    )
    for row in rows:
        # Unvalidated: a tampered row must be reported, not make the prune fail.
        last = ProcessingEntry.model_construct(**dict(row.items()))
        verifier.add(last)
    if verifier.problems or last is None:
        result.kept += verifier.problems
        return
    await conn.execute(
        f"INSERT INTO {s}.processing_log_prunes"
        " (tenant, youth_id, seq, hash, logged_at, retention, pruned_at)"
        " VALUES ($1, $2, $3, $4, $5, make_interval(years => $6), $7)",
        tenant,
        youth_id,
        last.seq,
        last.hash,
        last.logged_at,
        years,
        now,
    )
    await conn.execute(
        f"DELETE FROM {s}.processing_log WHERE tenant = $1 AND youth_id = $2 AND seq <= $3",
        tenant,
        youth_id,
        last.seq,
    )
    if await conn.fetchval("SELECT to_regclass($1)", f"{s}.processing_log_verified_heads"):
        # What was destroyed was verified just now: the scheduled passes continue after it.
        await conn.execute(
            f"INSERT INTO {s}.processing_log_verified_heads (tenant, youth_id, seq, hash)"
            " VALUES ($1, $2, $3, $4) ON CONFLICT (tenant, youth_id) DO UPDATE"
            " SET seq = EXCLUDED.seq, hash = EXCLUDED.hash"
            f" WHERE {s}.processing_log_verified_heads.seq < EXCLUDED.seq",
            tenant,
            youth_id,
            last.seq,
            last.hash,
        )
    result.chains += 1
    result.entries += len(rows)


class Pruning:
    """Prunes a service's processing log every `interval_s` seconds, or daily `at` a time."""

    def __init__(  # noqa: PLR0913 - where, how long, and when
        self,
        pool: Pool,
        schema: str,
        years: int,
        *,
        interval_s: float,
        at: time | None = None,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        """Prune `schema`'s log over `pool`, keeping entries `years`."""
        self.pool = pool
        self.schema = schema
        self.years = years
        self.interval_s = interval_s
        self.at = at
        self.clock = clock or _utcnow

    async def prune_once(self) -> Pruned:
        """One prune, its counts logged (and any chain left whole)."""
        async with self.pool.acquire() as conn:
            pruned = await prune_expired(conn, self.schema, self.years, self.clock())
        log.info(
            "processing_log_pruned",
            schema=self.schema,
            chains=pruned.chains,
            entries=pruned.entries,
            kept_for_problems=len(pruned.kept),
        )
        return pruned

    async def run(self, stop: asyncio.Event) -> None:
        """Wait an interval (or until the clock time), prune, and again, until `stop`."""
        at = self.at
        wait: Wait = self.interval_s if at is None else lambda: seconds_until(at, self.clock())
        await every(wait, stop, self.prune_once, "processing_log_prune_failed", self.schema)


def pruning_of(pool: Pool, schema: str, platform: PlatformSettings) -> Pruning:
    """The service's pruning, on the schedule of its chain verification (nightly by default)."""
    return Pruning(
        pool,
        schema,
        platform.processing_log_retention_years,
        interval_s=platform.verify_interval_s,
        at=platform.verify_at,
    )


def _utcnow() -> datetime:
    return datetime.now(UTC)
