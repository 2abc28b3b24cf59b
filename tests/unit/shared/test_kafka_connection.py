"""How a process reaches a production cluster: SCRAM over TLS, topics declared, not created."""

from __future__ import annotations

import ssl

import pytest
from pydantic import ValidationError

from shared.kafka import connection_options, ensure_topics
from shared.settings import PlatformSettings


def test_plaintext_carries_no_credentials():
    options = connection_options(PlatformSettings(kafka_bootstrap_servers="k:9092"))
    assert options == {"bootstrap_servers": "k:9092", "security_protocol": "PLAINTEXT"}


def test_scram_over_tls_carries_the_user_and_a_tls_context(monkeypatch):
    monkeypatch.setenv("KAFKA_SECURITY_PROTOCOL", "SASL_SSL")
    monkeypatch.setenv("KAFKA_USERNAME", "debts")
    monkeypatch.setenv("KAFKA_PASSWORD", "geheim")
    options = connection_options(PlatformSettings())
    assert options["sasl_mechanism"] == "SCRAM-SHA-512"
    assert (options["sasl_plain_username"], options["sasl_plain_password"]) == ("debts", "geheim")
    assert isinstance(options["ssl_context"], ssl.SSLContext)
    assert "geheim" not in repr(PlatformSettings())


def test_an_unknown_protocol_is_refused_at_startup(monkeypatch):
    monkeypatch.setenv("KAFKA_SECURITY_PROTOCOL", "SASL_PLAIN")
    with pytest.raises(ValidationError, match="kafka_security_protocol"):
        PlatformSettings()


async def test_declared_topics_are_not_created_by_the_service():
    """Without create rights a CreateTopics call would fail; the service must not make it."""
    unreachable = PlatformSettings(kafka_bootstrap_servers="127.0.0.1:1", kafka_create_topics=False)
    await ensure_topics(unreachable, ["debts.events"])  # returns without contacting a broker
