"""Housing's legal basis follows the young person's age, as intake's and coaching's do (issue 19).

Housing support below 18, and up to 23 in extended youth care, rests on the Jeugdwet, by the
band housing learnt from intake's topic; otherwise the Wmo 2015 (shelter, protected living) or
the Participatiewet (the woontoelage). Before this, a 17-year-old's shelter was `wmo`.
"""

from __future__ import annotations

import pytest

from services.housing.classification import extensions_for, published_extensions
from services.housing.domain.model import Housing
from services.housing.handlers import PIPELINE
from shared.tenancy import Registration

SHELTER = "nl.regie.housing.shelter-admitted"
ALLOWANCE = "nl.regie.housing.housing-allowance-granted"
ADULT = {SHELTER: "wmo", ALLOWANCE: "pw"}


@pytest.mark.parametrize("type_name", [SHELTER, ALLOWANCE])
@pytest.mark.parametrize(
    ("age_band", "extended", "youth_act"),
    [
        ("16-17", False, True),
        ("18-22", True, True),
        ("18-22", False, False),
        ("23-27", True, False),  # extended youth care ends at 23
        (None, False, False),  # no band heard from intake: the adult law, as before
    ],
)
def test_the_basis_is_the_jeugdwet_by_the_age_else_the_adult_law_of_the_kind(
    type_name, age_band, extended, youth_act
):
    """Below 18 or in extended youth care `jw`, whatever the kind; otherwise wmo or pw."""
    found = extensions_for(type_name, age_band=age_band, youth_care_extended=extended)
    assert found["grondslag"] == ("jw" if youth_act else ADULT[type_name])
    assert (found["leefgebied"], found["vertrouwelijkheid"]) == ("wonen", "vertrouwelijk")


def test_the_catalogue_states_both_bases_of_a_type():
    """Published for integrators: the adult law, or `jw` by the age."""
    stated = published_extensions(SHELTER)["grondslag"]
    assert set(stated.values) == {"wmo", "jw"}


def test_the_state_learns_the_age_from_intakes_registration_only_when_decided():
    """What the registry learnt joins the folded state; nothing learnt leaves it as folded."""
    assert PIPELINE.learnt is not None
    learnt = PIPELINE.learnt(Housing(), Registration("0518", None, "16-17"))
    assert (learnt.age_band, learnt.youth_care_extended) == ("16-17", False)
    extended = PIPELINE.learnt(
        Housing(), Registration("0518", None, "18-22", youth_care_extended=True)
    )
    assert (extended.age_band, extended.youth_care_extended) == ("18-22", True)
    assert PIPELINE.learnt(Housing(), None) == Housing()
