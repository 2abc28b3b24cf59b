"""Mijn toestemming's confirmation step says what a change does, in plain words (B1)."""

from __future__ import annotations

from services.timeline.web.mijn.consent_words import PURPOSES, changes, listed


def test_a_change_says_what_is_given_and_what_is_withdrawn_with_the_domains_named():
    said = changes("tijdlijn_delen", {"werk"}, {"wonen", "financien"})

    assert said == [
        "Je jongerenregisseur ziet vanaf nu wat er gebeurt bij: Werk.",
        (
            "Je jongerenregisseur ziet vanaf nu niet meer wat er gebeurt bij: Geld en Wonen. Wat"
            " medewerkers daar opschrijven zolang jij nee zegt, blijft voor je regisseur"
            " verborgen, ook als je later weer ja zegt."
        ),
    ]
    assert changes("netwerk_betrekken", set(), set()) == []


def test_domains_are_listed_in_the_pages_order_and_every_purpose_is_explained():
    assert listed({"justitie", "financien", "wonen"}) == "Geld, Wonen en Politie en justitie"
    assert set(PURPOSES) == {"tijdlijn_delen", "gegevens_uitwisselen", "netwerk_betrekken"}
    assert all("{domains}" in p.give and "{domains}" in p.withdraw for p in PURPOSES.values())
