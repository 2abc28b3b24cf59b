"""Given events, when a command, then events (or a refusal): the rules of housing."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

import pytest

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
from services.housing.domain.model import (
    AlreadyDoneError,
    Housing,
    NothingOpenError,
    decide,
)
from shared.rules import NotFoundError
from tests.unit.housing.givens import (
    ALLOWANCE,
    COMMAND_DEFAULTS,
    EPISODE,
    EVICTION,
    OFFER,
    START,
    STAY,
    TODAY,
    TOMORROW,
    YOUTH,
    command,
    event,
    evicted,
    given,
    homeless,
    housed,
    in_shelter,
    refusal,
    threatened,
    when,
)

ALL_COMMANDS = list(COMMAND_DEFAULTS)
DAY = timedelta(days=1)

# A state in which the default command of each class is accepted.
READY_FOR: dict[type[Command], list] = {
    RegisterHomelessness: [],
    ArrangePostalAddress: [],
    AdmitToShelter: homeless(),
    LeaveShelter: in_shelter(),
    StartHousingRegistration: homeless(),
    AgreeHousingPlan: homeless(),
    GrantHousingAllowance: housed(),
    EndHousingAllowance: [*housed(), event(HousingAllowanceGranted)],
    OfferAccommodation: homeless(),
    HouseYouth: in_shelter(),
    SignalEvictionThreat: housed(),
    PreventEviction: threatened(),
    CarryOutEviction: threatened(),
    EndHousing: housed(),
}


def ready_for(cls: type[Command]) -> Housing:
    """A state in which the default `cls` command is accepted."""
    return given(*READY_FOR[cls])


# --- facts lie in the past --------------------------------------------------------------------

FACT_DATES = [
    (RegisterHomelessness, "since"),
    (RegisterHomelessness, "registered_on"),
    (ArrangePostalAddress, "arranged_on"),
    (AdmitToShelter, "admitted_on"),
    (LeaveShelter, "left_on"),
    (StartHousingRegistration, "registered_on"),
    (AgreeHousingPlan, "agreed_on"),
    (OfferAccommodation, "offered_on"),
    (HouseYouth, "from_on"),
    (SignalEvictionThreat, "signalled_on"),
    (PreventEviction, "prevented_on"),
    (CarryOutEviction, "evicted_on"),
    (EndHousing, "ended_on"),
    (EndHousingAllowance, "ended_on"),
]
FACT_IDS = [f"{c.__name__}.{f}" for c, f in FACT_DATES]


def test_every_command_but_the_allowance_has_a_fact_date_under_test():
    """The list above covers every command; the allowance's dates plan a period instead."""
    assert {c for c, _ in FACT_DATES} | {GrantHousingAllowance} == set(ALL_COMMANDS)


@pytest.mark.parametrize(("cls", "field"), FACT_DATES, ids=FACT_IDS)
def test_a_fact_dated_tomorrow_is_refused(cls, field):
    """Every date of something that happened must be today or earlier, naming the field."""
    error = refusal(ready_for(cls), command(cls, **{field: TOMORROW}))
    assert error.field == field
    assert "ligt in de toekomst" in error.nl
    assert "is in the future" in error.en


@pytest.mark.parametrize(("cls", "field"), FACT_DATES, ids=FACT_IDS)
def test_a_fact_dated_today_is_accepted(cls, field):
    """Today is not the future: the same command dated today yields its event."""
    assert when(ready_for(cls), command(cls, **{field: TODAY}))


def test_an_allowance_for_a_coming_period_is_accepted():
    """A grant may start and end after today: it plans a period, it records no fact."""
    cmd = command(GrantHousingAllowance, from_on=TOMORROW, until_on=TOMORROW + 30 * DAY)
    [granted] = when(Housing(), cmd)
    assert isinstance(granted, HousingAllowanceGranted)
    assert granted.from_on == TOMORROW


def test_a_command_without_rules_is_a_programming_error():
    """A command class nobody registered rules for fails loudly, not as a refusal."""

    class Unheard(Command):
        pass

    with pytest.raises(TypeError, match="Unheard"):
        decide(Housing(), Unheard(youth_id=YOUTH), TODAY)


def test_nothing_open_is_not_found():
    """Needing an open stay, threat, homelessness or housing that is not there is a 404."""
    assert issubclass(NothingOpenError, NotFoundError)


# --- homelessness -----------------------------------------------------------------------------


def test_homelessness_is_registered_with_its_first_week_and_six_week_deadlines():
    """The event carries the roof-and-postal-address day (7 days) and the plan day (42 days)."""
    cmd = command(RegisterHomelessness, since=START - 10 * DAY, registered_on=START, cause="ruzie")
    [registered] = when(Housing(), cmd)
    assert registered == HomelessnessRegistered(
        youth_id=YOUTH,
        episode_id=EPISODE,
        situation="dakloos_straat",
        since=START - 10 * DAY,
        registered_on=START,
        first_week_due=date(2026, 10, 8),
        plan_due=date(2026, 11, 12),
        cause="ruzie",
    )


def test_homelessness_is_registered_once_while_it_lasts():
    """A second registration during an open episode is already done."""
    error = refusal(given(*homeless()), command(RegisterHomelessness, episode_id=uuid.uuid4()))
    assert isinstance(error, AlreadyDoneError)
    assert error.nl == "De jongere staat al als dakloos geregistreerd"


def test_an_episode_is_registered_once():
    """The same episode id again, after it ended, is already done, naming episode_id."""
    error = refusal(given(*evicted()), command(RegisterHomelessness))
    assert isinstance(error, AlreadyDoneError)
    assert error.field == "episode_id"


def test_a_housed_young_person_is_not_registered_homeless():
    """The housing ends first (eviction or end), so nobody is housed and homeless at once."""
    error = refusal(given(*housed()), command(RegisterHomelessness, episode_id=uuid.uuid4()))
    assert not isinstance(error, AlreadyDoneError)
    assert error.field is None
    assert error.en == (
        "The young person is housed; record the eviction or the end of the housing first"
    )


def test_homelessness_cannot_start_after_its_registration():
    """`since` lies on or before `registered_on`, naming since."""
    cmd = command(RegisterHomelessness, since=TODAY, registered_on=TODAY - DAY)
    error = refusal(Housing(), cmd)
    assert error.field == "since"
    assert "na de registratie" in error.nl


def test_homelessness_cannot_start_before_the_last_housing_ended():
    """Homeless since a day the young person still had a home is refused on since."""
    cmd = command(RegisterHomelessness, episode_id=uuid.uuid4(), since=START - DAY)
    error = refusal(given(*evicted()), cmd)
    assert error.field == "since"
    assert "vóór het einde van de vorige woonsituatie" in error.nl


def test_homelessness_after_an_eviction_starts_a_new_episode():
    """A new registration after an eviction opens a fresh episode with its own checklist."""
    second = uuid.uuid4()
    history = [*evicted(), event(HousingPlanAgreed)]
    [registered] = when(given(*history), command(RegisterHomelessness, episode_id=second))
    after = given(*history, registered)
    assert (after.homeless, after.housed, after.status) == (True, False, "dakloos")
    assert after.episode_id == second
    assert (after.roof_on, after.plan_agreed_on, after.postal_address_on) == (None, None, None)
    assert (after.first_week_due, after.plan_due) == (TODAY + 7 * DAY, TODAY + 42 * DAY)
    assert after.evictions == 1


def test_homelessness_after_housing_ended_starts_a_new_episode():
    """Not only an eviction: a housing that ended otherwise may be followed by homelessness."""
    history = [*housed(), event(HousingEnded, reason="huur_opgezegd")]
    [registered] = when(given(*history), command(RegisterHomelessness, episode_id=uuid.uuid4()))
    assert given(*history, registered).status == "dakloos"


# --- the postal address -----------------------------------------------------------------------


@pytest.mark.parametrize("history", ["nothing known", "homeless", "housed"])
def test_a_postal_address_may_be_arranged_any_time(history):
    """Homeless or not, a briefadres is recorded, with its (sealed) address."""
    before = {"nothing known": [], "homeless": homeless(), "housed": housed()}[history]
    [arranged] = when(given(*before), command(ArrangePostalAddress))
    assert arranged == PostalAddressArranged(
        youth_id=YOUTH, address="Postbus 1, Haarlem", arranged_on=TODAY
    )


def test_a_postal_address_arranged_ahead_counts_for_the_next_episode():
    """Arranged while an eviction threatens, it is on time for the homelessness that follows."""
    history = [*threatened(), event(PostalAddressArranged), event(Evicted)]
    [registered] = when(given(*history), command(RegisterHomelessness, episode_id=uuid.uuid4()))
    after = given(*history, registered)
    assert after.postal_address_on == START
    assert "eerste_week_briefadres" not in after.breaches(TODAY + 30 * DAY)


def test_the_first_postal_address_of_an_episode_counts():
    """A later briefadres does not move the day the first one was arranged."""
    history = [*homeless(), event(PostalAddressArranged, arranged_on=START + DAY)]
    [again] = when(given(*history), command(ArrangePostalAddress))
    assert given(*history, again).postal_address_on == START + DAY


# --- shelter ----------------------------------------------------------------------------------


def test_a_homeless_young_person_is_admitted_to_a_shelter():
    """The admission opens the stay and is the episode's roof."""
    [admitted] = when(given(*homeless()), command(AdmitToShelter))
    assert admitted == ShelterAdmitted(
        youth_id=YOUTH, stay_id=STAY, shelter_type="jongerenopvang", admitted_on=TODAY
    )
    after = given(*homeless(), admitted)
    assert (after.open_stay_id, after.roof_on, after.stays, after.status) == (
        STAY,
        TODAY,
        1,
        "in_opvang",
    )


def test_only_one_shelter_stay_is_open_at_a_time():
    """A second admission while a stay is open is already done, and says so."""
    error = refusal(given(*in_shelter()), command(AdmitToShelter, stay_id=uuid.uuid4()))
    assert isinstance(error, AlreadyDoneError)
    assert error.nl == f"Er loopt al een opvangverblijf (sinds {START}); sluit dat eerst af"
    assert "already open" in error.en


def test_a_housed_young_person_is_not_admitted_to_a_shelter():
    """Housed means a home: no shelter admission, and no field is at fault."""
    error = refusal(given(*housed()), command(AdmitToShelter, stay_id=uuid.uuid4()))
    assert not isinstance(error, AlreadyDoneError)
    assert error.field is None
    assert error.en == "The young person is housed and is not admitted to a shelter"


def test_a_shelter_admission_without_registered_homelessness_is_accepted():
    """A night shelter may come first; the registration follows and counts it as the roof."""
    [admitted] = when(Housing(), command(AdmitToShelter, admitted_on=START))
    state = given(admitted)
    assert state.status == "in_opvang"
    [registered] = when(state, command(RegisterHomelessness, since=START, registered_on=TODAY))
    after = given(admitted, registered)
    assert (after.status, after.roof_on) == ("in_opvang", START)


def test_a_new_stay_cannot_start_before_the_last_one_was_left():
    """Stays do not overlap: admission before leaving the previous shelter, on admitted_on."""
    history = [*in_shelter(), event(ShelterLeft, left_on=START + 5 * DAY)]
    cmd = command(AdmitToShelter, stay_id=uuid.uuid4(), admitted_on=START + 4 * DAY)
    error = refusal(given(*history), cmd)
    assert error.field == "admitted_on"
    assert "vóór het vertrek uit de vorige opvang" in error.nl


def test_a_stay_is_left():
    """Leaving closes the open stay, by its id."""
    [left] = when(given(*in_shelter()), command(LeaveShelter))
    assert left == ShelterLeft(youth_id=YOUTH, stay_id=STAY, left_on=TODAY)
    after = given(*in_shelter(), left)
    assert (after.open_stay_id, after.shelter_type, after.status) == (None, None, "dakloos")


@pytest.mark.parametrize("history", ["never admitted", "already left"])
def test_leaving_needs_an_open_stay(history):
    """Without an open stay there is nothing to leave: not found."""
    before = [*in_shelter(), event(ShelterLeft)] if history == "already left" else homeless()
    error = refusal(given(*before), command(LeaveShelter))
    assert isinstance(error, NothingOpenError)
    assert (error.nl, error.en) == ("Er loopt geen opvangverblijf", "No open shelter stay")


def test_a_stay_cannot_be_left_before_the_admission():
    """Left the day before the admission is refused on left_on."""
    error = refusal(given(*in_shelter()), command(LeaveShelter, left_on=START - DAY))
    assert error.field == "left_on"
    assert "vóór de opname" in error.nl


# --- registration as a house seeker and the plan -----------------------------------------------


def test_a_housing_registration_is_started():
    """The event carries the day of the registration."""
    [started] = when(given(*homeless()), command(StartHousingRegistration))
    assert started == HousingRegistrationStarted(youth_id=YOUTH, registered_on=TODAY)


def test_a_housing_registration_is_started_once_until_housed():
    """Registered already: already done."""
    history = [*homeless(), event(HousingRegistrationStarted)]
    error = refusal(given(*history), command(StartHousingRegistration))
    assert isinstance(error, AlreadyDoneError)


def test_being_housed_ends_the_search_so_a_new_registration_may_follow():
    """After housing (and an eviction) a new registration as house seeker is heard."""
    history = [*homeless(), event(HousingRegistrationStarted), *evicted()[1:]]
    assert when(given(*history), command(StartHousingRegistration))


def test_the_housing_plan_is_agreed_while_homeless():
    """The plan belongs to the episode."""
    [agreed] = when(given(*homeless()), command(AgreeHousingPlan))
    assert agreed == HousingPlanAgreed(youth_id=YOUTH, agreed_on=TODAY)
    assert given(*homeless(), agreed).plan_agreed_on == TODAY


@pytest.mark.parametrize("history", ["nothing known", "housed", "evicted"])
def test_the_housing_plan_needs_homelessness(history):
    """Without a registered, open homelessness there is no plan to agree: not found."""
    before = {"nothing known": [], "housed": housed(), "evicted": evicted()}[history]
    error = refusal(given(*before), command(AgreeHousingPlan))
    assert isinstance(error, NothingOpenError)
    assert error.en == "No homelessness is registered"


def test_the_housing_plan_is_agreed_once_per_episode():
    """A second plan in the same episode is already done; a new episode needs its own."""
    error = refusal(given(*homeless(), event(HousingPlanAgreed)), command(AgreeHousingPlan))
    assert isinstance(error, AlreadyDoneError)
    again = [
        *homeless(),
        event(HousingPlanAgreed),
        *evicted()[1:],
        event(HomelessnessRegistered, episode_id=uuid.uuid4()),
    ]
    assert when(given(*again), command(AgreeHousingPlan))


def test_the_housing_plan_cannot_precede_the_registration():
    """Agreed before the homelessness was registered is refused on agreed_on."""
    error = refusal(given(*homeless()), command(AgreeHousingPlan, agreed_on=START - DAY))
    assert error.field == "agreed_on"


# --- allowances and offers ---------------------------------------------------------------------


def test_a_housing_allowance_is_granted_with_its_amount():
    """The event carries the amount (which the handler seals); the state keeps only the period."""
    [granted] = when(given(*housed()), command(GrantHousingAllowance))
    assert granted == HousingAllowanceGranted(
        youth_id=YOUTH,
        allowance_id=ALLOWANCE,
        monthly_amount=300,
        from_on=date(2026, 12, 1),
        until_on=date(2027, 6, 1),
        reason="geen_huurtoeslag",
    )
    assert given(*housed(), granted).allowances == (
        (ALLOWANCE, date(2026, 12, 1), date(2027, 6, 1)),
    )


@pytest.mark.parametrize("until_on", [date(2026, 12, 1), date(2026, 11, 30)])
def test_an_allowance_ends_after_it_starts(until_on):
    """An end on or before the start is refused on until_on."""
    error = refusal(Housing(), command(GrantHousingAllowance, until_on=until_on))
    assert error.field == "until_on"
    assert "ligt niet na de begindatum" in error.nl


@pytest.mark.parametrize(
    ("from_on", "until_on"),
    [
        (date(2026, 10, 1), date(2026, 11, 2)),  # ends inside the earlier one
        (date(2027, 4, 30), date(2027, 8, 1)),  # starts inside it
        (date(2026, 12, 1), date(2027, 1, 1)),  # lies within it
        (date(2026, 10, 1), date(2027, 8, 1)),  # spans it
    ],
)
def test_allowances_do_not_overlap(from_on, until_on):
    """A period overlapping an earlier allowance (1 Nov to 1 May) is refused on from_on."""
    cmd = command(
        GrantHousingAllowance, allowance_id=uuid.uuid4(), from_on=from_on, until_on=until_on
    )
    error = refusal(given(event(HousingAllowanceGranted)), cmd)
    assert error.field == "from_on"
    assert error.en == "The period overlaps an earlier housing allowance (2026-11-01 to 2027-05-01)"


@pytest.mark.parametrize(
    ("from_on", "until_on"),
    [(date(2027, 5, 1), date(2027, 8, 1)), (date(2026, 9, 1), date(2026, 11, 1))],
)
def test_an_allowance_may_start_the_day_the_previous_one_ends(from_on, until_on):
    """Periods are half-open: adjacent allowances, before or after, do not overlap."""
    cmd = command(
        GrantHousingAllowance, allowance_id=uuid.uuid4(), from_on=from_on, until_on=until_on
    )
    assert when(given(event(HousingAllowanceGranted)), cmd)


def test_an_allowance_is_granted_once():
    """The same allowance id again is already done, naming allowance_id."""
    cmd = command(GrantHousingAllowance, from_on=date(2028, 1, 1), until_on=date(2028, 2, 1))
    error = refusal(given(event(HousingAllowanceGranted)), cmd)
    assert isinstance(error, AlreadyDoneError)
    assert error.field == "allowance_id"


@pytest.mark.parametrize("accepted", [True, False])
def test_an_offer_is_recorded_accepted_or_refused(accepted):
    """A refused offer is recorded too, never lost."""
    [offered] = when(given(*homeless()), command(OfferAccommodation, accepted=accepted))
    assert offered == AccommodationOffered(
        youth_id=YOUTH, offer_id=OFFER, form="kamer", offered_on=TODAY, accepted=accepted
    )
    assert given(*homeless(), offered).offers == ((OFFER, "kamer", accepted),)


def test_an_offer_is_recorded_once():
    """The same offer id again is already done, naming offer_id."""
    error = refusal(given(event(AccommodationOffered)), command(OfferAccommodation))
    assert isinstance(error, AlreadyDoneError)
    assert error.field == "offer_id"


# --- housed ------------------------------------------------------------------------------------


def test_housing_from_a_shelter_leaves_the_shelter_first():
    """An open stay ends explicitly on the day of housing, then the housing is recorded."""
    state = given(*homeless(since=START - 5 * DAY), event(ShelterAdmitted))
    left, housed_ = when(state, command(HouseYouth))
    assert left == ShelterLeft(youth_id=YOUTH, stay_id=STAY, left_on=TODAY)
    assert housed_ == Housed(
        youth_id=YOUTH,
        form="kamer",
        tenure="via_stichting",
        from_on=TODAY,
        address="Dorpsstraat 1, Haarlem",
        days_homeless=(TODAY - START).days + 5,
    )
    after = given(*homeless(since=START - 5 * DAY), event(ShelterAdmitted), left, housed_)
    assert (after.housed, after.homeless, after.open_stay_id) == (True, False, None)
    assert (after.status, after.housed_form, after.housed_on) == ("gehuisvest", "kamer", TODAY)
    assert after.days_homeless_last == 57


def test_housing_from_the_street_counts_the_days_since_homelessness_began():
    """Without a stay only `Housed` is yielded; the days count from `since`."""
    [housed_] = when(given(*homeless(since=START - 3 * DAY)), command(HouseYouth))
    assert isinstance(housed_, Housed)
    assert housed_.days_homeless == 55


def test_housing_without_homelessness_counts_no_days():
    """Moving from one home to the next (after an end) is housing without homelessness."""
    history = [*housed(), event(HousingEnded)]
    [housed_] = when(given(*history), command(HouseYouth))
    assert isinstance(housed_, Housed)
    assert housed_.days_homeless is None
    assert given(*history, housed_).days_homeless_last == 0  # the last episode's count stays


def test_a_housed_young_person_is_not_housed_again():
    """Already housed: already done."""
    error = refusal(given(*housed()), command(HouseYouth))
    assert isinstance(error, AlreadyDoneError)
    assert error.en == "The young person is already housed"


def test_housing_cannot_precede_the_registration_of_homelessness():
    """Housed before the registration is refused on from_on."""
    error = refusal(given(*homeless()), command(HouseYouth, from_on=START - DAY))
    assert error.field == "from_on"
    assert "vóór de registratie van de dakloosheid" in error.nl


def test_housing_cannot_precede_the_admission_of_the_open_stay():
    """Housed before the open stay began is refused on from_on."""
    state = given(event(ShelterAdmitted, admitted_on=START))
    error = refusal(state, command(HouseYouth, from_on=START - DAY))
    assert error.field == "from_on"
    assert "vóór de opname in de opvang" in error.nl


def test_housing_cannot_precede_the_end_of_the_last_housing():
    """A new home from before the last one ended is refused on from_on."""
    history = [*housed(), event(HousingEnded, ended_on=START + 10 * DAY)]
    error = refusal(given(*history), command(HouseYouth, from_on=START + 9 * DAY))
    assert error.field == "from_on"


# --- eviction ----------------------------------------------------------------------------------


def test_an_eviction_threat_is_signalled_when_housed():
    """The threat opens, at stage `dreigt`."""
    [signalled] = when(given(*housed()), command(SignalEvictionThreat))
    assert signalled == EvictionThreatened(
        youth_id=YOUTH, eviction_id=EVICTION, reason="huurachterstand", signalled_on=TODAY
    )
    after = given(*housed(), signalled)
    assert (after.open_eviction_id, after.eviction_stage) == (EVICTION, "dreigt")


@pytest.mark.parametrize("history", ["nothing known", "homeless", "evicted"])
def test_an_eviction_threat_needs_a_home(history):
    """Not housed: nothing to be evicted from, not found."""
    before = {"nothing known": [], "homeless": homeless(), "evicted": evicted()}[history]
    error = refusal(given(*before), command(SignalEvictionThreat, eviction_id=uuid.uuid4()))
    assert isinstance(error, NothingOpenError)
    assert error.nl.startswith("De jongere is niet gehuisvest")


def test_one_eviction_threat_at_a_time():
    """A second threat while one is open is already done."""
    cmd = command(SignalEvictionThreat, eviction_id=uuid.uuid4())
    error = refusal(given(*threatened()), cmd)
    assert isinstance(error, AlreadyDoneError)


def test_an_eviction_threat_cannot_precede_the_housing():
    """Signalled before the young person was housed is refused on signalled_on."""
    error = refusal(given(*housed()), command(SignalEvictionThreat, signalled_on=START - DAY))
    assert error.field == "signalled_on"


def test_an_eviction_is_prevented():
    """Prevention closes the threat; the young person stays housed."""
    [prevented] = when(given(*threatened()), command(PreventEviction))
    assert prevented == EvictionPrevented(
        youth_id=YOUTH, eviction_id=EVICTION, how="betalingsregeling", prevented_on=TODAY
    )
    after = given(*threatened(), prevented)
    assert (after.open_eviction_id, after.eviction_stage) == (None, "voorkomen")
    assert (after.housed, after.evictions_prevented, after.evictions) == (True, 1, 0)


def test_a_new_threat_may_follow_a_prevented_one():
    """Once prevented, the next threat is heard."""
    history = [*threatened(), event(EvictionPrevented)]
    assert when(given(*history), command(SignalEvictionThreat, eviction_id=uuid.uuid4()))


def test_an_eviction_is_carried_out_and_ends_the_housing_only():
    """Evicted: no longer housed, and not registered homeless until someone does so."""
    [carried_out] = when(given(*threatened()), command(CarryOutEviction))
    assert carried_out == Evicted(youth_id=YOUTH, eviction_id=EVICTION, evicted_on=TODAY)
    after = given(*threatened(), carried_out)
    assert (after.housed, after.homeless, after.status) == (False, False, "beeindigd")
    assert (after.eviction_stage, after.evictions, after.ended_reason) == (
        "uitgezet",
        1,
        "uitgezet",
    )
    assert after.open_eviction_id is None


@pytest.mark.parametrize("cls", [PreventEviction, CarryOutEviction], ids=lambda c: c.__name__)
@pytest.mark.parametrize("history", ["housed", "prevented", "evicted"])
def test_prevention_and_eviction_need_an_open_threat(cls, history):
    """Without an open threat there is nothing to prevent or carry out: not found."""
    before = {
        "housed": housed(),
        "prevented": [*threatened(), event(EvictionPrevented)],
        "evicted": evicted(),
    }[history]
    error = refusal(given(*before), command(cls))
    assert isinstance(error, NothingOpenError)
    assert (error.nl, error.en) == ("Er dreigt geen huisuitzetting", "No open eviction threat")


@pytest.mark.parametrize(
    ("cls", "field"),
    [(PreventEviction, "prevented_on"), (CarryOutEviction, "evicted_on")],
    ids=["prevented", "evicted"],
)
def test_the_end_of_a_threat_cannot_precede_its_signal(cls, field):
    """Prevented or carried out before the threat was signalled is refused on its date."""
    error = refusal(given(*threatened()), command(cls, **{field: START - DAY}))
    assert error.field == field
    assert "vóór het signaal" in error.nl


def test_events_of_the_threat_carry_its_id():
    """Prevention and eviction are about the open threat, by its id."""
    other = uuid.uuid4()
    state = given(*housed(), event(EvictionThreatened, eviction_id=other))
    for cls in (PreventEviction, CarryOutEviction):
        [produced] = when(state, command(cls))
        assert produced.model_dump()["eviction_id"] == other


# --- the end of housing ------------------------------------------------------------------------


def test_housing_ends():
    """The end says why; the young person is no longer housed and not homeless either."""
    [ended] = when(given(*housed()), command(EndHousing))
    assert ended == HousingEnded(youth_id=YOUTH, reason="verhuisd", ended_on=TODAY)
    after = given(*housed(), ended)
    assert (after.housed, after.homeless, after.status, after.ended_reason) == (
        False,
        False,
        "beeindigd",
        "verhuisd",
    )


@pytest.mark.parametrize("history", ["nothing known", "homeless", "ended"])
def test_ending_housing_needs_housing(history):
    """Not housed: nothing to end, not found."""
    before = {
        "nothing known": [],
        "homeless": homeless(),
        "ended": [*housed(), event(HousingEnded)],
    }[history]
    error = refusal(given(*before), command(EndHousing))
    assert isinstance(error, NothingOpenError)


def test_an_eviction_is_not_recorded_as_an_end():
    """`uitgezet` goes through the threat and the eviction, so each eviction counts once."""
    error = refusal(given(*threatened()), command(EndHousing, reason="uitgezet"))
    assert error.field == "reason"


def test_housing_cannot_end_before_it_began():
    """Ended before the housing began is refused on ended_on."""
    error = refusal(given(*housed()), command(EndHousing, ended_on=START - DAY))
    assert error.field == "ended_on"


def test_an_open_threat_lapses_when_housing_ends_otherwise():
    """Moved out while threatened: the threat closes with the home, neither prevented nor done."""
    [ended] = when(given(*threatened()), command(EndHousing, reason="huur_opgezegd"))
    after = given(*threatened(), ended)
    assert (after.open_eviction_id, after.eviction_stage) == (None, None)
    assert (after.evictions, after.evictions_prevented) == (0, 0)


def test_a_huurtoeslag_ends_the_woontoelage_running_that_day_and_a_new_one_may_follow():
    """Cut short on the day; none running that day is nothing to do (404); the period reopens."""
    granted = given(event(HousingAllowanceGranted))  # 2026-11-01 to 2027-05-01
    ended = when(granted, command(EndHousingAllowance, ended_on=date(2026, 11, 20)))
    assert ended == [
        HousingAllowanceEnded(
            youth_id=YOUTH, allowance_id=ALLOWANCE, ended_on=date(2026, 11, 20),
            reason="huurtoeslag_toegekend",
        )
    ]  # fmt: skip
    before = command(EndHousingAllowance, ended_on=date(2026, 10, 20))
    assert isinstance(refusal(granted, before), NothingOpenError)
    cut = given(event(HousingAllowanceGranted), *ended)
    assert cut.allowances == ((ALLOWANCE, date(2026, 11, 1), date(2026, 11, 20)),)
    later = command(GrantHousingAllowance, allowance_id=uuid.uuid4(), from_on=date(2026, 11, 20))
    assert [type(e) for e in when(cut, later)] == [HousingAllowanceGranted]
