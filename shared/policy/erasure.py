"""The handler step every domain shares for an erasure: record the confirmation, then destroy.

Recording first means the confirmation can never claim a key is gone that still exists for
longer than a retry takes: a crash between the two leaves a recorded confirmation and a live
key, and the redelivered trigger (same reaction id, or a refusal "already confirmed") destroys
the key without recording anything twice. The reverse order could lose the confirmation.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

from shared.command_handling import handle
from shared.subject_rights import ConfirmErasure, ErasureAlreadyConfirmedError

if TYPE_CHECKING:
    from collections.abc import Awaitable, Callable

    from pydantic import BaseModel

    from shared.command_handling import Checks, Decision, Outcome
    from shared.eventstore import EventStore, Metadata
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


async def handle_domain_command(  # noqa: PLR0913 - the parts of a command, each named
    store: EventStore,
    sealer: Sealer,
    *,
    stream: str,
    command: BaseModel,
    metadata: Metadata,
    decision: Decision[S],
    checks: Checks | None = None,
) -> Outcome:
    """`handle` for a domain with the privacy commands: an erasure also destroys the key.

    One place for what every domain's handler would otherwise repeat: the young person is the
    subject, and `ConfirmErasure` records first, then destroys (`record_then_erase`).
    """
    subject = str(command.youth_id)  # type: ignore[attr-defined]

    async def record() -> Outcome:
        return await handle(
            store, sealer, stream=stream, subject=subject, command=command,
            metadata=metadata, decision=decision, checks=checks,
        )  # fmt: skip

    if isinstance(command, ConfirmErasure):
        return await record_then_erase(sealer, subject, metadata.actor, record)
    return await record()
