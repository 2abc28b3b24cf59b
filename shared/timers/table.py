"""The timers table of one service's schema: claim what is due, settle what was fired."""

from __future__ import annotations

import json
import uuid
from typing import TYPE_CHECKING

from shared.migrations import Migration, checked_schema, shared_migration
from shared.timers.changes import DueTimer

if TYPE_CHECKING:
    from datetime import datetime, timedelta

    import asyncpg
    from asyncpg.pool import Pool


def timers_migration() -> Migration:
    """The timers table, and the append that changes timers with its events."""
    return shared_migration("shared.timers", "schema.sql", "0004_timers")


def timers_dead_migration() -> Migration:
    """The `dead` state with its last error, and the clock's time in the timer changes."""
    return shared_migration("shared.timers", "dead.sql", "0005_timers_dead")


def timer_migrations() -> list[Migration]:
    """Every script of the timers table, in order: what a service's schema plan names."""
    return [timers_migration(), timers_dead_migration()]


def _due(row: asyncpg.Record) -> DueTimer:
    return DueTimer(
        timer_id=row["timer_id"],
        kind=row["kind"],
        stream_id=row["stream_id"],
        subject=row["subject"],
        tenant=row["tenant"],
        due_at=row["due_at"],
        payload=json.loads(row["payload"]),
        scheduled_by=row["scheduled_by"],
        correlation_id=row["correlation_id"],
        lease_token=row["lease_token"],
        attempts=row["attempts"],
    )


class TimerTable:
    """Claims and settlements, each one autocommitted statement: no transaction outlives it."""

    def __init__(self, pool: Pool, schema: str) -> None:
        """Bind to the service's pool and schema."""
        self._pool = pool
        self.schema = checked_schema(schema)
        # $1 now, $2 lease, $3 limit, $4 lease token; public so the bench can EXPLAIN it. The
        # due ones come from the partial index `timers_due`; ARRAY(...) runs that subquery once
        # and finds the rows by primary key (IN (...) let the planner scan the whole table).
        self.claim_sql = (
            f"UPDATE {self.schema}.timers t"
            " SET lease_token = $4, lease_until = $1 + $2::interval, attempts = t.attempts + 1"
            " WHERE t.timer_id = ANY(ARRAY("
            f"   SELECT timer_id FROM {self.schema}.timers"
            "    WHERE state = 'scheduled' AND due_at <= $1"
            "      AND (lease_until IS NULL OR lease_until <= $1)"
            "    ORDER BY due_at LIMIT $3 FOR UPDATE SKIP LOCKED))"
            " RETURNING t.timer_id, t.kind, t.stream_id, t.subject, t.tenant, t.due_at,"
            " t.payload::text AS payload, t.scheduled_by, t.correlation_id, t.lease_token,"
            " t.attempts"
        )

    async def claim(self, now: datetime, lease: timedelta, limit: int) -> list[DueTimer]:
        """Lease up to `limit` timers due by `now` that nobody holds, earliest first.

        SKIP LOCKED: concurrent workers take disjoint sets without waiting for each other. A
        lease that ran out (its worker died, or failed) is anyone's again.
        """
        rows = await self._pool.fetch(self.claim_sql, now, lease, limit, uuid.uuid4())
        return sorted((_due(row) for row in rows), key=lambda timer: timer.due_at)

    async def settle(
        self, timer: DueTimer, event_id: uuid.UUID | None, at: datetime | None = None
    ) -> bool:
        """Mark a claimed timer fired at `at` (the worker's clock); False if no longer ours.

        Not ours: it moved or was cancelled meanwhile, or another worker took it after the
        lease ran out and settled it.
        """
        done = await self._pool.fetchval(
            f"UPDATE {self.schema}.timers"
            " SET state = 'fired', settled_at = coalesce($4, now()), settled_by = $3,"
            " lease_token = NULL, lease_until = NULL"
            " WHERE timer_id = $1 AND lease_token = $2 AND state = 'scheduled'"
            " RETURNING true",
            timer.timer_id,
            timer.lease_token,
            event_id,
            at,
        )
        return bool(done)

    async def fail(
        self, timer: DueTimer, reason: str, max_attempts: int, at: datetime
    ) -> str | None:
        """Record a failed firing; `dead` once it was claimed `max_attempts` times.

        Below the cap the lease is left to run out, so a later pass (of any worker) retries it
        then, not at once. The new state, or None when the claim was no longer this worker's.
        """
        state: str | None = await self._pool.fetchval(
            f"UPDATE {self.schema}.timers"
            " SET last_error = $3,"
            "  state = CASE WHEN attempts >= $4 THEN 'dead' ELSE state END,"
            "  settled_at = CASE WHEN attempts >= $4 THEN $5::timestamptz END,"
            "  lease_token = CASE WHEN attempts >= $4 THEN NULL ELSE lease_token END,"
            "  lease_until = CASE WHEN attempts >= $4 THEN NULL ELSE lease_until END"
            " WHERE timer_id = $1 AND lease_token = $2 AND state = 'scheduled'"
            " RETURNING state",
            timer.timer_id,
            timer.lease_token,
            reason,
            max_attempts,
            at,
        )
        return state
