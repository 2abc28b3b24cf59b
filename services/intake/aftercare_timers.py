"""Nazorg's timers: each follow-up falls due at the end of its day, unless recorded first.

`AftercareStarted` schedules one timer per follow-up (`nazorg`), firing at the start of the
day after its `due_on`; the worker then asks the rules (domain/aftercare.py) to record
`FollowUpMissed`. The follow-up recorded cancels its timer, and nazorg ended by hand or by a
new enrolment cancels those still to come. A timer is of one nazorg (its start day is in the
id), so a later nazorg, after a new enrolment and exit, is timed anew; an erasure leaves the
firing nothing to record.
"""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from typing import TYPE_CHECKING

from services.intake.domain.commands import RecordFollowUpMissed
from services.intake.domain.events import AftercareEnded, AftercareStarted, FollowUpRecorded
from shared.clock import start_of
from shared.timers import Cancel, Schedule

if TYPE_CHECKING:
    from collections.abc import Sequence

    from pydantic import BaseModel

    from shared.events import DomainEvent
    from shared.timers import DueTimer, TimerChange

__all__ = ["FOLLOW_UP", "KINDS", "fires", "follow_up_timer", "schedules"]

FOLLOW_UP = "nazorg"
KINDS = frozenset({FOLLOW_UP})
_NAMESPACE = uuid.UUID("8e41b6d2-0c7a-4f95-93e8-5d2a7c1f0b64")


def follow_up_timer(youth_id: uuid.UUID, started_on: date, month: int) -> uuid.UUID:
    """The timer of one follow-up of the nazorg that started on `started_on`."""
    return uuid.uuid5(_NAMESPACE, f"intake/{FOLLOW_UP}/{youth_id}/{started_on}/{month}")


def schedules(event: DomainEvent) -> Sequence[TimerChange]:
    """What each intake event does to nazorg's timers."""
    match event:
        case AftercareStarted():
            return [
                Schedule(
                    follow_up_timer(event.youth_id, event.started_on, f.month),
                    FOLLOW_UP,
                    start_of(f.due_on + timedelta(days=1)),
                    {"started_on": event.started_on.isoformat(), "month": str(f.month)},
                )
                for f in event.follow_ups
            ]
        case AftercareEnded():
            return [
                Cancel(follow_up_timer(event.youth_id, event.started_on, month))
                for month in event.cancelled
            ]
        case FollowUpRecorded():
            started_on = event.aftercare_started_on
            return [Cancel(follow_up_timer(event.youth_id, started_on, event.month))]
    return []


def fires(timer: DueTimer) -> BaseModel:
    """A follow-up's day passed: ask the rules to record it missed."""
    return RecordFollowUpMissed(
        youth_id=uuid.UUID(timer.subject),
        started_on=date.fromisoformat(timer.payload["started_on"]),
        month=int(timer.payload["month"]),
    )
