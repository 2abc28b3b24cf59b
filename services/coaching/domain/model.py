"""The young person's coaching as the coaching service knows it: state folded from events.

Pure and synchronous: time arrives as an argument, nothing here does I/O. The state (`Coaching`)
lives in `state.py` and the rules (`decide`, the errors, `next_phase`) in `rules.py`; both are
exported from here: this is the module to import. The state holds no free text and no kind of
care (those are sealed in the events), only codes, ids, pseudonyms, dates and counts; it is kept
in memory only.

A period of coaching opens with the first `CoachAssigned` while none is open, or with a
`CoachingPhaseStarted` (Rode loper's scout, before any coach) while none is open, and ends with
`CoachingEnded`, which ends every coach's assignment. A new period starts afresh: no coach but
the one assigned, no Rode loper phase, the end fields cleared. What the young person did and
set stays: goals (and their ids), conversations, the latest start of work, education or
dagbesteding, the latest referral to care and the relapses are counted over all periods.

Rode loper's phases (scout, scan, match, borg) run in order; a relapse may send the young
person back to an earlier one. Entering a phase undoes what that phase and those after it
achieved: entering scout or scan clears the completed scan and the match, entering match
clears the match, so the way forward has to be walked again.

Status, derived from the facts (never stored):

- `actief`: coaching is open; `awaiting_coach` when Rode loper runs without its coach.
- `afgesloten`: coaching ended and no new period started.
- `onbekend`: nothing is known.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from services.coaching.domain.events import (
    PRIVACY_EVENTS,
    CareReferred,
    CoachAssigned,
    CoachingEnded,
    CoachingPhaseStarted,
    DaytimeActivityStarted,
    EducationCompleted,
    EducationDropped,
    EducationStarted,
    FutureConversationHeld,
    GoalAchieved,
    GoalDropped,
    GoalSet,
    MatchMade,
    RelapseSignalled,
    TalentScanCompleted,
    WorkEnded,
    WorkStarted,
)
from services.coaching.domain.rules import (
    GoalNotFoundError,
    NotCoachedError,
    decide,
    next_phase,
)
from services.coaching.domain.state import Coaching, GoalStatus, Status
from services.coaching.domain.vocabulary import PHASES
from shared.rules import AlreadyDoneError, RuleViolationError

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping
    from datetime import date

    from shared.events import DomainEvent

__all__ = [
    "EVOLVERS",
    "AlreadyDoneError",
    "Coaching",
    "GoalNotFoundError",
    "GoalStatus",
    "NotCoachedError",
    "RuleViolationError",
    "Status",
    "decide",
    "evolve",
    "next_phase",
]


def _latest(known: date | None, new: date) -> date:
    return new if known is None else max(known, new)


def _assigned(state: Coaching, event: CoachAssigned) -> Coaching:
    assignment = (event.kind, event.coach_id, event.from_on)
    if not state.active:
        return replace(_new_period(state, event.from_on), coaches=(assignment,))
    if state.coach_of(event.kind) is None:
        return replace(state, coaches=(*state.coaches, assignment))
    # One per kind: the new coach takes the place of the one it replaces.
    coaches = tuple(assignment if coach[0] == event.kind else coach for coach in state.coaches)
    return replace(state, coaches=coaches)


def _new_period(state: Coaching, started_on: date) -> Coaching:
    """A period opens: phases and coaches start afresh; the history (goals, counts) stays."""
    return replace(
        state,
        active=True,
        coaches=(),
        phase=None,
        phase_since=None,
        last_phase=None,
        scan_completed=False,
        match_made=False,
        started_on=started_on,
        ended_on=None,
        end_reason=None,
        destination=None,
    )


def _phase_started(state: Coaching, event: CoachingPhaseStarted) -> Coaching:
    if not state.active:
        # Rode loper's scout phase opens a period before any coach is there.
        state = _new_period(state, event.started_on)
    # Entering a phase undoes what it and the phases after it achieved.
    entered = PHASES.index(event.phase)
    return replace(
        state,
        phase=event.phase,
        phase_since=event.started_on,
        last_phase=event.phase,
        scan_completed=state.scan_completed and entered > PHASES.index("scan"),
        match_made=state.match_made and entered > PHASES.index("match"),
    )


def _scan_completed(state: Coaching, _event: TalentScanCompleted) -> Coaching:
    return replace(state, scan_completed=True)


def _conversation_held(state: Coaching, event: FutureConversationHeld) -> Coaching:
    return replace(state, perspective=event.perspective, conversations=state.conversations + 1)


def _goal_set(state: Coaching, event: GoalSet) -> Coaching:
    goal: tuple[str, str, GoalStatus, date] = (
        event.goal_id,
        event.leefgebied,
        "open",
        event.set_on,
    )
    return replace(state, goals=(*state.goals, goal))


def _closed(state: Coaching, goal_id: str, status: GoalStatus) -> Coaching:
    """`goal_id` closed with `status`; a goal that is not open stays as it is."""
    goals = tuple(
        (known, leefgebied, status if known == goal_id and was == "open" else was, set_on)
        for known, leefgebied, was, set_on in state.goals
    )
    return replace(state, goals=goals)


def _goal_achieved(state: Coaching, event: GoalAchieved) -> Coaching:
    return _closed(state, event.goal_id, "behaald")


def _goal_dropped(state: Coaching, event: GoalDropped) -> Coaching:
    return _closed(state, event.goal_id, "vervallen")


def _match_made(state: Coaching, _event: MatchMade) -> Coaching:
    return replace(state, match_made=True)


def _education_started(state: Coaching, event: EducationStarted) -> Coaching:
    return replace(
        state,
        education_started_on=_latest(state.education_started_on, event.started_on),
        education_level=event.level,
    )


def _work_started(state: Coaching, event: WorkStarted) -> Coaching:
    return replace(
        state,
        work_started_on=_latest(state.work_started_on, event.started_on),
        work_kind=event.kind,
    )


def _work_ended(state: Coaching, event: WorkEnded) -> Coaching:
    return replace(state, work_kind=None, work_ended_on=event.ended_on)


def _education_completed(state: Coaching, event: EducationCompleted) -> Coaching:
    return replace(
        state,
        education_level=None,
        education_ended_on=event.graduated_on,
        education_end="afgerond",
    )


def _education_dropped(state: Coaching, event: EducationDropped) -> Coaching:
    return replace(
        state, education_level=None, education_ended_on=event.left_on, education_end="verlaten"
    )


def _daytime_activity_started(state: Coaching, event: DaytimeActivityStarted) -> Coaching:
    latest = _latest(state.daytime_activity_started_on, event.started_on)
    return replace(state, daytime_activity_started_on=latest)


def _care_referred(state: Coaching, event: CareReferred) -> Coaching:
    # The kind of care stays in the (sealed) event: the state keeps only the day.
    return replace(state, care_referred_on=_latest(state.care_referred_on, event.referred_on))


def _relapse_signalled(state: Coaching, _event: RelapseSignalled) -> Coaching:
    # A return to an earlier phase follows as its own CoachingPhaseStarted.
    return replace(state, relapses=state.relapses + 1)


def _ended(state: Coaching, event: CoachingEnded) -> Coaching:
    # Every assignment ends with it; open goals were dropped by their own events before.
    return replace(
        state,
        active=False,
        coaches=(),
        last_phase=state.phase,
        phase=None,
        phase_since=None,
        ended_on=event.ended_on,
        end_reason=event.reason,
        destination=event.destination,
    )


# Any: each folds its own event class.
def _privacy(state: Coaching, event: DomainEvent) -> Coaching:
    return replace(state, privacy=state.privacy.evolve(event))


EVOLVERS: Mapping[type[DomainEvent], Callable[[Coaching, Any], Coaching]] = {
    CoachAssigned: _assigned,
    CoachingPhaseStarted: _phase_started,
    TalentScanCompleted: _scan_completed,
    FutureConversationHeld: _conversation_held,
    GoalSet: _goal_set,
    GoalAchieved: _goal_achieved,
    GoalDropped: _goal_dropped,
    MatchMade: _match_made,
    EducationStarted: _education_started,
    WorkStarted: _work_started,
    WorkEnded: _work_ended,
    EducationCompleted: _education_completed,
    EducationDropped: _education_dropped,
    DaytimeActivityStarted: _daytime_activity_started,
    CareReferred: _care_referred,
    RelapseSignalled: _relapse_signalled,
    CoachingEnded: _ended,
    **dict.fromkeys(PRIVACY_EVENTS, _privacy),
}


def evolve(state: Coaching, event: DomainEvent) -> Coaching:
    """Fold one event into the state.

    An event coaching does not know leaves the state as it is, and so does the achievement or
    drop of a goal that is not open.
    """
    evolver = EVOLVERS.get(type(event))
    if evolver is None:
        return state
    return evolver(state, event)
