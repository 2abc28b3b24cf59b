"""The notification bridge's own settings (env prefix NOTIFICATIONS_)."""

from __future__ import annotations

from typing import Annotated, Self

from pydantic import Field, StringConstraints, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from shared.auth.settings import is_production
from shared.life_domains import life_domain_names

Domain = Annotated[str, StringConstraints(pattern=r"^[a-z]+$")]


class NotificationsSettings(BaseSettings):
    """Where the bridge listens, which topics it reads and how hard it tries to deliver."""

    model_config = SettingsConfigDict(env_prefix="NOTIFICATIONS_", extra="ignore")

    host: str = "127.0.0.1"
    port: int = 8006
    schema_name: str = "notifications"
    consumer_group: str = "notifications"
    # The domains whose `<domain>.events` topics feed the subscriptions: by default every life
    # domain of shared/life_domains.py (the bridge knows CloudEvents, never another service's
    # code), e.g. NOTIFICATIONS_DOMAINS='["intake", "debts"]' to feed fewer.
    domains: list[Domain] = Field(default_factory=life_domain_names, min_length=1)
    batch_size: int = Field(default=500, ge=1)

    # Delivery: attempts before a delivery is dead, and the wait before each retry
    # (exponential from `backoff_base_s`, at most `backoff_cap_s`, minus up to `backoff_jitter`
    # of it at random so receivers that failed together are not retried together).
    max_attempts: int = Field(default=8, ge=1)
    backoff_base_s: float = Field(default=30.0, gt=0)
    backoff_cap_s: float = Field(default=3600.0, gt=0)
    backoff_jitter: float = Field(default=0.25, ge=0, le=1)
    # One POST may take this long in total (connect, send, first byte, all of it).
    timeout_s: float = Field(default=10.0, gt=0)
    # A claimed delivery is this process's for this long; a process that dies holding it
    # loses it when the lease runs out, and another process retries it.
    lease_s: float = Field(default=30.0, gt=0)
    # POSTs in flight at once per process (each to a different young person's queue head).
    concurrency: int = Field(default=16, ge=1)
    # POSTs in flight at once per subscription, so one receiver that hangs cannot take every
    # slot and hold the other subscriptions back for up to `timeout_s`. Left unset, it is 4
    # or `concurrency` if that is lower.
    per_subscription_concurrency: int = Field(default=4, ge=1)
    # LISTEN/NOTIFY wakes the workers at once; this poll finds retries that became due.
    poll_interval_s: float = Field(default=1.0, gt=0)
    # Delivered deliveries are deleted this long after delivery, checked at start and every
    # `prune_interval_s`; dead ones are kept until an operator retries them.
    delivered_retention_days: int = Field(default=30, ge=1)
    prune_interval_s: float = Field(default=3600.0, gt=0)
    # After a secret rotation the old secret signs each POST beside the new one this long,
    # so receivers can switch without refusing one; 0 ends the old secret at once.
    secret_rotation_grace_s: float = Field(default=86400.0, ge=0)
    # Callbacks to loopback, private, link-local and other internal addresses are refused
    # (SSRF); a developer's or a test's receiver on 127.0.0.1 needs this. Never in production.
    allow_private_callbacks: bool = False

    @model_validator(mode="after")
    def _coherent(self) -> Self:
        """Refuse settings that contradict each other or could send a delivery twice at once."""
        if self.backoff_cap_s < self.backoff_base_s:
            raise ValueError("backoff_cap_s must be at least backoff_base_s")
        if self.lease_s <= self.timeout_s:
            # A lease that ends while its POST may still run would let a second process send
            # the same delivery concurrently, and overtake the young person's next event.
            raise ValueError("lease_s must be longer than timeout_s")
        if "per_subscription_concurrency" not in self.model_fields_set:
            limit = min(self.per_subscription_concurrency, self.concurrency)
            self.per_subscription_concurrency = limit
        if self.per_subscription_concurrency > self.concurrency:
            raise ValueError("per_subscription_concurrency must be at most concurrency")
        if len(set(self.domains)) != len(self.domains):
            raise ValueError("domains must not repeat")
        if self.allow_private_callbacks and is_production():
            raise ValueError(
                "NOTIFICATIONS_ALLOW_PRIVATE_CALLBACKS is refused when REGIE_ENV=production:"
                " webhooks must not reach addresses inside the network"
            )
        return self
