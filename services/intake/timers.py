"""Intake's durable timers: the toekomstplan's deadlines, as facts when they pass.

The birthdays' timers (turning 18, the age bands) are birthdays.py's, nazorg's follow-ups
aftercare_timers.py's, the young person's requests' subject_request_timers.py's; all are one
`TIMERS`.

- `toekomstplan`: an enrolment that awaits a plan (`plan_due_on`) schedules it for the end of
  that day; the plan agreed cancels it, and so does leaving the programme (every programme's,
  after the last exit or an erasure).
- `evaluatie`: an agreed plan and each review schedule the next review (`review_due_on`),
  one timer per due day; a review in time leaves the earlier one nothing to record.
- `doel`: each goal of an agreed plan is timed for the end of its `due_on`; a review that
  reaches or drops the goal cancels it.

When a moment passes the worker asks intake's own rules (domain/deadlines.py) to record
`FuturePlanOverdue`, `PlanReviewDue` or `GoalOverdue`; they find nothing to do when the fact
came in time, the plan was replaced, or the young person left every programme or was erased.
Events recorded before the due-day fields existed schedule nothing.

A timer once settled is never re-armed (shared/timers): the plan timer is one per programme,
so a second enrolment in a programme whose plan period was already timed is not timed again.
"""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import TYPE_CHECKING, get_args

from services.intake import aftercare_timers, birthdays, subject_request_timers
from services.intake.domain.commands import (
    RecordFuturePlanOverdue,
    RecordGoalOverdue,
    RecordPlanReviewDue,
)
from services.intake.domain.deadlines import REACHED
from services.intake.domain.events import (
    FuturePlanAgreed,
    FuturePlanReviewed,
    PersonalDataErased,
    ProgrammeEnrolled,
    ProgrammeExited,
)
from services.intake.domain.vocabulary import Programma
from shared.clock import start_of
from shared.timers import Cancel, Schedule, TimerRules

if TYPE_CHECKING:
    from collections.abc import Sequence
    from datetime import date

    from pydantic import BaseModel

    from shared.events import DomainEvent
    from shared.timers import DueTimer, TimerChange

__all__ = ["GOAL", "PLAN", "REVIEW", "TIMERS", "goal_timer", "plan_timer", "review_timer"]

PLAN = "toekomstplan"
REVIEW = "evaluatie"
GOAL = "doel"
PROGRAMMES: tuple[str, ...] = get_args(Programma)
_NAMESPACE = uuid.UUID("d2f07a5c-61b8-4e93-a4c0-7b5e19f3d826")


def plan_timer(youth_id: uuid.UUID, programma: str) -> uuid.UUID:
    """The toekomstplan timer of a young person's programme."""
    return uuid.uuid5(_NAMESPACE, f"intake/{PLAN}/{youth_id}/{programma}")


def review_timer(youth_id: uuid.UUID, plan_id: str, due_on: date) -> uuid.UUID:
    """The review timer of a plan for one due day."""
    return uuid.uuid5(_NAMESPACE, f"intake/{REVIEW}/{youth_id}/{plan_id}/{due_on.isoformat()}")


def goal_timer(youth_id: uuid.UUID, plan_id: str, goal_id: str) -> uuid.UUID:
    """The timer of one goal of a plan."""
    return uuid.uuid5(_NAMESPACE, f"intake/{GOAL}/{youth_id}/{plan_id}/{goal_id}")


def _review(youth_id: uuid.UUID, plan_id: str, due_on: date) -> Schedule:
    return Schedule(
        review_timer(youth_id, plan_id, due_on),
        REVIEW,
        start_of(due_on + timedelta(days=1)),
        {"plan_id": plan_id, "due_on": due_on.isoformat()},
    )


def _agreed(event: FuturePlanAgreed) -> list[TimerChange]:
    youth = event.youth_id
    changes: list[TimerChange] = [Cancel(plan_timer(youth, p)) for p in PROGRAMMES]
    if event.review_due_on is not None:
        changes.append(_review(youth, event.plan_id, event.review_due_on))
    changes.extend(
        Schedule(
            goal_timer(youth, event.plan_id, goal.goal_id),
            GOAL,
            start_of(goal.due_on + timedelta(days=1)),
            {"plan_id": event.plan_id, "goal_id": goal.goal_id},
        )
        for goal in event.goals
    )
    return changes


def _reviewed(event: FuturePlanReviewed) -> list[TimerChange]:
    youth = event.youth_id
    changes: list[TimerChange] = [
        Cancel(goal_timer(youth, event.plan_id, goal_id))
        for goal_id, status in event.statuses.items()
        if status in REACHED
    ]
    if event.review_due_on is not None:
        changes.append(_review(youth, event.plan_id, event.review_due_on))
    return changes


def _plan_changes(event: DomainEvent) -> Sequence[TimerChange]:
    """What each intake event does to the toekomstplan's timers."""
    match event:
        case ProgrammeEnrolled(plan_due_on=due) if due is not None:
            return [
                Schedule(
                    plan_timer(event.youth_id, event.programma),
                    PLAN,
                    start_of(due + timedelta(days=1)),
                    {"programma": event.programma},
                )
            ]
        case FuturePlanAgreed():
            return _agreed(event)
        case FuturePlanReviewed():
            return _reviewed(event)
        case ProgrammeExited():
            left = PROGRAMMES if not event.still_enrolled_in else (event.programma,)
            return [Cancel(plan_timer(event.youth_id, p)) for p in left]
        case PersonalDataErased():
            return [Cancel(plan_timer(event.youth_id, p)) for p in PROGRAMMES]
    return []


def schedules(event: DomainEvent) -> Sequence[TimerChange]:
    """The toekomstplan's timers, the birthdays' (birthdays.py), nazorg's and the requests'."""
    return [
        *_plan_changes(event),
        *birthdays.schedules(event),
        *aftercare_timers.schedules(event),
        *subject_request_timers.schedules(event),
    ]


def fires(timer: DueTimer) -> BaseModel:
    """A deadline passed: ask the rules to record it."""
    if timer.kind in birthdays.KINDS:
        return birthdays.fires(timer)
    if timer.kind in aftercare_timers.KINDS:
        return aftercare_timers.fires(timer)
    if timer.kind in subject_request_timers.KINDS:
        return subject_request_timers.fires(timer)
    youth_id = uuid.UUID(timer.subject)
    payload = timer.payload
    if timer.kind == PLAN:
        return RecordFuturePlanOverdue(youth_id=youth_id, programma=payload["programma"])
    if timer.kind == REVIEW:
        return RecordPlanReviewDue(
            youth_id=youth_id, plan_id=payload["plan_id"], due_on=payload["due_on"]
        )
    return RecordGoalOverdue(
        youth_id=youth_id, plan_id=payload["plan_id"], goal_id=payload["goal_id"]
    )


TIMERS = TimerRules(schedules=schedules, fires=fires)
