"""Load a stream, fold it, decide, append with the version we decided on.

One handler serves every command: the rules are in `domain/model.py`. Only erasure has a step
of its own (destroying the key), and only enrolment needs the birth date (decrypted here).
"""

from __future__ import annotations

from functools import reduce
from typing import TYPE_CHECKING

from services.intake.classification import extensions_for
from services.intake.domain.commands import EnrolInProgramme, EraseYouth
from services.intake.domain.events import CATALOGUE, YouthRegistered
from services.intake.domain.model import Youth, age_on, decide, evolve
from shared.command_handling import Checks, Decision, Outcome, handle
from shared.rules import NotPermittedError

if TYPE_CHECKING:
    import uuid
    from collections.abc import Callable
    from datetime import date

    from services.intake.domain.commands import Command
    from shared.events import DomainEvent
    from shared.eventstore import EventStore, Metadata, RecordedEvent
    from shared.privacy import KeyStore, Sealer

__all__ = ["Outcome", "erase_youth", "execute", "fold", "youth_stream"]


def youth_stream(youth_id: uuid.UUID) -> str:
    """Stream ids follow `category-id`."""
    return f"youth-{youth_id}"


def fold(sealer: Sealer, recorded: list[RecordedEvent]) -> Youth:
    """The state a stream's events add up to; the rules never need personal data to decide."""
    return reduce(evolve, (sealer.open_without_personal_data(r) for r in recorded), Youth())


async def age_today(sealer: Sealer, recorded: list[RecordedEvent], today: date) -> int | None:
    """Completed years today, from the decrypted birth date; None once erased or unknown."""
    registered = CATALOGUE.type_name(YouthRegistered)
    for record in recorded:
        if record.event_type == registered:
            event = await sealer.open(record)
            if isinstance(event, YouthRegistered) and not isinstance(event.date_of_birth, str):
                return age_on(event.date_of_birth, today)
    return None


async def execute(  # noqa: PLR0913 - dependencies are parameters, by design
    store: EventStore,
    sealer: Sealer,
    command: Command,
    metadata: Metadata,
    *,
    today: date,
    event_id: uuid.UUID | None = None,
    expected_version: int | None = None,
    may_act: Callable[[Youth], bool] | None = None,
    tenant: str | None = None,
) -> Outcome:
    """Decide on `command` against the young person's history and record the outcome.

    A retry with the same `event_id` records nothing twice; `expected_version` (a client's
    If-Match) turns a stale view into a ConcurrencyError; `may_act` is a rule about rights.
    """

    async def folded(recorded: list[RecordedEvent]) -> Youth:
        return fold(sealer, recorded)

    async def decided(state: Youth, recorded: list[RecordedEvent]) -> list[DomainEvent]:
        enrolling = isinstance(command, EnrolInProgramme)
        age = await age_today(sealer, recorded, today) if enrolling else None
        return decide(state, command, today, age=age)

    def extensions(event: DomainEvent, state: Youth) -> dict[str, str]:
        programma = getattr(command, "programma", None) or state.programma
        return extensions_for(CATALOGUE.type_name(type(event)), programma)

    return await handle(
        store,
        sealer,
        stream=youth_stream(command.youth_id),
        subject=str(command.youth_id),
        command=command,
        metadata=metadata,
        decision=Decision(folded, decided, extensions, may_act),
        checks=Checks(tenant=tenant, event_id=event_id, expected_version=expected_version),
    )


async def erase_youth(  # noqa: PLR0913 - dependencies are parameters, by design
    store: EventStore,
    sealer: Sealer,
    keys: KeyStore,
    command: EraseYouth,
    metadata: Metadata,
    *,
    today: date,
) -> Outcome:
    """Record the erasure, then destroy the key; a repeat finishes an interrupted erasure."""
    subject = str(command.youth_id)
    recorded = await store.load(youth_stream(command.youth_id))
    if recorded and recorded[0].metadata.tenant != metadata.tenant:
        raise NotPermittedError(other_municipality=True)
    if fold(sealer, recorded).erased:
        await keys.erase(subject, command.reason, metadata.actor)
        return Outcome(len(recorded), None, appended=False)
    outcome = await execute(store, sealer, command, metadata, today=today, tenant=metadata.tenant)
    await keys.erase(subject, command.reason, metadata.actor)
    return outcome
