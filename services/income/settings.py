"""The income service's own settings (env prefix INCOME_)."""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from shared.settings import CommandingServiceSettings


class IncomeSettings(CommandingServiceSettings):
    """Where income listens, which schema it owns, and its consumer groups."""

    model_config = SettingsConfigDict(env_prefix="INCOME_", extra="ignore")

    port: int = 8007
    schema_name: str = "income"
    # The consumer group (and inbox key) of the income_benefits read model.
    benefits_group: str = "income-benefits"
    policies_group: str = "income-policies"
    registrations_group: str = "income-registrations"
    # Counts from 1 to this are shown as "<5" (the threshold + 1) to anyone but the auditor,
    # with complementary cells hidden too (figures.py, shared.figures.suppression).
    small_cell_threshold: int = Field(default=4, ge=1, le=99)

    @property
    def read_model_group(self) -> str:
        """The read model's consumer group."""
        return self.benefits_group
