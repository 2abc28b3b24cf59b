"""The intake service's own settings (env prefix INTAKE_)."""

from __future__ import annotations

from pydantic import AliasChoices, Field, PositiveInt, SecretStr
from pydantic_settings import SettingsConfigDict

from services.intake.domain.deadlines import PlanPeriods
from services.intake.domain.retention import DEFAULT_RETENTION_YEARS, RetentionPeriods
from shared.settings import CommandingServiceSettings


class IntakeSettings(CommandingServiceSettings):
    """Where intake listens, which schema it owns, and its consumer groups."""

    model_config = SettingsConfigDict(env_prefix="INTAKE_", extra="ignore", populate_by_name=True)

    port: int = 8001
    schema_name: str = "intake"
    # The consumer group (and inbox key) of the youth_summaries read model.
    summaries_group: str = "intake-summaries"
    # The toekomstplan is due this many days after a programme's start, per municipality,
    # e.g. INTAKE_PLAN_DUE_DAYS='{"0599": 35}'; others take the default (six weeks).
    plan_due_days: dict[str, PositiveInt] = Field(default_factory=dict)
    plan_due_days_default: PositiveInt = 42
    # A plan is reviewed at least every this many months (after its agreement or last review).
    plan_review_months: PositiveInt = 3
    # Nazorg's follow-ups, in months after the last programme exit, e.g. "3,6,12".
    aftercare_follow_ups_months: str = Field(default="3,6,12", pattern=r"^[1-9]\d?(,[1-9]\d?)*$")
    # Years kept after care ends, before the young person goes on the destruction list: per
    # municipality, per programme and per result (the last exit's destination), the most
    # specific first, e.g. INTAKE_RETENTION_YEARS='{"0599": 15, "0599/jpf/werk": 7}'
    # (domain/retention.py). Default: 20 years, the Jeugdwet's minimum after care ends
    # (art. 7.3.10; research domain-nl.md §2.5); check the Selectielijst 2020 before going live.
    retention_years: dict[str, PositiveInt] = Field(default_factory=dict)
    retention_years_default: PositiveInt = DEFAULT_RETENTION_YEARS
    # Report counts from 1 to this are shown as "<5" (the threshold + 1) to anyone but the
    # auditor, with complementary cells hidden too (shared.figures.suppression).
    small_cell_threshold: int = Field(default=4, ge=1, le=99)
    # The service key of the timeline's sign-in (OpenID Connect): the only credential that
    # opens `POST /identities/lookup` (BSN to youth id). Unset: that route is not offered.
    identity_lookup_key: SecretStr | None = Field(
        default=None,
        min_length=32,
        validation_alias=AliasChoices("INTAKE_IDENTITY_LOOKUP_KEY", "REGIE_IDENTITY_LOOKUP_KEY"),
    )

    def plan_periods(self, gemeentecode: str | None) -> PlanPeriods:
        """The plan and review periods of a municipality (the default ones when unknown)."""
        days = self.plan_due_days.get(gemeentecode or "", self.plan_due_days_default)
        return PlanPeriods(
            plan_days=days,
            review_months=self.plan_review_months,
            follow_up_months=self.follow_up_months,
        )

    @property
    def retention(self) -> RetentionPeriods:
        """The retention periods, per municipality, programme and result."""
        return RetentionPeriods(self.retention_years, self.retention_years_default)

    @property
    def follow_up_months(self) -> tuple[int, ...]:
        """Nazorg's follow-up months, in order, each once."""
        return tuple(sorted({int(m) for m in self.aftercare_follow_ups_months.split(",")}))

    @property
    def read_model_group(self) -> str:
        """The read model's consumer group."""
        return self.summaries_group
