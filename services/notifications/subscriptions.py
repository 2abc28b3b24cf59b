"""The subscriptions table: create, read, rotate the secret and delete, within one municipality."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING

from services.notifications.credentials import Credentials, new_secret
from services.notifications.filters import Filter
from shared.migrations import checked_schema

if TYPE_CHECKING:
    from collections.abc import Sequence
    from datetime import datetime

    from asyncpg import Record
    from asyncpg.pool import Pool

    from shared.db import Connection

_COLUMNS = "id, gemeentecode, callback_url, type_prefixes, auth_sealed IS NOT NULL AS has_auth,"
_COLUMNS += " created_by, created_at"


@dataclass(frozen=True)
class Subscription:
    """A subscription as the API shows it: never its secret, never its Authorization value."""

    id: uuid.UUID
    gemeentecode: str
    callback_url: str
    type_prefixes: tuple[str, ...]
    auth_configured: bool
    created_by: str
    created_at: datetime

    @property
    def filter(self) -> Filter:
        """Which events it receives."""
        return Filter(self.gemeentecode, self.type_prefixes)

    @classmethod
    def of(cls, row: Record) -> Subscription:
        """From a row selected with the module's columns."""
        return cls(
            id=row["id"],
            gemeentecode=row["gemeentecode"],
            callback_url=row["callback_url"],
            type_prefixes=tuple(row["type_prefixes"]),
            auth_configured=row["has_auth"],
            created_by=row["created_by"],
            created_at=row["created_at"],
        )


@dataclass(frozen=True)
class RotatedSecret:
    """A subscription's new secret (shown once), and until when the one it replaced signs too."""

    subscription: Subscription
    secret: str
    previous_valid_until: datetime


@dataclass(frozen=True)
class NewSubscription:
    """What an integration administrator asks for; the municipality is their token's."""

    gemeentecode: str
    callback_url: str
    type_prefixes: tuple[str, ...]
    auth: str | None
    created_by: str


class Subscriptions:
    """Subscriptions in `schema`, with their credentials sealed by `credentials`."""

    def __init__(
        self, pool: Pool, schema: str, credentials: Credentials, *, rotation_grace_s: float
    ) -> None:
        """Store in `schema`.subscriptions; a rotated secret signs on for `rotation_grace_s`."""
        self._pool = pool
        self._table = f"{checked_schema(schema)}.subscriptions"
        self._credentials = credentials
        self._rotation_grace_s = rotation_grace_s

    async def create(self, new: NewSubscription) -> tuple[Subscription, str]:
        """Store a subscription with a fresh secret; return it and the secret (shown once)."""
        subscription_id = uuid.uuid4()
        secret = new_secret()
        sealed_secret = await self._credentials.seal(subscription_id, "secret", secret)
        sealed_auth = (
            None
            if new.auth is None
            else await self._credentials.seal(subscription_id, "auth", new.auth)
        )
        row = await self._pool.fetchrow(
            f"INSERT INTO {self._table} (id, gemeentecode, callback_url, type_prefixes,"
            " secret_sealed, auth_sealed, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7)"
            f" RETURNING {_COLUMNS}",
            subscription_id,
            new.gemeentecode,
            new.callback_url,
            list(new.type_prefixes),
            sealed_secret,
            sealed_auth,
            new.created_by,
        )
        assert row is not None  # noqa: S101 - INSERT ... RETURNING returns the row
        return Subscription.of(row), secret

    async def of_gemeente(self, gemeentecode: str) -> list[Subscription]:
        """The municipality's subscriptions, oldest first."""
        rows = await self._pool.fetch(
            f"SELECT {_COLUMNS} FROM {self._table} WHERE gemeentecode = $1 ORDER BY created_at, id",
            gemeentecode,
        )
        return [Subscription.of(r) for r in rows]

    async def find(self, gemeentecode: str, subscription_id: uuid.UUID) -> Subscription | None:
        """One subscription, if it belongs to the municipality (else: as if it did not exist)."""
        row = await self._pool.fetchrow(
            f"SELECT {_COLUMNS} FROM {self._table} WHERE id = $1 AND gemeentecode = $2",
            subscription_id,
            gemeentecode,
        )
        return None if row is None else Subscription.of(row)

    async def rotate(self, gemeentecode: str, subscription_id: uuid.UUID) -> RotatedSecret | None:
        """Give it a fresh secret; the current one becomes the previous, for the grace period.

        One UPDATE, so concurrent rotations queue on the row and each keeps the secret the one
        before it issued; the sealed secret moves to its new column without being opened.
        """
        secret = new_secret()
        sealed = await self._credentials.seal(subscription_id, "secret", secret)
        row = await self._pool.fetchrow(
            f"UPDATE {self._table} SET secret_sealed = $3, previous_secret_sealed = secret_sealed,"
            " previous_secret_valid_until = now() + make_interval(secs => $4)"
            " WHERE id = $1 AND gemeentecode = $2"
            f" RETURNING {_COLUMNS}, previous_secret_valid_until",
            subscription_id,
            gemeentecode,
            sealed,
            self._rotation_grace_s,
        )
        if row is None:
            return None
        return RotatedSecret(Subscription.of(row), secret, row["previous_secret_valid_until"])

    async def delete(self, gemeentecode: str, subscription_id: uuid.UUID) -> bool:
        """Remove it and its deliveries (sent or not); whether it existed."""
        deleted = await self._pool.fetchval(
            f"DELETE FROM {self._table} WHERE id = $1 AND gemeentecode = $2 RETURNING id",
            subscription_id,
            gemeentecode,
        )
        return deleted is not None


async def all_filters(conn: Connection, schema: str) -> Sequence[tuple[uuid.UUID, Filter]]:
    """Every subscription's id and filter, read inside the fan-out transaction."""
    rows = await conn.fetch(
        f"SELECT id, gemeentecode, type_prefixes FROM {checked_schema(schema)}.subscriptions"
        " ORDER BY id"
    )
    return [(r["id"], Filter(r["gemeentecode"], tuple(r["type_prefixes"]))) for r in rows]
