"""The intake service's own settings (env prefix INTAKE_)."""

from __future__ import annotations

from pydantic_settings import SettingsConfigDict

from shared.settings import CommandingServiceSettings


class IntakeSettings(CommandingServiceSettings):
    """Where intake listens, which schema it owns, and its consumer groups."""

    model_config = SettingsConfigDict(env_prefix="INTAKE_", extra="ignore")

    port: int = 8001
    schema_name: str = "intake"
    # The consumer group (and inbox key) of the youth_summaries read model.
    summaries_group: str = "intake-summaries"

    @property
    def read_model_group(self) -> str:
        """The read model's consumer group."""
        return self.summaries_group
