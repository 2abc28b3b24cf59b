"""Given events, when a command, then events (or a refusal): the rules of coaching."""

from __future__ import annotations

from datetime import timedelta

import pytest

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
from services.coaching.domain.model import (
    AlreadyDoneError,
    Coaching,
    GoalNotFoundError,
    NotCoachedError,
    RuleViolationError,
    decide,
    next_phase,
)
from services.coaching.domain.rules import FACT_DATES as LABELS
from services.coaching.domain.rules import PLANNED_DATES
from shared.rules import NotFoundError
from tests.unit.coaching.givens import (
    COACH,
    COMMAND_DEFAULTS,
    GOAL,
    GOAL_TEXT,
    KLANTMANAGER,
    NOTES,
    OTHER_COACH,
    START,
    TODAY,
    TOMORROW,
    YOUTH,
    borging,
    coached,
    command,
    ended,
    entered,
    event,
    given,
    matched,
    matching,
    refusal,
    scanned,
    scanning,
    scouting,
    studying,
    when,
    with_goal,
    working,
)

ALL_COMMANDS = list(COMMAND_DEFAULTS)
NEED_COACHING = [cls for cls in ALL_COMMANDS if cls is not AssignCoach]
DAY = timedelta(days=1)
LATER = START + 10 * DAY  # a day after the givens, before today

# A state in which the default command of each class is accepted.
READY_FOR: dict[type[Command], list] = {
    AssignCoach: [],
    StartPhase: coached(),
    CompleteTalentScan: scanning(),
    HoldFutureConversation: coached(),
    SetGoal: coached(),
    AchieveGoal: with_goal(),
    DropGoal: with_goal(),
    MakeMatch: matching(),
    StartEducation: coached(),
    StartWork: coached(),
    StartDaytimeActivity: coached(),
    ReferToCare: coached(),
    SignalRelapse: coached(),
    EndCoaching: coached(),
    EndWork: working(),
    CompleteEducation: studying(),
    DropEducation: studying(),
}


def ready_for(cls: type[Command]) -> Coaching:
    """A state in which the default `cls` command is accepted."""
    return given(*READY_FOR[cls])


def assert_quiet(error: RuleViolationError) -> None:
    """Neither message repeats free text, the kind of care or a goal's id."""
    for secret in (NOTES, GOAL_TEXT, GOAL, "ggz", "verslavingszorg", "lvb"):
        assert secret not in error.nl
        assert secret not in error.en


# --- facts lie in the past --------------------------------------------------------------------

FACT_DATES = [
    (AssignCoach, "from_on"),
    (StartPhase, "started_on"),
    (CompleteTalentScan, "completed_on"),
    (HoldFutureConversation, "held_on"),
    (SetGoal, "set_on"),
    (AchieveGoal, "achieved_on"),
    (DropGoal, "dropped_on"),
    (MakeMatch, "made_on"),
    (StartEducation, "started_on"),
    (StartWork, "started_on"),
    (StartDaytimeActivity, "started_on"),
    (ReferToCare, "referred_on"),
    (SignalRelapse, "signalled_on"),
    (EndCoaching, "ended_on"),
    (EndWork, "ended_on"),
    (CompleteEducation, "graduated_on"),
    (DropEducation, "left_on"),
]
FACT_IDS = [f"{c.__name__}.{f}" for c, f in FACT_DATES]


def test_every_date_of_every_command_is_a_fact_under_test_or_planned():
    """Each `*_on` field has labels, and is either tested as a fact below or planned."""
    dates = {
        (cls, name) for cls in ALL_COMMANDS for name in cls.model_fields if name.endswith("_on")
    }
    planned = {(cls, name) for cls, names in PLANNED_DATES.items() for name in names}
    assert dates == set(FACT_DATES) | planned
    assert {name for _, name in dates} == set(LABELS)
    assert planned == {(MakeMatch, "start_on"), (SetGoal, "due_on")}


@pytest.mark.parametrize(("cls", "field"), FACT_DATES, ids=FACT_IDS)
def test_a_fact_dated_tomorrow_is_refused(cls, field):
    """Every date of something that happened must be today or earlier, naming the field."""
    error = refusal(ready_for(cls), command(cls, **{field: TOMORROW}))
    assert error.field == field
    assert "ligt in de toekomst" in error.nl
    assert "is in the future" in error.en


@pytest.mark.parametrize(("cls", "field"), FACT_DATES, ids=FACT_IDS)
def test_a_fact_dated_today_is_accepted(cls, field):
    """Today is not the future: the same command dated today yields its events."""
    assert when(ready_for(cls), command(cls, **{field: TODAY}))


def test_a_match_may_start_after_today():
    """The start of a match plans ahead: it may lie after today."""
    [made] = when(given(*matching()), command(MakeMatch, start_on=TOMORROW + 30 * DAY))
    assert isinstance(made, MatchMade)
    assert made.start_on == TOMORROW + 30 * DAY


def test_a_goal_may_be_due_after_today():
    """A goal's due day plans ahead: it may lie after today."""
    [goal] = when(given(*coached()), command(SetGoal, due_on=TOMORROW))
    assert isinstance(goal, GoalSet)
    assert goal.due_on == TOMORROW


def test_a_command_without_rules_is_a_programming_error():
    """A command class nobody registered rules for fails loudly, not as a refusal."""

    class Unheard(Command):
        pass

    with pytest.raises(TypeError, match="Unheard"):
        decide(Coaching(), Unheard(youth_id=YOUTH), TODAY)


def test_missing_coaching_and_goals_are_not_found():
    """No open coaching, no such goal: both are a 404."""
    assert issubclass(NotCoachedError, NotFoundError)
    assert issubclass(GoalNotFoundError, NotFoundError)


@pytest.mark.parametrize("cls", NEED_COACHING, ids=lambda c: c.__name__)
@pytest.mark.parametrize("history", ["nothing known", "ended"])
def test_every_command_but_an_assignment_needs_open_coaching(cls, history):
    """Before the first coach and after the end there is nothing to record it in."""
    error = refusal(given(*{"nothing known": [], "ended": ended()}[history]), command(cls))
    assert isinstance(error, NotCoachedError)
    assert (error.nl, error.en) == ("Er is geen lopende begeleiding", "No open coaching")
    assert error.field is None


def test_next_phase_runs_in_order():
    """Scout comes first, borg last."""
    assert [next_phase(p) for p in (None, "scout", "scan", "match", "borg")] == [
        "scout",
        "scan",
        "match",
        "borg",
        None,
    ]


# --- coaches -----------------------------------------------------------------------------------


def test_the_first_coach_opens_coaching():
    """Nobody replaced: the event names no previous coach."""
    [assigned] = when(Coaching(), command(AssignCoach))
    assert assigned == CoachAssigned(
        youth_id=YOUTH, coach_id=COACH, kind="rodeloper_coach", from_on=TODAY
    )
    after = given(assigned)
    assert (after.active, after.status, after.started_on) == (True, "actief", TODAY)
    assert after.coaches == (("rodeloper_coach", COACH, TODAY),)


def test_a_coach_of_another_kind_joins():
    """A klantmanager next to the Rode loper coach replaces nobody."""
    cmd = command(AssignCoach, coach_id=KLANTMANAGER, kind="klantmanager")
    [assigned] = when(given(*coached()), cmd)
    assert assigned == CoachAssigned(
        youth_id=YOUTH, coach_id=KLANTMANAGER, kind="klantmanager", from_on=TODAY
    )
    after = given(*coached(), assigned)
    assert (after.coach_of("rodeloper_coach"), after.coach_of("klantmanager")) == (
        COACH,
        KLANTMANAGER,
    )
    assert after.started_on == START


def test_a_new_coach_of_a_kind_replaces_the_active_one():
    """The event names the coach it replaces: one active coach per kind."""
    [assigned] = when(given(*scouting()), command(AssignCoach, coach_id=OTHER_COACH))
    assert assigned == CoachAssigned(
        youth_id=YOUTH,
        coach_id=OTHER_COACH,
        kind="rodeloper_coach",
        from_on=TODAY,
        previous_coach_id=COACH,
    )
    after = given(*scouting(), assigned)
    assert after.coaches == (("rodeloper_coach", OTHER_COACH, TODAY),)
    assert (after.phase, after.started_on) == ("scout", START)  # the period goes on


def test_the_same_coach_is_assigned_once():
    """The active coach of a kind again is already done, naming coach_id."""
    error = refusal(given(*coached()), command(AssignCoach))
    assert isinstance(error, AlreadyDoneError)
    assert error.field == "coach_id"
    assert error.nl == "Deze coach is al de Rode loper-coach van de jongere"


def test_the_same_coach_may_also_be_of_another_kind():
    """One employee may be Rode loper coach and trajectbegeleider at once."""
    [assigned] = when(given(*coached()), command(AssignCoach, kind="trajectbegeleider"))
    assert isinstance(assigned, CoachAssigned)
    assert assigned.previous_coach_id is None


def test_a_replacement_cannot_precede_the_current_coach():
    """Replaced before the current coach of that kind was assigned is refused on from_on."""
    cmd = command(AssignCoach, coach_id=OTHER_COACH, from_on=START - DAY)
    error = refusal(given(*coached()), cmd)
    assert error.field == "from_on"
    assert "vóór de toewijzing van de huidige Rode loper-coach" in error.nl


def test_a_coach_joining_cannot_precede_the_start_of_the_coaching():
    """A coach of a new kind assigned before the period started is refused on from_on."""
    cmd = command(AssignCoach, coach_id=KLANTMANAGER, kind="klantmanager", from_on=START - DAY)
    error = refusal(given(*coached()), cmd)
    assert error.field == "from_on"
    assert "vóór het begin van de begeleiding" in error.nl


def test_a_new_period_cannot_start_before_the_last_one_ended():
    """Assigned again before the last end is refused on from_on."""
    history = [*coached(), event(CoachingEnded, ended_on=LATER)]
    error = refusal(given(*history), command(AssignCoach, from_on=LATER - DAY))
    assert error.field == "from_on"
    assert "vóór het einde van de vorige begeleiding" in error.nl
    assert when(given(*history), command(AssignCoach, from_on=LATER))


def test_an_assignment_after_the_end_opens_a_new_period():
    """The same coach may return: after the end nobody is active, so nothing is replaced."""
    history = [*borging(), event(CoachingEnded)]
    [assigned] = when(given(*history), command(AssignCoach))
    assert assigned == CoachAssigned(
        youth_id=YOUTH, coach_id=COACH, kind="rodeloper_coach", from_on=TODAY
    )
    after = given(*history, assigned)
    assert (after.status, after.started_on, after.phase, after.last_phase) == (
        "actief",
        TODAY,
        None,
        None,
    )
    assert (after.ended_on, after.end_reason, after.destination) == (None, None, None)


# --- phases ------------------------------------------------------------------------------------


def test_scout_is_the_first_phase():
    """From no phase only scout; the event names no previous phase."""
    [started] = when(given(*coached()), command(StartPhase))
    assert started == CoachingPhaseStarted(
        youth_id=YOUTH, phase="scout", started_on=TODAY, previous_phase=None, after_relapse=False
    )
    after = given(*coached(), started)
    assert (after.phase, after.phase_since, after.last_phase) == ("scout", TODAY, "scout")


@pytest.mark.parametrize(
    ("history", "phase", "previous"),
    [(scouting(), "scan", "scout"), (scanned(), "match", "scan"), (matched(), "borg", "match")],
    ids=["scan", "match", "borg"],
)
def test_the_phases_follow_each_other(history, phase, previous):
    """Each next phase names the one it follows."""
    [started] = when(given(*history), command(StartPhase, phase=phase))
    assert started == CoachingPhaseStarted(
        youth_id=YOUTH, phase=phase, started_on=TODAY, previous_phase=previous
    )


def test_phases_need_a_rode_loper_coach():
    """Coached by a klantmanager only: Rode loper phases do not apply, refused on phase."""
    state = given(event(CoachAssigned, coach_id=KLANTMANAGER, kind="klantmanager"))
    error = refusal(state, command(StartPhase))
    assert not isinstance(error, AlreadyDoneError)
    assert error.field == "phase"
    assert "Rode loper-coach" in error.nl


@pytest.mark.parametrize(
    ("history", "phase"),
    [(scouting(), "scout"), (scanned(), "scan"), (matched(), "match"), (borging(), "borg")],
    ids=["scout", "scan", "match", "borg"],
)
def test_the_current_phase_is_started_once(history, phase):
    """Starting the phase the young person is in is already done, naming phase."""
    error = refusal(given(*history), command(StartPhase, phase=phase))
    assert isinstance(error, AlreadyDoneError)
    assert error.field == "phase"
    assert error.nl == f"De jongere zit al in de {phase}fase"


@pytest.mark.parametrize(
    ("history", "phase"),
    [(scanning(), "scout"), (matched(), "scan"), (borging(), "match"), (borging(), "scout")],
    ids=["scan to scout", "match to scan", "borg to match", "borg to scout"],
)
def test_going_back_is_a_relapse(history, phase):
    """An earlier phase is refused on phase: the message points at signalling a relapse."""
    error = refusal(given(*history), command(StartPhase, phase=phase))
    assert not isinstance(error, AlreadyDoneError)
    assert error.field == "phase"
    assert "terugval" in error.nl
    assert "relapse" in error.en


@pytest.mark.parametrize(
    ("history", "phase", "expected"),
    [
        (coached(), "scan", "scout"),
        (coached(), "borg", "scout"),
        (scouting(), "match", "scan"),
        (scanned(), "borg", "match"),
    ],
    ids=["none to scan", "none to borg", "scout to match", "scan to borg"],
)
def test_no_phase_is_skipped(history, phase, expected):
    """Ahead of the next phase is refused on phase, naming the phase that comes next."""
    error = refusal(given(*history), command(StartPhase, phase=phase))
    assert error.field == "phase"
    assert error.nl.endswith(f"komt de {expected}fase")


def test_no_match_phase_before_a_completed_scan():
    """The scan phase without a completed scan does not lead to the match phase."""
    error = refusal(given(*scanning()), command(StartPhase, phase="match"))
    assert error.field == "phase"
    assert (error.nl, error.en) == (
        "Geen matchfase zonder afgeronde scan",
        "No match phase before a completed scan",
    )


def test_no_borg_phase_before_a_match():
    """The match phase without a match does not lead to the borg phase."""
    error = refusal(given(*matching()), command(StartPhase, phase="borg"))
    assert error.field == "phase"
    assert (error.nl, error.en) == ("Geen borgfase zonder match", "No borg phase before a match")


def test_a_phase_cannot_start_before_the_current_one():
    """Started before the current phase began is refused on started_on."""
    state = given(*coached(), entered("scout", None).model_copy(update={"started_on": LATER}))
    error = refusal(state, command(StartPhase, phase="scan", started_on=LATER - DAY))
    assert error.field == "started_on"
    assert "vóór het begin van de huidige fase" in error.nl


def test_the_first_phase_cannot_start_before_the_coaching():
    """Scout before the coach was assigned is refused on started_on."""
    error = refusal(given(*coached()), command(StartPhase, started_on=START - DAY))
    assert error.field == "started_on"
    assert "vóór het begin van de begeleiding" in error.nl


# --- the scan and the toekomstgesprek ---------------------------------------------------------


def test_the_scan_is_completed_in_the_scan_phase():
    """Strengths, obstacles and the (sealed) notes go into the event."""
    [completed] = when(given(*scanning()), command(CompleteTalentScan))
    assert completed == TalentScanCompleted(
        youth_id=YOUTH,
        strengths=["technisch", "doorzettingsvermogen"],
        obstacles={"onderwijs": "geen_startkwalificatie", "financien": "schulden"},
        completed_on=TODAY,
        notes=NOTES,
    )
    assert given(*scanning(), completed).scan_completed


@pytest.mark.parametrize(
    "history",
    [coached(), scouting(), matching(), borging()],
    ids=["none", "scout", "match", "borg"],
)
def test_the_scan_belongs_to_the_scan_phase(history):
    """Outside the scan phase the scan is refused, and the notes are not repeated."""
    error = refusal(given(*history), command(CompleteTalentScan))
    assert not isinstance(error, AlreadyDoneError)
    assert error.nl == "De scan hoort bij de scanfase; de jongere zit daar niet in"
    assert_quiet(error)


def test_the_scan_is_completed_once_per_scan_phase():
    """A second scan in the same scan phase is already done."""
    error = refusal(given(*scanned()), command(CompleteTalentScan))
    assert isinstance(error, AlreadyDoneError)
    assert "al afgerond" in error.nl


def test_the_scan_cannot_precede_the_scan_phase():
    """Completed before the scan phase began is refused on completed_on."""
    error = refusal(given(*scanning()), command(CompleteTalentScan, completed_on=START - DAY))
    assert error.field == "completed_on"
    assert_quiet(error)


def test_a_toekomstgesprek_names_each_participant_once():
    """Participants are kept in the order given, without repeats."""
    cmd = command(
        HoldFutureConversation, participants=["jongere", "school", "jongere", "gezin", "school"]
    )
    [held] = when(given(*coached()), cmd)
    assert held == FutureConversationHeld(
        youth_id=YOUTH,
        participants=["jongere", "school", "gezin"],
        perspective="werk",
        held_on=TODAY,
    )
    after = given(*coached(), held)
    assert (after.perspective, after.conversations) == ("werk", 1)


def test_a_toekomstgesprek_cannot_precede_the_coaching():
    """Held before the coaching started is refused on held_on."""
    error = refusal(given(*coached()), command(HoldFutureConversation, held_on=START - DAY))
    assert error.field == "held_on"


# --- goals -------------------------------------------------------------------------------------


def test_a_goal_is_set_with_its_sealed_text():
    """The event carries the text (which the handler seals); the state keeps the id."""
    [goal] = when(given(*coached()), command(SetGoal, due_on=TODAY + 60 * DAY))
    assert goal == GoalSet(
        youth_id=YOUTH,
        goal_id=GOAL,
        leefgebied="wonen",
        set_on=TODAY,
        due_on=TODAY + 60 * DAY,
        text=GOAL_TEXT,
    )
    after = given(*coached(), goal)
    assert after.goals == ((GOAL, "wonen", "open", TODAY),)
    assert after.open_goals == (GOAL,)


@pytest.mark.parametrize(
    "history",
    [with_goal(), [*with_goal(), event(GoalAchieved)], [*ended(), *coached()]],
    ids=["open", "achieved", "dropped in an earlier period"],
)
def test_a_goal_id_is_used_once_ever(history):
    """The same goal id again, open or closed, in this period or an earlier one, is refused."""
    error = refusal(given(*history), command(SetGoal, text="iets anders"))
    assert isinstance(error, AlreadyDoneError)
    assert error.field == "goal_id"
    assert_quiet(error)


def test_a_goal_is_not_due_before_it_is_set():
    """A due day before the day the goal is set is refused on due_on; the same day is fine."""
    error = refusal(given(*coached()), command(SetGoal, due_on=TODAY - DAY))
    assert error.field == "due_on"
    assert "vóór de datum van het doel" in error.nl
    assert_quiet(error)
    assert when(given(*coached()), command(SetGoal, due_on=TODAY))


def test_a_goal_cannot_be_set_before_the_coaching():
    """Set before the coaching started is refused on set_on."""
    error = refusal(given(*coached()), command(SetGoal, set_on=START - DAY))
    assert error.field == "set_on"


def test_an_open_goal_is_achieved():
    """Achieved: the goal is closed with status behaald."""
    [achieved] = when(given(*with_goal()), command(AchieveGoal))
    assert achieved == GoalAchieved(youth_id=YOUTH, goal_id=GOAL, achieved_on=TODAY)
    after = given(*with_goal(), achieved)
    assert after.goals == ((GOAL, "wonen", "behaald", START),)
    assert after.open_goals == ()


def test_an_open_goal_is_dropped_with_its_reason():
    """Dropped: the goal is closed with status vervallen, the reason in the event."""
    [dropped] = when(given(*with_goal()), command(DropGoal))
    assert dropped == GoalDropped(
        youth_id=YOUTH, goal_id=GOAL, reason="niet_haalbaar", dropped_on=TODAY
    )
    assert given(*with_goal(), dropped).goals == ((GOAL, "wonen", "vervallen", START),)


@pytest.mark.parametrize("cls", [AchieveGoal, DropGoal], ids=lambda c: c.__name__)
def test_an_unknown_goal_is_not_found(cls):
    """A goal id never set is a 404, naming goal_id."""
    error = refusal(given(*with_goal()), command(cls, goal_id="doel-2"))
    assert isinstance(error, GoalNotFoundError)
    assert error.field == "goal_id"
    assert (error.nl, error.en) == ("Dit doel is niet gesteld", "No such goal was set")


@pytest.mark.parametrize("cls", [AchieveGoal, DropGoal], ids=lambda c: c.__name__)
@pytest.mark.parametrize(
    ("closing", "status", "status_en"),
    [(GoalAchieved, "behaald", "achieved"), (GoalDropped, "vervallen", "dropped")],
    ids=["achieved", "dropped"],
)
def test_a_goal_is_closed_once(cls, closing, status, status_en):
    """A goal already achieved or dropped is already done; the message says which."""
    error = refusal(given(*with_goal(), event(closing)), command(cls))
    assert isinstance(error, AlreadyDoneError)
    assert error.field == "goal_id"
    assert (error.nl, error.en) == (
        f"Dit doel is al {status}",
        f"This goal was already {status_en}",
    )


@pytest.mark.parametrize(
    ("cls", "field"),
    [(AchieveGoal, "achieved_on"), (DropGoal, "dropped_on")],
    ids=["achieved", "dropped"],
)
def test_a_goal_cannot_close_before_it_was_set(cls, field):
    """Achieved or dropped before it was set is refused on its date."""
    error = refusal(given(*with_goal()), command(cls, **{field: START - DAY}))
    assert error.field == field
    assert "vóór het stellen van het doel" in error.nl


# --- the match ---------------------------------------------------------------------------------


def test_a_match_is_made_in_the_match_phase():
    """The match, with its start (which may lie ahead)."""
    cmd = command(MakeMatch, made_on=LATER, start_on=TODAY)
    [made] = when(given(*matching()), cmd)
    assert made == MatchMade(
        youth_id=YOUTH, kind="leerwerkplek", partner_type="werkgever", start_on=TODAY, made_on=LATER
    )
    assert given(*matching(), made).match_made


@pytest.mark.parametrize("history", [coached(), scanned(), borging()], ids=["none", "scan", "borg"])
def test_a_match_belongs_to_the_match_phase(history):
    """Outside the match phase the match is refused."""
    error = refusal(given(*history), command(MakeMatch))
    assert not isinstance(error, AlreadyDoneError)
    assert error.field is None
    assert error.nl == "Een match hoort bij de matchfase; de jongere zit daar niet in"


def test_a_match_is_made_once_per_match_phase():
    """A second match in the same match phase is already done."""
    error = refusal(given(*matched()), command(MakeMatch))
    assert isinstance(error, AlreadyDoneError)
    assert "al een match" in error.nl


def test_a_match_cannot_precede_the_match_phase():
    """Made before the match phase began is refused on made_on."""
    error = refusal(given(*matching()), command(MakeMatch, made_on=START - DAY))
    assert error.field == "made_on"


def test_a_match_does_not_start_before_it_is_made():
    """A start before the day the match was made is refused on start_on."""
    error = refusal(given(*matching()), command(MakeMatch, made_on=LATER, start_on=LATER - DAY))
    assert error.field == "start_on"
    assert "vóór de match" in error.nl


# --- outcomes ----------------------------------------------------------------------------------


def test_education_starts():
    """With its level; the state keeps the day."""
    [started] = when(given(*coached()), command(StartEducation))
    assert started == EducationStarted(youth_id=YOUTH, level="mbo2", started_on=TODAY)
    assert given(*coached(), started).education_started_on == TODAY


def test_work_starts():
    """With its kind and contract; the state keeps the day."""
    [started] = when(given(*coached()), command(StartWork))
    assert started == WorkStarted(
        youth_id=YOUTH, kind="leerwerkbaan", contract="tijdelijk", started_on=TODAY
    )
    assert given(*coached(), started).work_started_on == TODAY


def test_dagbesteding_starts():
    """Only the day: the fact itself is special category."""
    [started] = when(given(*coached()), command(StartDaytimeActivity))
    assert started == DaytimeActivityStarted(youth_id=YOUTH, started_on=TODAY)
    assert given(*coached(), started).daytime_activity_started_on == TODAY


def test_a_referral_to_care_carries_the_kind_of_care_into_the_event():
    """The kind of care goes into the event (sealed by the handler); the state keeps the day."""
    [referred] = when(given(*coached()), command(ReferToCare))
    assert referred == CareReferred(youth_id=YOUTH, care_kind="ggz", referred_on=TODAY)
    assert given(*coached(), referred).care_referred_on == TODAY


@pytest.mark.parametrize(
    ("cls", "field"),
    [
        (StartEducation, "started_on"),
        (StartWork, "started_on"),
        (StartDaytimeActivity, "started_on"),
        (ReferToCare, "referred_on"),
    ],
    ids=["education", "work", "dagbesteding", "care"],
)
def test_outcomes_cannot_precede_the_coaching(cls, field):
    """Dated before the period started is refused on the date, naming no kind of care."""
    error = refusal(given(*coached()), command(cls, **{field: START - DAY}))
    assert error.field == field
    assert "vóór het begin van de begeleiding" in error.nl
    assert_quiet(error)


def test_outcomes_are_heard_in_any_phase():
    """Work may start in the scout phase: outcomes do not wait for the match."""
    assert when(given(*scouting()), command(StartWork))
    assert when(given(*borging()), command(ReferToCare))


# --- relapse -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("history", "phase"), [(coached(), None), (matched(), "match")], ids=["no phase", "match"]
)
def test_a_relapse_without_a_return_keeps_the_phase(history, phase):
    """Signalled only: the event names the phase, and no other event follows."""
    [signalled] = when(given(*history), command(SignalRelapse))
    assert signalled == RelapseSignalled(
        youth_id=YOUTH, leefgebied="verslaving", signalled_on=TODAY, phase=phase, returns_to=None
    )
    after = given(*history, signalled)
    assert (after.phase, after.relapses) == (phase, 1)


def test_a_relapse_returns_to_an_earlier_phase():
    """The relapse, then the earlier phase, marked as after a relapse."""
    signalled, returned = when(given(*borging()), command(SignalRelapse, returns_to="scan"))
    assert signalled == RelapseSignalled(
        youth_id=YOUTH, leefgebied="verslaving", signalled_on=TODAY, phase="borg", returns_to="scan"
    )
    assert returned == CoachingPhaseStarted(
        youth_id=YOUTH, phase="scan", started_on=TODAY, previous_phase="borg", after_relapse=True
    )
    after = given(*borging(), signalled, returned)
    assert (after.phase, after.phase_since, after.relapses) == ("scan", TODAY, 1)
    assert (after.scan_completed, after.match_made) == (False, False)
    assert when(after, command(CompleteTalentScan))  # the scan is to be done again


@pytest.mark.parametrize(
    ("history", "returns_to"),
    [(scanning(), "scan"), (scanning(), "match"), (scouting(), "scout"), (matched(), "borg")],
    ids=["same", "later", "scout to scout", "match to borg"],
)
def test_a_relapse_returns_only_to_an_earlier_phase(history, returns_to):
    """The current phase or a later one is refused on returns_to."""
    error = refusal(given(*history), command(SignalRelapse, returns_to=returns_to))
    assert error.field == "returns_to"
    assert "vóór de huidige" in error.nl


def test_a_relapse_returns_nowhere_without_a_phase():
    """Before scout there is no earlier phase to return to: refused on returns_to."""
    error = refusal(given(*coached()), command(SignalRelapse, returns_to="scout"))
    assert error.field == "returns_to"
    assert "geen fase" in error.nl


def test_a_relapse_cannot_precede_the_current_phase():
    """Signalled before the current phase began is refused on signalled_on."""
    state = given(*scouting(), entered("scan", "scout").model_copy(update={"started_on": LATER}))
    error = refusal(state, command(SignalRelapse, signalled_on=LATER - DAY, returns_to="scout"))
    assert error.field == "signalled_on"
    assert "vóór het begin van de huidige fase" in error.nl


def test_a_relapse_cannot_precede_the_coaching():
    """Signalled before the coaching started is refused on signalled_on."""
    error = refusal(given(*coached()), command(SignalRelapse, signalled_on=START - DAY))
    assert error.field == "signalled_on"


# --- the end -----------------------------------------------------------------------------------


def test_the_end_drops_the_open_goals_first_in_the_order_they_were_set():
    """Open goals are dropped on the day coaching ends; closed goals stay as they were."""
    history = [
        *scouting(),
        event(GoalSet, goal_id="b"),
        event(GoalSet, goal_id="a"),
        event(GoalSet, goal_id="c"),
        event(GoalAchieved, goal_id="a"),
    ]
    first, second, end = when(given(*history), command(EndCoaching))
    assert [first, second] == [
        GoalDropped(youth_id=YOUTH, goal_id=goal, reason="begeleiding_afgesloten", dropped_on=TODAY)
        for goal in ("b", "c")
    ]
    assert end == CoachingEnded(
        youth_id=YOUTH, reason="doel_bereikt", destination="werk", ended_on=TODAY
    )
    after = given(*history, first, second, end)
    assert after.open_goals == ()
    assert [status for _, _, status, _ in after.goals] == ["vervallen", "behaald", "vervallen"]
    assert (after.status, after.active, after.coaches, after.phase) == (
        "afgesloten",
        False,
        (),
        None,
    )
    assert (after.last_phase, after.ended_on, after.end_reason, after.destination) == (
        "scout",
        TODAY,
        "doel_bereikt",
        "werk",
    )


def test_the_end_without_open_goals_is_the_end_alone():
    """Nothing to drop: only `CoachingEnded`."""
    [end] = when(given(*coached()), command(EndCoaching))
    assert isinstance(end, CoachingEnded)


def test_the_end_cannot_precede_the_current_phase():
    """Ended before the current phase began is refused on ended_on."""
    state = given(*coached(), entered("scout", None).model_copy(update={"started_on": LATER}))
    error = refusal(state, command(EndCoaching, ended_on=LATER - DAY))
    assert error.field == "ended_on"
    assert "vóór het begin van de huidige fase" in error.nl


def test_the_end_cannot_precede_the_coaching():
    """Ended before the coaching started is refused on ended_on."""
    error = refusal(given(*coached()), command(EndCoaching, ended_on=START - DAY))
    assert error.field == "ended_on"
    assert "vóór het begin van de begeleiding" in error.nl


def test_the_end_cannot_precede_the_latest_assignment():
    """Ended before the latest coach was assigned is refused on ended_on."""
    history = [*coached(), event(CoachAssigned, coach_id=KLANTMANAGER, kind="klantmanager")]
    state = given(*history[:1], history[1].model_copy(update={"from_on": LATER}))
    error = refusal(state, command(EndCoaching, ended_on=LATER - DAY))
    assert error.field == "ended_on"
    assert "vóór de toewijzing van de laatste coach" in error.nl


def test_the_end_cannot_precede_an_open_goal():
    """The goals it drops would be dropped before they were set: refused on ended_on."""
    state = given(*coached(), event(GoalSet, set_on=LATER))
    error = refusal(state, command(EndCoaching, ended_on=LATER - DAY))
    assert error.field == "ended_on"
    assert "vóór het stellen van een open doel" in error.nl
    assert_quiet(error)
