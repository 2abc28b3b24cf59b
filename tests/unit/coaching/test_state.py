"""Folding events into the coaching state: periods, coaches, phases and goals the views rely on."""

from __future__ import annotations

from datetime import timedelta

import pytest

from services.coaching.domain.events import (
    CATALOGUE,
    CareReferred,
    CoachAssigned,
    CoachingEnded,
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
from services.coaching.domain.model import EVOLVERS, Coaching, evolve
from services.coaching.domain.rules import DECIDERS
from shared.events import DomainEvent
from shared.integrity import IntegrityEvents
from tests.unit.coaching.givens import (
    COACH,
    GOAL,
    KLANTMANAGER,
    OTHER_COACH,
    START,
    borging,
    coached,
    ended,
    entered,
    event,
    given,
    matched,
    matching,
    scanned,
    scanning,
    scouting,
    with_goal,
)

DAY = timedelta(days=1)


def test_every_event_of_the_catalogue_folds_and_every_command_has_rules():
    """The registries cover the published contract: 17 events, 18 commands."""
    # The integrity events live in the service's own integrity stream, never a young person's.
    assert set(EVOLVERS) == {e for e in CATALOGUE if not issubclass(e, IntegrityEvents)}
    assert len(DECIDERS) == 18


def test_nothing_known_is_status_onbekend():
    """The empty state knows no coach, no phase, no goal."""
    state = Coaching()
    assert (state.status, state.active, state.coaches, state.phase) == ("onbekend", False, (), None)
    assert (state.goals, state.open_goals, state.coach_of("rodeloper_coach")) == ((), (), None)


@pytest.mark.parametrize(
    ("history", "status"),
    [
        (coached(), "actief"),
        (borging(), "actief"),
        (ended(), "afgesloten"),
        ([*ended(), event(CoachAssigned, kind="klantmanager")], "actief"),
        ([*ended(), event(CoachAssigned), event(CoachingEnded)], "afgesloten"),
    ],
    ids=["coached", "borg", "ended", "coached again", "ended again"],
)
def test_status_follows_the_facts(history, status):
    """Open coaching is actief; ended and not reopened is afgesloten."""
    assert given(*history).status == status


def test_coaches_are_one_per_kind():
    """A coach of a new kind joins; a coach of a kind that has one takes its place."""
    state = given(
        *coached(),
        event(CoachAssigned, coach_id=KLANTMANAGER, kind="klantmanager"),
        event(CoachAssigned, coach_id=OTHER_COACH, from_on=START + DAY, previous_coach_id=COACH),
    )
    assert state.coaches == (
        ("rodeloper_coach", OTHER_COACH, START + DAY),
        ("klantmanager", KLANTMANAGER, START),
    )
    assert (state.coach_of("rodeloper_coach"), state.coach_of("klantmanager")) == (
        OTHER_COACH,
        KLANTMANAGER,
    )
    assert state.coach_of("trajectbegeleider") is None
    assert state.started_on == START  # the first assignment of the period


@pytest.mark.parametrize(
    ("history", "phase", "scan", "match"),
    [
        (coached(), None, False, False),
        (scouting(), "scout", False, False),
        (scanning(), "scan", False, False),
        (scanned(), "scan", True, False),
        (matching(), "match", True, False),
        (matched(), "match", True, True),
        (borging(), "borg", True, True),
    ],
    ids=["coached", "scout", "scan", "scanned", "match", "matched", "borg"],
)
def test_the_phase_and_its_flags_follow_the_facts(history, phase, scan, match):
    """The phase, since when, and whether the scan and the match were done."""
    state = given(*history)
    assert (state.phase, state.scan_completed, state.match_made) == (phase, scan, match)
    assert state.last_phase == phase
    assert state.phase_since == (None if phase is None else START)


@pytest.mark.parametrize(
    ("returns_to", "scan", "match"),
    [("scout", False, False), ("scan", False, False), ("match", True, False)],
)
def test_a_return_undoes_the_phase_entered_and_those_after_it(returns_to, scan, match):
    """Back to scout or scan: scan and match again; back to match: a new match only."""
    back = entered(returns_to, "borg").model_copy(update={"after_relapse": True})
    relapse = event(RelapseSignalled, phase="borg", returns_to=returns_to)
    state = given(*borging(), relapse, back)
    assert (state.phase, state.scan_completed, state.match_made) == (returns_to, scan, match)
    assert state.relapses == 1


def test_a_relapse_alone_keeps_the_phase_and_counts():
    """Without a return the phase and its flags stay; relapses count over all periods."""
    state = given(
        *matched(),
        event(RelapseSignalled, phase="match"),
        event(RelapseSignalled, phase="match"),
        event(CoachingEnded),
        event(CoachAssigned),
        event(RelapseSignalled),
    )
    assert state.relapses == 3
    mid = given(*matched(), event(RelapseSignalled, phase="match"))
    assert (mid.phase, mid.scan_completed, mid.match_made) == ("match", True, True)


def test_the_end_closes_the_period_and_keeps_the_last_phase():
    """No coach and no phase after the end; the phase it ended in and why are kept."""
    state = given(
        *matched(), event(CoachingEnded, reason="verhuisd", destination="opleiding", ended_on=START)
    )
    assert (state.active, state.coaches, state.phase, state.phase_since) == (
        False,
        (),
        None,
        None,
    )
    assert (state.last_phase, state.ended_on, state.end_reason, state.destination) == (
        "match",
        START,
        "verhuisd",
        "opleiding",
    )
    assert state.coach_of("rodeloper_coach") is None


def test_goals_are_closed_on_the_end_by_their_drops():
    """The drops before the end leave no goal open; achieved goals stay achieved."""
    state = given(
        *with_goal(),
        event(GoalSet, goal_id="doel-2", leefgebied="werk"),
        event(GoalAchieved, goal_id="doel-2"),
        event(GoalDropped, reason="begeleiding_afgesloten"),
        event(CoachingEnded),
    )
    assert state.goals == (
        (GOAL, "wonen", "vervallen", START),
        ("doel-2", "werk", "behaald", START),
    )
    assert state.open_goals == ()


def test_a_new_period_starts_afresh_but_keeps_the_history():
    """Phases, coaches and end fields start over; goals, counts and outcomes stay."""
    later = START + 20 * DAY
    history = [
        *borging(),
        event(GoalSet),
        event(FutureConversationHeld),
        event(WorkStarted),
        event(GoalDropped, reason="begeleiding_afgesloten"),
        event(CoachingEnded),
        event(CoachAssigned, coach_id=KLANTMANAGER, kind="klantmanager", from_on=later),
    ]
    state = given(*history)
    assert (state.active, state.started_on, state.coaches) == (
        True,
        later,
        (("klantmanager", KLANTMANAGER, later),),
    )
    assert (state.phase, state.phase_since, state.last_phase) == (None, None, None)
    assert (state.scan_completed, state.match_made) == (False, False)
    assert (state.ended_on, state.end_reason, state.destination) == (None, None, None)
    assert state.goals == ((GOAL, "wonen", "vervallen", START),)
    assert (state.conversations, state.perspective, state.work_started_on) == (
        1,
        "opleiding",
        START,
    )


def test_conversations_count_and_the_last_perspective_holds():
    """Each toekomstgesprek counts; the perspective is that of the last one."""
    state = given(
        *coached(),
        event(FutureConversationHeld, perspective="werk"),
        event(FutureConversationHeld, perspective="zorg"),
    )
    assert (state.conversations, state.perspective) == (2, "zorg")


@pytest.mark.parametrize(
    ("cls", "date_field", "state_field"),
    [
        (EducationStarted, "started_on", "education_started_on"),
        (WorkStarted, "started_on", "work_started_on"),
        (DaytimeActivityStarted, "started_on", "daytime_activity_started_on"),
        (CareReferred, "referred_on", "care_referred_on"),
    ],
    ids=["education", "work", "dagbesteding", "care"],
)
def test_outcomes_keep_the_latest_day(cls, date_field, state_field):
    """The latest day is kept, whatever order the facts were recorded in."""
    state = given(
        *coached(),
        event(cls, **{date_field: START + 5 * DAY}),
        event(cls, **{date_field: START + 2 * DAY}),
    )
    assert getattr(state, state_field) == START + 5 * DAY


@pytest.mark.parametrize("cls", [GoalAchieved, GoalDropped], ids=lambda c: c.__name__)
def test_closing_a_goal_that_is_not_open_changes_nothing(cls):
    """An unknown goal, or one already closed, stays as it is."""
    state = given(*with_goal())
    assert evolve(state, event(cls, goal_id="onbekend")) == state
    closed = given(*with_goal(), event(GoalAchieved))
    assert evolve(closed, event(cls)) == closed


def test_the_scan_and_the_match_set_their_flags():
    """Folded on their own, as a projection might replay them."""
    state = given(*coached(), event(TalentScanCompleted), event(MatchMade))
    assert (state.scan_completed, state.match_made) == (True, True)


def test_an_event_of_another_domain_changes_nothing():
    """Coaching folds only its own events."""

    class Elsewhere(DomainEvent):
        name = "elsewhere"

    state = given(*borging())
    assert evolve(state, Elsewhere()) == state


def test_the_state_is_a_hashable_value():
    """Frozen and hashable: equal histories fold into equal, equally hashed states."""
    assert hash(given(*ended())) == hash(given(*ended()))
    assert given(*borging()) == given(*borging())
    with pytest.raises(AttributeError):
        given(*coached()).active = False  # type: ignore[misc]
