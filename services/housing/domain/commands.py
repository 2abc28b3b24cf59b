"""Orders given to the housing service, in the imperative. Shapes only; rules in model.py."""

from __future__ import annotations

from datetime import date  # noqa: TC003 - pydantic needs it at runtime
from typing import ClassVar
from uuid import UUID  # noqa: TC003 - pydantic needs it at runtime

from pydantic import BaseModel, ConfigDict, Field

from services.housing.domain.vocabulary import (
    MAX_MONTHLY_EUROS,
    AllowanceEndReason,
    AllowanceReason,
    EvictionReason,
    HousingEndReason,
    HousingForm,
    PreventionHow,
    ShelterType,
    Situation,
    Tenure,
)

# A goal of the young person's toekomstplan, as intake names it (its `PlanGoal.goal_id`).
PLAN_GOAL_ID = r"^[a-z0-9-]{1,40}$"


class Command(BaseModel):
    """Base: frozen, and about one young person's housing."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    youth_id: UUID


class RegisterHomelessness(Command):
    """Record that the young person is homeless."""

    # The server makes this id for the new thing; a client does not send it.
    generated_ids: ClassVar[tuple[str, ...]] = ("episode_id",)
    episode_id: UUID
    situation: Situation
    since: date
    registered_on: date
    cause: str | None = Field(default=None, max_length=2000)


class ArrangePostalAddress(Command):
    """Record the postal address (briefadres)."""

    address: str = Field(min_length=1, max_length=300)
    arranged_on: date


class AdmitToShelter(Command):
    """Admit to a shelter."""

    # The server makes this id for the new thing; a client does not send it.
    generated_ids: ClassVar[tuple[str, ...]] = ("stay_id",)
    stay_id: UUID
    shelter_type: ShelterType
    admitted_on: date


class LeaveShelter(Command):
    """Close the open shelter stay."""

    left_on: date


class StartHousingRegistration(Command):
    """Register as a house seeker."""

    registered_on: date


class AgreeHousingPlan(Command):
    """Record the agreed housing plan."""

    agreed_on: date
    plan_goal_id: str | None = Field(
        default=None,
        pattern=PLAN_GOAL_ID,
        description="The toekomstplan's goal this serves (its `goal_id` in intake), if any.",
        examples=["doel-1"],
    )


class GrantHousingAllowance(Command):
    """Grant a woontoelage for a period."""

    # The server makes this id for the new thing; a client does not send it.
    generated_ids: ClassVar[tuple[str, ...]] = ("allowance_id",)
    allowance_id: UUID
    monthly_amount: int = Field(gt=0, le=MAX_MONTHLY_EUROS, description="Whole euros a month.")
    from_on: date
    until_on: date
    reason: AllowanceReason = "geen_huurtoeslag"


class EndHousingAllowance(Command):
    """End the woontoelage running on a day: a huurtoeslag took its place (a policy's command).

    Given by housing's policy on income's `allowance-granted` for a huurtoeslag, never by a
    person: the woontoelage stood in for it (README, "The income API").
    """

    reason: AllowanceEndReason = "huurtoeslag_toegekend"
    ended_on: date


class OfferAccommodation(Command):
    """Record an offer of a home or room, and whether it was accepted."""

    # The server makes this id for the new thing; a client does not send it.
    generated_ids: ClassVar[tuple[str, ...]] = ("offer_id",)
    offer_id: UUID
    form: HousingForm
    offered_on: date
    accepted: bool


class HouseYouth(Command):
    """Record that the young person has a place to live."""

    form: HousingForm
    tenure: Tenure
    from_on: date
    address: str = Field(min_length=1, max_length=300)


class SignalEvictionThreat(Command):
    """Record a threatening eviction."""

    # The server makes this id for the new thing; a client does not send it.
    generated_ids: ClassVar[tuple[str, ...]] = ("eviction_id",)
    eviction_id: UUID
    reason: EvictionReason
    signalled_on: date


class PreventEviction(Command):
    """Record that the open eviction threat was prevented."""

    how: PreventionHow
    prevented_on: date


class CarryOutEviction(Command):
    """Record that the open eviction threat was carried out."""

    evicted_on: date


class EndHousing(Command):
    """End the housing situation for another reason."""

    reason: HousingEndReason
    ended_on: date


class ReviewForExit(Command):
    """The young person left their programme: signal what stands open in housing, if anything."""

    exited_on: date


class RecordFirstWeekMissed(Command):
    """The first week of an episode passed without roof and postal address (a timer's consequence).

    Given by the first-week timer when its moment passes, never by a person: it names only the
    episode, whose deadline is its own.
    """

    episode_id: UUID


class RecordHousingPlanMissed(Command):
    """The six weeks of an episode passed without a housing plan (a timer's consequence)."""

    episode_id: UUID
