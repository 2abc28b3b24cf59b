"""Given events, when a command, then events: the small language the coaching rule tests speak."""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from functools import reduce
from typing import TYPE_CHECKING, Any, TypeVar

import pytest

from services.coaching.domain.commands import (
    AchieveGoal,
    AssignCoach,
    Command,
    CompleteTalentScan,
    DropGoal,
    EndCoaching,
    HoldFutureConversation,
    MakeMatch,
    ReferToCare,
    SetGoal,
    SignalRelapse,
    StartDaytimeActivity,
    StartEducation,
    StartPhase,
    StartWork,
)
from services.coaching.domain.events import (
    CareReferred,
    CoachAssigned,
    CoachingEnded,
    CoachingPhaseStarted,
    DaytimeActivityStarted,
    EducationStarted,
    FutureConversationHeld,
    GoalAchieved,
    GoalDropped,
    GoalSet,
    MatchMade,
    RelapseSignalled,
    TalentScanCompleted,
    WorkStarted,
)
from services.coaching.domain.model import Coaching, RuleViolationError, decide, evolve

if TYPE_CHECKING:
    from services.coaching.domain.vocabulary import Phase
    from shared.events import DomainEvent

C = TypeVar("C", bound=Command)
E = TypeVar("E", bound="DomainEvent")

TODAY = date(2026, 11, 22)  # a Sunday
TOMORROW = TODAY + timedelta(days=1)
START = date(2026, 10, 1)  # when the givens below happened
YOUTH = uuid.UUID("00000000-0000-4000-8000-000000000001")
COACH = "coach-rl-1"  # the Rode loper coach of the givens
OTHER_COACH = "coach-rl-2"
KLANTMANAGER = "km-7"
GOAL = "doel-1"
NOTES = "Sterk in techniek; wil graag buiten werken"
GOAL_TEXT = "Ik wil een eigen kamer"

# A valid command of each kind, dated today; tests override what they are about.
COMMAND_DEFAULTS: dict[type[Command], dict[str, Any]] = {
    AssignCoach: {"coach_id": COACH, "kind": "rodeloper_coach", "from_on": TODAY},
    StartPhase: {"phase": "scout", "started_on": TODAY},
    CompleteTalentScan: {
        "strengths": ["technisch", "doorzettingsvermogen"],
        "obstacles": {"onderwijs": "geen_startkwalificatie", "financien": "schulden"},
        "completed_on": TODAY,
        "notes": NOTES,
    },
    HoldFutureConversation: {
        "participants": ["jongere", "werkbedrijf"],
        "perspective": "werk",
        "held_on": TODAY,
    },
    SetGoal: {"goal_id": GOAL, "leefgebied": "wonen", "text": GOAL_TEXT, "set_on": TODAY},
    AchieveGoal: {"goal_id": GOAL, "achieved_on": TODAY},
    DropGoal: {"goal_id": GOAL, "reason": "niet_haalbaar", "dropped_on": TODAY},
    MakeMatch: {
        "kind": "leerwerkplek",
        "partner_type": "werkgever",
        "start_on": TODAY,
        "made_on": TODAY,
    },
    StartEducation: {"level": "mbo2", "started_on": TODAY},
    StartWork: {"kind": "leerwerkbaan", "contract": "tijdelijk", "started_on": TODAY},
    StartDaytimeActivity: {"started_on": TODAY},
    ReferToCare: {"care_kind": "ggz", "referred_on": TODAY},
    SignalRelapse: {"leefgebied": "verslaving", "signalled_on": TODAY},
    EndCoaching: {"reason": "doel_bereikt", "destination": "werk", "ended_on": TODAY},
}

EVENT_DEFAULTS: dict[type[DomainEvent], dict[str, Any]] = {
    CoachAssigned: {"coach_id": COACH, "kind": "rodeloper_coach", "from_on": START},
    CoachingPhaseStarted: {"phase": "scout", "started_on": START},
    TalentScanCompleted: {
        "strengths": ["technisch"],
        "obstacles": {"onderwijs": "geen_startkwalificatie"},
        "completed_on": START,
    },
    FutureConversationHeld: {
        "participants": ["jongere"],
        "perspective": "opleiding",
        "held_on": START,
    },
    GoalSet: {"goal_id": GOAL, "leefgebied": "wonen", "set_on": START, "text": GOAL_TEXT},
    GoalAchieved: {"goal_id": GOAL, "achieved_on": START},
    GoalDropped: {"goal_id": GOAL, "reason": "niet_meer_passend", "dropped_on": START},
    MatchMade: {
        "kind": "stage",
        "partner_type": "werkgever",
        "start_on": START,
        "made_on": START,
    },
    EducationStarted: {"level": "mbo1", "started_on": START},
    WorkStarted: {"kind": "betaald_deeltijd", "contract": "uitzend", "started_on": START},
    DaytimeActivityStarted: {"started_on": START},
    CareReferred: {"care_kind": "verslavingszorg", "referred_on": START},
    RelapseSignalled: {"leefgebied": "verslaving", "signalled_on": START, "phase": None},
    CoachingEnded: {"reason": "uitgevallen", "destination": "geen", "ended_on": START},
}


def command(cls: type[C], **overrides: Any) -> C:
    """A valid `cls` command for the young person, with `overrides` applied."""
    return cls(youth_id=YOUTH, **(COMMAND_DEFAULTS[cls] | overrides))


def event(cls: type[E], **overrides: Any) -> E:
    """A `cls` event of the young person, with `overrides` applied."""
    return cls(**({"youth_id": YOUTH} | EVENT_DEFAULTS[cls] | overrides))


def given(*events: DomainEvent) -> Coaching:
    """The state these events fold into."""
    return reduce(evolve, events, Coaching())


def when(state: Coaching, cmd: Command) -> list[DomainEvent]:
    """The events `cmd` yields today."""
    return decide(state, cmd, TODAY)


def refusal(state: Coaching, cmd: Command) -> RuleViolationError:
    """The error `cmd` is refused with; fails the test if it is accepted."""
    with pytest.raises(RuleViolationError) as refused:
        when(state, cmd)
    return refused.value


def entered(phase: Phase, previous: Phase | None) -> CoachingPhaseStarted:
    """The phase `phase` entered forward on START, after `previous`."""
    return event(CoachingPhaseStarted, phase=phase, previous_phase=previous)


# --- the stages of a young person's coaching, each building on the one before ---------------
# Every given happens on START: the commands under test, dated today, follow them.


def coached() -> list[DomainEvent]:
    """A Rode loper coach (COACH) assigned on START: coaching is open, no phase yet."""
    return [event(CoachAssigned)]


def scouting() -> list[DomainEvent]:
    """Coached, in the scout phase since START."""
    return [*coached(), entered("scout", None)]


def scanning() -> list[DomainEvent]:
    """Scouted, in the scan phase since START; the scan is not completed yet."""
    return [*scouting(), entered("scan", "scout")]


def scanned() -> list[DomainEvent]:
    """In the scan phase with the scan completed: ready for the match phase."""
    return [*scanning(), event(TalentScanCompleted)]


def matching() -> list[DomainEvent]:
    """In the match phase since START; no match yet."""
    return [*scanned(), entered("match", "scan")]


def matched() -> list[DomainEvent]:
    """In the match phase with a match made: ready for the borg phase."""
    return [*matching(), event(MatchMade)]


def borging() -> list[DomainEvent]:
    """In the borg phase since START, the last one."""
    return [*matched(), entered("borg", "match")]


def with_goal() -> list[DomainEvent]:
    """Coached, with the goal GOAL set on START and still open."""
    return [*coached(), event(GoalSet)]


def ended() -> list[DomainEvent]:
    """Coaching opened and ended on START: no coach, no phase, the goal dropped with it."""
    return [
        *with_goal(),
        event(GoalDropped, reason="begeleiding_afgesloten"),
        event(CoachingEnded),
    ]
