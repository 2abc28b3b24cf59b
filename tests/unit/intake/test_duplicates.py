"""No young person twice: what counts as the same name, and noting a possible duplicate."""

from __future__ import annotations

import uuid
from datetime import date

import pytest

from services.intake.domain.commands import DuplicateCandidate, NotePossibleDuplicates
from services.intake.domain.duplicates import (
    bsn_value,
    message,
    name_and_birth_date,
    normalised_name,
)
from services.intake.domain.events import PersonalDataErased, PossibleDuplicateFound
from services.intake.domain.model import ErasedError, UnknownYouthError, decide, evolve
from services.intake.domain.state import Youth
from tests.unit.intake.givens import TODAY, event

YOUTH = uuid.UUID("6f0b8c1e-3a52-4d7e-9b1a-2c4d5e6f7a8b")
OTHER = uuid.UUID("0c9e2b7a-5d41-4f3e-8a6b-1d2c3e4f5a6b")
REGISTERED = Youth(registered=True, programma="jpf", age_band="18-22")


@pytest.mark.parametrize(
    "written",
    [
        "Sam de Vries",
        "  sam   DE vries ",
        "Sám de Vriës",
        "SAM\tDE\u00a0VRIES",
        "de Vries, Sam",
        "Vries Sam de",
    ],
)
def test_spacing_case_accents_and_order_do_not_matter(written):
    """Each way of writing the name compares as the same name."""
    assert normalised_name(written) == "de sam vries"


def test_hyphens_and_apostrophes_are_word_breaks_and_compatibility_forms_fold():
    """'Jansen-de Vries' is 'Jansen de Vries'; a ligature or ß folds to its letters."""
    assert normalised_name("Jansen-de Vries") == normalised_name("jansen de  vries")
    assert normalised_name("Anne-Marie 't Hart") == normalised_name("anne marie t hart")
    assert normalised_name("Strauß") == normalised_name("STRAUSS")
    assert normalised_name("ﬁne") == "fine"


def test_different_names_stay_different():
    """Normalising never makes two different names one."""
    assert normalised_name("Sam de Vries") != normalised_name("Sam de Vriesch")
    assert normalised_name("Sam de Vries") != normalised_name("Sem de Vries")


def test_the_indexed_value_has_the_birth_date_and_the_kind_of_match():
    """The name with the ISO birth date; the HMAC's message names the kind, so kinds never meet."""
    value = name_and_birth_date(" SAM de  vries", date(2004, 3, 14))
    assert value == "de sam vries|2004-03-14"
    assert message("naam_geboortedatum", value) != message("bsn", value)
    assert bsn_value("999993653") == "999993653"


def note(*candidates: tuple[uuid.UUID, str]) -> NotePossibleDuplicates:
    return NotePossibleDuplicates(
        youth_id=YOUTH,
        candidates=[DuplicateCandidate(other_youth_id=o, matched_on=m) for o, m in candidates],  # type: ignore[arg-type]
    )


def test_a_match_is_noted_as_an_event_without_personal_data():
    """One event per match: the other young person's id, what matched, and the day."""
    events = decide(REGISTERED, note((OTHER, "naam_geboortedatum"), (OTHER, "bsn")), TODAY)
    assert events == [
        PossibleDuplicateFound(
            youth_id=YOUTH, other_youth_id=OTHER, matched_on="naam_geboortedatum", found_on=TODAY
        ),
        PossibleDuplicateFound(
            youth_id=YOUTH, other_youth_id=OTHER, matched_on="bsn", found_on=TODAY
        ),
    ]
    assert set(PossibleDuplicateFound.model_fields) == {
        "youth_id",
        "other_youth_id",
        "matched_on",
        "found_on",
    }


def test_a_match_noted_before_or_with_oneself_is_not_noted_again():
    """A retried registration notes nothing twice; the young person never matches themselves."""
    first = decide(REGISTERED, note((OTHER, "naam_geboortedatum")), TODAY)
    state = evolve(REGISTERED, first[0])
    assert state.possible_duplicates == {(str(OTHER), "naam_geboortedatum")}
    assert decide(state, note((OTHER, "naam_geboortedatum"), (YOUTH, "bsn")), TODAY) == []


def test_only_a_registered_and_not_erased_young_person_gets_a_note():
    """Before registration there is nothing to compare; after erasure nothing is noted."""
    with pytest.raises(UnknownYouthError):
        decide(Youth(), note((OTHER, "bsn")), TODAY)
    erased = evolve(REGISTERED, event(PersonalDataErased, YOUTH))
    with pytest.raises(ErasedError):
        decide(erased, note((OTHER, "bsn")), TODAY)
