"""Facts of the housing domain; also its published contract (`nl.regie.housing.*`).

Addresses (ID) and amounts (FIN) are sealed with the young person's key.
"""

from __future__ import annotations

from datetime import date  # noqa: TC003 - pydantic needs it at runtime
from typing import Annotated
from uuid import UUID

from pydantic import Field

from services.housing.domain.vocabulary import (  # noqa: TC001 - pydantic needs them
    AllowanceReason,
    EvictionReason,
    HousingEndReason,
    HousingForm,
    OpenAtExit,
    PreventionHow,
    ShelterType,
    Situation,
    Tenure,
)
from shared.events import DomainEvent, EventCatalogue
from shared.policy import privacy
from shared.privacy import FIN, FT, ID, Erased

YouthId = Annotated[UUID, Field(description="Opaque id of the young person (from intake).")]


class HomelessnessRegistered(DomainEvent):
    """The young person is homeless (dakloos) or without a home of their own (thuisloos)."""

    name = "homelessness-registered"

    youth_id: YouthId
    episode_id: UUID = Field(description="Id of this period of homelessness.")
    situation: Situation
    since: date = Field(description="Since when, as far as known.")
    registered_on: date
    first_week_due: date = Field(description="Roof and postal address are due by this day.")
    plan_due: date = Field(description="The housing plan is due by this day (six weeks).")
    cause: Annotated[str | None, FT] = Field(default=None, description="Cause (encrypted).")


class PostalAddressArranged(DomainEvent):
    """A postal address (briefadres) was arranged, so mail and benefits can reach them."""

    name = "postal-address-arranged"

    youth_id: YouthId
    address: Annotated[str, ID] = Field(description="The postal address (encrypted).")
    arranged_on: date


class ShelterAdmitted(DomainEvent):
    """The young person was admitted to a shelter; the stay is open until they leave."""

    name = "shelter-admitted"

    youth_id: YouthId
    stay_id: UUID
    shelter_type: ShelterType
    admitted_on: date


class ShelterLeft(DomainEvent):
    """The young person left the shelter."""

    name = "shelter-left"

    youth_id: YouthId
    stay_id: UUID
    left_on: date


class HousingRegistrationStarted(DomainEvent):
    """The young person registered as a house seeker."""

    name = "housing-registration-started"

    youth_id: YouthId
    registered_on: date


class HousingPlanAgreed(DomainEvent):
    """The housing part of the trajectplan was agreed (due within six weeks)."""

    name = "housing-plan-agreed"

    youth_id: YouthId
    agreed_on: date


class HousingAllowanceGranted(DomainEvent):
    """A woontoelage was granted (maatwerk in the Participatiewet)."""

    name = "housing-allowance-granted"

    youth_id: YouthId
    allowance_id: UUID
    monthly_amount: Annotated[int | Erased, FIN] = Field(description="Euros a month (encrypted).")
    from_on: date
    until_on: date
    reason: AllowanceReason


class AccommodationOffered(DomainEvent):
    """A home or room was offered; a refusal is recorded too, never lost."""

    name = "accommodation-offered"

    youth_id: YouthId
    offer_id: UUID
    form: HousingForm
    offered_on: date
    accepted: bool


class Housed(DomainEvent):
    """The young person has a place to live; it ends homelessness and any shelter stay."""

    name = "housed"

    youth_id: YouthId
    form: HousingForm
    tenure: Tenure
    from_on: date
    address: Annotated[str, ID] = Field(description="The address (encrypted).")
    days_homeless: int | None = Field(
        default=None, description="Days from registered homelessness to housed, if there was any."
    )


class EvictionThreatened(DomainEvent):
    """An eviction threatens."""

    name = "eviction-threatened"

    youth_id: YouthId
    eviction_id: UUID
    reason: EvictionReason
    signalled_on: date


class EvictionPrevented(DomainEvent):
    """The threatened eviction was prevented."""

    name = "eviction-prevented"

    youth_id: YouthId
    eviction_id: UUID
    how: PreventionHow
    prevented_on: date


class Evicted(DomainEvent):
    """The eviction was carried out; the young person is no longer housed."""

    name = "evicted"

    youth_id: YouthId
    eviction_id: UUID
    evicted_on: date


class HousingEnded(DomainEvent):
    """The housing situation ended for another reason."""

    name = "housing-ended"

    youth_id: YouthId
    reason: HousingEndReason
    ended_on: date


class HousingAttentionNeeded(DomainEvent):
    """Left the programme while housing stands open (aandacht nodig): a signal, no closure.

    An eviction threat, a shelter stay or homelessness does not end because a programme does;
    the jongerenregisseur sees what stands open, by code.
    """

    name = "housing-attention-needed"

    youth_id: YouthId
    open_items: list[OpenAtExit] = Field(min_length=1, description="What stands open.")
    signalled_on: date = Field(description="The day the young person left the programme.")


class ErasureConfirmed(privacy.ErasureConfirmed):
    """housing destroyed its key for the young person: nothing of theirs opens here any more."""


class TimelineSharingStopped(privacy.TimelineSharingStopped):
    """Consent to share the timeline was withdrawn: housing's later events say `delen: nee`."""


class TimelineSharingResumed(privacy.TimelineSharingResumed):
    """Consent covers housing's life domain again: its later events are shared."""


PRIVACY_EVENTS = (ErasureConfirmed, TimelineSharingStopped, TimelineSharingResumed)

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
        AccommodationOffered,
        Housed,
        EvictionThreatened,
        EvictionPrevented,
        Evicted,
        HousingEnded,
        HousingAttentionNeeded,
        ErasureConfirmed,
        TimelineSharingStopped,
        TimelineSharingResumed,
    ],
)
