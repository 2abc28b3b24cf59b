"""The young person's requests' deadline: unanswered after a month, it is recorded as overdue.

`SubjectRequestMade` schedules one timer per request (`verzoek`), firing at the start of the
day after its `due_on` (AVG art. 12(3): one month from receipt); the worker then asks the
rules (domain/subject_requests.py) to record `SubjectRequestOverdue`. The answer
(`SubjectRequestHandled`) cancels it; after an erasure the firing finds nothing to record.
"""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import TYPE_CHECKING

from services.intake.domain.commands import RecordSubjectRequestOverdue
from services.intake.domain.events import SubjectRequestHandled, SubjectRequestMade
from shared.clock import start_of
from shared.timers import Cancel, Schedule

if TYPE_CHECKING:
    from collections.abc import Sequence

    from pydantic import BaseModel

    from shared.events import DomainEvent
    from shared.timers import DueTimer, TimerChange

__all__ = ["KINDS", "SUBJECT_REQUEST", "fires", "request_timer", "schedules"]

SUBJECT_REQUEST = "verzoek"
KINDS = frozenset({SUBJECT_REQUEST})
_NAMESPACE = uuid.UUID("5c3a9e1f-7b2d-4c68-a0e4-91d6f2b83c57")


def request_timer(youth_id: uuid.UUID, request_id: uuid.UUID) -> uuid.UUID:
    """The deadline timer of one request."""
    return uuid.uuid5(_NAMESPACE, f"intake/{SUBJECT_REQUEST}/{youth_id}/{request_id}")


def schedules(event: DomainEvent) -> Sequence[TimerChange]:
    """A request starts its month; its answer stops it."""
    match event:
        case SubjectRequestMade():
            return [
                Schedule(
                    request_timer(event.youth_id, event.request_id),
                    SUBJECT_REQUEST,
                    start_of(event.due_on + timedelta(days=1)),
                    {"request_id": str(event.request_id)},
                )
            ]
        case SubjectRequestHandled():
            return [Cancel(request_timer(event.youth_id, event.request_id))]
    return []


def fires(timer: DueTimer) -> BaseModel:
    """The month passed: ask the rules to record the request overdue."""
    return RecordSubjectRequestOverdue(
        youth_id=uuid.UUID(timer.subject), request_id=uuid.UUID(timer.payload["request_id"])
    )
