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
