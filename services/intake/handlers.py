"""Load a stream, fold it, decide, append with the version we decided on."""

from __future__ import annotations

from functools import reduce
from typing import TYPE_CHECKING

import structlog

from services.intake.domain.model import Youth, decide_erase, decide_register, evolve
from shared.events import with_metadata
from shared.eventstore import AppendResult

if TYPE_CHECKING:
    import uuid
    from datetime import date

    from services.intake.domain.commands import EraseYouth, RegisterYouth
    from shared.events import DomainEvent
    from shared.eventstore import EventStore, Metadata, RecordedEvent
    from shared.privacy import KeyStore, Sealer


log = structlog.get_logger("intake")


def youth_stream(youth_id: uuid.UUID) -> str:
    """Stream ids follow `category-id`."""
    return f"youth-{youth_id}"


def fold(sealer: Sealer, recorded: list[RecordedEvent]) -> Youth:
    """The state a stream's events add up to; the rules never need personal data to decide."""
    return reduce(evolve, (sealer.open_without_personal_data(r) for r in recorded), Youth())


async def _append(  # noqa: PLR0913 - dependencies are parameters, by design
    store: EventStore,
    sealer: Sealer,
    stream: str,
    version: int,
    events: list[DomainEvent],
    *,
    subject: str,
    metadata: Metadata,
    event_id: uuid.UUID | None = None,
) -> tuple[AppendResult, uuid.UUID]:
    sealed = [
        await sealer.seal(e, subject=subject, metadata=metadata, event_id=event_id) for e in events
    ]
    return await store.append(stream, sealed, version), sealed[0].event_id


async def register_youth(  # noqa: PLR0913 - dependencies are parameters, by design
    store: EventStore,
    sealer: Sealer,
    command: RegisterYouth,
    metadata: Metadata,
    *,
    today: date,
    event_id: uuid.UUID | None = None,
) -> tuple[AppendResult, uuid.UUID]:
    """Register a young person; a retry with the same `event_id` appends nothing twice."""
    stream = youth_stream(command.youth_id)
    recorded = await store.load(stream)
    if event_id is not None and any(r.event_id == event_id for r in recorded):
        return AppendResult(len(recorded), appended=False), event_id
    events = decide_register(fold(sealer, recorded), command, today)
    # The command holds a name and a birth date: the log redactor strips them.
    log.info("register_youth", command=command, stream_id=stream)
    meta = with_metadata(metadata, programma=command.programma)
    return await _append(
        store, sealer, stream, len(recorded), events,
        subject=str(command.youth_id), metadata=meta, event_id=event_id,
    )  # fmt: skip


async def erase_youth(  # noqa: PLR0913 - dependencies are parameters, by design
    store: EventStore,
    sealer: Sealer,
    keys: KeyStore,
    command: EraseYouth,
    metadata: Metadata,
    *,
    today: date,
) -> AppendResult:
    """Record the erasure, then destroy the key; a repeat finishes an interrupted erasure."""
    stream = youth_stream(command.youth_id)
    subject = str(command.youth_id)
    recorded = await store.load(stream)
    state = fold(sealer, recorded)
    if state.erased:
        await keys.erase(subject, command.reason, metadata.actor)
        return AppendResult(len(recorded), appended=False)
    events = decide_erase(state, command, today)
    result, _ = await _append(
        store, sealer, stream, len(recorded), events, subject=subject, metadata=metadata
    )
    await keys.erase(subject, command.reason, metadata.actor)
    return result
