"""The hash chain of a stream: tamper evidence for every stored event.

Each event's hash covers its predecessor's hash and its own stored fields, so altering,
removing, inserting or reordering events is detectable.

The hash is computed over what is stored: ciphertext where fields are personal. Destroying a
person's key therefore leaves every chain intact.

Preimage, the same in SQL (`append_events`) and here: every field as `<length>:<text>`
(a netstring without the trailing comma), concatenated in this order: previous hash, event id,
stream id, stream version, event type, schema version, subject, tenant, data (jsonb text),
metadata (jsonb text). Lengths make the split unambiguous whatever a field contains.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable

GENESIS = "0" * 64


def event_hash(prev_hash: str, fields: Iterable[str]) -> str:
    """sha256 hex of the length-prefixed preimage."""
    digest = hashlib.sha256()
    for text in (prev_hash, *fields):
        digest.update(f"{len(text)}:{text}".encode())
    return digest.hexdigest()


@dataclass(frozen=True)
class StoredRow:
    """One stored event as the chain sees it: every text that the hash covers."""

    event_id: str
    stream_id: str
    stream_version: int
    event_type: str
    schema_version: int
    subject: str
    tenant: str
    data: str
    metadata: str
    prev_hash: str
    hash: str
    position: int

    def recomputed(self) -> str:
        """The hash this row should carry, given its stored predecessor hash."""
        return event_hash(
            self.prev_hash,
            (
                self.event_id,
                self.stream_id,
                str(self.stream_version),
                self.event_type,
                str(self.schema_version),
                self.subject,
                self.tenant,
                self.data,
                self.metadata,
            ),
        )


def verify_stream(
    rows: list[StoredRow], after_version: int = 0, after_hash: str = GENESIS
) -> list[str]:
    """Problems in one stream's chain, each naming its position; rows in stream-version order.

    `after_version` and `after_hash`: the head already verified, for rows that continue it
    (an incremental pass reads only what came after; shared/audit/incremental.py).

    A row whose content changed fails its own hash; a removed, inserted or reordered row breaks
    the link from its successor. Each link is checked against the stored hash of the row
    before, so one altered event is reported once, not for every event after it.
    """
    problems: list[str] = []
    expected_prev, expected_version = after_hash, after_version + 1
    for row in rows:
        where = f"{row.stream_id} v{row.stream_version} (position {row.position})"
        if row.stream_version != expected_version:
            problems.append(
                f"{where}: expected version {expected_version} here: removed or reordered"
            )
        if row.prev_hash != expected_prev:
            problems.append(f"{where}: does not follow its predecessor: inserted, removed or moved")
        if row.recomputed() != row.hash:
            problems.append(f"{where}: content does not match its hash: altered")
        expected_prev, expected_version = row.hash, row.stream_version + 1
    return problems
