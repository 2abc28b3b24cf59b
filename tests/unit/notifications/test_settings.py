"""The bridge's settings refuse combinations that would break its guarantees."""

import pytest
from pydantic import ValidationError

from services.notifications.__main__ import main
from services.notifications.settings import NotificationsSettings
from shared.life_domains import life_domain_names


def test_defaults_read_every_life_domain_on_port_8006(monkeypatch):
    """Documented defaults: port 8006, eight attempts, every life domain, 16 and 4 POSTs, 30 days.

    A rotated secret signs beside the new one for a day.
    """
    names = ["PORT", "DOMAINS", "MAX_ATTEMPTS", "CONCURRENCY", "PER_SUBSCRIPTION_CONCURRENCY",
             "DELIVERED_RETENTION_DAYS", "SECRET_ROTATION_GRACE_S"]  # fmt: skip
    for name in names:
        monkeypatch.delenv(f"NOTIFICATIONS_{name}", raising=False)
    settings = NotificationsSettings()
    assert settings.port == 8006
    assert settings.max_attempts == 8
    assert settings.domains == life_domain_names()
    assert settings.lease_s > settings.timeout_s
    assert (settings.concurrency, settings.per_subscription_concurrency) == (16, 4)
    assert settings.delivered_retention_days == 30
    assert settings.secret_rotation_grace_s == 86400


def test_environment_variables_use_the_notifications_prefix(monkeypatch):
    """NOTIFICATIONS_* configures it; a list comes as JSON."""
    monkeypatch.setenv("NOTIFICATIONS_MAX_ATTEMPTS", "3")
    monkeypatch.setenv("NOTIFICATIONS_DOMAINS", '["debts"]')
    settings = NotificationsSettings()
    assert (settings.max_attempts, settings.domains) == (3, ["debts"])


def test_a_grace_period_of_zero_ends_a_rotated_secret_at_once(monkeypatch):
    """NOTIFICATIONS_SECRET_ROTATION_GRACE_S=0 is allowed: no overlap of old and new secret."""
    monkeypatch.setenv("NOTIFICATIONS_SECRET_ROTATION_GRACE_S", "0")
    assert NotificationsSettings().secret_rotation_grace_s == 0


def test_a_lease_no_longer_than_the_timeout_is_refused():
    """Else a second process could send a delivery whose first POST is still running."""
    with pytest.raises(ValidationError, match="lease_s must be longer than timeout_s"):
        NotificationsSettings(timeout_s=10, lease_s=10)


def test_a_per_subscription_limit_above_the_concurrency_is_refused():
    """A process never has that many POSTs in flight: the setting would mislead."""
    with pytest.raises(
        ValidationError, match="per_subscription_concurrency must be at most concurrency"
    ):
        NotificationsSettings(concurrency=2, per_subscription_concurrency=3)
    equal = NotificationsSettings(concurrency=2, per_subscription_concurrency=2)
    assert equal.per_subscription_concurrency == 2


def test_an_unset_per_subscription_limit_follows_a_lower_concurrency(monkeypatch):
    """Lowering only NOTIFICATIONS_CONCURRENCY must not stop the service from starting."""
    monkeypatch.setenv("NOTIFICATIONS_CONCURRENCY", "2")
    assert NotificationsSettings().per_subscription_concurrency == 2
    assert NotificationsSettings(concurrency=8).per_subscription_concurrency == 4


def test_a_cap_below_the_base_is_refused():
    """The backoff would never grow."""
    with pytest.raises(ValidationError, match="backoff_cap_s"):
        NotificationsSettings(backoff_base_s=10, backoff_cap_s=5)


@pytest.mark.parametrize(
    "changes",
    [{"max_attempts": 0}, {"domains": []}, {"domains": ["Debts"]}, {"domains": ["debts", "debts"]},
     {"backoff_jitter": 1.5}, {"concurrency": 0}, {"per_subscription_concurrency": 0},
     {"timeout_s": 0}, {"delivered_retention_days": 0}, {"prune_interval_s": 0},
     {"secret_rotation_grace_s": -1}],
)  # fmt: skip
def test_out_of_range_values_are_refused(changes):
    """Each bound holds."""
    with pytest.raises(ValidationError):
        NotificationsSettings(**changes)


def test_private_callbacks_are_off_by_default(monkeypatch):
    """Webhooks to internal addresses (SSRF) need NOTIFICATIONS_ALLOW_PRIVATE_CALLBACKS."""
    monkeypatch.delenv("NOTIFICATIONS_ALLOW_PRIVATE_CALLBACKS", raising=False)
    assert NotificationsSettings().allow_private_callbacks is False
    monkeypatch.setenv("NOTIFICATIONS_ALLOW_PRIVATE_CALLBACKS", "true")
    assert NotificationsSettings().allow_private_callbacks is True


def test_production_refuses_private_callbacks(monkeypatch):
    """REGIE_ENV=production with NOTIFICATIONS_ALLOW_PRIVATE_CALLBACKS: refused at start-up."""
    monkeypatch.setenv("REGIE_ENV", "production")
    monkeypatch.setenv("NOTIFICATIONS_ALLOW_PRIVATE_CALLBACKS", "true")
    with pytest.raises(ValidationError, match="ALLOW_PRIVATE_CALLBACKS is refused when REGIE_ENV"):
        NotificationsSettings()
    monkeypatch.delenv("NOTIFICATIONS_ALLOW_PRIVATE_CALLBACKS")
    assert NotificationsSettings().allow_private_callbacks is False


def test_the_command_line_says_so_in_one_line(monkeypatch, capsys):
    """`python -m services.notifications` exits 2 with one line, before touching anything."""
    monkeypatch.setenv("REGIE_ENV", "production")
    monkeypatch.setenv("NOTIFICATIONS_ALLOW_PRIVATE_CALLBACKS", "1")
    assert main(["migrate"]) == 2
    [line] = capsys.readouterr().err.splitlines()
    assert line.startswith("notifications: refused settings: ")
    assert "NOTIFICATIONS_ALLOW_PRIVATE_CALLBACKS is refused when REGIE_ENV=production" in line
