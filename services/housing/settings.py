"""The housing service's own settings (env prefix HOUSING_)."""

from __future__ import annotations

from pydantic_settings import BaseSettings, SettingsConfigDict


class HousingSettings(BaseSettings):
    """Where housing listens and which schema it owns."""

    model_config = SettingsConfigDict(env_prefix="HOUSING_", extra="ignore")

    host: str = "127.0.0.1"
    port: int = 8004
    schema_name: str = "housing"
    embedded_relay: bool = True
    # The consumer group (and inbox key) of the housing_situations read model.
    situations_group: str = "housing-situations"
    # The consumer group (and inbox key) of the housing policies (policies.py).
    policies_group: str = "housing-policies"
    # The consumer group (and inbox key) that learns young people from intake (shared/tenancy).
    registrations_group: str = "housing-registrations"
