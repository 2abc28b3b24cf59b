"""Housing commands: fold the situation, decide, append.

The rules need no addresses or amounts, so the history is folded without touching any key.
"""

from __future__ import annotations

from functools import reduce
from typing import TYPE_CHECKING

from services.housing.classification import extensions_for
from services.housing.domain.events import CATALOGUE
from services.housing.domain.model import Housing, decide, evolve
from shared.command_handling import Checks, Decision, Outcome
from shared.policy import handle_domain_command

if TYPE_CHECKING:
    import uuid
    from datetime import date

    from services.housing.domain.commands import Command
    from shared.events import DomainEvent
    from shared.eventstore import EventStore, Metadata, RecordedEvent
    from shared.privacy import Sealer
    from shared.subject_rights import PrivacyCommand

__all__ = ["Outcome", "execute", "fold", "housing_stream"]


def housing_stream(youth_id: uuid.UUID) -> str:
    """One stream per young person's housing."""
    return f"housing-{youth_id}"


def fold(sealer: Sealer, recorded: list[RecordedEvent]) -> Housing:
    """The situation the history adds up to."""
    return reduce(evolve, (sealer.open_without_personal_data(r) for r in recorded), Housing())


async def execute(  # noqa: PLR0913 - dependencies are parameters, by design
    store: EventStore,
    sealer: Sealer,
    command: Command | PrivacyCommand,
    metadata: Metadata,
    *,
    today: date,
    checks: Checks | None = None,
) -> Outcome:
    """Decide on a housing command and record its outcome."""

    async def folded(recorded: list[RecordedEvent]) -> Housing:
        return fold(sealer, recorded)

    async def decided(state: Housing, _recorded: list[RecordedEvent]) -> list[DomainEvent]:
        return decide(state, command, today)

    def extensions(event: DomainEvent, state: Housing) -> dict[str, str]:
        return extensions_for(CATALOGUE.type_name(type(event)), state.privacy)

    return await handle_domain_command(
        store,
        sealer,
        stream=housing_stream(command.youth_id),
        command=command,
        metadata=metadata,
        decision=Decision(folded, decided, extensions),
        checks=checks,
    )
