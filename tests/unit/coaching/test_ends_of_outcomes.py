"""Coaching records the end of what it started: work ended, an education completed or left."""

from __future__ import annotations

from datetime import timedelta

import pytest

from services.coaching.domain.commands import (
    CompleteEducation,
    DropEducation,
    EndWork,
    StartEducation,
    StartWork,
)
from services.coaching.domain.events import (
    EducationCompleted,
    EducationDropped,
    EducationStarted,
    WorkEnded,
    WorkStarted,
)
from services.coaching.domain.model import NotCoachedError, RuleViolationError
from tests.unit.coaching.givens import (
    START,
    TODAY,
    YOUTH,
    coached,
    command,
    ended,
    event,
    given,
    refusal,
    studying,
    when,
    working,
)

DAY = timedelta(days=1)
ENDS = [
    (EndWork, "ended_on", "werk"),
    (CompleteEducation, "graduated_on", "opleiding"),
    (DropEducation, "left_on", "opleiding"),
]
IDS = ["work", "graduation", "drop-out"]


def test_work_ends_naming_the_kind_that_started():
    """The event carries the kind of the work going on, and the state no longer has work."""
    [ended_work] = when(given(*working()), command(EndWork))
    assert ended_work == WorkEnded(
        youth_id=YOUTH, kind="betaald_deeltijd", reason="contract_afgelopen", ended_on=TODAY
    )
    assert given(*working(), ended_work).work_kind is None


def test_an_education_is_completed_at_its_level():
    """With or without a diploma, at the level it started on; nothing is studied after it."""
    [done] = when(given(*studying()), command(CompleteEducation, diploma=False))
    assert done == EducationCompleted(
        youth_id=YOUTH, level="mbo1", diploma=False, graduated_on=TODAY
    )
    assert given(*studying(), done).education_level is None


def test_an_education_is_left_with_its_reason():
    """A drop-out names the level and why."""
    [left] = when(given(*studying()), command(DropEducation))
    assert left == EducationDropped(
        youth_id=YOUTH, level="mbo1", reason="werk_gevonden", left_on=TODAY
    )
    assert given(*studying(), left).education_level is None


@pytest.mark.parametrize(("cls", "field", "what"), ENDS, ids=IDS)
def test_what_did_not_start_cannot_end(cls, field, what):
    """Coached without work or education: there is nothing to end (422 on the date)."""
    error = refusal(given(*coached()), command(cls))
    assert isinstance(error, RuleViolationError)
    assert error.field == field
    assert f"Er is geen {what}" in error.nl
    assert "No " in error.en


@pytest.mark.parametrize(("cls", "field", "_what"), ENDS, ids=IDS)
def test_what_ended_cannot_end_again(cls, field, _what):
    """Once ended, the same end is refused: nothing goes on any more."""
    history = working() if cls is EndWork else studying()
    [first] = when(given(*history), command(cls))
    error = refusal(given(*history, first), command(cls))
    assert error.field == field


def test_an_education_completed_is_not_dropped_after():
    """Completed and dropped are two ends of one education: only one of them."""
    [done] = when(given(*studying()), command(CompleteEducation))
    assert refusal(given(*studying(), done), command(DropEducation)).field == "left_on"


@pytest.mark.parametrize(("cls", "field", "_what"), ENDS, ids=IDS)
def test_an_end_cannot_precede_the_start(cls, field, _what):
    """Work that started later cannot have ended before it started."""
    later = START + 5 * DAY
    history = (
        [*coached(), event(WorkStarted, started_on=later)]
        if cls is EndWork
        else [*coached(), event(EducationStarted, started_on=later)]
    )
    error = refusal(given(*history), command(cls, **{field: later - DAY}))
    assert error.field == field
    assert "vóór het begin van" in error.nl


def test_a_restart_can_end_again():
    """Work that ended and started again is going on: its end is heard."""
    [first_end] = when(given(*working()), command(EndWork))
    [again] = when(given(*working(), first_end), command(StartWork))
    [second_end] = when(given(*working(), first_end, again), command(EndWork))
    assert second_end.kind == "leerwerkbaan"
    [studied] = when(given(*coached()), command(StartEducation))
    assert when(given(*coached(), studied), command(DropEducation))


@pytest.mark.parametrize(("cls", "_field", "_what"), ENDS, ids=IDS)
def test_ends_need_open_coaching(cls, _field, _what):
    """After coaching ended there is nothing to record them in, as for every outcome."""
    assert isinstance(refusal(given(*ended()), command(cls)), NotCoachedError)
