"""Mijn tijdlijn's details per line: the fields sealed for everyone else, opened (issue 23)."""

from __future__ import annotations

from services.timeline.web.mijn.data_words import ERASED_WORD, Field, sealed_details

REGISTERED = {
    "id": "7f0c6c1e-0000-4000-8000-000000000001",
    "type": "nl.regie.intake.youth-registered",
    "data": {"youth_id": "y-1", "gemeentecode": "0518", "full_name": "Noor", "phone": None,
             "date_of_birth": "2003-02-01"},
    "personal": ["date_of_birth", "full_name", "phone", "youth_id"],
    "erased": [],
}  # fmt: skip
DEBT = {
    "id": "7f0c6c1e-0000-4000-8000-000000000002",
    "type": "nl.regie.debts.debt-recorded",
    "data": {"creditor_type": "overig", "creditor_name": "gegevens vernietigd", "amount": 1234},
    "personal": ["amount", "creditor_name"],
    "erased": ["creditor_name"],
}
NOTHING_SEALED = {"id": "7f0c6c1e-0000-4000-8000-000000000003", "data": {"x": 1}, "personal": []}


def test_each_line_gets_its_sealed_fields_opened_and_nothing_else():
    """Only personal fields with a value, never the youth id; an erased one reads as such."""
    details = sealed_details({"intake": [REGISTERED, NOTHING_SEALED], "debts": [DEBT]})

    assert details == {
        REGISTERED["id"]: (
            Field("date_of_birth", "2003-02-01", erased=False),
            Field("full_name", "Noor", erased=False),
        ),
        DEBT["id"]: (
            Field("amount", "1234", erased=False),
            Field("creditor_name", ERASED_WORD, erased=True),
        ),
    }


def test_an_answer_of_the_wrong_shape_gives_no_details():
    """A domain's odd answer costs its lines their details, never the page."""
    odd = {"id": "x", "data": "not a mapping", "personal": ["data"]}

    assert sealed_details({"intake": [odd, {"personal": ["a"], "data": {}}]}) == {}
