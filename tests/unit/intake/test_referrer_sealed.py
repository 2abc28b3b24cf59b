"""A referral never tells every subscriber of justice contact (AVG art. 10).

`politie_veiligheidshuis` next to the young person's id is criminal-law data: version 2 of
`youth-referred` says `overig` in clear and seals the exact referrer.
"""

from __future__ import annotations

import uuid
from typing import get_args

import pytest

from services.intake.domain.commands import ReferYouth
from services.intake.domain.events import CATALOGUE, YouthReferred
from services.intake.domain.vocabulary import ClearReferrerType, ReferrerType
from services.timeline.read_model.vocabularies import REFERRERS
from shared.event_contracts.released import released_contracts
from shared.personal_data import personal_fields
from tests.unit.intake.givens import command, given, when

REFERRED = "nl.regie.intake.youth-referred"


@pytest.mark.parametrize(
    ("referrer", "in_clear"),
    [("politie_veiligheidshuis", "overig"), ("wijkteam", "wijkteam"), ("overig", "overig")],
)
def test_the_exact_referrer_is_sealed_and_justice_contact_reads_as_another_partner(
    referrer, in_clear
):
    """Every referral seals its referrer, so its presence gives nothing away."""
    youth_id = uuid.uuid4()
    [referred] = when(given(), command(ReferYouth, youth_id, referrer_type=referrer))
    assert isinstance(referred, YouthReferred)
    assert (referred.referrer_type, referred.referrer) == (in_clear, referrer)
    assert personal_fields(YouthReferred)["referrer"].category == "SPD"
    assert "referrer_type" not in personal_fields(YouthReferred)


def test_no_clear_referrer_code_tells_of_justice_contact():
    """The clear codes are the referrers less the police and the Veiligheidshuis."""
    assert set(get_args(ClearReferrerType)) == set(get_args(ReferrerType)) - {
        "politie_veiligheidshuis"
    }


def test_a_version_1_referral_by_the_police_reads_as_another_partner_everywhere():
    """Old events upcast alike in the producer and in every consumer (the snapshots)."""
    v1 = {
        "youth_id": str(uuid.uuid4()), "referrer_type": "politie_veiligheidshuis",
        "programma": "rodeloper", "leefgebieden": ["werk"], "crisis": False,
        "received_on": "2026-02-23", "reason": None,
    }  # fmt: skip
    from_code = CATALOGUE.current(REFERRED, 1, v1)[1]
    assert released_contracts().upcasters.upcast(REFERRED, 1, v1) == (3, from_code)
    read = YouthReferred.model_validate(from_code)
    assert (read.referrer_type, read.referrer) == ("overig", None)


def test_the_timeline_labels_every_clear_referrer():
    """`Aangemeld door een andere partner`, never an unlabelled code."""
    assert set(get_args(ClearReferrerType)) <= REFERRERS.keys()
