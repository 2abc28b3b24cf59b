"""The young person's requests as they stand, opened: for them and for the privacy officer.

Read from the stream's own facts (made, overdue, answered), with the young person's words and
the answer's note opened by their key; after erasure those read "gegevens vernietigd".
"""

from __future__ import annotations

import uuid  # noqa: TC003 - pydantic needs it at runtime
from datetime import date  # noqa: TC003 - pydantic needs it at runtime
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, Field

from services.intake.domain.events import (
    CATALOGUE,
    SubjectRequestHandled,
    SubjectRequestMade,
    SubjectRequestOverdue,
)
from services.intake.domain.vocabulary import (  # noqa: TC001 - pydantic needs them
    SubjectRequestKind,
    SubjectRequestOutcome,
)

if TYPE_CHECKING:
    from shared.eventstore import RecordedEvent
    from shared.privacy import Sealer

RequestState = Literal["open", "te_laat", "afgehandeld"]
_FACTS = (SubjectRequestMade, SubjectRequestOverdue, SubjectRequestHandled)
_TYPES = frozenset(CATALOGUE.type_name(t) for t in _FACTS)


class SubjectRequestView(BaseModel):
    """One request: what was asked, by when it is answered, and the answer once given."""

    request_id: uuid.UUID
    kind: SubjectRequestKind
    text: str | None = Field(description="The young person's words, opened.")
    made_on: date
    due_on: date = Field(description="The last day to answer (one month, AVG art. 12(3)).")
    state: RequestState = Field(description="`open`, `te_laat` (the month passed) or answered.")
    outcome: SubjectRequestOutcome | None = None
    note: str | None = None
    handled_on: date | None = None
    in_time: bool | None = None


class SubjectRequests(BaseModel):
    """Every request the young person made, newest first."""

    items: list[SubjectRequestView]


async def subject_requests(sealer: Sealer, recorded: list[RecordedEvent]) -> SubjectRequests:
    """The requests in `recorded`, their texts opened."""
    found: dict[uuid.UUID, SubjectRequestView] = {}
    for record in recorded:
        if record.event_type not in _TYPES:
            continue
        event = await sealer.open(record)
        if isinstance(event, SubjectRequestMade):
            found[event.request_id] = SubjectRequestView(
                request_id=event.request_id, kind=event.kind, text=event.text,
                made_on=event.made_on, due_on=event.due_on, state="open",
            )  # fmt: skip
        elif isinstance(event, SubjectRequestOverdue) and event.request_id in found:
            view = found[event.request_id]
            if view.state == "open":
                found[event.request_id] = view.model_copy(update={"state": "te_laat"})
        elif isinstance(event, SubjectRequestHandled) and event.request_id in found:
            found[event.request_id] = found[event.request_id].model_copy(
                update={"state": "afgehandeld", "outcome": event.outcome, "note": event.note,
                        "handled_on": event.handled_on, "in_time": event.in_time}
            )  # fmt: skip
    newest = sorted(found.values(), key=lambda v: v.made_on)[::-1]  # same day: last made first
    return SubjectRequests(items=newest)
