"""Debt commands: fold the trajectory from its (decrypted) history, decide, append.

Unlike intake's rules, the debt rules need the amounts, which are sealed: folding opens them.
After erasure they read "gegevens vernietigd" and the rules refuse what depends on them.
"""

from __future__ import annotations

from functools import reduce
from typing import TYPE_CHECKING

from services.debts.classification import extensions_for
from services.debts.domain.model import Trajectory, decide, evolve
from shared.command_handling import Checks, Decision, Outcome
from shared.policy import handle_domain_command

if TYPE_CHECKING:
    import uuid
    from datetime import date

    from services.debts.domain.commands import Command
    from shared.events import DomainEvent
    from shared.eventstore import EventStore, Metadata, RecordedEvent
    from shared.privacy import Sealer
    from shared.subject_rights import PrivacyCommand

__all__ = ["Outcome", "execute", "fold", "trajectory_stream"]


def trajectory_stream(youth_id: uuid.UUID) -> str:
    """One stream per young person's debts; trajectories follow each other in it."""
    return f"debts-{youth_id}"


async def fold(sealer: Sealer, recorded: list[RecordedEvent]) -> Trajectory:
    """The trajectory the history adds up to, amounts decrypted."""
    return reduce(evolve, [await sealer.open(r) for r in recorded], Trajectory())


async def execute(  # noqa: PLR0913 - dependencies are parameters, by design
    store: EventStore,
    sealer: Sealer,
    command: Command | PrivacyCommand,
    metadata: Metadata,
    *,
    today: date,
    checks: Checks | None = None,
) -> Outcome:
    """Decide on a debt command and record its outcome."""

    async def folded(recorded: list[RecordedEvent]) -> Trajectory:
        return await fold(sealer, recorded)

    async def decided(state: Trajectory, _recorded: list[RecordedEvent]) -> list[DomainEvent]:
        return decide(state, command, today)

    def extensions(_event: DomainEvent, state: Trajectory) -> dict[str, str]:
        return extensions_for(state)

    return await handle_domain_command(
        store,
        sealer,
        stream=trajectory_stream(command.youth_id),
        command=command,
        metadata=metadata,
        decision=Decision(folded, decided, extensions),
        checks=checks,
    )
