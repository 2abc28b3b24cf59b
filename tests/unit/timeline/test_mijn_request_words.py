"""Mijn verzoeken in plain words: what the form refuses, and how a request reads."""

from __future__ import annotations

from datetime import date

import pytest

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
