"""Facts of the housing domain; also its published contract (`nl.regie.housing.*`).

Addresses (ID) and amounts (FIN) are sealed with the young person's key.
"""

from __future__ import annotations

from datetime import date  # noqa: TC003 - pydantic needs it at runtime
from typing import Annotated
from uuid import UUID

from pydantic import Field

from services.housing.domain.vocabulary import (  # noqa: TC001 - pydantic needs them
    AllowanceEndReason,
    AllowanceReason,
    EvictionReason,
    FirstWeekNeed,
    HousingEndReason,
    HousingForm,
    OpenAtExit,
    PreventionHow,
    ShelterType,
    Situation,
    Tenure,
)
from shared import integrity, subject_rights
from shared.events import DomainEvent, EventCatalogue
from shared.personal_data import FIN, FT, ID, Erased

YouthId = Annotated[
    UUID,
    Field(
        description="Opaque id of the young person (from intake); also the CloudEvents subject.",
        examples=["6f0b8c1e-3a52-4d7e-9b1a-2c4d5e6f7a8b"],
    ),
]
EvictionId = Annotated[
    UUID,
    Field(
        description="Id of this eviction threat; its outcome events carry the same id.",
        examples=["9d3e2f1a-7b6c-4d5e-8f90-a1b2c3d4e5f6"],
    ),
]
StayId = Annotated[
    UUID,
    Field(
        description="Id of this shelter stay; leaving names the same id.",
        examples=["4a5b6c7d-8e9f-4a0b-9c1d-2e3f4a5b6c7d"],
    ),
]
PlanGoalId = Annotated[
    str | None,
    Field(
        pattern=r"^[a-z0-9-]{1,40}$",
        description="The goal of the young person's toekomstplan (intake's `future-plan-agreed`"
        " `goal_id`) this serves, so the one plan shows the domains' progress; absent when it"
        " serves none or was recorded before this field existed.",
        examples=["doel-1"],
    ),
]


class HomelessnessRegistered(DomainEvent):
    """The young person is homeless (dakloos) or without a home of their own (thuisloos)."""

    name = "homelessness-registered"

    youth_id: YouthId
    episode_id: UUID = Field(
        description="Id of this period of homelessness.",
        examples=["1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f"],
    )
    situation: Situation = Field(
        description="Where the young person sleeps now (GGM Dakloosheid).",
        examples=["thuisloos_bankslapen"],
    )
    since: date = Field(description="Since when, as far as known.", examples=["2026-01-10"])
    registered_on: date = Field(
        description="The day homelessness was registered; the deadlines count from it.",
        examples=["2026-03-02"],
    )
    first_week_due: date = Field(
        description="Roof and postal address are due by this day.", examples=["2026-03-09"]
    )
    plan_due: date = Field(
        description="The housing plan is due by this day (six weeks).", examples=["2026-04-13"]
    )
    cause: Annotated[str | None, FT] = Field(
        default=None,
        description="Cause (encrypted).",
        examples=["Na ruzie thuis weggegaan, slaapt sindsdien bij vrienden."],
    )


class PostalAddressArranged(DomainEvent):
    """A postal address (briefadres) was arranged, so mail and benefits can reach them."""

    name = "postal-address-arranged"

    youth_id: YouthId
    address: Annotated[str, ID] = Field(
        description="The postal address (encrypted).",
        examples=["Postbus 1234, 9700 AB Groningen"],
    )
    arranged_on: date = Field(description="The day it was arranged.", examples=["2026-03-05"])


class ShelterAdmitted(DomainEvent):
    """The young person was admitted to a shelter; the stay is open until they leave."""

    name = "shelter-admitted"

    youth_id: YouthId
    stay_id: StayId
    shelter_type: ShelterType = Field(
        description="The kind of shelter.", examples=["jongerenopvang"]
    )
    admitted_on: date = Field(description="The day of admission.", examples=["2026-03-04"])


class ShelterLeft(DomainEvent):
    """The young person left the shelter."""

    name = "shelter-left"

    youth_id: YouthId
    stay_id: StayId
    left_on: date = Field(description="The day they left.", examples=["2026-05-29"])


class HousingRegistrationStarted(DomainEvent):
    """The young person registered as a house seeker."""

    name = "housing-registration-started"

    youth_id: YouthId
    registered_on: date = Field(
        description="The day of registration as a house seeker.", examples=["2026-03-10"]
    )


class HousingPlanAgreed(DomainEvent):
    """The housing part of the trajectplan was agreed (due within six weeks)."""

    name = "housing-plan-agreed"

    youth_id: YouthId
    agreed_on: date = Field(description="The day the plan was agreed.", examples=["2026-04-08"])
    plan_goal_id: PlanGoalId = None


class HousingAllowanceGranted(DomainEvent):
    """A woontoelage was granted (maatwerk in the Participatiewet)."""

    name = "housing-allowance-granted"

    youth_id: YouthId
    allowance_id: UUID = Field(
        description="Id of the allowance.", examples=["5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9"]
    )
    monthly_amount: Annotated[int | Erased, FIN] = Field(
        description="Euros a month (encrypted).", examples=[225]
    )
    from_on: date = Field(description="The first day it is paid for.", examples=["2026-06-01"])
    until_on: date = Field(description="The last day it is paid for.", examples=["2026-11-30"])
    reason: AllowanceReason = Field(
        description="Why the allowance is needed.", examples=["geen_huurtoeslag"]
    )


class HousingAllowanceEnded(DomainEvent):
    """A woontoelage ended before its period did: a huurtoeslag took its place."""

    name = "housing-allowance-ended"

    youth_id: YouthId
    allowance_id: UUID = Field(
        description="Id of the allowance that ended.",
        examples=["5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9"],
    )
    ended_on: date = Field(
        description="Its new end (as `until_on`: not paid from this day on).",
        examples=["2026-09-01"],
    )
    reason: AllowanceEndReason = Field(
        description="Why it ended early.", examples=["huurtoeslag_toegekend"]
    )


class AccommodationOffered(DomainEvent):
    """A home or room was offered; a refusal is recorded too, never lost."""

    name = "accommodation-offered"

    youth_id: YouthId
    offer_id: UUID = Field(
        description="Id of the offer.", examples=["7b8c9d0e-1f2a-4b3c-8d4e-5f6a7b8c9d0e"]
    )
    form: HousingForm = Field(description="What kind of home was offered.", examples=["kamer"])
    offered_on: date = Field(description="The day of the offer.", examples=["2026-05-20"])
    accepted: bool = Field(description="Whether the young person accepted it.", examples=[True])


class Housed(DomainEvent):
    """The young person has a place to live; it ends homelessness and any shelter stay."""

    name = "housed"

    youth_id: YouthId
    form: HousingForm = Field(description="What kind of home.", examples=["kamer"])
    tenure: Tenure = Field(
        description="On what terms they live there.", examples=["eigen_huurcontract"]
    )
    from_on: date = Field(description="The first day living there.", examples=["2026-06-01"])
    address: Annotated[str, ID] = Field(
        description="The address (encrypted).", examples=["Kerkstraat 12a, 9711 AA Groningen"]
    )
    days_homeless: int | None = Field(
        default=None,
        description="Days from registered homelessness to housed, if there was any.",
        examples=[91],
    )


class EvictionThreatened(DomainEvent):
    """An eviction threatens."""

    name = "eviction-threatened"

    youth_id: YouthId
    eviction_id: EvictionId
    reason: EvictionReason = Field(
        description="Why the eviction threatens.", examples=["huurachterstand"]
    )
    signalled_on: date = Field(
        description="The day the threat was signalled.", examples=["2026-03-18"]
    )


class EvictionPrevented(DomainEvent):
    """The threatened eviction was prevented."""

    name = "eviction-prevented"

    youth_id: YouthId
    eviction_id: EvictionId
    how: PreventionHow = Field(description="How it was prevented.", examples=["betalingsregeling"])
    prevented_on: date = Field(description="The day it was prevented.", examples=["2026-04-02"])


class Evicted(DomainEvent):
    """The eviction was carried out; the young person is no longer housed."""

    name = "evicted"

    youth_id: YouthId
    eviction_id: EvictionId
    evicted_on: date = Field(description="The day of the eviction.", examples=["2026-05-12"])


class HousingEnded(DomainEvent):
    """The housing situation ended for another reason."""

    name = "housing-ended"

    youth_id: YouthId
    reason: HousingEndReason = Field(description="Why it ended.", examples=["verhuisd"])
    ended_on: date = Field(description="The last day living there.", examples=["2026-12-31"])


class HousingAttentionNeeded(DomainEvent):
    """Left the programme while housing stands open (aandacht nodig): a signal, no closure.

    An eviction threat, a shelter stay or homelessness does not end because a programme does;
    the jongerenregisseur sees what stands open, by code.
    """

    name = "housing-attention-needed"

    youth_id: YouthId
    open_items: list[OpenAtExit] = Field(
        min_length=1, description="What stands open.", examples=[["huisuitzetting_dreigt"]]
    )
    signalled_on: date = Field(
        description="The day the young person left the programme.", examples=["2027-02-26"]
    )


class FirstWeekShelterMissed(DomainEvent):
    """The first week passed without a roof and a postal address (recorded by a durable timer).

    Actieprogramma DTJ: within a week of the registration a roof (a shelter or a home) and a
    briefadres. Recorded once per episode, when the week's last day has ended; a late recording
    still names the day it was due. A roof or address that came late stays missed.
    """

    name = "first-week-shelter-missed"

    youth_id: YouthId
    episode_id: UUID = Field(
        description="The period of homelessness whose first week passed (its registration's id).",
        examples=["1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f"],
    )
    due_on: date = Field(
        description="The last day roof and postal address were still in time.",
        examples=["2026-03-09"],
    )
    lacking: list[FirstWeekNeed] = Field(
        min_length=1,
        description="What was not there by that day: a roof, a postal address, or both.",
        examples=[["dak", "briefadres"]],
    )


class HousingPlanDeadlineMissed(DomainEvent):
    """Six weeks passed without a housing plan (recorded by a durable timer).

    Recorded once per episode, when the plan's last day has ended; a late recording still
    names the day it was due.
    """

    name = "housing-plan-deadline-missed"

    youth_id: YouthId
    episode_id: UUID = Field(
        description="The period of homelessness whose plan is overdue (its registration's id).",
        examples=["1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f"],
    )
    due_on: date = Field(
        description="The last day the housing plan was still in time.", examples=["2026-04-13"]
    )


class ErasureConfirmed(subject_rights.ErasureConfirmed):
    """housing destroyed its key for the young person: nothing of theirs opens here any more."""

    service: str = Field(description="The service that destroyed its key.", examples=["housing"])


class TimelineSharingStopped(subject_rights.TimelineSharingStopped):
    """Consent to share the timeline was withdrawn: housing's later events say `delen: nee`."""


class TimelineSharingResumed(subject_rights.TimelineSharingResumed):
    """Consent covers housing's life domain again: its later events are shared."""


PRIVACY_EVENTS = (ErasureConfirmed, TimelineSharingStopped, TimelineSharingResumed)


class ChainsVerified(integrity.ChainsVerified):
    """housing recomputed what was added to its hash chains since the last pass: all holds."""


class ChainVerificationFailed(integrity.ChainVerificationFailed):
    """housing found events or log entries altered, removed or inserted: each one named."""


CATALOGUE = EventCatalogue(
    "housing",
    [
        HomelessnessRegistered,
        PostalAddressArranged,
        ShelterAdmitted,
        ShelterLeft,
        HousingRegistrationStarted,
        HousingPlanAgreed,
        HousingAllowanceGranted,
        HousingAllowanceEnded,
        AccommodationOffered,
        Housed,
        EvictionThreatened,
        EvictionPrevented,
        Evicted,
        HousingEnded,
        HousingAttentionNeeded,
        FirstWeekShelterMissed,
        HousingPlanDeadlineMissed,
        ErasureConfirmed,
        TimelineSharingStopped,
        TimelineSharingResumed,
        ChainsVerified,
        ChainVerificationFailed,
    ],
)
