"""Maatwerk's deviation is the regisseur's free text about a case: sealed from version 2."""

from __future__ import annotations

import uuid

from services.intake.domain.events import CATALOGUE, CustomisationApplied
from shared.event_contracts.released import released_contracts
from shared.personal_data import personal_fields

Y = uuid.UUID("00000000-0000-4000-8000-0000000000c3")
APPLIED = "nl.regie.intake.customisation-applied"


def test_the_deviation_is_sealed_free_text_and_the_rule_a_clear_code():
    """Version 2 seals it beside the rationale; the rule deviated from stays a code in clear."""
    fields = personal_fields(CustomisationApplied)
    assert CustomisationApplied.schema_version == 2
    assert (fields["deviation"].category, fields["rationale"].category) == ("FT", "FT")
    assert "rule" not in fields


def test_a_version_1_customisation_reads_without_its_clear_deviation_everywhere():
    """The producer and every consumer (the released snapshots) drop the old clear text alike."""
    v1 = {
        "youth_id": str(Y), "rule": "kostendelersnorm", "deviation": "Sam zes maanden bij tante",
        "rationale": "enc:v1:00000000-0000-4000-8000-0000000000aa:d2h5", "applied_on": "2026-04-01",
    }  # fmt: skip
    from_code = CATALOGUE.current(APPLIED, 1, v1)[1]
    assert released_contracts().upcasters.upcast(APPLIED, 1, v1) == (2, from_code)
    assert "deviation" not in from_code
    assert from_code == {k: v for k, v in v1.items() if k != "deviation"}
