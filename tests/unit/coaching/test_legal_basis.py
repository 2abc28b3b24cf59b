"""Coaching's legal basis follows the young person's age, as intake's does (issue 19).

The Jeugdwet below 18 and up to 23 in extended youth care, by the band coaching learnt from
intake's topic; otherwise the Participatiewet, or the Wmo for dagbesteding and a care
referral. A young person of 16 in Rode loper gets `jw` from intake and coaching alike.
"""

from __future__ import annotations

import pytest

from services.coaching.classification import extensions_for
from services.coaching.domain.events import (
    CareReferred,
    CoachingPhaseStarted,
    DaytimeActivityStarted,
    WorkStarted,
)
from services.coaching.domain.model import Coaching
from services.coaching.handlers import PIPELINE
from services.intake.classification import grondslag as intake_grondslag
from shared.event_contracts.examples import example_data
from shared.tenancy import Registration

KINDS = [CoachingPhaseStarted, WorkStarted, DaytimeActivityStarted, CareReferred]
ADULT = {CoachingPhaseStarted: "pw", WorkStarted: "pw", DaytimeActivityStarted: "wmo",
         CareReferred: "wmo"}  # fmt: skip


def basis(kind, age_band, *, extended=False):
    event = kind.model_validate(example_data(kind))
    state = Coaching(age_band=age_band, youth_care_extended=extended)
    return extensions_for(event, state)["grondslag"]


@pytest.mark.parametrize("kind", KINDS)
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
    kind, age_band, extended, youth_act
):
    """Below 18 or in extended youth care `jw`, whatever the kind; otherwise pw or wmo."""
    expected = "jw" if youth_act else ADULT[kind]
    assert expected == basis(kind, age_band, extended=extended)


@pytest.mark.parametrize(
    ("age_band", "extended"),
    [("16-17", False), ("18-22", True), ("18-22", False), ("23-27", False)],
)
def test_a_rode_loper_youth_gets_the_same_basis_from_intake_and_coaching(age_band, extended):
    """The inconsistency the issue names: a 16-17-year-old in Rode loper was `pw` in coaching."""
    from_intake = intake_grondslag("rodeloper", age_band, youth_care_extended=extended)
    assert from_intake == basis(CoachingPhaseStarted, age_band, extended=extended)


def test_the_state_learns_the_age_from_intakes_registration_only_when_decided():
    """What the registry learnt joins the folded state; nothing learnt leaves it as folded."""
    assert PIPELINE.learnt is not None
    learnt = PIPELINE.learnt(Coaching(), Registration("0518", None, "16-17"))
    assert (learnt.age_band, learnt.youth_care_extended) == ("16-17", False)
    extended = PIPELINE.learnt(
        Coaching(), Registration("0518", None, "18-22", youth_care_extended=True)
    )
    assert (extended.age_band, extended.youth_care_extended) == ("18-22", True)
    assert PIPELINE.learnt(Coaching(), None) == Coaching()
