"""Facts of the income domain; also its published contract (`nl.regie.income.*`).

Amounts (FIN) are sealed with the young person's key; codes and dates travel in clear.
"""

from __future__ import annotations

from datetime import date  # noqa: TC003 - pydantic needs it at runtime
from typing import TYPE_CHECKING, Annotated, ClassVar
from uuid import UUID

from pydantic import Field

from services.income.domain.vocabulary import (
    JUSTICE_REASONS,
    AllowanceKind,
    AllowanceRefusalReason,
    BenefitEndReason,
    BenefitRefusalReason,
    ClearBenefitEndReason,
    ClearSuspensionReason,
    Norm,
    Regeling,
    SuspensionReason,
    WaiverReason,
)
from shared import integrity, subject_rights
from shared.event_contracts.upcasting import Add, MapValues
from shared.events import DomainEvent, EventCatalogue
from shared.personal_data import FIN, SPD, Erased

if TYPE_CHECKING:
    from collections.abc import Mapping

    from shared.event_contracts.upcasting import Step

# Version 1 of a suspension and an end named detention in clear; version 2 reads it `anders`.
_DETENTION_SEALED: tuple[Step, ...] = (
    MapValues("reason", JUSTICE_REASONS, why="detention is criminal-law data: sealed apart"),
    Add("exact_reason", None, why="v1 named the reason in clear only"),
)

YouthId = Annotated[
    UUID,
    Field(
        description="Opaque id of the young person (from intake); also the CloudEvents subject.",
        examples=["6f0b8c1e-3a52-4d7e-9b1a-2c4d5e6f7a8b"],
    ),
]
BenefitId = Annotated[
    UUID,
    Field(
        description="Id of this application for bijstand; every later fact of it names it.",
        examples=["3b4c5d6e-7f80-4912-a3b4-c5d6e7f8091a"],
    ),
]
AllowanceId = Annotated[
    UUID,
    Field(
        description="Id of this application for an allowance; its decision names it.",
        examples=["8a9b0c1d-2e3f-4a5b-8c6d-7e8f9a0b1c2d"],
    ),
]
Kind = Annotated[
    AllowanceKind,
    Field(
        description="The allowance: huurtoeslag, zorgtoeslag, studiefinanciering, or the"
        " municipality's woontoelage (maatwerk where no huurtoeslag is paid).",
        examples=["huurtoeslag"],
    ),
]
Monthly = Annotated[
    int | Erased, FIN, Field(description="Whole euros a month (encrypted).", examples=[1100])
]


class BenefitApplied(DomainEvent):
    """The young person applied for bijstand (Participatiewet)."""

    name = "benefit-applied"

    youth_id: YouthId
    benefit_id: BenefitId
    regeling: Regeling = Field(
        description="The benefit applied for.", examples=["participatiewet_bijstand"]
    )
    applied_on: date = Field(description="The day of the application.", examples=["2026-03-02"])


class SearchPeriodStarted(DomainEvent):
    """The four-week search period (zoektermijn) of an applicant under 27 started."""

    name = "search-period-started"

    youth_id: YouthId
    benefit_id: BenefitId
    started_on: date = Field(description="The first day of the period.", examples=["2026-03-02"])
    ends_on: date = Field(
        description="The day the four weeks end, when nothing else ends it first.",
        examples=["2026-03-30"],
    )


class SearchPeriodEnded(DomainEvent):
    """The search period is over: the application can be decided."""

    name = "search-period-ended"

    youth_id: YouthId
    benefit_id: BenefitId
    ended_on: date = Field(description="The day the period ended.", examples=["2026-03-30"])


class SearchPeriodWaived(DomainEvent):
    """The search period was waived as maatwerk: the application can be decided at once."""

    name = "search-period-waived"

    youth_id: YouthId
    benefit_id: BenefitId
    reason: WaiverReason = Field(description="Why it was waived.", examples=["dakloosheid"])
    waived_on: date = Field(description="The day it was waived.", examples=["2026-03-04"])


class BenefitGranted(DomainEvent):
    """Bijstand was granted: the norm, the cost-sharers and the monthly amount (sealed)."""

    name = "benefit-granted"

    youth_id: YouthId
    benefit_id: BenefitId
    norm: Norm = Field(
        description="The norm applied: single, or a cost-sharer (kostendelersnorm).",
        examples=["kostendeler"],
    )
    cost_sharers: int | None = Field(
        description="Others sharing the home under the kostendelersnorm; absent for a single.",
        examples=[2],
    )
    monthly_amount: Monthly
    granted_on: date = Field(description="The day of the decision.", examples=["2026-04-01"])
    from_on: date = Field(description="The first day it is paid for.", examples=["2026-03-30"])


class BenefitRefused(DomainEvent):
    """The application for bijstand was refused."""

    name = "benefit-refused"

    youth_id: YouthId
    benefit_id: BenefitId
    reason: BenefitRefusalReason = Field(
        description="Why it was refused.", examples=["voldoende_inkomen"]
    )
    refused_on: date = Field(description="The day of the decision.", examples=["2026-04-01"])


class BenefitSuspended(DomainEvent):
    """Payment of the benefit was suspended (opgeschort).

    Version 2 keeps detention (criminal-law data, AVG art. 10) out of the clear `reason`, which
    reads `anders`; the exact reason is sealed in `exact_reason`. Version 1 has none.
    """

    name = "benefit-suspended"
    schema_version = 2
    upcasts: ClassVar[Mapping[int, tuple[Step, ...]]] = {2: _DETENTION_SEALED}

    youth_id: YouthId
    benefit_id: BenefitId
    reason: ClearSuspensionReason = Field(
        description="Why it was suspended; `anders` also for a reason that would tell of"
        " justice contact.",
        examples=["inlichtingen_ontbreken"],
    )
    exact_reason: Annotated[SuspensionReason | Erased | None, SPD] = Field(
        default=None,
        description="Why it was suspended, exactly (special category, encrypted); absent on"
        " suspensions recorded before version 2.",
        examples=["detentie"],
    )
    suspended_on: date = Field(description="The day of suspension.", examples=["2026-07-01"])


class BenefitResumed(DomainEvent):
    """The suspended benefit is paid again."""

    name = "benefit-resumed"

    youth_id: YouthId
    benefit_id: BenefitId
    resumed_on: date = Field(description="The day it resumed.", examples=["2026-07-15"])


class BenefitEnded(DomainEvent):
    """The benefit ended (uitstroom uit de bijstand), with the reason.

    Version 2 keeps detention (criminal-law data, AVG art. 10) out of the clear `reason`, which
    reads `anders`; the exact reason is sealed in `exact_reason`. Version 1 has none.
    """

    name = "benefit-ended"
    schema_version = 2
    upcasts: ClassVar[Mapping[int, tuple[Step, ...]]] = {2: _DETENTION_SEALED}

    youth_id: YouthId
    benefit_id: BenefitId
    reason: ClearBenefitEndReason = Field(
        description="Why it ended; `anders` also for a reason that would tell of justice contact.",
        examples=["werk"],
    )
    exact_reason: Annotated[BenefitEndReason | Erased | None, SPD] = Field(
        default=None,
        description="Why it ended, exactly (special category, encrypted); absent on ends"
        " recorded before version 2.",
        examples=["detentie"],
    )
    ended_on: date = Field(description="The last day it was paid for.", examples=["2027-01-31"])


class AllowanceApplied(DomainEvent):
    """The young person applied for an allowance."""

    name = "allowance-applied"

    youth_id: YouthId
    allowance_id: AllowanceId
    kind: Kind
    applied_on: date = Field(description="The day of the application.", examples=["2026-04-10"])


class AllowanceGranted(DomainEvent):
    """The allowance was granted, with the monthly amount (sealed)."""

    name = "allowance-granted"

    youth_id: YouthId
    allowance_id: AllowanceId
    kind: Kind
    monthly_amount: Monthly
    granted_on: date = Field(description="The day of the decision.", examples=["2026-05-20"])


class AllowanceRefused(DomainEvent):
    """The allowance was refused."""

    name = "allowance-refused"

    youth_id: YouthId
    allowance_id: AllowanceId
    kind: Kind
    reason: AllowanceRefusalReason = Field(
        description="Why it was refused.", examples=["inkomen_te_hoog"]
    )
    refused_on: date = Field(description="The day of the decision.", examples=["2026-05-20"])


class IncomeFromWorkRecorded(DomainEvent):
    """Income from work was received (set off against the benefit); the amount is sealed."""

    name = "income-from-work-recorded"

    youth_id: YouthId
    amount: Annotated[int | Erased, FIN] = Field(
        description="Whole euros received (encrypted).", examples=[640]
    )
    received_on: date = Field(description="The day it was received.", examples=["2026-09-25"])


class ErasureConfirmed(subject_rights.ErasureConfirmed):
    """income destroyed its key for the young person: nothing of theirs opens here any more."""

    service: str = Field(description="The service that destroyed its key.", examples=["income"])


class TimelineSharingStopped(subject_rights.TimelineSharingStopped):
    """Consent to share the timeline was withdrawn: income's later events say `delen: nee`."""


class TimelineSharingResumed(subject_rights.TimelineSharingResumed):
    """Consent covers income's life domain again: its later events are shared."""


PRIVACY_EVENTS = (ErasureConfirmed, TimelineSharingStopped, TimelineSharingResumed)


class ChainsVerified(integrity.ChainsVerified):
    """income recomputed what was added to its hash chains since the last pass: all holds."""


class ChainVerificationFailed(integrity.ChainVerificationFailed):
    """income found events or log entries altered, removed or inserted: each one named."""


CATALOGUE = EventCatalogue(
    "income",
    [
        BenefitApplied,
        SearchPeriodStarted,
        SearchPeriodEnded,
        SearchPeriodWaived,
        BenefitGranted,
        BenefitRefused,
        BenefitSuspended,
        BenefitResumed,
        BenefitEnded,
        AllowanceApplied,
        AllowanceGranted,
        AllowanceRefused,
        IncomeFromWorkRecorded,
        ErasureConfirmed,
        TimelineSharingStopped,
        TimelineSharingResumed,
        ChainsVerified,
        ChainVerificationFailed,
    ],
)
