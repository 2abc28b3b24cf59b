"""Rode loper's start (what an enrolment asks for): scout with or without a coach."""

from __future__ import annotations

from datetime import timedelta

import pytest

from services.coaching.domain.commands import AssignCoach, OpenRodeLoper, StartPhase
from services.coaching.domain.events import CoachAssigned, CoachingPhaseStarted
from services.coaching.domain.model import AlreadyDoneError, Coaching
from tests.unit.coaching.givens import (
    START,
    TODAY,
    TOMORROW,
    YOUTH,
    coached,
    ended,
    event,
    given,
    refusal,
    scanning,
    when,
)


def open_rode_loper(**overrides) -> OpenRodeLoper:
    return OpenRodeLoper(youth_id=YOUTH, **({"started_on": TODAY} | overrides))


def test_without_coaching_it_opens_a_period_in_scout_awaiting_a_coach():
    """No coach yet: scout starts, coaching is open, and it waits for a Rode loper coach."""
    produced = when(Coaching(), open_rode_loper())
    assert produced == [
        CoachingPhaseStarted(youth_id=YOUTH, phase="scout", started_on=TODAY, previous_phase=None)
    ]
    state = given(*produced)
    assert (state.status, state.phase, state.started_on, state.coaches) == (
        "actief",
        "scout",
        TODAY,
        (),
    )
    assert state.awaiting_coach


def test_assigning_the_rode_loper_coach_later_fills_the_wait_and_the_scan_needs_it():
    """The scan phase is refused until the coach is there; then it is heard."""
    state = given(*when(Coaching(), open_rode_loper(started_on=START)))
    scan = StartPhase(youth_id=YOUTH, phase="scan", started_on=TODAY)
    assert "Rode loper-coach" in str(refusal(state, scan))
    assigned = when(
        state, AssignCoach(youth_id=YOUTH, coach_id="c1", kind="rodeloper_coach", from_on=TODAY)
    )
    state = given(*when(Coaching(), open_rode_loper(started_on=START)), *assigned)
    assert not state.awaiting_coach
    assert state.phase == "scout"
    assert [type(e) for e in when(state, scan)] == [CoachingPhaseStarted]


def test_another_kind_of_coach_does_not_end_the_wait():
    """Only a Rode loper coach fills it: a klantmanager joins, the wait stays."""
    opened = when(Coaching(), open_rode_loper(started_on=START))
    state = given(*opened, event(CoachAssigned, kind="klantmanager", coach_id="km", from_on=TODAY))
    assert state.awaiting_coach


def test_with_open_coaching_and_no_phase_scout_starts_in_that_period():
    """A coach assigned before: scout starts in the same period, not awaiting anyone."""
    produced = when(given(*coached()), open_rode_loper())
    assert [(e.phase, e.previous_phase) for e in produced] == [("scout", None)]
    state = given(*coached(), *produced)
    assert (state.started_on, state.awaiting_coach) == (START, False)


def test_rode_loper_already_running_is_already_done():
    """A second enrolment trigger, or one in a later phase, adds nothing."""
    with pytest.raises(AlreadyDoneError):
        when(given(*when(Coaching(), open_rode_loper())), open_rode_loper())
    with pytest.raises(AlreadyDoneError):
        when(given(*scanning()), open_rode_loper())


def test_a_new_period_after_the_end_starts_afresh_and_not_before_it():
    """After an end: a new period in scout; dated before the end, refused on the field."""
    state = given(*ended())
    produced = when(state, open_rode_loper())
    after = given(*ended(), *produced)
    assert (after.status, after.phase, after.ended_on, after.end_reason) == (
        "actief",
        "scout",
        None,
        None,
    )
    early = refusal(state, open_rode_loper(started_on=START - timedelta(days=1)))
    assert early.field == "started_on"


def test_the_start_cannot_lie_ahead():
    """Tomorrow's start is refused: facts lie today or earlier."""
    assert refusal(Coaching(), open_rode_loper(started_on=TOMORROW)).field == "started_on"
