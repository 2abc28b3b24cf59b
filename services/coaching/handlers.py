"""Coaching commands: fold the coaching, decide, append.

The rules need no free text and no kind of care, so the history is folded without any key.
"""

from __future__ import annotations

from functools import reduce
from typing import TYPE_CHECKING

from services.coaching.classification import extensions_for
from services.coaching.domain.model import Coaching, decide, evolve
from shared.command_handling import Checks, Decision, Outcome
from shared.policy import handle_domain_command

if TYPE_CHECKING:
    import uuid
    from datetime import date

    from services.coaching.domain.commands import Command
    from shared.events import DomainEvent
    from shared.eventstore import EventStore, Metadata, RecordedEvent
    from shared.privacy import Sealer
    from shared.subject_rights import PrivacyCommand

__all__ = ["Outcome", "coaching_stream", "execute", "fold"]


def coaching_stream(youth_id: uuid.UUID) -> str:
    """One stream per young person's coaching."""
    return f"coaching-{youth_id}"


def fold(sealer: Sealer, recorded: list[RecordedEvent]) -> Coaching:
    """The coaching the history adds up to."""
    return reduce(evolve, (sealer.open_without_personal_data(r) for r in recorded), Coaching())


async def execute(  # noqa: PLR0913 - dependencies are parameters, by design
    store: EventStore,
    sealer: Sealer,
    command: Command | PrivacyCommand,
    metadata: Metadata,
    *,
    today: date,
    checks: Checks | None = None,
) -> Outcome:
    """Decide on a coaching command and record its outcome."""

    async def folded(recorded: list[RecordedEvent]) -> Coaching:
        return fold(sealer, recorded)

    async def decided(state: Coaching, _recorded: list[RecordedEvent]) -> list[DomainEvent]:
        return decide(state, command, today)

    return await handle_domain_command(
        store,
        sealer,
        stream=coaching_stream(command.youth_id),
        command=command,
        metadata=metadata,
        decision=Decision(folded, decided, extensions_for),
        checks=checks,
    )
