"""The delivery queue in Postgres: enqueue, claim under a lease, record the outcome.

Why leases and not a transaction held open during the POST: a long open transaction would
hold back every relay on the cluster (their barrier is the oldest running transaction) and be
ended by `idle_in_transaction_session_timeout`. A claim is one short UPDATE instead; the row
stays `pending`, so a process killed mid-POST loses nothing: the lease runs out and any
process sends it again (at least once; receivers deduplicate on the CloudEvent `id`).

Ordering: a row is claimable only while no older row of the same subscription and young
person (`subject`) is still pending, whether that one is in flight or waiting for a retry.
Fairness: each subscription has a limit of POSTs in flight, so a receiver that hangs holds
only its own share of the workers.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from shared.migrations import checked_schema

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence
    from datetime import datetime

    from asyncpg import Record
    from asyncpg.pool import Pool

    from shared.db import Connection

State = Literal["pending", "delivered", "dead"]


def channel_of(schema: str) -> str:
    """The LISTEN/NOTIFY channel that wakes the workers when deliveries are enqueued."""
    return f"{checked_schema(schema)}_deliveries"


@dataclass(frozen=True)
class Enqueued:
    """One event for one subscription, as the fan-out stores it."""

    subscription_id: uuid.UUID
    event_id: uuid.UUID
    event_type: str
    subject: str
    payload: str


@dataclass(frozen=True)
class Claimed:
    """A delivery this process may send until its lease runs out."""

    id: int
    lease_token: uuid.UUID
    subscription_id: uuid.UUID
    event_id: uuid.UUID
    event_type: str
    subject: str
    payload: str
    attempt: int
    callback_url: str
    secret_sealed: bytes
    auth_sealed: bytes | None
    previous_secret_sealed: bytes | None  # only while its grace period lasts


@dataclass(frozen=True)
class Delivery:
    """A delivery as the API shows it (never the payload)."""

    id: int
    event_id: uuid.UUID
    event_type: str
    subject: str
    state: State
    attempts: int
    last_status: int | None
    last_error: str | None
    next_attempt_at: datetime | None
    enqueued_at: datetime
    delivered_at: datetime | None

    @classmethod
    def of(cls, row: Record) -> Delivery:
        """From a row of the deliveries table."""
        return cls(
            id=row["id"],
            event_id=row["event_id"],
            event_type=row["event_type"],
            subject=row["subject"],
            state=row["state"],
            attempts=row["attempts"],
            last_status=row["last_status"],
            last_error=row["last_error"],
            next_attempt_at=row["next_attempt_at"] if row["state"] == "pending" else None,
            enqueued_at=row["enqueued_at"],
            delivered_at=row["delivered_at"],
        )


async def enqueue(conn: Connection, schema: str, rows: Sequence[Enqueued]) -> None:
    """Add deliveries in the order given (ids follow it), inside the caller's transaction.

    The NOTIFY is sent at commit, so a worker woken by it sees the rows.
    """
    if not rows:
        return
    table = f"{checked_schema(schema)}.deliveries"
    await conn.execute(
        f"INSERT INTO {table} (subscription_id, event_id, event_type, subject, payload)"
        " SELECT s, e, t, subj, p::json FROM unnest($1::uuid[], $2::uuid[], $3::text[],"
        " $4::text[], $5::text[]) WITH ORDINALITY AS r(s, e, t, subj, p, n) ORDER BY n"
        " ON CONFLICT (subscription_id, event_id) DO NOTHING",
        [r.subscription_id for r in rows],
        [r.event_id for r in rows],
        [r.event_type for r in rows],
        [r.subject for r in rows],
        [r.payload for r in rows],
    )
    await conn.execute("SELECT pg_notify($1, '')", channel_of(schema))


class DeliveryQueue:
    """Claims and outcomes for the workers; lists and requeues for the API."""

    def __init__(self, pool: Pool, schema: str) -> None:
        """Work on `schema`.deliveries."""
        self._pool = pool
        self._schema = checked_schema(schema)
        self._table = f"{self._schema}.deliveries"
        self.channel = channel_of(schema)

    async def claim(
        self,
        limit: int,
        lease_s: float,
        *,
        per_subscription: int,
        in_flight: Mapping[uuid.UUID, int],
    ) -> list[Claimed]:
        """Lease up to `limit` due deliveries, each the oldest pending one of its queue.

        A subscription gets at most `per_subscription` less what it has in flight: the more of
        its unexpired leases (every process's) and `in_flight` (this process's own, which also
        counts a POST whose lease ran out). Exact within one process, whose claims follow each
        other; across processes approximate, as claims running at once do not see each other's
        leases and may together exceed it by what they take at that moment.

        SKIP LOCKED lets several processes claim at once without waiting on each other; a row
        another claimed meanwhile fails the re-check of its lease and is left to them.
        """
        token = uuid.uuid4()
        rows = await self._pool.fetch(
            f"WITH busy AS (SELECT subscription_id AS id, count(*)::int AS n FROM {self._table}"
            " WHERE leased_until > now() GROUP BY subscription_id"
            " UNION ALL SELECT * FROM unnest($4::uuid[], $5::int[])),"
            " room AS (SELECT s.id, $6 - coalesce(max(busy.n), 0) AS n"
            f" FROM {self._schema}.subscriptions s LEFT JOIN busy ON busy.id = s.id"
            " GROUP BY s.id HAVING $6 - coalesce(max(busy.n), 0) > 0),"
            " due AS (SELECT head.id FROM room CROSS JOIN LATERAL ("
            f" SELECT d.id, d.next_attempt_at FROM {self._table} d"
            " WHERE d.subscription_id = room.id AND d.state = 'pending'"
            " AND d.next_attempt_at <= now()"
            " AND (d.leased_until IS NULL OR d.leased_until < now())"
            f" AND NOT EXISTS (SELECT 1 FROM {self._table} older"
            " WHERE older.subscription_id = d.subscription_id AND older.subject = d.subject"
            " AND older.state = 'pending' AND older.id < d.id)"
            " ORDER BY d.next_attempt_at, d.id LIMIT least(room.n, $1)"
            " FOR UPDATE OF d SKIP LOCKED) head"
            " ORDER BY head.next_attempt_at, head.id LIMIT $1)"
            f" UPDATE {self._table} d SET leased_until = now() + make_interval(secs => $2),"
            " lease_token = $3, attempts = d.attempts + 1"
            f" FROM due, {self._schema}.subscriptions s"
            " WHERE d.id = due.id AND s.id = d.subscription_id"
            " RETURNING d.id, d.subscription_id, d.event_id, d.event_type, d.subject,"
            " d.payload, d.attempts, s.callback_url, s.secret_sealed, s.auth_sealed,"
            " CASE WHEN s.previous_secret_valid_until > now()"
            " THEN s.previous_secret_sealed END AS previous_secret_sealed",
            limit,
            lease_s,
            token,
            list(in_flight),
            list(in_flight.values()),
            per_subscription,
        )
        return sorted((_claimed(r, token) for r in rows), key=lambda c: c.id)

    async def delivered(self, claimed: Claimed, status: int) -> bool:
        """Mark it delivered, if the lease is still ours; whether it was."""
        done = await self._pool.fetchval(
            f"UPDATE {self._table} SET state = 'delivered', delivered_at = now(),"
            " leased_until = NULL, lease_token = NULL, last_status = $3, last_error = NULL"
            " WHERE id = $1 AND lease_token = $2 RETURNING id",
            claimed.id,
            claimed.lease_token,
            status,
        )
        return done is not None

    async def failed(
        self,
        claimed: Claimed,
        *,
        status: int | None,
        error: str,
        retry_in_s: float,
        max_attempts: int,
    ) -> State | None:
        """Schedule the next attempt, or mark it dead after `max_attempts`; the new state.

        None when the lease was no longer ours (the subscription was deleted meanwhile).
        """
        state: State | None = await self._pool.fetchval(
            f"UPDATE {self._table} SET"
            " state = CASE WHEN attempts >= $3 THEN 'dead' ELSE 'pending' END,"
            " next_attempt_at = now() + make_interval(secs => $4),"
            " leased_until = NULL, lease_token = NULL, last_status = $5, last_error = $6"
            " WHERE id = $1 AND lease_token = $2 RETURNING state",
            claimed.id,
            claimed.lease_token,
            max_attempts,
            retry_in_s,
            status,
            error[:500],
        )
        return state

    async def release(self, claimed: Sequence[Claimed]) -> None:
        """Give back leases of POSTs abandoned at shutdown, so a restart sends them at once."""
        if claimed:
            await self._pool.execute(
                f"UPDATE {self._table} d SET leased_until = NULL, lease_token = NULL"
                " FROM unnest($1::bigint[], $2::uuid[]) AS r(id, token)"
                " WHERE d.id = r.id AND d.lease_token = r.token",
                [c.id for c in claimed],
                [c.lease_token for c in claimed],
            )

    async def of_subscription(
        self, subscription_id: uuid.UUID, state: State | None, *, after: int, limit: int
    ) -> list[Delivery]:
        """A page of a subscription's deliveries in enqueue order, optionally in one state."""
        rows = await self._pool.fetch(
            f"SELECT * FROM {self._table} WHERE subscription_id = $1"
            " AND ($2::text IS NULL OR state = $2) AND id > $3 ORDER BY id LIMIT $4",
            subscription_id,
            state,
            after,
            limit,
        )
        return [Delivery.of(r) for r in rows]

    async def requeue(self, subscription_id: uuid.UUID, delivery_id: int) -> State | None:
        """Send a dead delivery again, with a fresh count of attempts.

        Returns the state it was in (only a `dead` one is requeued), or None if unknown.
        """
        async with self._pool.acquire() as conn, conn.transaction():
            state: State | None = await conn.fetchval(
                f"SELECT state FROM {self._table} WHERE id = $1 AND subscription_id = $2"
                " FOR UPDATE",
                delivery_id,
                subscription_id,
            )
            if state == "dead":
                await conn.execute(
                    f"UPDATE {self._table} SET state = 'pending', attempts = 0,"
                    " next_attempt_at = now(), leased_until = NULL, lease_token = NULL"
                    " WHERE id = $1",
                    delivery_id,
                )
                await conn.execute("SELECT pg_notify($1, '')", self.channel)
        return state


def _claimed(row: Record, token: uuid.UUID) -> Claimed:
    return Claimed(
        id=row["id"],
        lease_token=token,
        subscription_id=row["subscription_id"],
        event_id=row["event_id"],
        event_type=row["event_type"],
        subject=row["subject"],
        payload=row["payload"],
        attempt=row["attempts"],
        callback_url=row["callback_url"],
        secret_sealed=row["secret_sealed"],
        auth_sealed=row["auth_sealed"],
        previous_secret_sealed=row["previous_secret_sealed"],
    )
