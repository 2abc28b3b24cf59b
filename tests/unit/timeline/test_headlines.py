"""Timeline headlines: Dutch, from clear fields only."""

from __future__ import annotations

from services.timeline.catalogue import HEADLINES, domains


def test_registration_headline_names_programme_and_age_band_but_no_personal_data():
    """The name and birth date in the event never reach the headline."""
    data = {
        "programma": "jpf",
        "age_band": "18-22",
        "full_name": "Sam de Vries",
        "date_of_birth": "2004-03-14",
    }
    headline = HEADLINES["nl.regie.intake.youth-registered"].render(data)
    assert headline == "Ingeschreven voor Jongeren Perspectief Fonds (leeftijd 18-22)"
    assert "Sam" not in headline
    assert "2004" not in headline


def test_topics_follow_from_the_catalogue():
    """A domain is consumed as soon as one of its events has a headline."""
    assert domains() == ["intake"]
