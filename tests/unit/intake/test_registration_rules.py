"""Given events, when a command, then events (or a refusal): referral and registration."""

from __future__ import annotations

import uuid
from datetime import date

import pytest

from services.intake.domain.commands import EraseYouth, ReferYouth, RegisterYouth
from services.intake.domain.events import PersonalDataErased, YouthReferred, YouthRegistered
from services.intake.domain.model import (
    MAX_AGE,
    MIN_AGE,
    AlreadyDoneError,
    ErasedError,
    RuleViolationError,
    Youth,
    age_band,
    age_on,
)
from tests.unit.intake.givens import TODAY, born_aged, command, event, given, when

DASH = "\N{EN DASH}"


def register(born: date, programma: str = "regulier", **overrides) -> RegisterYouth:
    return command(
        RegisterYouth, uuid.uuid4(), date_of_birth=born, programma=programma, **overrides
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
    [registered] = when(Youth(), register(born))
    assert isinstance(registered, YouthRegistered)
    assert registered.age_band == band
    assert registered.registered_on == TODAY


def test_registration_carries_the_command_and_its_contact_details():
    """Name, birth date, phone and e-mail go into the event, to be sealed by the handler."""
    cmd = register(date(2004, 1, 1), "jpf", phone="0612345678", email="sam@example.nl")
    [registered] = when(Youth(), cmd)
    assert registered == YouthRegistered(
        youth_id=cmd.youth_id,
        programma="jpf",
        full_name="Sam de Vries",
        date_of_birth=date(2004, 1, 1),
        age_band="18-22",
        registered_on=TODAY,
        phone="0612345678",
        email="sam@example.nl",
    )


@pytest.mark.parametrize(("born", "age"), [(date(2010, 11, 23), 15), (date(1998, 11, 22), 28)])
def test_registration_outside_16_to_27_is_refused_on_date_of_birth(born, age):
    """15 (one day short of 16) and 28 are refused, naming the field and the age."""
    with pytest.raises(RuleViolationError) as refused:
        when(Youth(), register(born))
    assert refused.value.field == "date_of_birth"
    assert str(refused.value) == f"Leeftijd {age}: inschrijving kan van 16 tot en met 27 jaar"
    assert refused.value.en == f"Age {age}: registration is open from 16 up to and including 27"
    assert (MIN_AGE, MAX_AGE) == (16, 27)


@pytest.mark.parametrize(
    ("programma", "age", "span"),
    [("jpf", 17, f"18{DASH}27"), ("dtj", 17, f"18{DASH}27")],
)
def test_registration_outside_the_programmes_ages_is_refused(programma, age, span):
    """Within 16 to 27 but outside the programme's own range (jpf and dtj 18-27) is refused."""
    with pytest.raises(RuleViolationError) as refused:
        when(Youth(), register(born_aged(age), programma))
    assert refused.value.field == "date_of_birth"
    assert refused.value.nl == f"Leeftijd {age} valt buiten het programma {programma} ({span})"
    assert refused.value.en == f"Age {age} is outside programme {programma} ({span})"


@pytest.mark.parametrize(("programma", "age"), [("jpf", 18), ("jpf", 27), ("dtj", 24), ("dtj", 27)])
def test_registration_at_the_edges_of_a_programmes_ages_is_accepted(programma, age):
    """The programme's limits are inclusive."""
    [registered] = when(Youth(), register(born_aged(age), programma))
    assert registered.programma == programma


def test_birth_date_in_the_future_is_refused():
    """A fact cannot lie in the future."""
    with pytest.raises(RuleViolationError, match="toekomst") as refused:
        when(Youth(), register(date(2030, 1, 1)))
    assert refused.value.field == "date_of_birth"


def test_registering_twice_is_refused():
    """Once registered, a second registration is a conflict, not a second fact."""
    state = given(event(YouthRegistered, uuid.uuid4()))
    with pytest.raises(AlreadyDoneError) as refused:
        when(state, register(date(2004, 1, 1)))
    assert refused.value.nl == "Deze jongere is al ingeschreven"
    assert refused.value.en == "This young person is already registered"


def test_registration_after_a_referral_is_accepted():
    """A referral comes first, then the registration."""
    youth_id = uuid.uuid4()
    state = given(event(YouthReferred, youth_id))
    [registered] = when(state, command(RegisterYouth, youth_id))
    assert isinstance(registered, YouthRegistered)


def test_registering_an_erased_young_person_is_refused():
    """After erasure nothing new is recorded about the person, not even a new registration."""
    youth_id = uuid.uuid4()
    state = given(event(YouthReferred, youth_id), event(PersonalDataErased, youth_id))
    with pytest.raises(ErasedError):
        when(state, command(RegisterYouth, youth_id))


@pytest.mark.parametrize("history", ["unknown", "referred", "registered"])
def test_a_referral_is_accepted_for_an_unknown_or_known_young_person(history):
    """Anyone may be referred, again too, as long as their data was not erased."""
    youth_id = uuid.uuid4()
    before = {
        "unknown": [],
        "referred": [event(YouthReferred, youth_id)],
        "registered": [event(YouthRegistered, youth_id)],
    }[history]
    cmd = command(ReferYouth, youth_id, crisis=True, reason="Dreigende huisuitzetting")
    [referred] = when(given(*before), cmd)
    assert referred == YouthReferred(
        youth_id=youth_id,
        referrer_type="wijkteam",
        referrer="wijkteam",
        programma="jpf",
        leefgebieden=["financien"],
        crisis=True,
        received_on=TODAY,
        reason="Dreigende huisuitzetting",
    )


def test_erasing_a_referred_young_person_is_accepted():
    """A referral alone already holds personal data (the reason), so it can be erased."""
    youth_id = uuid.uuid4()
    [erased] = when(given(event(YouthReferred, youth_id)), command(EraseYouth, youth_id))
    assert erased == PersonalDataErased(youth_id=youth_id, reason="verzoek_art17", erased_on=TODAY)


def test_age_counts_completed_years():
    """A birthday not yet reached this year does not count."""
    assert age_on(date(2000, 12, 1), TODAY) == 25
    assert age_on(date(2000, 11, 22), TODAY) == 26
    assert age_band(17) == "16-17"
    assert age_band(18) == "18-22"
    assert age_band(22) == "18-22"
    assert age_band(23) == "23-27"
