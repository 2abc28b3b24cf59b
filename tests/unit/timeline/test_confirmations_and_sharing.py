"""The timeline's catalogue for erasure confirmations and the `delen` flag, without a database."""

from __future__ import annotations

import pytest

from services.timeline.read_model.catalogue import HEADLINES, domains, shared
from shared.envelope import CloudEvent
from tests.support.cloudevents import Publisher, cloud_event


@pytest.mark.parametrize(
    ("domain", "headline"),
    [("debts", "schuldhulp"), ("housing", "wonen"), ("coaching", "begeleiding")],
)
def test_each_domain_confirmation_has_its_headline_dated_by_the_erasure(domain, headline):
    confirmed = HEADLINES[f"nl.regie.{domain}.erasure-confirmed"]
    assert confirmed.render({"service": domain}) == f"Vernietiging bevestigd door {headline}"
    assert confirmed.occurred == "erased_on"
    assert domain in domains()


def test_only_delen_nee_marks_an_event_as_not_shared():
    plain = cloud_event("nl.regie.debts.debt-help-requested", "y-1", {"requested_on": "2026-01-01"})
    assert shared(plain)
    publisher = Publisher("unused:9092", "t")
    for flag, expected in (("nee", False), ("ja", True)):
        _, _, value = publisher.event("nl.regie.debts.debt-help-requested", "y-1", {}, delen=flag)
        assert shared(CloudEvent.model_validate_json(value)) is expected
