"""Per-person data keys: created on first use, cached briefly, destroyed on erasure."""

from __future__ import annotations

import secrets
import time
import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING

from shared.migrations import Migration, checked_schema, shared_migration

if TYPE_CHECKING:
    from asyncpg.pool import Pool

    from shared.privacy.master_key import KeyWrapper


class SubjectErasedError(RuntimeError):
    """The person's data was erased; no new personal data is recorded for them."""


@dataclass(frozen=True)
class DataKey:
    """A person's AES-256 key and its id (which ciphertexts name)."""

    key_id: uuid.UUID
    key: bytes


# At most this many unwrapped keys in a process (a few hundred bytes each): the people being
# worked on now. Beyond it the least recently fetched is dropped and fetched again if needed.
KEYS_KEPT = 10_000


class KeyCache:
    """Unwrapped keys for `ttl` seconds, at most `limit`: an expired key leaves memory.

    Kept in the order they were fetched, which with one TTL is the order they expire in, so
    every `put` drops the expired ones from the front. Found by `make soak`: the cache only
    ever grew, holding every key a process had opened (expired, yet still in memory) for as
    long as it ran.
    """

    def __init__(self, ttl: float, limit: int = KEYS_KEPT) -> None:
        """Keep each key `ttl` seconds, and no more than `limit` keys."""
        self._ttl = ttl
        self._limit = limit
        self._entries: dict[str, tuple[float, DataKey]] = {}

    def get(self, subject: str, now: float) -> DataKey | None:
        """The key while it is fresh; an expired one is dropped."""
        hit = self._entries.get(subject)
        if hit is None:
            return None
        if hit[0] <= now:
            del self._entries[subject]
            return None
        return hit[1]

    def put(self, subject: str, key: DataKey, now: float) -> None:
        """Keep `key` from `now`; drop what expired, and the oldest beyond the limit."""
        self._entries.pop(subject, None)
        self._entries[subject] = (now + self._ttl, key)
        while self._entries:  # amortised O(1): each key is dropped once
            oldest = next(iter(self._entries))
            if self._entries[oldest][0] > now and len(self._entries) <= self._limit:
                break
            del self._entries[oldest]

    def drop(self, subject: str) -> None:
        """Forget the subject's key now (an erasure in this process)."""
        self._entries.pop(subject, None)

    def __len__(self) -> int:
        """How many keys are in memory."""
        return len(self._entries)


def key_store_migration() -> Migration:
    """The key store's tables."""
    return shared_migration("shared.privacy", "key_store.sql", "0000_key_store")


class KeyStore:
    """Keys in `<schema>.data_keys`, wrapped by a `KeyWrapper`.

    Keys are cached for `cache_ttl_s` so that a burst of events for one person costs one
    lookup. An erasure evicts the key here at once; other processes drop it within the TTL,
    which bounds how long a replica could still decrypt after an erasure.
    """

    def __init__(
        self, pool: Pool, schema: str, wrapper: KeyWrapper, cache_ttl_s: float = 30.0
    ) -> None:
        """Keep keys in `schema`."""
        self._pool = pool
        self._schema = checked_schema(schema)
        self._wrapper = wrapper
        self._cache = KeyCache(cache_ttl_s)

    async def for_writing(self, subject: str) -> DataKey:
        """The person's key, made now if they have none; refused after erasure."""
        cached = self._cached(subject)
        if cached:
            return cached
        key = secrets.token_bytes(32)
        key_id = uuid.uuid4()
        wrapped = await self._wrapper.wrap(key, subject)
        row = await self._pool.fetchrow(
            f"WITH made AS (INSERT INTO {self._schema}.data_keys (subject, key_id, wrapped)"
            f" SELECT $1, $2, $3 WHERE NOT EXISTS"
            f" (SELECT 1 FROM {self._schema}.erasures WHERE subject = $1)"
            " ON CONFLICT (subject) DO NOTHING RETURNING key_id, wrapped)"
            f" SELECT key_id, wrapped FROM made UNION ALL"
            f" SELECT key_id, wrapped FROM {self._schema}.data_keys WHERE subject = $1 LIMIT 1",
            subject,
            key_id,
            wrapped,
        )
        if row is None:
            if await self.is_erased(subject):
                raise SubjectErasedError(subject)
            return await self.for_writing(subject)  # a concurrent insert won; read it
        return await self._remember(subject, row["key_id"], row["wrapped"])

    async def for_reading(self, subject: str) -> DataKey | None:
        """The person's key, or None when it was destroyed (or never existed)."""
        cached = self._cached(subject)
        if cached:
            return cached
        row = await self._pool.fetchrow(
            f"SELECT key_id, wrapped FROM {self._schema}.data_keys WHERE subject = $1", subject
        )
        if row is None:
            return None
        return await self._remember(subject, row["key_id"], row["wrapped"])

    async def erase(self, subject: str, reason: str, actor: str) -> None:
        """Destroy the key (crypto-shredding) and keep a tombstone; idempotent."""
        self._cache.drop(subject)
        async with self._pool.acquire() as conn, conn.transaction():
            await conn.execute(
                f"INSERT INTO {self._schema}.erasures (subject, reason, actor) VALUES ($1, $2, $3)"
                " ON CONFLICT (subject) DO NOTHING",
                subject,
                reason,
                actor,
            )
            await conn.execute(f"DELETE FROM {self._schema}.data_keys WHERE subject = $1", subject)

    async def is_erased(self, subject: str) -> bool:
        """Whether the person's data was erased."""
        found = await self._pool.fetchval(
            f"SELECT EXISTS (SELECT 1 FROM {self._schema}.erasures WHERE subject = $1)", subject
        )
        return bool(found)

    def _cached(self, subject: str) -> DataKey | None:
        return self._cache.get(subject, time.monotonic())

    async def _remember(self, subject: str, key_id: uuid.UUID, wrapped: bytes) -> DataKey:
        key = DataKey(key_id, await self._wrapper.unwrap(wrapped, subject))
        self._cache.put(subject, key, time.monotonic())
        return key
