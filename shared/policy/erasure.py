"""The handler step every domain shares for an erasure: record the confirmation, then destroy.

Recording first means the confirmation can never claim a key is gone that still exists for
longer than a retry takes: a crash between the two leaves a recorded confirmation and a live
key, and the redelivered trigger (same reaction id, or a refusal "already confirmed") destroys
the key without recording anything twice. The reverse order could lose the confirmation.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

from shared.subject_rights import ErasureAlreadyConfirmedError

if TYPE_CHECKING:
    from collections.abc import Awaitable, Callable

    from shared.command_handling import Outcome
    from shared.privacy import Sealer

REASON = "intake:personal-data-erased"
S = TypeVar("S")


async def record_then_erase(
    sealer: Sealer, subject: str, actor: str, record: Callable[[], Awaitable[Outcome]]
) -> Outcome:
    """Run `record` (which appends `ErasureConfirmed`), then destroy the subject's key."""
    try:
        outcome = await record()
    except ErasureAlreadyConfirmedError:
        await sealer.erase(subject, REASON, actor)
        raise
    await sealer.erase(subject, REASON, actor)
    return outcome
