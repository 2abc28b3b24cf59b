"""Intake's own settings (env prefix INTAKE_); the platform's come from `PlatformSettings`."""

from __future__ import annotations

from pydantic_settings import BaseSettings, SettingsConfigDict


class IntakeSettings(BaseSettings):
    """Where intake listens and which schema it owns."""

    model_config = SettingsConfigDict(env_prefix="INTAKE_", extra="ignore")

    host: str = "127.0.0.1"
    port: int = 8001
    schema_name: str = "intake"
    # Run the relay inside the service process; a deployment may run it separately.
    embedded_relay: bool = True
    # The consumer group (and inbox key) of the youth_summaries read model.
    summaries_group: str = "intake-summaries"
