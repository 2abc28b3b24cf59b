r"""The hash chain: the preimage an entry's hash is taken over, and the check of whole chains.

The same preimage is built in SQL (`processing_log_preimage` in schema.sql) when an entry is
written and here when the log is verified, so that a verifier needs nothing from the database
but the rows. Each field is written as `<length in characters>:<value>\n`, in this order:
prev_hash, entry_id, seq, logged_at (UTC, `YYYY-MM-DDTHH:MM:SS.ffffffZ`), tenant, youth_id,
actor, actor_role, action, activity, activity_name, grondslag, vertrouwelijkheid, result,
correlation_id, method, path, and then, only for an entry that has them, trace_id and span_id
(so an untraced entry's preimage is what it was before entries had trace ids, and a traced
one's ids cannot be changed, added or removed unnoticed). The hash is the sha256 of its UTF-8
bytes, in lower-case hex.

A chain proves that no entry was changed, removed or inserted, except at its end: dropping
the newest entries of a chain leaves a shorter chain that is still intact. Its oldest entries
go when their retention ends (shared/processing_log/pruning.py): the chain then starts from
the checkpoint the prune left, the last destroyed entry's seq and hash.
"""

from __future__ import annotations

import hashlib
from datetime import UTC
from typing import TYPE_CHECKING, TypeAlias

from shared.processing_log.entry import ZERO_HASH

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

    from shared.processing_log.entry import ProcessingEntry

Chain: TypeAlias = tuple[str, str]
"""A chain's key: (tenant, youth_id)."""
Checkpoint: TypeAlias = tuple[int, str]
"""Where a pruned chain continues: the last destroyed entry's (seq, hash)."""


def preimage(entry: ProcessingEntry) -> str:
    """The text `hash` is computed over; see the module docstring for the format."""
    fields: tuple[str, ...] = (
        entry.prev_hash,
        str(entry.entry_id),
        str(entry.seq),
        entry.logged_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
        entry.tenant,
        entry.youth_id,
        entry.actor,
        entry.actor_role,
        entry.action,
        entry.activity,
        entry.activity_name,
        entry.grondslag,
        entry.vertrouwelijkheid,
        entry.result,
        entry.correlation_id,
        entry.method,
        entry.path,
    )
    if entry.trace_id is not None:
        fields += (entry.trace_id, entry.span_id or "")
    return "".join(f"{len(value)}:{value}\n" for value in fields)


def entry_hash(entry: ProcessingEntry) -> str:
    """What `entry.hash` must be if nobody changed the entry."""
    return hashlib.sha256(preimage(entry).encode()).hexdigest()


class ChainVerifier:
    """Checks entries fed in chain order (by tenant, youth_id, seq), one at a time.

    One at a time, so a log of any size is verified in constant memory.
    """

    def __init__(self, checkpoints: Mapping[Chain, Checkpoint] | None = None) -> None:
        """Start with no chain seen; a pruned chain starts after its checkpoint."""
        self.problems: list[str] = []
        self._checkpoints = checkpoints or {}
        self._chain: Chain | None = None
        self._head = ZERO_HASH
        self._next_seq = 1

    def resume(self, tenant: str, youth_id: str, head: str, seq: int) -> None:
        """Continue the chain of (tenant, youth_id) after its verified entry `seq` (`head`)."""
        self._chain, self._head, self._next_seq = (tenant, youth_id), head, seq + 1

    def add(self, entry: ProcessingEntry) -> None:
        """Check `entry` against itself and against the entry before it in its chain."""
        chain = (entry.tenant, entry.youth_id)
        if chain != self._chain:
            seq, head = self._checkpoints.get(chain, (0, ZERO_HASH))
            self._chain, self._head, self._next_seq = chain, head, seq + 1
        where = f"youth {entry.youth_id} (tenant {entry.tenant})"
        if entry_hash(entry) != entry.hash:
            self.problems.append(f"{where}: entry {entry.seq} altered")
        if entry.prev_hash != self._head or entry.seq != self._next_seq:
            self.problems.append(
                f"{where}: chain broken before entry {entry.seq} (entries removed or inserted)"
            )
        self._head = entry.hash
        self._next_seq = entry.seq + 1


def chain_problems(
    entries: Iterable[ProcessingEntry], checkpoints: Mapping[Chain, Checkpoint] | None = None
) -> list[str]:
    """Human-readable problems of the chains in `entries` (in chain order); empty when intact."""
    verifier = ChainVerifier(checkpoints)
    for entry in entries:
        verifier.add(entry)
    return verifier.problems
