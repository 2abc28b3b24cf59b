"""Mijn verzoeken in plain words: what the form refuses, how a request reads, my data."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from services.timeline.web.mijn.data_words import EXPLANATION, document, entries
from services.timeline.web.mijn.request_words import SAY_WHAT, problem, shown


@pytest.mark.parametrize(
    ("kind", "text", "expected"),
    [
        ("correctie", "Mijn adres klopt niet.", None),
        ("verwijdering", "", None),  # a reason is optional for an erasure
        ("correctie", "  ", ("tekst", SAY_WHAT)),
        ("inzage", "x", ("soort", "Kies wat je wilt vragen.")),
        (
            "correctie",
            "x" * 5001,
            ("tekst", "Je tekst is te lang. Houd het korter dan 5000 tekens."),
        ),
    ],
)
def test_the_form_names_the_field_at_fault(kind, text, expected):
    """Only the kinds on the page; a correction says what is wrong; never too long."""
    assert problem(kind, text) == expected


def test_a_late_request_says_so_and_an_answered_one_gives_the_answer():
    """Late: where to turn; answered: the outcome in words and the officer's note."""
    late = shown({"kind": "verwijdering", "state": "te_laat", "made_on": "2026-05-04",
                  "due_on": "2026-06-04"})  # fmt: skip
    done = shown({"kind": "correctie", "state": "afgehandeld", "outcome": "deels_toegewezen",
                  "note": "Adres aangepast.", "text": "Fout adres"})  # fmt: skip

    assert (late.kind, late.late, late.due_on) == ("Je gegevens wissen", True, date(2026, 6, 4))
    assert "Autoriteit Persoonsgegevens" in late.state
    assert (done.answer, done.note, done.state) == (
        "We hebben een deel gedaan van wat je vroeg.", "Adres aangepast.", ""
    )  # fmt: skip
    assert shown({"kind": "iets", "made_on": "gisteren"}).kind == "Een verzoek"


def test_my_data_reads_per_fact_with_erased_fields_as_erased_and_no_youth_id():
    """A headline where the timeline has one, the day, who by role, and every other field."""
    events = [
        {"type": "nl.regie.intake.programme-enrolled", "recorded_at": "2026-03-02T09:30:00+00:00",
         "recorded_by_role": "intake", "erased": [],
         "data": {"youth_id": "y-1", "programma": "jpf", "start_on": "2026-03-02"}},
        {"type": "nl.regie.debts.debt-recorded", "recorded_at": "2026-03-05T12:00:00+00:00",
         "recorded_by_role": "systeem", "erased": ["creditor_name"],
         "data": {"creditor_name": "gegevens vernietigd", "amount": 1234, "crisis": False,
                  "parts": [1, 2]}},
    ]  # fmt: skip

    enrolled, debt = entries(events)

    assert enrolled.title.startswith("Gestart in")
    assert (enrolled.when, enrolled.who) == (
        "2 maart 2026, 10:30",
        "Een medewerker van de aanmelding",
    )
    assert [f.name for f in enrolled.fields] == ["programma", "start_on"]
    assert debt.title == "Debt recorded"
    assert debt.who == "Het systeem zelf"
    assert [(f.name, f.value, f.erased) for f in debt.fields] == [
        ("creditor_name", "Gewist", True), ("amount", "1234", False), ("crisis", "nee", False),
        ("parts", "[1, 2]", False),
    ]  # fmt: skip
    made = datetime(2026, 3, 6, 8, 0, tzinfo=UTC)
    file = document("y-1", made, {"debts": events[1:]}, ["income"])
    assert (file["jongere"], file["gemaakt_op"], file["niet_opgehaald"]) == (
        "y-1", "2026-03-06T08:00:00+00:00", ["income"])  # fmt: skip
    assert file["diensten"]["debts"][0]["data"]["amount"] == 1234
    assert file["uitleg"] == EXPLANATION
