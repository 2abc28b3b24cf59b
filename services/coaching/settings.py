"""The coaching service's own settings (env prefix COACHING_)."""

from __future__ import annotations

from pydantic_settings import BaseSettings, SettingsConfigDict


class CoachingSettings(BaseSettings):
    """Where coaching listens and which schema it owns."""

    model_config = SettingsConfigDict(env_prefix="COACHING_", extra="ignore")

    host: str = "127.0.0.1"
    port: int = 8005
    schema_name: str = "coaching"
    embedded_relay: bool = True
    # The consumer group (and inbox key) of the coaching_states read model.
    states_group: str = "coaching-states"
    # The consumer group (and inbox key) of the coaching policies (policies.py).
    policies_group: str = "coaching-policies"
    # The consumer group (and inbox key) that learns young people from intake (shared/tenancy).
    registrations_group: str = "coaching-registrations"
