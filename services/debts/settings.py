"""The debts service's own settings (env prefix DEBTS_)."""

from __future__ import annotations

from pydantic_settings import BaseSettings, SettingsConfigDict


class DebtsSettings(BaseSettings):
    """Where debts listens and which schema it owns."""

    model_config = SettingsConfigDict(env_prefix="DEBTS_", extra="ignore")

    host: str = "127.0.0.1"
    port: int = 8003
    schema_name: str = "debts"
    embedded_relay: bool = True
    # The consumer group (and inbox key) of the debt_trajectories read model.
    trajectories_group: str = "debts-trajectories"
    # The consumer group (and inbox key) of the debts policies (policies.py).
    policies_group: str = "debts-policies"
    # The consumer group (and inbox key) that learns young people from intake (shared/tenancy).
    registrations_group: str = "debts-registrations"
