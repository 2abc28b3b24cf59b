"""Folding events into the housing state: status, checklist and counts the views rely on."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest

from services.housing.domain.events import (
    CATALOGUE,
    Evicted,
    EvictionPrevented,
    EvictionThreatened,
    HomelessnessRegistered,
    Housed,
    HousingEnded,
    HousingPlanAgreed,
    PostalAddressArranged,
    ShelterAdmitted,
    ShelterLeft,
)
from services.housing.domain.model import EVOLVERS, Housing, evolve
from services.housing.domain.rules import DECIDERS
from shared.events import DomainEvent
from shared.integrity import IntegrityEvents
from tests.unit.housing.givens import (
    START,
    STAY,
    event,
    evicted,
    given,
    homeless,
    housed,
    in_shelter,
    threatened,
)

DAY = timedelta(days=1)
FIRST_WEEK_DUE = START + 7 * DAY
PLAN_DUE = START + 42 * DAY


def test_every_event_of_the_catalogue_folds_and_every_command_has_rules():
    """The registries cover the published contract: 16 events, 16 commands."""
    # The integrity events live in the service's own integrity stream, never a young person's.
    assert set(EVOLVERS) == {e for e in CATALOGUE if not issubclass(e, IntegrityEvents)}
    assert len(DECIDERS) == 17


def test_nothing_known_is_status_onbekend():
    """The empty state knows nothing and breaches nothing."""
    state = Housing()
    assert (state.status, state.homeless, state.housed) == ("onbekend", False, False)
    assert state.breaches(START + 100 * DAY) == frozenset()


@pytest.mark.parametrize(
    ("history", "status"),
    [
        (homeless(), "dakloos"),
        (in_shelter(), "in_opvang"),
        ([*in_shelter(), event(ShelterLeft)], "dakloos"),
        ([event(ShelterAdmitted)], "in_opvang"),
        (housed(), "gehuisvest"),
        (threatened(), "gehuisvest"),
        ([*threatened(), event(EvictionPrevented)], "gehuisvest"),
        (evicted(), "beeindigd"),
        ([*housed(), event(HousingEnded)], "beeindigd"),
        ([*evicted(), event(ShelterAdmitted, stay_id=uuid.uuid4())], "in_opvang"),
        ([*evicted(), event(HomelessnessRegistered, episode_id=uuid.uuid4())], "dakloos"),
        ([*evicted(), event(Housed)], "gehuisvest"),
    ],
    ids=[
        "homeless",
        "in shelter",
        "left shelter",
        "shelter without registration",
        "housed",
        "threatened",
        "prevented",
        "evicted",
        "ended",
        "shelter after eviction",
        "homeless again",
        "housed again",
    ],
)
def test_status_follows_the_facts(history, status):
    """Each stage of the history has its status."""
    assert given(*history).status == status


def test_housed_ends_homelessness_and_the_stay_even_without_shelter_left():
    """A history that lacks `ShelterLeft` still closes the stay on `Housed`."""
    state = given(*in_shelter(), event(Housed, from_on=START + 3 * DAY))
    assert (state.homeless, state.housed, state.open_stay_id) == (False, True, None)
    assert state.stay_left_on == START + 3 * DAY
    assert state.roof_on == START  # the shelter was the roof


def test_housing_is_the_roof_when_there_was_no_shelter():
    """Housed straight from the street: the day of housing is the episode's roof."""
    state = given(*homeless(), event(Housed, from_on=START + 2 * DAY))
    assert state.roof_on == START + 2 * DAY


def test_the_end_of_a_stay_that_is_not_open_changes_nothing():
    """A `ShelterLeft` for another stay leaves the state as it is."""
    state = given(*in_shelter())
    assert evolve(state, event(ShelterLeft, stay_id=uuid.uuid4())) == state


@pytest.mark.parametrize("cls", [EvictionPrevented, Evicted], ids=lambda c: c.__name__)
def test_the_end_of_a_threat_that_is_not_open_changes_nothing(cls):
    """Prevention or eviction of another threat leaves the state as it is."""
    state = given(*threatened())
    assert evolve(state, event(cls, eviction_id=uuid.uuid4())) == state


def test_an_event_of_another_domain_changes_nothing():
    """Housing folds only its own events."""

    class Elsewhere(DomainEvent):
        name = "elsewhere"

    state = given(*threatened())
    assert evolve(state, Elsewhere()) == state


def test_the_state_is_a_hashable_value():
    """Frozen and hashable: equal histories fold into equal, equally hashed states."""
    assert hash(given(*evicted())) == hash(given(*evicted()))
    assert given(*evicted()) == given(*evicted())
    with pytest.raises(AttributeError):
        given(*housed()).housed = False  # type: ignore[misc]


def test_evictions_and_preventions_are_counted():
    """Each prevented threat and each eviction counts once, across housings."""
    second, third = uuid.uuid4(), uuid.uuid4()
    state = given(
        *threatened(),
        event(EvictionPrevented),
        event(EvictionThreatened, eviction_id=second),
        event(EvictionPrevented, eviction_id=second),
        event(EvictionThreatened, eviction_id=third),
        event(Evicted, eviction_id=third),
    )
    assert (state.evictions_prevented, state.evictions, state.eviction_stage) == (
        2,
        1,
        "uitgezet",
    )


# --- the first week and the plan ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("facts", "today", "expected"),
    [
        ([], FIRST_WEEK_DUE, set()),  # the due day itself is still on time
        ([], FIRST_WEEK_DUE + DAY, {"eerste_week_dak", "eerste_week_briefadres"}),
        ([], PLAN_DUE + DAY, {"eerste_week_dak", "eerste_week_briefadres", "zes_weken_plan"}),
        (
            [
                event(ShelterAdmitted, admitted_on=FIRST_WEEK_DUE),
                event(PostalAddressArranged, arranged_on=FIRST_WEEK_DUE),
                event(HousingPlanAgreed, agreed_on=PLAN_DUE),
            ],
            PLAN_DUE + 100 * DAY,
            set(),
        ),
        (
            [
                event(ShelterAdmitted, admitted_on=FIRST_WEEK_DUE + DAY),
                event(PostalAddressArranged, arranged_on=START),
                event(HousingPlanAgreed, agreed_on=PLAN_DUE + DAY),
            ],
            PLAN_DUE + 2 * DAY,
            {"eerste_week_dak", "zes_weken_plan"},
        ),
        (
            [event(PostalAddressArranged, arranged_on=START - 30 * DAY)],
            PLAN_DUE,
            {"eerste_week_dak"},
        ),
    ],
    ids=["due day", "first week passed", "six weeks passed", "all on time", "late", "ahead"],
)
def test_breaches_are_deadlines_passed_without_their_fact_in_time(facts, today, expected):
    """A deadline breaches once it lies before today and its fact is missing or was late."""
    assert given(*homeless(), *facts).breaches(today) == expected


def test_a_stay_open_at_registration_is_the_roof():
    """Admitted before the registration: the first week's roof was there all along."""
    state = given(event(ShelterAdmitted, admitted_on=START - 5 * DAY), *homeless())
    assert state.roof_on == START - 5 * DAY
    assert "eerste_week_dak" not in state.breaches(PLAN_DUE)


def test_a_stay_left_before_registration_is_no_roof():
    """A stay that ended before the registration does not count for the new episode."""
    state = given(
        event(ShelterAdmitted, admitted_on=START - 5 * DAY),
        event(ShelterLeft, left_on=START - 2 * DAY),
        *homeless(),
    )
    assert state.roof_on is None


@pytest.mark.parametrize(
    "history",
    [housed(), evicted(), [*housed(), event(HousingEnded)]],
    ids=["housed", "evicted", "ended"],
)
def test_a_young_person_not_homeless_breaches_nothing(history):
    """Once housed the checklist is moot; after an eviction it waits for a new registration."""
    assert given(*history).breaches(PLAN_DUE + 100 * DAY) == frozenset()


def test_a_postal_address_of_an_earlier_episode_does_not_count():
    """Housing clears the briefadres: a new episode needs one arranged since."""
    history = [
        *homeless(),
        event(PostalAddressArranged),
        event(Housed),
        event(EvictionThreatened),
        event(Evicted),
        event(HomelessnessRegistered, episode_id=uuid.uuid4()),
    ]
    state = given(*history)
    assert state.postal_address_on is None
    assert "eerste_week_briefadres" in state.breaches(PLAN_DUE)


def test_the_stay_of_an_episode_is_recorded_with_its_type():
    """The open stay's id and type are known while it lasts and forgotten once left."""
    state = given(*in_shelter())
    assert (state.open_stay_id, state.shelter_type, state.stay_admitted_on) == (
        STAY,
        "jongerenopvang",
        START,
    )
    left = evolve(state, event(ShelterLeft, left_on=START + DAY))
    assert (left.open_stay_id, left.shelter_type, left.stay_left_on) == (None, None, START + DAY)
