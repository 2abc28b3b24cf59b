"""The debts service's own settings (env prefix DEBTS_)."""

from __future__ import annotations

from pydantic_settings import SettingsConfigDict

from shared.settings import CommandingServiceSettings


class DebtsSettings(CommandingServiceSettings):
    """Where debts listens, which schema it owns, and its consumer groups."""

    model_config = SettingsConfigDict(env_prefix="DEBTS_", extra="ignore")

    port: int = 8003
    schema_name: str = "debts"
    # The consumer group (and inbox key) of the debt_trajectories read model.
    trajectories_group: str = "debts-trajectories"
    policies_group: str = "debts-policies"
    registrations_group: str = "debts-registrations"

    @property
    def read_model_group(self) -> str:
        """The read model's consumer group."""
        return self.trajectories_group
