"""The coaching service's own settings (env prefix COACHING_)."""

from __future__ import annotations

from pydantic_settings import SettingsConfigDict

from shared.settings import CommandingServiceSettings


class CoachingSettings(CommandingServiceSettings):
    """Where coaching listens, which schema it owns, and its consumer groups."""

    model_config = SettingsConfigDict(env_prefix="COACHING_", extra="ignore")

    port: int = 8005
    schema_name: str = "coaching"
    # The consumer group (and inbox key) of the coaching_states read model.
    states_group: str = "coaching-states"
    policies_group: str = "coaching-policies"
    registrations_group: str = "coaching-registrations"

    @property
    def read_model_group(self) -> str:
        """The read model's consumer group."""
        return self.states_group
