"""Callback URLs: http for a developer's receiver, only https once REGIE_ENV=production."""

import pytest
from pydantic import ValidationError

from services.notifications.entrypoints.resources import SubscriptionRequest


def test_production_refuses_a_plain_http_callback(monkeypatch):
    """The body and the `auth` header would cross the network readable."""
    monkeypatch.setenv("REGIE_ENV", "production")
    with pytest.raises(ValidationError, match="only https in production") as refused:
        SubscriptionRequest(callback_url="http://zaaksysteem.example.nl/regie")
    assert refused.value.errors()[0]["loc"] == ("callback_url",)
    accepted = SubscriptionRequest(callback_url="https://zaaksysteem.example.nl/regie")
    assert accepted.callback_url.scheme == "https"


def test_development_accepts_a_plain_http_callback(monkeypatch):
    """A receiver on a developer's machine or in the tests speaks plain http."""
    monkeypatch.delenv("REGIE_ENV", raising=False)
    request = SubscriptionRequest(callback_url="http://127.0.0.1:8080/hook")
    assert request.callback_url.scheme == "http"


@pytest.mark.parametrize(
    ("body", "field"),
    [({"callback_url": "https://zaaksysteem.example.nl/regie\x00"}, "callback_url"),
     ({"callback_url": "https://zaaksysteem.example.nl/\x00@127.0.0.1/"}, "callback_url"),
     ({"callback_url": "https://zaaksysteem.example.nl/", "auth": "Bearer a\x00b"}, "auth"),
     ({"callback_url": "https://zaaksysteem.example.nl/", "auth": "Bearer a\r\nX-Evil: 1"},
      "auth"),
     ({"callback_url": "https://zaaksysteem.example.nl/", "type_prefixes": ["nl.regie.\x00"]},
      "type_prefixes")],
)  # fmt: skip
def test_nul_and_control_characters_are_refused_with_the_field(body, field):
    """A NUL cannot be stored or sent; a line break in `auth` would add a header to each POST."""
    with pytest.raises(ValidationError) as refused:
        SubscriptionRequest(**body)
    assert refused.value.errors()[0]["loc"][0] == field
    if field != "type_prefixes":
        assert "geen stuurtekens" in str(refused.value)
        assert "no control characters" in str(refused.value)


def test_a_tab_in_the_auth_value_is_allowed():
    """Header values may hold tabs and spaces."""
    request = SubscriptionRequest(callback_url="https://zaaksysteem.example.nl/", auth="Bearer\tx")
    assert request.auth == "Bearer\tx"


@pytest.mark.parametrize("auth", ["Bearer café", "Bearer \x85", "Token ✓"])
def test_an_auth_value_that_is_not_ascii_is_refused(auth):
    """It is sent as the Authorization header: accepted, every delivery would fail to encode."""
    with pytest.raises(ValidationError, match="ASCII characters only") as refused:
        SubscriptionRequest(callback_url="https://zaaksysteem.example.nl/", auth=auth)
    assert refused.value.errors()[0]["loc"] == ("auth",)
