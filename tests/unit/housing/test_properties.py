"""Whatever commands arrive in any order: one stay at most, never housed and homeless at once.

Random sequences of commands (a few ids, dates up to today) go through `decide` and `evolve`;
refusals are skipped, as a handler would answer them and carry on. Pure noise rarely keeps the
order the rules demand (registration before housing, threat before eviction, dates that follow
each other), so each sequence is noise interleaved with one scripted walk: homeless, shelter,
briefadres, plan, house seeker, offers, housed, allowance, a threat prevented, a threat carried
out, homeless again, two stays, housed again, housing ended. Its steps read the state to date
themselves after the latest known fact. The noise then lands everywhere: before, inside and
after housing, during threats and in a second episode.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date, timedelta
from itertools import combinations
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from services.housing.domain.commands import (
    AdmitToShelter,
    AgreeHousingPlan,
    ArrangePostalAddress,
    CarryOutEviction,
    Command,
    EndHousing,
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
    Evicted,
    EvictionPrevented,
    HomelessnessRegistered,
    Housed,
    ShelterAdmitted,
    ShelterLeft,
)
from services.housing.domain.model import Housing, RuleViolationError, decide, evolve
from tests.unit.housing.givens import TODAY, YOUTH

# A command, or one made from the state just before it is given.
Step = Command | Callable[[Housing], Command]

DAYS = st.dates(min_value=date(2026, 9, 1), max_value=TODAY)
PERIOD_STARTS = st.dates(min_value=date(2026, 9, 1), max_value=date(2027, 6, 1))
IDS = st.sampled_from([uuid.UUID(int=1), uuid.UUID(int=2), uuid.UUID(int=3)])
SITUATIONS = st.sampled_from(
    ["dakloos_straat", "nachtopvang", "thuisloos_bankslapen", "uit_instelling"]
)
SHELTERS = st.sampled_from(
    ["crisisopvang", "nachtopvang", "jongerenopvang", "begeleid_wonen", "beschermd_wonen"]
)
FORMS = st.sampled_from(
    ["zelfstandig", "kamer", "gemengd_wonen", "kamers_met_aandacht", "begeleid", "beschermd"]
)
TENURES = st.sampled_from(["eigen_huurcontract", "via_stichting", "hospita"])
EVICTION_REASONS = st.sampled_from(["huurachterstand", "overlast", "woonfraude", "overig"])
PREVENTIONS = st.sampled_from(["betalingsregeling", "tweede_kans", "moratorium"])
END_REASONS = st.sampled_from(["verhuisd", "huur_opgezegd", "uitgezet", "overleden", "overig"])
YOUTHS = st.just(YOUTH)
STATUS_OF_FLAGS = {
    # (housed, stay open, homeless): status; all False is `beeindigd` or `onbekend`
    (True, False, False): "gehuisvest",
    (False, True, True): "in_opvang",
    (False, True, False): "in_opvang",
    (False, False, True): "dakloos",
}


def _latest(state: Housing) -> date | None:
    """The latest fact the state knows a date of."""
    known = [
        state.homeless_since,
        state.registered_on,
        state.stay_admitted_on,
        state.stay_left_on,
        state.housed_on,
        state.housing_ended_on,
        state.eviction_signalled_on,
    ]
    return max((day for day in known if day is not None), default=None)


def _after(day: date, state: Housing) -> date:
    """`day`, or the latest known fact if that is later: the walk keeps time in order."""
    latest = _latest(state)
    return day if latest is None else max(day, latest)


def _later(
    cls: type[Command], day: date, *date_fields: str, **fields: Any
) -> Callable[[Housing], Command]:
    """A `cls` command dated `day`, or the latest known fact if that is later, in `date_fields`."""

    def made(state: Housing) -> Command:
        return cls(youth_id=YOUTH, **fields, **dict.fromkeys(date_fields, _after(day, state)))

    return made


def later(cls: type[Command], *date_fields: str, **fields: Any) -> st.SearchStrategy[Step]:
    """`_later` commands on any of the days."""
    return DAYS.map(lambda day: _later(cls, day, *date_fields, **fields))


@st.composite
def allowances(draw: st.DrawFn, min_days: int = -5) -> Command:
    """A woontoelage for some period (empty or reversed below 1 day), perhaps still to come."""
    from_on = draw(PERIOD_STARTS)
    return GrantHousingAllowance(
        youth_id=YOUTH,
        allowance_id=draw(IDS),
        monthly_amount=draw(st.integers(min_value=1, max_value=1_000)),
        from_on=from_on,
        until_on=from_on + timedelta(days=draw(st.integers(min_value=min_days, max_value=200))),
    )


REGISTRATIONS = st.builds(
    RegisterHomelessness,
    youth_id=YOUTHS,
    episode_id=IDS,
    situation=SITUATIONS,
    since=DAYS,
    registered_on=DAYS,
    cause=st.none(),
)
ADMISSIONS = st.builds(
    AdmitToShelter, youth_id=YOUTHS, stay_id=IDS, shelter_type=SHELTERS, admitted_on=DAYS
)
HOUSINGS = st.builds(
    HouseYouth, youth_id=YOUTHS, form=FORMS, tenure=TENURES, from_on=DAYS, address=st.just("A 1")
)

# Any command of any kind, valid in shape, with no regard for the state: the noise.
STEPS: st.SearchStrategy[Step] = st.one_of(
    REGISTRATIONS,
    st.builds(ArrangePostalAddress, youth_id=YOUTHS, address=st.just("P 1"), arranged_on=DAYS),
    ADMISSIONS,
    st.builds(LeaveShelter, youth_id=YOUTHS, left_on=DAYS),
    st.builds(StartHousingRegistration, youth_id=YOUTHS, registered_on=DAYS),
    st.builds(AgreeHousingPlan, youth_id=YOUTHS, agreed_on=DAYS),
    allowances(),
    st.builds(
        OfferAccommodation,
        youth_id=YOUTHS,
        offer_id=IDS,
        form=FORMS,
        offered_on=DAYS,
        accepted=st.booleans(),
    ),
    HOUSINGS,
    st.builds(
        SignalEvictionThreat,
        youth_id=YOUTHS,
        eviction_id=IDS,
        reason=EVICTION_REASONS,
        signalled_on=DAYS,
    ),
    st.builds(PreventEviction, youth_id=YOUTHS, how=PREVENTIONS, prevented_on=DAYS),
    st.builds(CarryOutEviction, youth_id=YOUTHS, evicted_on=DAYS),
    st.builds(EndHousing, youth_id=YOUTHS, reason=END_REASONS, ended_on=DAYS),
    # and some kinds dated after the latest fact, so that they pass the order of dates
    later(LeaveShelter, "left_on"),
    later(CarryOutEviction, "evicted_on"),
    later(HouseYouth, "from_on", form="kamer", tenure="hospita", address="A 2"),
    later(
        RegisterHomelessness,
        "since",
        "registered_on",
        episode_id=uuid.UUID(int=4),
        situation="nachtopvang",
    ),
)


@st.composite
def happy_paths(draw: st.DrawFn) -> list[Step]:
    """One walk through two episodes that the rules accept when nothing interferes."""

    def on(cls: type[Command], *date_fields: str, **fields: Any) -> Step:
        return _later(cls, draw(DAYS), *date_fields, **fields)

    def register(episode: int) -> Step:
        situation = draw(SITUATIONS)
        return on(
            RegisterHomelessness,
            "since",
            "registered_on",
            episode_id=uuid.UUID(int=episode),
            situation=situation,
        )

    def admit(stay: int) -> Step:
        kind = draw(SHELTERS)
        return on(AdmitToShelter, "admitted_on", stay_id=uuid.UUID(int=stay), shelter_type=kind)

    def house() -> Step:
        form, tenure = draw(FORMS), draw(TENURES)
        return on(HouseYouth, "from_on", form=form, tenure=tenure, address="W 1")

    def signal(eviction: int) -> Step:
        reason = draw(EVICTION_REASONS)
        return on(
            SignalEvictionThreat, "signalled_on", eviction_id=uuid.UUID(int=eviction), reason=reason
        )

    return [
        register(10),
        admit(20),
        on(ArrangePostalAddress, "arranged_on", address="P 1"),
        on(AgreeHousingPlan, "agreed_on"),
        on(StartHousingRegistration, "registered_on"),
        on(
            OfferAccommodation,
            "offered_on",
            offer_id=uuid.UUID(int=30),
            form="kamer",
            accepted=False,
        ),
        house(),
        draw(allowances(min_days=1)),
        signal(40),
        on(PreventEviction, "prevented_on", how=draw(PREVENTIONS)),
        signal(41),
        on(CarryOutEviction, "evicted_on"),
        register(11),
        admit(21),
        on(LeaveShelter, "left_on"),
        admit(22),
        house(),
        on(EndHousing, "ended_on", reason=draw(END_REASONS.filter(lambda r: r != "uitgezet"))),
    ]


@st.composite
def sequences(draw: st.DrawFn) -> list[Step]:
    """A happy path with random commands (`STEPS`) mixed in anywhere."""
    path = draw(happy_paths())
    noise = draw(st.lists(STEPS, max_size=30))
    mixed: list[Step] = []
    while path or noise:
        if path and (not noise or draw(st.booleans())):
            mixed.append(path.pop(0))
        else:
            mixed.append(noise.pop(0))
    return mixed


def _expected_status(state: Housing) -> str:
    flags = (state.housed, state.open_stay_id is not None, state.homeless)
    if flags in STATUS_OF_FLAGS:
        return STATUS_OF_FLAGS[flags]
    assert flags == (False, False, False), flags
    return "beeindigd" if state.ended_reason is not None else "onbekend"


@settings(max_examples=300, deadline=None)
@given(sequences())
def test_one_stay_at_most_and_never_housed_and_homeless(steps):
    """Stays admitted minus left stay 0 or 1, as the state says; housed excludes homeless."""
    state = Housing()
    open_stays = 0
    open_stay: uuid.UUID | None = None
    evictions = prevented = 0
    for step in steps:
        cmd = step if isinstance(step, Command) else step(state)
        try:
            events = decide(state, cmd, TODAY)
        except RuleViolationError:
            continue
        for produced in events:
            if isinstance(produced, ShelterAdmitted):
                open_stays += 1
                open_stay = produced.stay_id
            if isinstance(produced, ShelterLeft):
                assert produced.stay_id == open_stay
                open_stays -= 1
                open_stay = None
            if isinstance(produced, Housed):
                assert open_stay is None  # the stay was left explicitly first
                assert produced.days_homeless is None or produced.days_homeless >= 0
            evictions += isinstance(produced, Evicted)
            prevented += isinstance(produced, EvictionPrevented)
            state = evolve(state, produced)
            assert 0 <= open_stays <= 1
        assert state.open_stay_id == open_stay
        assert not (state.housed and state.homeless)
        assert not (state.housed and state.open_stay_id is not None)
        assert state.status == _expected_status(state)
        if state.open_eviction_id is not None:
            assert state.housed
            assert state.eviction_stage == "dreigt"
        assert (state.evictions, state.evictions_prevented) == (evictions, prevented)
        for (_, start_a, end_a), (_, start_b, end_b) in combinations(state.allowances, 2):
            assert end_a <= start_b or end_b <= start_a
        if not state.homeless:
            assert state.breaches(TODAY) == frozenset()


@settings(max_examples=50, deadline=None)
@given(happy_paths())
def test_the_happy_path_alone_is_accepted_and_reaches_every_status(steps):
    """Without noise the walk is accepted step by step, so the property above bites everywhere."""
    state = Housing()
    statuses = []
    episodes = 0
    for step in steps:
        cmd = step if isinstance(step, Command) else step(state)
        for produced in decide(state, cmd, TODAY):
            episodes += isinstance(produced, HomelessnessRegistered)
            state = evolve(state, produced)
        statuses.append(state.status)
    assert {"dakloos", "in_opvang", "gehuisvest", "beeindigd"} <= set(statuses)
    assert statuses[-1] == "beeindigd"
    assert (episodes, state.evictions, state.evictions_prevented, state.stays) == (2, 1, 1, 3)
