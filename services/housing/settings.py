"""The housing service's own settings (env prefix HOUSING_)."""

from __future__ import annotations

from pydantic_settings import SettingsConfigDict

from shared.settings import CommandingServiceSettings


class HousingSettings(CommandingServiceSettings):
    """Where housing listens, which schema it owns, and its consumer groups."""

    model_config = SettingsConfigDict(env_prefix="HOUSING_", extra="ignore")

    port: int = 8004
    schema_name: str = "housing"
    # The consumer group (and inbox key) of the housing_situations read model.
    situations_group: str = "housing-situations"
    policies_group: str = "housing-policies"
    registrations_group: str = "housing-registrations"

    @property
    def read_model_group(self) -> str:
        """The read model's consumer group."""
        return self.situations_group
