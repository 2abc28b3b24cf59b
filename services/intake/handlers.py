"""Load a stream, fold it, decide, append with the version we decided on."""

from __future__ import annotations

from functools import reduce
from typing import TYPE_CHECKING

from services.intake.domain.events import CATALOGUE
from services.intake.domain.model import Youth, decide_register, evolve
from shared.events import with_metadata
from shared.eventstore import AppendResult

if TYPE_CHECKING:
    import uuid
    from datetime import date

    from services.intake.domain.commands import RegisterYouth
    from shared.eventstore import EventStore, Metadata, RecordedEvent


def youth_stream(youth_id: uuid.UUID) -> str:
    """Stream ids follow `category-id`."""
    return f"youth-{youth_id}"


def fold(recorded: list[RecordedEvent]) -> Youth:
    """The state a stream's events add up to."""
    return reduce(evolve, (CATALOGUE.decode(r) for r in recorded), Youth())


async def register_youth(
    store: EventStore,
    command: RegisterYouth,
    metadata: Metadata,
    *,
    today: date,
    event_id: uuid.UUID | None = None,
) -> tuple[AppendResult, uuid.UUID | None]:
    """Register a young person; a retry with the same `event_id` appends nothing twice."""
    stream = youth_stream(command.youth_id)
    recorded = await store.load(stream)
    if event_id is not None and any(r.event_id == event_id for r in recorded):
        return AppendResult(len(recorded), appended=False), event_id
    events = decide_register(fold(recorded), command, today)
    meta = with_metadata(metadata, programma=command.programma)
    new_events = [
        CATALOGUE.to_new_event(e, subject=str(command.youth_id), metadata=meta, event_id=event_id)
        for e in events
    ]
    result = await store.append(stream, new_events, len(recorded))
    return result, new_events[0].event_id
