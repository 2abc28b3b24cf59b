"""The housing rule tests' examples: a valid command and event of each kind, and the stages.

The language (given / when / refusal on the fixed day) is the shared one,
tests/support/scenario.py.
"""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from services.housing.domain.commands import (
    AdmitToShelter,
    AgreeHousingPlan,
    ArrangePostalAddress,
    CarryOutEviction,
    Command,
    EndHousing,
    EndHousingAllowance,
    GrantHousingAllowance,
    HouseYouth,
    LeaveShelter,
    OfferAccommodation,
    PreventEviction,
    RegisterHomelessness,
    SignalEvictionThreat,
    StartHousingRegistration,
)
from services.housing.domain.events import (
    AccommodationOffered,
    Evicted,
    EvictionPrevented,
    EvictionThreatened,
    HomelessnessRegistered,
    Housed,
    HousingAllowanceEnded,
    HousingAllowanceGranted,
    HousingEnded,
    HousingPlanAgreed,
    HousingRegistrationStarted,
    PostalAddressArranged,
    ShelterAdmitted,
    ShelterLeft,
)
from services.housing.domain.model import Housing, decide, evolve
from tests.support.over_http import OverHttp
from tests.support.scenario import START, TODAY, TOMORROW, YOUTH, Scenario

if TYPE_CHECKING:
    from shared.events import DomainEvent

__all__ = ["START", "TODAY", "TOMORROW", "YOUTH"]  # re-exported: the tests import them here

EPISODE = uuid.UUID("00000000-0000-4000-8000-0000000000e1")
STAY = uuid.UUID("00000000-0000-4000-8000-0000000000b1")
ALLOWANCE = uuid.UUID("00000000-0000-4000-8000-0000000000a1")
OFFER = uuid.UUID("00000000-0000-4000-8000-0000000000f1")
EVICTION = uuid.UUID("00000000-0000-4000-8000-0000000000d1")

# A valid command of each kind, dated today; tests override what they are about.
COMMAND_DEFAULTS: dict[type[Command], dict[str, Any]] = {
    RegisterHomelessness: {
        "episode_id": EPISODE,
        "situation": "dakloos_straat",
        "since": TODAY,
        "registered_on": TODAY,
    },
    ArrangePostalAddress: {"address": "Postbus 1, Haarlem", "arranged_on": TODAY},
    AdmitToShelter: {"stay_id": STAY, "shelter_type": "jongerenopvang", "admitted_on": TODAY},
    LeaveShelter: {"left_on": TODAY},
    StartHousingRegistration: {"registered_on": TODAY},
    AgreeHousingPlan: {"agreed_on": TODAY},
    GrantHousingAllowance: {
        "allowance_id": ALLOWANCE,
        "monthly_amount": 300,
        "from_on": date(2026, 12, 1),
        "until_on": date(2027, 6, 1),
    },
    EndHousingAllowance: {"ended_on": TODAY},
    OfferAccommodation: {
        "offer_id": OFFER,
        "form": "kamer",
        "offered_on": TODAY,
        "accepted": False,
    },
    HouseYouth: {
        "form": "kamer",
        "tenure": "via_stichting",
        "from_on": TODAY,
        "address": "Dorpsstraat 1, Haarlem",
    },
    SignalEvictionThreat: {
        "eviction_id": EVICTION,
        "reason": "huurachterstand",
        "signalled_on": TODAY,
    },
    PreventEviction: {"how": "betalingsregeling", "prevented_on": TODAY},
    CarryOutEviction: {"evicted_on": TODAY},
    EndHousing: {"reason": "verhuisd", "ended_on": TODAY},
}

EVENT_DEFAULTS: dict[type[DomainEvent], dict[str, Any]] = {
    HomelessnessRegistered: {
        "episode_id": EPISODE,
        "situation": "dakloos_straat",
        "since": START,
        "registered_on": START,
        "first_week_due": START + timedelta(days=7),
        "plan_due": START + timedelta(days=42),
    },
    PostalAddressArranged: {"address": "Postbus 1, Haarlem", "arranged_on": START},
    ShelterAdmitted: {"stay_id": STAY, "shelter_type": "jongerenopvang", "admitted_on": START},
    ShelterLeft: {"stay_id": STAY, "left_on": START},
    HousingRegistrationStarted: {"registered_on": START},
    HousingPlanAgreed: {"agreed_on": START},
    HousingAllowanceGranted: {
        "allowance_id": ALLOWANCE,
        "monthly_amount": 300,
        "from_on": date(2026, 11, 1),
        "until_on": date(2027, 5, 1),
        "reason": "geen_huurtoeslag",
    },
    HousingAllowanceEnded: {
        "allowance_id": ALLOWANCE,
        "ended_on": START,
        "reason": "huurtoeslag_toegekend",
    },
    AccommodationOffered: {
        "offer_id": OFFER,
        "form": "kamer",
        "offered_on": START,
        "accepted": True,
    },
    Housed: {
        "form": "kamer",
        "tenure": "via_stichting",
        "from_on": START,
        "address": "Dorpsstraat 1, Haarlem",
        "days_homeless": 0,
    },
    EvictionThreatened: {
        "eviction_id": EVICTION,
        "reason": "huurachterstand",
        "signalled_on": START,
    },
    EvictionPrevented: {"eviction_id": EVICTION, "how": "betalingsregeling", "prevented_on": START},
    Evicted: {"eviction_id": EVICTION, "evicted_on": START},
    HousingEnded: {"reason": "verhuisd", "ended_on": START},
}


SCENARIO = Scenario(
    initial=Housing(),
    evolve=evolve,
    decide=decide,
    commands=COMMAND_DEFAULTS,
    events=EVENT_DEFAULTS,
)
# The shared tests' story (tests/unit/service_layer/services.py): commands valid one after
# the other on a young person with no history here, the last recording personal data.
STORY = (RegisterHomelessness, ArrangePostalAddress)
# The domain over HTTP, for the cross-domain tests (tests/support/over_http.py): the worker's
# first command and its read, the listing a regisseur is refused, the roles the fuzzing sends.
OVER_HTTP = OverHttp(
    role="woonconsulent",
    path="/homelessness",
    body=lambda day: {"situation": "thuisloos_bankslapen", "since": day, "registered_on": day},
    read="/housing",
    listing="/homeless",
    listing_activity="housing.situaties",
    fuzz_roles=("woonconsulent", "auditor"),
)
command, event, given, when, refusal = (
    SCENARIO.command, SCENARIO.event, SCENARIO.given, SCENARIO.when, SCENARIO.refusal,
)  # fmt: skip


# --- the stages of a young person's housing, each building on the one before -----------------


def homeless(**overrides: Any) -> list[DomainEvent]:
    """Homeless since START, registered on START: the episode EPISODE is open."""
    return [event(HomelessnessRegistered, **overrides)]


def in_shelter() -> list[DomainEvent]:
    """Homeless, and admitted to a youth shelter on START: the stay STAY is open."""
    return [*homeless(), event(ShelterAdmitted)]


def housed() -> list[DomainEvent]:
    """In the shelter, then housed in a room on START (the stay left that day)."""
    return [*in_shelter(), event(ShelterLeft), event(Housed)]


def threatened() -> list[DomainEvent]:
    """Housed, and an eviction (EVICTION) threatens since START."""
    return [*housed(), event(EvictionThreatened)]


def evicted() -> list[DomainEvent]:
    """The threat above carried out on START: no longer housed, not registered homeless."""
    return [*threatened(), event(Evicted)]
