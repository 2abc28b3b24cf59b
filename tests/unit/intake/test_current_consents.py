"""Mijn toestemming's read: the consents that hold today, per purpose (domain/consents.py)."""

from __future__ import annotations

import uuid
from datetime import date

from services.intake.domain.consents import CurrentConsent, current_consents
from services.intake.domain.events import ConsentGiven, ConsentWithdrawn

YOUTH = uuid.uuid4()
TODAY = date(2026, 6, 1)


def given(purpose: str, *domains: str, on: date = date(2026, 3, 1), until: date | None = None):
    return ConsentGiven(youth_id=YOUTH, purpose=purpose, leefgebieden=list(domains),
                        given_on=on, valid_until=until)  # fmt: skip


def withdrawn(purpose: str, *domains: str):
    return ConsentWithdrawn(youth_id=YOUTH, purpose=purpose, leefgebieden=list(domains),
                            withdrawn_on=date(2026, 4, 1))  # fmt: skip


def test_a_withdrawal_takes_its_domains_away_and_a_new_consent_replaces_the_old():
    events = [
        given("tijdlijn_delen", "financien", "wonen", "werk"),
        withdrawn("tijdlijn_delen", "wonen"),
        given("gegevens_uitwisselen", "werk"),
        given("gegevens_uitwisselen", "onderwijs", on=date(2026, 5, 1)),
    ]
    assert current_consents(events, TODAY) == {
        "tijdlijn_delen": CurrentConsent(
            "tijdlijn_delen", frozenset({"financien", "werk"}), date(2026, 3, 1), None
        ),
        "gegevens_uitwisselen": CurrentConsent(
            "gegevens_uitwisselen", frozenset({"onderwijs"}), date(2026, 5, 1), None
        ),
    }


def test_nothing_left_lapsed_or_not_yet_given_holds_no_consent():
    events = [
        given("tijdlijn_delen", "financien"),
        withdrawn("tijdlijn_delen", "financien"),
        given("gegevens_uitwisselen", "werk", until=date(2026, 5, 31)),
        given("netwerk_betrekken", "wonen", on=date(2026, 6, 2)),
    ]
    assert current_consents(events, TODAY) == {}
    assert set(current_consents(events, date(2026, 6, 2))) == {"netwerk_betrekken"}
    assert current_consents([withdrawn("tijdlijn_delen", "wonen")], TODAY) == {}
