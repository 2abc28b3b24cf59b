"""The blind index: find a young person registered twice without opening sealed data.

Each municipality has its own index key: 32 random bytes, stored only wrapped by the master key
(the `KeyWrapper` that wraps every data key, so a KMS or HSM works the same) and bound to the
gemeentecode as the wrapping's context. The index holds, per young person, HMAC-SHA256 under
that key of the normalised name with the birth date and of the BSN (`domain/duplicates.py`
says what is normalised). Without the master key the table is useless, even to someone who
tries every name and birth date; and since the key is the municipality's, the same person in
two municipalities has unrelated digests: no match, and nothing learnt, across municipalities.

The rows are written idempotently with the registration or verification, in the statement
that appends it (`IndexRow`, carried by the event store's append: no round trip or commit of
its own, and no row for a registration refused), or right after it when nothing was appended
(a replay), never for an erased young person, and are in no event and on no topic. `forget`
deletes a young person's rows on erasure, with their data key: an erased young person is
never matched again.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from typing import TYPE_CHECKING

from services.intake.domain.duplicates import message
from shared.eventstore import Write
from shared.migrations import checked_schema

if TYPE_CHECKING:
    import uuid

    from asyncpg.pool import Pool

    from services.intake.domain.vocabulary import DuplicateMatch
    from shared.privacy import KeyWrapper

_KEY_BYTES = 32
# More than this many matches says nothing more to the intake worker.
MAX_MATCHES = 20


@dataclass(frozen=True)
class Match:
    """Another young person of the municipality whose index value is the same."""

    youth_id: uuid.UUID
    matched_on: DuplicateMatch


class IndexRow:
    """One young person's digest of one kind: a write for the append that records it.

    The event store's `Alongside`: the upsert runs as a WITH of the append's statement.
    """

    def __init__(
        self,
        upsert: str,
        youth_id: uuid.UUID,
        gemeentecode: str,
        kind: DuplicateMatch,
        digest: bytes,
    ) -> None:
        """The row; `upsert` writes it from `args`."""
        self.youth_id, self.gemeentecode, self.kind, self.digest = (
            youth_id, gemeentecode, kind, digest
        )  # fmt: skip
        self.args: tuple[object, ...] = (youth_id, kind, gemeentecode, digest, str(youth_id))
        self._upsert = upsert
        self.written = False

    def pending(self) -> Write | None:
        """The upsert, until made."""
        return None if self.written else Write(self._upsert, self.args, statement=True)

    def made(self) -> None:
        """Written with the append (committed before the lookup is sent)."""
        self.written = True


class BlindIndex:
    """Keyed digests per municipality in `<schema>.identity_index`; keys in `blind_index_keys`."""

    def __init__(self, pool: Pool, schema: str, wrapper: KeyWrapper) -> None:
        """Index in `schema`; erasures are read from `<schema>_keys`, the key store's schema."""
        self._pool = pool
        self._schema = checked_schema(schema)
        self._erasures = f"{checked_schema(schema + '_keys')}.erasures"
        self._wrapper = wrapper
        self._keys: dict[str, bytes] = {}
        self._upsert = (
            f"INSERT INTO {self._schema}.identity_index (youth_id, kind, gemeentecode, digest)"
            f" SELECT $1, $2, $3, $4 WHERE NOT EXISTS"
            f" (SELECT 1 FROM {self._erasures} WHERE subject = $5)"
            " ON CONFLICT (youth_id, kind) DO UPDATE"
            " SET gemeentecode = EXCLUDED.gemeentecode, digest = EXCLUDED.digest,"
            " recorded_at = now()"
        )

    async def digest(self, gemeentecode: str, kind: DuplicateMatch, value: str) -> bytes:
        """HMAC-SHA256 of the value under the municipality's index key."""
        key = await self._key(gemeentecode)
        return hmac.new(key, message(kind, value), hashlib.sha256).digest()

    async def row(
        self, youth_id: uuid.UUID, gemeentecode: str, kind: DuplicateMatch, value: str
    ) -> IndexRow:
        """The young person's row for `value`, to write with the append that records it."""
        digest = await self.digest(gemeentecode, kind, value)
        return IndexRow(self._upsert, youth_id, gemeentecode, kind, digest)

    async def record_and_match(
        self, youth_id: uuid.UUID, gemeentecode: str, kind: DuplicateMatch, value: str
    ) -> list[Match]:
        """Index the young person's value (again: idempotent) and return who else has it."""
        return await self.match(await self.row(youth_id, gemeentecode, kind, value))

    async def match(self, row: IndexRow) -> list[Match]:
        """Who else of the municipality has the row's value; the row written first if not yet.

        The row is written before the others are looked up, each in its own statement (its
        append's, or its own here), so of two registrations of one person at the same moment
        at least one sees the other: the later lookup starts after both rows committed. One
        statement for both would read one snapshot, taken before either committed, and both
        could miss the other; so they stay apart.
        """
        if not row.written:
            await self._pool.execute(self._upsert, *row.args)
        rows = await self._pool.fetch(
            f"SELECT i.youth_id FROM {self._schema}.identity_index i"
            " WHERE i.gemeentecode = $1 AND i.kind = $2 AND i.digest = $3 AND i.youth_id <> $4"
            f" AND NOT EXISTS (SELECT 1 FROM {self._erasures} e WHERE e.subject = i.youth_id::text)"
            " ORDER BY i.recorded_at, i.youth_id LIMIT $5",
            row.gemeentecode, row.kind, row.digest, row.youth_id, MAX_MATCHES,
        )  # fmt: skip
        return [Match(found["youth_id"], row.kind) for found in rows]

    async def find(self, gemeentecode: str, kind: DuplicateMatch, value: str) -> list[uuid.UUID]:
        """Who of the municipality is indexed with this value, never an erased young person.

        For signing a young person in by their BSN (entrypoints/identity_lookup_api.py): the
        value is digested as the registration's was, so it is never stored or compared in
        clear. At most two are returned: more than one already means the answer is ambiguous.
        """
        digest = await self.digest(gemeentecode, kind, value)
        rows = await self._pool.fetch(
            f"SELECT i.youth_id FROM {self._schema}.identity_index i"
            " WHERE i.gemeentecode = $1 AND i.kind = $2 AND i.digest = $3"
            f" AND NOT EXISTS (SELECT 1 FROM {self._erasures} e WHERE e.subject = i.youth_id::text)"
            " ORDER BY i.recorded_at, i.youth_id LIMIT 2",
            gemeentecode, kind, digest,
        )  # fmt: skip
        return [row["youth_id"] for row in rows]

    async def forget(self, youth_id: uuid.UUID) -> None:
        """Delete the young person's rows (on erasure); idempotent."""
        await self._pool.execute(
            f"DELETE FROM {self._schema}.identity_index WHERE youth_id = $1", youth_id
        )

    async def _key(self, gemeentecode: str) -> bytes:
        """The municipality's index key, made on first use; one per municipality for good."""
        known = self._keys.get(gemeentecode)
        if known is not None:
            return known
        context = f"blind-index:{gemeentecode}"
        wrapped = await self._wrapper.wrap(secrets.token_bytes(_KEY_BYTES), context)
        stored: bytes | None = None
        while stored is None:  # None: a concurrent insert won, after this statement's snapshot
            stored = await self._pool.fetchval(
                f"WITH made AS (INSERT INTO {self._schema}.blind_index_keys"
                " (gemeentecode, wrapped) VALUES ($1, $2) ON CONFLICT (gemeentecode) DO NOTHING"
                " RETURNING wrapped) SELECT wrapped FROM made UNION ALL"
                f" SELECT wrapped FROM {self._schema}.blind_index_keys WHERE gemeentecode = $1"
                " LIMIT 1",
                gemeentecode, wrapped,
            )  # fmt: skip
        key = await self._wrapper.unwrap(stored, context)
        self._keys[gemeentecode] = key
        return key
