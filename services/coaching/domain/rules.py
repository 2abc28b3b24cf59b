"""The rules of coaching: a command against the state either yields events or is refused.

Pure and synchronous: today arrives as an argument; nothing here does I/O. Refusals carry a
Dutch message (for the user; `str(error)`) and an English one (for the logs and the API's `en`
text), plus the input field at fault when there is one. Free text (scan notes, goal texts) is
personal data and the kind of care is special-category data (AVG art. 9): no message repeats
them, nor a goal's id or a coach's pseudonym. Import these names from
`services.coaching.domain.model`.

Choices the rules make:

- Coaching is a period: it opens with the first `CoachAssigned` while none is open, or with
  the scout phase `OpenRodeLoper` starts while none is open, and ends with `CoachingEnded`,
  which ends every coach's assignment. A new period after the end starts afresh: its Rode
  loper phases and coaches; goals, counts and the latest outcomes stay in the history, and a
  goal id is never used twice for a young person.
- One active coach per kind: assigning a coach of a kind that has one replaces it, and the
  event names the coach it replaces (`previous_coach_id`). The same coach again is already
  done.
- Every other command needs open coaching: without it there is nothing to record it in
  (`NotCoachedError`, 404).
- Rode loper's phases belong to Rode loper coaching (an active `rodeloper_coach`) and run in
  order, one step at a time: scout, scan, match, borg. The one exception is its start:
  `OpenRodeLoper` (what an enrolment in Rode loper asks for) starts the scout phase with or
  without a coach, opening a period when none is open; without a Rode loper coach the young
  person is awaiting one, and the scan phase and those after it wait for the coach. The match
  phase needs the scan completed in the scan phase it follows, the borg phase a match made in
  the match phase it follows. The only way back is a relapse: `SignalRelapse` with
  `returns_to` yields `RelapseSignalled` and then the earlier phase (`after_relapse`), so
  every step back is explained; the phase entered that way, and those after it, must be done
  again (a new scan, a new match).
- The scan is completed once per scan phase, the match made once per match phase; a goal is
  achieved or dropped once, and only while open. Ending coaching drops every open goal
  (`begeleiding_afgesloten`) on the day it ends, in the order they were set, before
  `CoachingEnded`: after the end no goal is open.
- Dates of facts lie today or earlier; the start of a match and a goal's due day plan ahead
  and may lie after today. Facts keep their order: nothing recorded in a period lies before
  its start (the first assignment); a coach replaces another on or after that one's
  assignment, and a new period starts on or after the last one ended; a phase starts, the scan
  is completed, the match made and a relapse signalled on or after the current phase began;
  the match starts on or after it was made, a goal is due on or after it was set and achieved
  or dropped on or after it was set; coaching ends on or after the current phase began, the
  latest coach was assigned and every open goal was set (so the goals it drops are dropped
  after they were set).
- What started ends once: work ends (`WorkEnded`), an education is completed or dropped
  (`EducationCompleted`, `EducationDropped`) only while it goes on, not before it started,
  and in open coaching like every outcome; the event names the kind or level that ended.
- What is missing (open coaching, a goal) is a `NotFoundError` (404); what repeats what holds
  is `AlreadyDoneError` (409); the rest is a `RuleViolationError` (422).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from services.coaching.domain.commands import (
    AchieveGoal,
    AssignCoach,
    CompleteEducation,
    CompleteTalentScan,
    DropEducation,
    DropGoal,
    EndCoaching,
    EndWork,
    HoldFutureConversation,
    MakeMatch,
    OpenRodeLoper,
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
    EducationCompleted,
    EducationDropped,
    EducationStarted,
    ErasureConfirmed,
    FutureConversationHeld,
    GoalAchieved,
    GoalDropped,
    GoalSet,
    MatchMade,
    RelapseSignalled,
    TalentScanCompleted,
    TimelineSharingResumed,
    TimelineSharingStopped,
    WorkEnded,
    WorkStarted,
)
from services.coaching.domain.vocabulary import PHASES
from shared.rules import AlreadyDoneError, FactDates, NotFoundError, RuleViolationError
from shared.subject_rights import PrivacyCommand, PrivacyEvents, decide_privacy

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping
    from datetime import date

    from services.coaching.domain.commands import Command
    from services.coaching.domain.state import Coaching
    from services.coaching.domain.vocabulary import CoachKind, Phase
    from shared.events import DomainEvent

    # One rule set per command; Any because each takes its own command class.
    Decider = Callable[[Coaching, Any, date], list[DomainEvent]]

# What this domain records when intake erases or a consent changes (shared/subject_rights.py).
PRIVACY = PrivacyEvents(
    "coaching", "werk", ErasureConfirmed, TimelineSharingStopped, TimelineSharingResumed
)

__all__ = [
    "DECIDERS",
    "FACT_DATES",
    "PLANNED_DATES",
    "AlreadyDoneError",
    "GoalNotFoundError",
    "NotCoachedError",
    "RuleViolationError",
    "decide",
    "next_phase",
]


class NotCoachedError(NotFoundError):
    """The command needs open coaching and there is none (HTTP 404)."""

    default_nl = "Er is geen lopende begeleiding"
    default_en = "No open coaching"


class GoalNotFoundError(NotFoundError):
    """The command is about a goal that was never set for this young person (HTTP 404)."""

    default_nl = "Dit doel is niet gesteld"
    default_en = "No such goal was set"


def next_phase(phase: Phase | None) -> Phase | None:
    """The Rode loper phase that follows `phase`: scout first, none after borg."""
    if phase is None:
        return PHASES[0]
    following = PHASES.index(phase) + 1
    return PHASES[following] if following < len(PHASES) else None


# Dates of the commands: field name -> (Dutch, English) label. They record facts, which cannot
# lie after today, except where PLANNED_DATES says a command plans with them.
FACT_DATES: Mapping[str, tuple[str, str]] = {
    "from_on": ("Datum van toewijzing", "Assignment date"),
    "started_on": ("Begindatum", "Start date"),
    "completed_on": ("Datum van de scan", "Scan date"),
    "held_on": ("Datum van het gesprek", "Conversation date"),
    "set_on": ("Datum van het doel", "Goal date"),
    "due_on": ("Streefdatum", "Due date"),
    "achieved_on": ("Datum van behalen", "Achievement date"),
    "dropped_on": ("Datum van vervallen", "Drop date"),
    "made_on": ("Datum van de match", "Match date"),
    "start_on": ("Startdatum van de match", "Start date of the match"),
    "referred_on": ("Datum van verwijzing", "Referral date"),
    "signalled_on": ("Datum van het signaal", "Signal date"),
    "ended_on": ("Einddatum", "End date"),
    "graduated_on": ("Datum van afronding", "Completion date"),
    "left_on": ("Datum van uitval", "Drop-out date"),
}

# Dates that plan rather than record, per command: they may lie ahead.
PLANNED_DATES: Mapping[type[Command], frozenset[str]] = {
    MakeMatch: frozenset({"start_on"}),
    SetGoal: frozenset({"due_on"}),
}

_DATES = FactDates(FACT_DATES, PLANNED_DATES)
_no_future_facts = _DATES.refuse_future
_not_before = _DATES.not_before

# How messages name a kind of coach: (Dutch, English).
COACH_KINDS: Mapping[CoachKind, tuple[str, str]] = {
    "rodeloper_coach": ("Rode loper-coach", "Rode loper coach"),
    "klantmanager": ("klantmanager", "client manager"),
    "trajectbegeleider": ("trajectbegeleider", "trajectory coach"),
}

# How messages name a closed goal's status: Dutch (as stored) -> English.
CLOSED_GOALS: Mapping[str, str] = {"behaald": "achieved", "vervallen": "dropped"}

START_NL, START_EN = "het begin van de begeleiding", "the start of the coaching"
PHASE_NL, PHASE_EN = "het begin van de huidige fase", "the start of the current phase"
WORK_NL, WORK_EN = "het begin van het werk", "the start of the work"
EDUCATION_NL, EDUCATION_EN = "het begin van de opleiding", "the start of the education"


def _coached(state: Coaching) -> None:
    if not state.active:
        raise NotCoachedError


def _in_period(state: Coaching, value: date, field: str) -> None:
    """Refuse a fact of the open period dated before the period started."""
    _coached(state)
    _not_before(value, state.started_on, field, START_NL, START_EN)


def _in_phase(state: Coaching, phase: Phase, nl: str, en: str) -> None:
    if state.phase != phase:
        raise RuleViolationError(
            f"{nl} hoort bij de {phase}fase; de jongere zit daar niet in",
            f"{en} belongs to the {phase} phase; the young person is not in it",
        )


def _open_goal(state: Coaching, goal_id: str) -> date:
    """The day the open goal `goal_id` was set; refused when it is unknown or closed."""
    for known_id, _, status, set_on in state.goals:
        if known_id != goal_id:
            continue
        if status != "open":
            raise AlreadyDoneError(
                f"Dit doel is al {status}",
                f"This goal was already {CLOSED_GOALS[status]}",
                "goal_id",
            )
        return set_on
    raise GoalNotFoundError(field="goal_id")


def _assign(state: Coaching, command: AssignCoach, _today: date) -> list[DomainEvent]:
    # Not active: this opens a new period; active: it adds or replaces the coach of a kind.
    kind_nl, kind_en = COACH_KINDS[command.kind]
    current = next((coach for coach in state.coaches if coach[0] == command.kind), None)
    if current is not None and current[1] == command.coach_id:
        raise AlreadyDoneError(
            f"Deze coach is al de {kind_nl} van de jongere",
            f"This coach already is the young person's {kind_en}",
            "coach_id",
        )
    if current is not None:
        _not_before(
            command.from_on,
            current[2],
            "from_on",
            f"de toewijzing van de huidige {kind_nl}",
            f"the assignment of the current {kind_en}",
        )
    if state.active:
        _not_before(command.from_on, state.started_on, "from_on", START_NL, START_EN)
    else:
        _not_before(
            command.from_on,
            state.ended_on,
            "from_on",
            "het einde van de vorige begeleiding",
            "the end of the previous coaching",
        )
    return [
        CoachAssigned(
            youth_id=command.youth_id,
            coach_id=command.coach_id,
            kind=command.kind,
            from_on=command.from_on,
            previous_coach_id=None if current is None else current[1],
        )
    ]


def _start_phase(state: Coaching, command: StartPhase, _today: date) -> list[DomainEvent]:
    _coached(state)
    if state.coach_of("rodeloper_coach") is None:
        raise RuleViolationError(
            "Rode loper-fasen horen bij begeleiding door een Rode loper-coach; wijs die eerst toe",
            "Rode loper phases belong to Rode loper coaching; assign a Rode loper coach first",
            "phase",
        )
    if command.phase == state.phase:
        raise AlreadyDoneError(
            f"De jongere zit al in de {command.phase}fase",
            f"The young person is already in the {command.phase} phase",
            "phase",
        )
    if state.phase is not None and PHASES.index(command.phase) < PHASES.index(state.phase):
        raise RuleViolationError(
            f"Terug naar een eerdere fase gaat via een terugval: meld die, met de "
            f"{command.phase}fase als fase waarnaar de jongere terugkeert",
            f"Going back to an earlier phase is a relapse: signal it, returning to the "
            f"{command.phase} phase",
            "phase",
        )
    expected = next_phase(state.phase)
    if command.phase != expected:
        after_nl = "het begin" if state.phase is None else f"de {state.phase}fase"
        after_en = "the start" if state.phase is None else f"the {state.phase} phase"
        raise RuleViolationError(
            f"De fasen lopen op volgorde: na {after_nl} komt de {expected}fase",
            f"The phases run in order: after {after_en} comes the {expected} phase",
            "phase",
        )
    if command.phase == "match" and not state.scan_completed:
        raise RuleViolationError(
            "Geen matchfase zonder afgeronde scan",
            "No match phase before a completed scan",
            "phase",
        )
    if command.phase == "borg" and not state.match_made:
        raise RuleViolationError(
            "Geen borgfase zonder match", "No borg phase before a match", "phase"
        )
    _not_before(command.started_on, state.started_on, "started_on", START_NL, START_EN)
    _not_before(command.started_on, state.phase_since, "started_on", PHASE_NL, PHASE_EN)
    return [
        CoachingPhaseStarted(
            youth_id=command.youth_id,
            phase=command.phase,
            started_on=command.started_on,
            previous_phase=state.phase,
            after_relapse=False,
        )
    ]


def _complete_scan(state: Coaching, command: CompleteTalentScan, _today: date) -> list[DomainEvent]:
    _coached(state)
    _in_phase(state, "scan", "De scan", "The scan")
    if state.scan_completed:
        raise AlreadyDoneError(
            "De scan is in deze scanfase al afgerond",
            "The scan was already completed in this scan phase",
        )
    _not_before(command.completed_on, state.phase_since, "completed_on", PHASE_NL, PHASE_EN)
    return [
        TalentScanCompleted(
            youth_id=command.youth_id,
            strengths=command.strengths,
            obstacles=command.obstacles,
            completed_on=command.completed_on,
            notes=command.notes,
        )
    ]


def _hold_conversation(
    state: Coaching, command: HoldFutureConversation, _today: date
) -> list[DomainEvent]:
    _in_period(state, command.held_on, "held_on")
    return [
        FutureConversationHeld(
            youth_id=command.youth_id,
            participants=list(dict.fromkeys(command.participants)),  # each once, in order
            perspective=command.perspective,
            held_on=command.held_on,
        )
    ]


def _set_goal(state: Coaching, command: SetGoal, _today: date) -> list[DomainEvent]:
    _in_period(state, command.set_on, "set_on")
    if any(goal_id == command.goal_id for goal_id, _, _, _ in state.goals):
        raise AlreadyDoneError(
            "Er is al een doel met deze id gesteld",
            "A goal with this id was already set",
            "goal_id",
        )
    if command.due_on is not None:
        _not_before(
            command.due_on, command.set_on, "due_on", "de datum van het doel", "the goal date"
        )
    return [
        GoalSet(
            youth_id=command.youth_id,
            goal_id=command.goal_id,
            leefgebied=command.leefgebied,
            set_on=command.set_on,
            due_on=command.due_on,
            text=command.text,
            plan_goal_id=command.plan_goal_id,
        )
    ]


def _achieve_goal(state: Coaching, command: AchieveGoal, _today: date) -> list[DomainEvent]:
    _coached(state)
    set_on = _open_goal(state, command.goal_id)
    _not_before(
        command.achieved_on, set_on, "achieved_on", "het stellen van het doel", "setting the goal"
    )
    return [
        GoalAchieved(
            youth_id=command.youth_id, goal_id=command.goal_id, achieved_on=command.achieved_on
        )
    ]


def _drop_goal(state: Coaching, command: DropGoal, _today: date) -> list[DomainEvent]:
    _coached(state)
    set_on = _open_goal(state, command.goal_id)
    _not_before(
        command.dropped_on, set_on, "dropped_on", "het stellen van het doel", "setting the goal"
    )
    return [
        GoalDropped(
            youth_id=command.youth_id,
            goal_id=command.goal_id,
            reason=command.reason,
            dropped_on=command.dropped_on,
        )
    ]


def _make_match(state: Coaching, command: MakeMatch, _today: date) -> list[DomainEvent]:
    _coached(state)
    _in_phase(state, "match", "Een match", "A match")
    if state.match_made:
        raise AlreadyDoneError(
            "In deze matchfase is al een match gemaakt",
            "A match was already made in this match phase",
        )
    _not_before(command.made_on, state.phase_since, "made_on", PHASE_NL, PHASE_EN)
    _not_before(command.start_on, command.made_on, "start_on", "de match", "the match")
    return [
        MatchMade(
            youth_id=command.youth_id,
            kind=command.kind,
            partner_type=command.partner_type,
            start_on=command.start_on,
            made_on=command.made_on,
        )
    ]


def _start_education(state: Coaching, command: StartEducation, _today: date) -> list[DomainEvent]:
    _in_period(state, command.started_on, "started_on")
    return [
        EducationStarted(
            youth_id=command.youth_id, level=command.level, started_on=command.started_on
        )
    ]


def _start_work(state: Coaching, command: StartWork, _today: date) -> list[DomainEvent]:
    _in_period(state, command.started_on, "started_on")
    return [
        WorkStarted(
            youth_id=command.youth_id,
            kind=command.kind,
            contract=command.contract,
            started_on=command.started_on,
        )
    ]


def _end_work(state: Coaching, command: EndWork, _today: date) -> list[DomainEvent]:
    _coached(state)
    if state.work_kind is None:
        raise RuleViolationError(
            "Er is geen werk gestart dat kan eindigen",
            "No work was started that could end",
            "ended_on",
        )
    _not_before(command.ended_on, state.work_started_on, "ended_on", WORK_NL, WORK_EN)
    return [
        WorkEnded(
            youth_id=command.youth_id,
            kind=state.work_kind,
            reason=command.reason,
            ended_on=command.ended_on,
        )
    ]


def _education_going_on(state: Coaching, value: date, field: str) -> str:
    """The level of the education going on; refused when none started, or `value` precedes it."""
    _coached(state)
    if state.education_level is None:
        raise RuleViolationError(
            "Er is geen opleiding gestart die kan eindigen",
            "No education was started that could end",
            field,
        )
    _not_before(value, state.education_started_on, field, EDUCATION_NL, EDUCATION_EN)
    return state.education_level


def _complete_education(
    state: Coaching, command: CompleteEducation, _today: date
) -> list[DomainEvent]:
    level = _education_going_on(state, command.graduated_on, "graduated_on")
    return [
        EducationCompleted(
            youth_id=command.youth_id,
            level=level,
            diploma=command.diploma,
            graduated_on=command.graduated_on,
        )
    ]


def _drop_education(state: Coaching, command: DropEducation, _today: date) -> list[DomainEvent]:
    level = _education_going_on(state, command.left_on, "left_on")
    return [
        EducationDropped(
            youth_id=command.youth_id, level=level, reason=command.reason, left_on=command.left_on
        )
    ]


def _start_daytime_activity(
    state: Coaching, command: StartDaytimeActivity, _today: date
) -> list[DomainEvent]:
    _in_period(state, command.started_on, "started_on")
    return [DaytimeActivityStarted(youth_id=command.youth_id, started_on=command.started_on)]


def _refer_to_care(state: Coaching, command: ReferToCare, _today: date) -> list[DomainEvent]:
    # The kind of care goes into the event, which the handler seals; no message names it.
    _in_period(state, command.referred_on, "referred_on")
    return [
        CareReferred(
            youth_id=command.youth_id,
            care_kind=command.care_kind,
            referred_on=command.referred_on,
        )
    ]


def _signal_relapse(state: Coaching, command: SignalRelapse, _today: date) -> list[DomainEvent]:
    _in_period(state, command.signalled_on, "signalled_on")
    current = state.phase
    if command.returns_to is not None:
        if current is None:
            raise RuleViolationError(
                "De jongere zit in geen fase, dus kan niet naar een eerdere terugkeren",
                "The young person is in no phase, so cannot return to an earlier one",
                "returns_to",
            )
        if PHASES.index(command.returns_to) >= PHASES.index(current):
            raise RuleViolationError(
                f"Een terugval gaat naar een fase vóór de huidige {current}fase",
                f"A relapse returns to a phase before the current {current} phase",
                "returns_to",
            )
    _not_before(command.signalled_on, state.phase_since, "signalled_on", PHASE_NL, PHASE_EN)
    events: list[DomainEvent] = [
        RelapseSignalled(
            youth_id=command.youth_id,
            leefgebied=command.leefgebied,
            signalled_on=command.signalled_on,
            phase=current,
            returns_to=command.returns_to,
        )
    ]
    if command.returns_to is not None:
        events.append(
            CoachingPhaseStarted(
                youth_id=command.youth_id,
                phase=command.returns_to,
                started_on=command.signalled_on,
                previous_phase=current,
                after_relapse=True,
            )
        )
    return events


def _end(state: Coaching, command: EndCoaching, _today: date) -> list[DomainEvent]:
    _in_period(state, command.ended_on, "ended_on")
    _not_before(command.ended_on, state.phase_since, "ended_on", PHASE_NL, PHASE_EN)
    _not_before(
        command.ended_on,
        max((from_on for _, _, from_on in state.coaches), default=None),
        "ended_on",
        "de toewijzing van de laatste coach",
        "the assignment of the latest coach",
    )
    open_goals = [
        (goal_id, set_on) for goal_id, _, status, set_on in state.goals if status == "open"
    ]
    _not_before(
        command.ended_on,
        max((set_on for _, set_on in open_goals), default=None),
        "ended_on",
        "het stellen van een open doel",
        "the setting of an open goal",
    )
    events: list[DomainEvent] = [
        GoalDropped(
            youth_id=command.youth_id,
            goal_id=goal_id,
            reason="begeleiding_afgesloten",
            dropped_on=command.ended_on,
        )
        for goal_id, _ in open_goals
    ]
    events.append(
        CoachingEnded(
            youth_id=command.youth_id,
            reason=command.reason,
            destination=command.destination,
            ended_on=command.ended_on,
        )
    )
    return events


def _open_rode_loper(state: Coaching, command: OpenRodeLoper, _today: date) -> list[DomainEvent]:
    # Open coaching in a phase already runs Rode loper; otherwise scout starts, in the open
    # period or opening a new one, and a coach may follow.
    if state.active and state.phase is not None:
        raise AlreadyDoneError(
            f"Rode loper loopt al: de jongere zit in de {state.phase}fase",
            f"Rode loper already runs: the young person is in the {state.phase} phase",
        )
    if state.active:
        _not_before(command.started_on, state.started_on, "started_on", START_NL, START_EN)
    else:
        _not_before(
            command.started_on,
            state.ended_on,
            "started_on",
            "het einde van de vorige begeleiding",
            "the end of the previous coaching",
        )
    return [
        CoachingPhaseStarted(
            youth_id=command.youth_id,
            phase=PHASES[0],
            started_on=command.started_on,
            previous_phase=None,
            after_relapse=False,
        )
    ]


DECIDERS: Mapping[type[Command], Decider] = {
    AssignCoach: _assign,
    StartPhase: _start_phase,
    CompleteTalentScan: _complete_scan,
    HoldFutureConversation: _hold_conversation,
    SetGoal: _set_goal,
    AchieveGoal: _achieve_goal,
    DropGoal: _drop_goal,
    MakeMatch: _make_match,
    StartEducation: _start_education,
    StartWork: _start_work,
    EndWork: _end_work,
    CompleteEducation: _complete_education,
    DropEducation: _drop_education,
    StartDaytimeActivity: _start_daytime_activity,
    ReferToCare: _refer_to_care,
    SignalRelapse: _signal_relapse,
    EndCoaching: _end,
    OpenRodeLoper: _open_rode_loper,
}


def decide(state: Coaching, command: Command | PrivacyCommand, today: date) -> list[DomainEvent]:
    """The events `command` yields against `state` on `today`, or a refusal.

    `AssignCoach` and `OpenRodeLoper` are heard in any state; every other command needs open
    coaching (see the module's docstring). A date of a fact after `today` is refused first,
    naming the field.
    Erasure and timeline sharing are heard first, in any state (shared/subject_rights.py).
    """
    if isinstance(command, PrivacyCommand):
        return decide_privacy(state.privacy, command, PRIVACY)
    decider = DECIDERS.get(type(command))
    if decider is None:
        raise TypeError(f"coaching has no rules for {type(command).__name__}")
    _no_future_facts(command, today)
    return decider(state, command, today)
