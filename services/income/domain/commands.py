"""Orders given to the income service, in the imperative. Shapes only; rules in rules.py."""

from __future__ import annotations

from datetime import date  # noqa: TC003 - pydantic needs it at runtime
from typing import ClassVar
from uuid import UUID  # noqa: TC003 - pydantic needs it at runtime

from pydantic import BaseModel, ConfigDict, Field

from services.income.domain.vocabulary import (
    MAX_COST_SHARERS,
    MAX_MONTHLY_EUROS,
    AllowanceKind,
    AllowanceRefusalReason,
    BenefitEndReason,
    BenefitRefusalReason,
    Norm,
    Regeling,
    SuspensionReason,
    WaiverReason,
)

MONTHLY = Field(gt=0, le=MAX_MONTHLY_EUROS, description="Whole euros a month.", examples=[1100])


class Command(BaseModel):
    """Base: frozen, and about one young person's income."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    youth_id: UUID


class ApplyForBenefit(Command):
    """Record an application for bijstand."""

    # The server makes this id for the new thing; a client does not send it.
    generated_ids: ClassVar[tuple[str, ...]] = ("benefit_id",)
    benefit_id: UUID
    regeling: Regeling = "participatiewet_bijstand"
    applied_on: date


class StartSearchPeriod(Command):
    """Start the four-week search period of an applicant under 27 (zoektermijn)."""

    started_on: date


class EndSearchPeriod(Command):
    """Record that the search period is over."""

    ended_on: date


class WaiveSearchPeriod(Command):
    """Waive the search period, as maatwerk, with the reason."""

    reason: WaiverReason
    waived_on: date


class EndSearchPeriodAtTerm(Command):
    """The four weeks of the search period passed with it still running (a timer's consequence).

    Given by the search period's timer when its last day has come, never by a person: the
    term is the application's own, so the command names only the application.
    """

    benefit_id: UUID


class GrantBenefit(Command):
    """Grant the open application: the norm, the cost-sharers and the monthly amount."""

    norm: Norm
    cost_sharers: int | None = Field(
        default=None,
        ge=1,
        le=MAX_COST_SHARERS,
        description="Others sharing the home (kostendelersnorm); only with that norm.",
        examples=[2],
    )
    monthly_amount: int = MONTHLY
    granted_on: date
    from_on: date


class RefuseBenefit(Command):
    """Refuse the open application, with the reason."""

    reason: BenefitRefusalReason
    refused_on: date


class SuspendBenefit(Command):
    """Suspend the running benefit."""

    reason: SuspensionReason
    suspended_on: date


class ResumeBenefit(Command):
    """Resume the suspended benefit."""

    resumed_on: date


class EndBenefit(Command):
    """End the benefit, with the reason (uitstroom)."""

    reason: BenefitEndReason
    ended_on: date


class ApplyForAllowance(Command):
    """Record an application for an allowance (toeslag, studiefinanciering, woontoelage)."""

    # The server makes this id for the new thing; a client does not send it.
    generated_ids: ClassVar[tuple[str, ...]] = ("allowance_id",)
    allowance_id: UUID
    kind: AllowanceKind
    applied_on: date


class GrantAllowance(Command):
    """Grant the open application for an allowance of this kind."""

    kind: AllowanceKind
    monthly_amount: int = MONTHLY
    granted_on: date


class RefuseAllowance(Command):
    """Refuse the open application for an allowance of this kind."""

    kind: AllowanceKind
    reason: AllowanceRefusalReason
    refused_on: date


class RecordIncomeFromWork(Command):
    """Record income from work received (it is set off against the benefit)."""

    amount: int = Field(gt=0, le=MAX_MONTHLY_EUROS * 2, description="Whole euros.", examples=[640])
    received_on: date
