"""Given events, when a command, then events (or a refusal): intake's registration rules."""

from __future__ import annotations

import uuid
from datetime import date

import pytest

from services.intake.domain.commands import RegisterYouth
from services.intake.domain.events import YouthRegistered
from services.intake.domain.model import (
    AlreadyDoneError,
    RuleViolationError,
    Youth,
    age_band,
    age_on,
    decide_register,
    evolve,
)

TODAY = date(2026, 11, 22)


def command(born: date) -> RegisterYouth:
    return RegisterYouth(
        youth_id=uuid.uuid4(),
        gemeentecode="0518",
        programma="jpf",
        full_name="Sam",
        date_of_birth=born,
    )


@pytest.mark.parametrize(
    ("born", "band"),
    [
        (date(2010, 11, 22), "16-17"),  # 16 today
        (date(2008, 11, 23), "16-17"),  # 17, turns 18 tomorrow
        (date(2004, 1, 1), "18-22"),
        (date(1999, 11, 22), "23-27"),  # 27 today
    ],
)
def test_registration_from_16_to_27_records_the_age_band(born, band):
    """The edges count: 16 on the day and 27 up to the day before turning 28."""
    [event] = decide_register(Youth(), command(born), TODAY)
    assert isinstance(event, YouthRegistered)
    assert event.age_band == band
    assert event.registered_on == TODAY


@pytest.mark.parametrize("born", [date(2010, 11, 23), date(1998, 11, 22)])
def test_registration_outside_16_to_27_is_refused_on_date_of_birth(born):
    """15 (one day short of 16) and 28 are refused, naming the field."""
    with pytest.raises(RuleViolationError) as refused:
        decide_register(Youth(), command(born), TODAY)
    assert refused.value.field == "date_of_birth"


def test_birth_date_in_the_future_is_refused():
    """A fact cannot lie in the future."""
    with pytest.raises(RuleViolationError, match="toekomst"):
        decide_register(Youth(), command(date(2030, 1, 1)), TODAY)


def test_registering_twice_is_refused():
    """Once registered, a second registration is a conflict, not a second fact."""
    [event] = decide_register(Youth(), command(date(2004, 1, 1)), TODAY)
    state = evolve(Youth(), event)
    with pytest.raises(AlreadyDoneError):
        decide_register(state, command(date(2004, 1, 1)), TODAY)


def test_age_counts_completed_years():
    """A birthday not yet reached this year does not count."""
    assert age_on(date(2000, 12, 1), TODAY) == 25
    assert age_on(date(2000, 11, 22), TODAY) == 26
    assert age_band(17) == "16-17"
    assert age_band(22) == "18-22"
    assert age_band(23) == "23-27"
