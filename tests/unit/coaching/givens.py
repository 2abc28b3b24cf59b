"""The coaching rule tests' examples: a valid command and event of each kind, and the stages.

The language (given / when / refusal on the fixed day) is the shared one,
tests/support/scenario.py.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from services.coaching.domain.commands import (
    AchieveGoal,
    AssignCoach,
    Command,
    CompleteEducation,
    CompleteTalentScan,
    DropEducation,
    DropGoal,
    EndCoaching,
    EndWork,
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
from services.coaching.domain.model import Coaching, decide, evolve
from tests.support.over_http import OverHttp
from tests.support.scenario import START, TODAY, TOMORROW, YOUTH, Scenario

if TYPE_CHECKING:
    from services.coaching.domain.vocabulary import Phase
    from shared.events import DomainEvent

__all__ = ["START", "TODAY", "TOMORROW", "YOUTH"]  # re-exported: the tests import them here

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
    EndWork: {"reason": "contract_afgelopen", "ended_on": TODAY},
    CompleteEducation: {"diploma": True, "graduated_on": TODAY},
    DropEducation: {"reason": "werk_gevonden", "left_on": TODAY},
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


SCENARIO = Scenario(
    initial=Coaching(),
    evolve=evolve,
    decide=decide,
    commands=COMMAND_DEFAULTS,
    events=EVENT_DEFAULTS,
)
# The shared tests' story (tests/unit/service_layer/services.py): commands valid one after
# the other on a young person with no history here, the last recording personal data.
STORY = (AssignCoach, SetGoal)
# The domain over HTTP, for the cross-domain tests (tests/support/over_http.py): the worker's
# first command and its read, the listing a regisseur is refused, the roles the fuzzing sends.
OVER_HTTP = OverHttp(
    role="coach",
    path="/coaches",
    body=lambda day: {"kind": "rodeloper_coach", "coach_id": "coach-1", "from_on": day},
    read="/coaching",
    listing="/coaches/me/caseload",
    listing_activity="coaching.caseload",
    fuzz_roles=("coach", "klantmanager", "regisseur", "auditor"),
)
command, event, given, when, refusal = (
    SCENARIO.command, SCENARIO.event, SCENARIO.given, SCENARIO.when, SCENARIO.refusal,
)  # fmt: skip


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


def working() -> list[DomainEvent]:
    """Coached, with work started on START."""
    return [*coached(), event(WorkStarted)]


def studying() -> list[DomainEvent]:
    """Coached, with an education started on START."""
    return [*coached(), event(EducationStarted)]


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
