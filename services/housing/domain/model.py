"""The young person's housing as the housing service knows it: state folded from events.

Pure and synchronous: time arrives as an argument, nothing here does I/O. The state (`Housing`)
lives in `state.py` and the rules (`decide`, the errors, the deadlines) in `rules.py`; both are
exported from here: this is the module to import. The state holds no addresses and no amounts
(those are sealed in the events), only ids, codes, dates and counts; it is kept in memory only.

An episode is one period of homelessness: it starts with `HomelessnessRegistered` and ends
with `Housed`, which ends homelessness and any shelter stay. Eviction (`Evicted`) and
`HousingEnded` end the housing and nothing more; a new episode needs a new registration.

Status, derived from the facts (never stored), checked in this order:

- `gehuisvest`: housed.
- `in_opvang`: a shelter stay is open (whether or not homelessness was registered).
- `dakloos`: homeless, not in a shelter.
- `beeindigd`: the last housing ended (evicted or otherwise) and nothing since.
- `onbekend`: nothing is known.

The first-week checklist and the plan (Actieprogramma Dak- en Thuisloze Jongeren): within a
week of the registration a roof (`roof_on`: the first shelter admission or the housing in the
episode; a stay already open at registration counts from its admission) and a postal address
(`postal_address_on`: the first briefadres since the young person was last housed, so one
arranged ahead counts); within six weeks a housing plan. `breaches` reports the deadlines
missed in the open episode; once housed the checklist is moot (a home is a roof and an
address, and the plan was for a home), so a housed young person has none.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from services.housing.domain.events import (
    PRIVACY_EVENTS,
    AccommodationOffered,
    Evicted,
    EvictionPrevented,
    EvictionThreatened,
    FirstWeekShelterMissed,
    HomelessnessRegistered,
    Housed,
    HousingAllowanceEnded,
    HousingAllowanceGranted,
    HousingAttentionNeeded,
    HousingEnded,
    HousingPlanAgreed,
    HousingPlanDeadlineMissed,
    HousingRegistrationStarted,
    PostalAddressArranged,
    ShelterAdmitted,
    ShelterLeft,
)
from services.housing.domain.rules import NothingOpenError, decide, first_week_due, plan_due
from services.housing.domain.state import Breach, EvictionStage, Housing, Status
from shared.rules import AlreadyDoneError, RuleViolationError

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

    from shared.events import DomainEvent

__all__ = [
    "EVOLVERS",
    "AlreadyDoneError",
    "Breach",
    "EvictionStage",
    "Housing",
    "NothingOpenError",
    "RuleViolationError",
    "Status",
    "decide",
    "evolve",
    "first_week_due",
    "plan_due",
]


def _registered(state: Housing, event: HomelessnessRegistered) -> Housing:
    # A new episode: its checklist starts afresh, but a stay already open is a roof already.
    return replace(
        state,
        homeless=True,
        episode_id=event.episode_id,
        situation=event.situation,
        homeless_since=event.since,
        registered_on=event.registered_on,
        first_week_due=event.first_week_due,
        plan_due=event.plan_due,
        roof_on=state.stay_admitted_on if state.open_stay_id is not None else None,
        plan_agreed_on=None,
        first_week_missed=False,
        plan_missed=False,
    )


def _arranged(state: Housing, event: PostalAddressArranged) -> Housing:
    return replace(state, postal_address_on=state.postal_address_on or event.arranged_on)


def _admitted(state: Housing, event: ShelterAdmitted) -> Housing:
    roof_on = state.roof_on
    if state.homeless and roof_on is None:
        roof_on = event.admitted_on
    return replace(
        state,
        open_stay_id=event.stay_id,
        shelter_type=event.shelter_type,
        stay_admitted_on=event.admitted_on,
        stays=state.stays + 1,
        roof_on=roof_on,
    )


def _left(state: Housing, event: ShelterLeft) -> Housing:
    if event.stay_id != state.open_stay_id:
        return state  # not the open stay: already closed
    return replace(state, open_stay_id=None, shelter_type=None, stay_left_on=event.left_on)


def _registration_started(state: Housing, event: HousingRegistrationStarted) -> Housing:
    return replace(state, housing_registration_on=event.registered_on)


def _plan_agreed(state: Housing, event: HousingPlanAgreed) -> Housing:
    return replace(state, plan_agreed_on=event.agreed_on)


def _allowance_granted(state: Housing, event: HousingAllowanceGranted) -> Housing:
    # The amount stays in the (sealed) event: the rules need only the periods.
    period = (event.allowance_id, event.from_on, event.until_on)
    return replace(state, allowances=(*state.allowances, period))


def _allowance_ended(state: Housing, event: HousingAllowanceEnded) -> Housing:
    # The period is cut short: a new allowance may start on its new end.
    periods = tuple(
        (a, f, event.ended_on if a == event.allowance_id and event.ended_on < u else u)
        for a, f, u in state.allowances
    )
    return replace(state, allowances=periods)


def _offered(state: Housing, event: AccommodationOffered) -> Housing:
    return replace(state, offers=(*state.offers, (event.offer_id, event.form, event.accepted)))


def _housed(state: Housing, event: Housed) -> Housing:
    # Ends homelessness and any shelter stay still open (the rules emit ShelterLeft first).
    roof_on = state.roof_on
    if state.homeless and roof_on is None:
        roof_on = event.from_on
    stay_left_on = event.from_on if state.open_stay_id is not None else state.stay_left_on
    days = event.days_homeless
    return replace(
        state,
        homeless=False,
        roof_on=roof_on,
        postal_address_on=None,
        open_stay_id=None,
        shelter_type=None,
        stay_left_on=stay_left_on,
        housing_registration_on=None,
        housed=True,
        housed_form=event.form,
        housed_on=event.from_on,
        days_homeless_last=state.days_homeless_last if days is None else days,
        ended_reason=None,
    )


def _threatened(state: Housing, event: EvictionThreatened) -> Housing:
    return replace(
        state,
        open_eviction_id=event.eviction_id,
        eviction_stage="dreigt",
        eviction_signalled_on=event.signalled_on,
    )


def _prevented(state: Housing, event: EvictionPrevented) -> Housing:
    if event.eviction_id != state.open_eviction_id:
        return state
    return replace(
        state,
        open_eviction_id=None,
        eviction_stage="voorkomen",
        evictions_prevented=state.evictions_prevented + 1,
    )


def _evicted(state: Housing, event: Evicted) -> Housing:
    if event.eviction_id != state.open_eviction_id:
        return state
    # Ends the housing; homelessness is registered explicitly, if it follows.
    return replace(
        state,
        open_eviction_id=None,
        eviction_stage="uitgezet",
        evictions=state.evictions + 1,
        housed=False,
        housing_ended_on=event.evicted_on,
        ended_reason="uitgezet",
    )


def _ended(state: Housing, event: HousingEnded) -> Housing:
    # An eviction threat still open lapses with the housing it threatened.
    lapsed = state.open_eviction_id is not None
    return replace(
        state,
        housed=False,
        housing_ended_on=event.ended_on,
        ended_reason=event.reason,
        open_eviction_id=None,
        eviction_stage=None if lapsed else state.eviction_stage,
    )


def _attention(state: Housing, event: HousingAttentionNeeded) -> Housing:
    # A signal for the jongerenregisseur: nothing it names is closed by it.
    return replace(state, attention_on=event.signalled_on)


def _first_week_missed(state: Housing, event: FirstWeekShelterMissed) -> Housing:
    if event.episode_id != state.episode_id:
        return state
    return replace(state, first_week_missed=True)


def _plan_missed(state: Housing, event: HousingPlanDeadlineMissed) -> Housing:
    if event.episode_id != state.episode_id:
        return state
    return replace(state, plan_missed=True)


def _privacy(state: Housing, event: DomainEvent) -> Housing:
    return replace(state, privacy=state.privacy.evolve(event))


# Any: each folds its own event class.
EVOLVERS: Mapping[type[DomainEvent], Callable[[Housing, Any], Housing]] = {
    HomelessnessRegistered: _registered,
    PostalAddressArranged: _arranged,
    ShelterAdmitted: _admitted,
    ShelterLeft: _left,
    HousingRegistrationStarted: _registration_started,
    HousingPlanAgreed: _plan_agreed,
    HousingAllowanceGranted: _allowance_granted,
    HousingAllowanceEnded: _allowance_ended,
    AccommodationOffered: _offered,
    Housed: _housed,
    EvictionThreatened: _threatened,
    EvictionPrevented: _prevented,
    Evicted: _evicted,
    HousingEnded: _ended,
    HousingAttentionNeeded: _attention,
    FirstWeekShelterMissed: _first_week_missed,
    HousingPlanDeadlineMissed: _plan_missed,
    **dict.fromkeys(PRIVACY_EVENTS, _privacy),
}


def evolve(state: Housing, event: DomainEvent) -> Housing:
    """Fold one event into the state.

    An event housing does not know leaves the state as it is, and so does the end of a stay or
    an eviction threat that is not the open one.
    """
    evolver = EVOLVERS.get(type(event))
    if evolver is None:
        return state
    return evolver(state, event)
