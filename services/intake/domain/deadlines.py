"""The toekomstplan's deadlines: the due days decisions record, and what a passed one records.

Two things, both pure:

- `stamp`: an enrolment, an agreed plan and a review record the day their next deadline
  falls (`plan_due_on`, `review_due_on`), and nazorg its follow-ups' days, computed from
  the municipality's periods (`PlanPeriods`, from intake's settings) on the day of the
  decision, so the timers (timers.py) schedule from the event alone and a later change of
  the setting does not move a deadline already set. An enrolment while a plan stands awaits no plan.
- `DEADLINE_DECIDERS`: the rules of the commands the timers give when a moment passes
  (`FuturePlanOverdue`, `PlanReviewDue`, `GoalOverdue`). What came in time, a plan replaced,
  a goal reached or dropped, the last programme left, and a passing already recorded leave
  nothing to do (`AlreadyDoneError`: the worker settles the timer without an event); a timer
  firing on the due day or before is refused.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from services.intake.domain.aftercare import follow_ups
from services.intake.domain.ages import add_months
from services.intake.domain.commands import (
    RecordFuturePlanOverdue,
    RecordGoalOverdue,
    RecordPlanReviewDue,
)
from services.intake.domain.events import (
    AftercareStarted,
    FuturePlanAgreed,
    FuturePlanOverdue,
    FuturePlanReviewed,
    GoalOverdue,
    PlanReviewDue,
    ProgrammeEnrolled,
)
from shared.rules import AlreadyDoneError, RuleViolationError

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

    from services.intake.domain.state import Youth
    from shared.events import DomainEvent

__all__ = ["DEADLINE_DECIDERS", "REACHED", "PlanPeriods", "add_months", "stamp"]

# A goal with one of these statuses is no longer awaited.
REACHED = frozenset({"bereikt", "vervallen"})


@dataclass(frozen=True)
class PlanPeriods:
    """A municipality's periods: a plan due `plan_days` after a start; reviews `review_months`."""

    plan_days: int = 42
    review_months: int = 3
    follow_up_months: tuple[int, ...] = (3, 6, 12)  # nazorg's follow-ups after the last exit


def stamp(events: list[DomainEvent], state: Youth, periods: PlanPeriods) -> list[DomainEvent]:
    """`events` with the due days of the deadlines they start."""
    return [_stamped(event, state, periods) for event in events]


def _stamped(event: DomainEvent, state: Youth, periods: PlanPeriods) -> DomainEvent:
    match event:
        case ProgrammeEnrolled() if state.plan_id is None:
            due = event.start_on + timedelta(days=periods.plan_days)
            return event.model_copy(update={"plan_due_on": due})
        case FuturePlanAgreed():
            due = add_months(event.agreed_on, periods.review_months)
            return event.model_copy(update={"review_due_on": due})
        case FuturePlanReviewed():
            due = add_months(event.reviewed_on, periods.review_months)
            return event.model_copy(update={"review_due_on": due})
        case AftercareStarted():
            due_days = follow_ups(event.started_on, periods.follow_up_months)
            return event.model_copy(update={"follow_ups": due_days})
    return event


def _nothing(nl: str, en: str) -> AlreadyDoneError:
    return AlreadyDoneError(nl, en)


def _stopped(state: Youth) -> None:
    if state.exits and not state.active_programmes:
        raise _nothing(
            "De jongere zit in geen programma meer", "The young person left every programme"
        )


def _passed(due: date, today: date, what_nl: str, what_en: str) -> date:
    if today <= due:
        raise RuleViolationError(
            f"De termijn voor {what_nl} ({due}) is nog niet verstreken",
            f"The deadline of {what_en} ({due}) has not passed yet",
        )
    return due


def _plan_overdue(
    state: Youth, command: RecordFuturePlanOverdue, today: date, _age: int | None
) -> list[DomainEvent]:
    programma = command.programma
    due = state.plan_due.get(programma)
    if programma not in state.active_programmes or due is None:
        raise _nothing(
            f"Geen toekomstplan verwacht voor programma {programma}",
            f"No future plan awaited for programme {programma}",
        )
    if state.plan_id is not None or programma in state.plans_overdue:
        raise _nothing(
            "Het toekomstplan is al vastgesteld of als te laat vastgelegd",
            "The future plan was already agreed or recorded as overdue",
        )
    due = _passed(due, today, "het toekomstplan", "the future plan")
    return [FuturePlanOverdue(youth_id=command.youth_id, programma=programma, due_on=due)]


def _current_plan(state: Youth, plan_id: str) -> None:
    _stopped(state)
    if plan_id != state.plan_id:
        raise _nothing(
            f"Toekomstplan {plan_id} is niet meer het huidige plan",
            f"Future plan {plan_id} is no longer the current plan",
        )


def _review_due(
    state: Youth, command: RecordPlanReviewDue, today: date, _age: int | None
) -> list[DomainEvent]:
    _current_plan(state, command.plan_id)
    if state.review_due_on != command.due_on or state.review_overdue_on == command.due_on:
        raise _nothing(
            "Het plan is sindsdien geëvalueerd, of de evaluatie is al als te laat vastgelegd",
            "The plan was reviewed since, or the review was already recorded as overdue",
        )
    due = _passed(command.due_on, today, "de evaluatie", "the review")
    return [PlanReviewDue(youth_id=command.youth_id, plan_id=command.plan_id, due_on=due)]


def _goal_overdue(
    state: Youth, command: RecordGoalOverdue, today: date, _age: int | None
) -> list[DomainEvent]:
    _current_plan(state, command.plan_id)
    due_on = state.goals.get(command.goal_id)
    if due_on is None or state.goal_statuses.get(command.goal_id) in REACHED:
        raise _nothing("Dit doel is bereikt of vervallen", "This goal was reached or dropped")
    if command.goal_id in state.goals_overdue:
        raise _nothing("Dit doel is al als over tijd vastgelegd", "This goal is already overdue")
    due = _passed(due_on, today, "het doel", "the goal")
    return [
        GoalOverdue(
            youth_id=command.youth_id, plan_id=command.plan_id, goal_id=command.goal_id, due_on=due
        )
    ]


# One rule set per command; Any because each takes its own command class.
DEADLINE_DECIDERS: Mapping[
    type[Any], Callable[[Youth, Any, date, int | None], list[DomainEvent]]
] = {
    RecordFuturePlanOverdue: _plan_overdue,
    RecordPlanReviewDue: _review_due,
    RecordGoalOverdue: _goal_overdue,
}
