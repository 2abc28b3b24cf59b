"""Load a stream, fold it, decide, append with the version we decided on.

One handler serves every command: the rules are in `domain/model.py`. Only erasure has a step
of its own (destroying the key), and only enrolment needs the birth date (decrypted here).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import reduce
from typing import TYPE_CHECKING

import structlog

from services.intake.classification import extensions_for
from services.intake.domain.commands import EnrolInProgramme, EraseYouth
from services.intake.domain.events import CATALOGUE, YouthRegistered
from services.intake.domain.model import Youth, age_on, decide, evolve
from shared.eventstore import AppendResult, ConcurrencyError, Metadata
from shared.rules import NotPermittedError

if TYPE_CHECKING:
    import uuid
    from collections.abc import Callable
    from datetime import date

    from services.intake.domain.commands import Command
    from shared.eventstore import EventStore, RecordedEvent
    from shared.privacy import KeyStore, Sealer

log = structlog.get_logger("intake")


@dataclass(frozen=True)
class Outcome:
    """What a command did: the stream's version and the event it recorded (if any)."""

    stream_version: int
    event_id: uuid.UUID | None
    appended: bool


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
    stream = youth_stream(command.youth_id)
    recorded = await store.load(stream)
    if tenant is not None and recorded and recorded[0].metadata.tenant != tenant:
        raise NotPermittedError(other_municipality=True)
    if event_id is not None and any(r.event_id == event_id for r in recorded):
        return Outcome(len(recorded), event_id, appended=False)
    if expected_version is not None and expected_version != len(recorded):
        raise ConcurrencyError(stream, expected_version, len(recorded), "stale version")
    state = fold(sealer, recorded)
    if may_act is not None and recorded and not may_act(state):
        raise NotPermittedError
    age = (
        await age_today(sealer, recorded, today) if isinstance(command, EnrolInProgramme) else None
    )
    events = decide(state, command, today, age=age)
    log.info("command_decided", command=command, stream_id=stream, events=len(events))
    programma = getattr(command, "programma", None) or state.programma
    sealed = [
        await sealer.seal(
            event,
            subject=str(command.youth_id),
            metadata=_with_extensions(metadata, CATALOGUE.type_name(type(event)), programma),
            event_id=event_id if n == 0 else None,
        )
        for n, event in enumerate(events)
    ]
    result: AppendResult = await store.append(stream, sealed, len(recorded))
    return Outcome(result.stream_version, sealed[0].event_id if sealed else None, result.appended)


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


def _with_extensions(metadata: Metadata, type_name: str, programma: str | None) -> Metadata:
    return Metadata(
        tenant=metadata.tenant,
        actor=metadata.actor,
        actor_role=metadata.actor_role,
        correlation_id=metadata.correlation_id,
        causation_id=metadata.causation_id,
        extensions={**metadata.extensions, **extensions_for(type_name, programma)},
    )
