"""Turning 18 and the age bands: the birthdays, the timers a registration sets, the rules.

Also the legal basis by age (classification.py): `jw` below 18 and in extended youth care.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta

import pytest

from services.intake import birthdays
from services.intake.birthdays import ADULTHOOD, BAND, TRANSITION, birthday_timer
from services.intake.classification import extensions_for, grondslag
from services.intake.domain.ages import (
    age_band_on,
    birthday,
    first_of_month_from,
    transition_due_on,
    transition_notice_on,
)
from services.intake.domain.commands import (
    AgreeTransitionPlan,
    RecordAdulthoodReached,
    RecordAgeBandChanged,
    RecordTransitionPlanDue,
)
from services.intake.domain.events import (
    AdulthoodReached,
    AgeBandChanged,
    DirectorAssigned,
    PersonalDataErased,
    TransitionPlanAgreed,
    TransitionPlanDue,
    YouthRegistered,
)
from services.intake.domain.model import AlreadyDoneError, RuleViolationError, decide
from services.intake.timers import TIMERS
from shared.clock import start_of
from shared.timers import Cancel, DueTimer, Schedule
from tests.unit.intake.givens import START, TODAY, event, given

Y = uuid.UUID("00000000-0000-4000-8000-0000000000e1")
BORN = date(2009, 8, 20)  # 17 at START (2026-10-01); 18 on 2027-08-20
ADULT_ON = date(2027, 9, 1)  # recorded on the first of the month after the birthday
DUE_ON = date(2027, 7, 31)  # the plan is due before the birthday's month
NOTICE_ON = date(2027, 2, 1)  # asked for six months before that month
AT_23 = date(2032, 9, 1)


def minor(*more: object) -> list:
    registered = event(YouthRegistered, Y, date_of_birth=BORN, age_band="16-17",
                       programma="rodeloper")  # fmt: skip
    return [registered, event(DirectorAssigned, Y), *more]


def agree(**fields: object) -> AgreeTransitionPlan:
    values = {"continuations": {"wonen": "wmo"}, "agreed_on": TODAY} | fields
    return AgreeTransitionPlan(youth_id=Y, **values)


# -- the days ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "band"),
    [
        (date(2027, 8, 19), "16-17"),  # the day before the 18th birthday
        (date(2027, 8, 20), "18-22"),
        (date(2032, 8, 19), "18-22"),
        (date(2032, 8, 20), "23-27"),
    ],
)
def test_the_band_of_a_fact_is_the_age_on_its_own_day(day, band):
    assert age_band_on(BORN, day) == band


def test_a_leap_day_birthday_falls_on_the_first_of_march_in_other_years():
    assert birthday(date(2008, 2, 29), 18) == date(2026, 3, 1)
    assert birthday(date(2008, 2, 29), 16) == date(2024, 2, 29)
    assert age_band_on(date(2008, 2, 29), date(2026, 2, 28)) == "16-17"


def test_the_transition_plan_is_due_before_the_month_of_the_18th_birthday_asked_6_months_ahead():
    assert transition_due_on(BORN) == DUE_ON
    assert transition_notice_on(DUE_ON) == NOTICE_ON
    assert transition_due_on(date(2009, 3, 31)) == date(2027, 2, 28)
    assert transition_notice_on(date(2027, 2, 28)) == date(2026, 9, 1)


def test_a_birthday_s_fact_falls_on_the_first_of_a_month_on_or_after_it():
    assert first_of_month_from(date(2027, 8, 20)) == date(2027, 9, 1)
    assert first_of_month_from(date(2027, 12, 31)) == date(2028, 1, 1)
    assert first_of_month_from(date(2027, 8, 1)) == date(2027, 8, 1)


@pytest.mark.parametrize("other", [date(2009, 8, 2), date(2009, 8, 31), date(2009, 8, 21)])
def test_what_a_registration_times_does_not_tell_the_day_of_birth(other):
    """Due moments and payloads leave intake in events and stay after an erasure: months only.

    Two young people born in the same month (after its first) get the very same timers.
    """
    (registered, *_) = minor()
    born_otherwise = registered.model_copy(update={"date_of_birth": other})

    assert TIMERS.schedules(born_otherwise) == TIMERS.schedules(registered)
    for change in TIMERS.schedules(registered):
        assert isinstance(change, Schedule)
        assert change.due_at.day == 1
        assert all(not v.endswith("-20") for v in change.payload.values())


# -- the timers --------------------------------------------------------------------------------


def test_a_registration_under_18_times_the_plan_the_18th_and_the_23rd_birthday():
    (registered, *_) = minor()

    changes = TIMERS.schedules(registered)

    assert changes == [
        Schedule(birthday_timer(Y, TRANSITION), TRANSITION, start_of(NOTICE_ON),
                 {"due_on": "2027-07-31"}),
        Schedule(birthday_timer(Y, ADULTHOOD), ADULTHOOD, start_of(ADULT_ON),
                 {"from_on": "2027-09-01"}),
        Schedule(birthday_timer(Y, BAND), BAND, start_of(AT_23),
                 {"age_band": "23-27", "from_on": "2032-09-01"}),
    ]  # fmt: skip


def test_a_registration_at_20_times_only_the_23rd_and_at_24_nothing():
    at_20 = event(YouthRegistered, Y, date_of_birth=date(2006, 5, 1), age_band="18-22")
    at_24 = event(YouthRegistered, Y, date_of_birth=date(2002, 5, 1), age_band="23-27")

    assert [c.kind for c in TIMERS.schedules(at_20) if isinstance(c, Schedule)] == [BAND]
    assert TIMERS.schedules(at_24) == []


def test_an_agreed_plan_cancels_the_plan_s_timer_and_an_erasure_every_birthday():
    agreed = event_of(TransitionPlanAgreed)
    erased = event(PersonalDataErased, Y)

    assert TIMERS.schedules(agreed) == [Cancel(birthday_timer(Y, TRANSITION))]
    cancelled = {c.timer_id for c in TIMERS.schedules(erased) if isinstance(c, Cancel)}
    assert {birthday_timer(Y, k) for k in (TRANSITION, ADULTHOOD, BAND)} <= cancelled


def event_of(cls: type[TransitionPlanAgreed]) -> TransitionPlanAgreed:
    return cls(youth_id=Y, continuations={"wonen": "wmo"}, youth_care_extended=False,
               agreed_on=START, agreed_before_18=True)  # fmt: skip


@pytest.mark.parametrize(
    ("kind", "payload", "command"),
    [
        (TRANSITION, {"due_on": "2027-07-31"}, RecordTransitionPlanDue(youth_id=Y, due_on=DUE_ON)),
        (
            ADULTHOOD,
            {"from_on": "2027-09-01"},
            RecordAdulthoodReached(youth_id=Y, from_on=ADULT_ON),
        ),
        (
            BAND,
            {"age_band": "23-27", "from_on": "2032-09-01"},
            RecordAgeBandChanged(youth_id=Y, age_band="23-27", from_on=AT_23),
        ),
    ],
)
def test_each_birthday_timer_fires_its_own_command(kind, payload, command):
    moment = datetime(2027, 8, 20, tzinfo=start_of(START).tzinfo)
    timer = DueTimer(
        timer_id=birthday_timer(Y, kind), kind=kind, stream_id=f"youth-{Y}", subject=str(Y),
        tenant="0518", due_at=moment, payload=payload, scheduled_by=uuid.uuid4(),
        correlation_id=None, lease_token=uuid.uuid4(),
    )  # fmt: skip
    assert TIMERS.fires(timer) == command
    assert birthdays.fires(timer) == command


# -- the rules ---------------------------------------------------------------------------------


def reach(**overrides: object) -> RecordAdulthoodReached:
    return RecordAdulthoodReached(youth_id=Y, from_on=overrides.get("from_on", ADULT_ON))


def band(name: str = "18-22", on: date = ADULT_ON) -> AgeBandChanged:
    return AgeBandChanged(youth_id=Y, age_band=name, from_on=on)


def test_the_18th_birthday_without_a_plan_records_adulthood_and_the_new_band():
    events = decide(given(*minor()), reach(), ADULT_ON, age=18)

    assert events == [
        AdulthoodReached(youth_id=Y, transition_plan_agreed=False, agreed_before_18=False,
                         youth_care_extended=False, from_on=ADULT_ON),
        band(),
    ]  # fmt: skip


def test_adulthood_says_the_plan_was_agreed_and_youth_care_extended():
    plan = event_of(TransitionPlanAgreed).model_copy(update={"youth_care_extended": True})
    (reached, _) = decide(given(*minor(plan)), reach(), ADULT_ON, age=18)

    assert (reached.transition_plan_agreed, reached.youth_care_extended) == (True, True)
    assert reached.agreed_before_18


def test_a_plan_agreed_after_the_birthday_but_before_it_was_recorded_is_not_in_time():
    """The month-grained record comes later than the birthday; the agreement's age decides."""
    (late,) = decide(given(*minor()), agree(agreed_on=date(2027, 8, 25)), ADULT_ON, age=18)
    (reached, _) = decide(given(*minor(late)), reach(), ADULT_ON, age=18)

    assert isinstance(late, TransitionPlanAgreed)
    assert late.agreed_before_18 is False
    assert (reached.transition_plan_agreed, reached.agreed_before_18) == (True, False)


def test_a_firing_before_the_birthday_is_refused_and_a_second_one_records_nothing():
    with pytest.raises(RuleViolationError):
        decide(given(*minor()), reach(), ADULT_ON - timedelta(days=1), age=17)
    adult = given(*minor(band()))
    with pytest.raises(AlreadyDoneError):
        decide(adult, reach(), ADULT_ON, age=18)


def test_the_23rd_birthday_changes_the_band_once_and_not_before():
    adult = given(*minor(band()))
    command = RecordAgeBandChanged(youth_id=Y, age_band="23-27", from_on=AT_23)

    with pytest.raises(RuleViolationError):
        decide(adult, command, AT_23 - timedelta(days=1), age=22)
    assert decide(adult, command, AT_23, age=23) == [band("23-27", AT_23)]
    older = given(*minor(band("23-27", AT_23)))
    with pytest.raises(AlreadyDoneError):
        decide(older, command, AT_23, age=23)


def test_the_plan_is_due_once_from_six_months_before_and_not_when_agreed_already():
    command = RecordTransitionPlanDue(youth_id=Y, due_on=DUE_ON)
    six_months_before = NOTICE_ON
    due = TransitionPlanDue(youth_id=Y, due_on=DUE_ON, signalled_on=six_months_before)

    with pytest.raises(RuleViolationError):
        decide(given(*minor()), command, six_months_before - timedelta(days=1), age=17)
    assert decide(given(*minor()), command, six_months_before, age=17) == [due]
    for history in (minor(due), minor(event_of(TransitionPlanAgreed))):
        with pytest.raises(AlreadyDoneError):
            decide(given(*history), command, six_months_before, age=17)


def test_a_plan_is_not_asked_for_once_its_day_has_passed():
    """A timer fired late (a backfill of history) asks nothing: adulthood-reached tells it."""
    command = RecordTransitionPlanDue(youth_id=Y, due_on=DUE_ON)
    with pytest.raises(AlreadyDoneError):
        decide(given(*minor()), command, DUE_ON + timedelta(days=1), age=17)


def test_an_agreed_transition_plan_tells_whether_youth_care_continues_to_23():
    extended = agree(continuations={"wonen": "jeugdhulp_tot_23", "werk": "participatiewet"})

    (plain,) = decide(given(*minor()), agree(), TODAY, age=17)
    (longer,) = decide(given(*minor()), extended, TODAY, age=17)

    assert isinstance(plain, TransitionPlanAgreed)
    assert (plain.youth_care_extended, longer.youth_care_extended) == (False, True)
    assert plain.agreed_before_18


def test_no_transition_plan_for_one_registered_as_an_adult_or_without_a_regisseur():
    adult = given(event(YouthRegistered, Y), event(DirectorAssigned, Y))
    with pytest.raises(RuleViolationError) as refused:
        decide(adult, agree(), TODAY, age=None)
    assert refused.value.field == "continuations"
    undirected = given(minor()[0])
    with pytest.raises(RuleViolationError):
        decide(undirected, agree(), TODAY, age=None)


def test_the_timers_find_nothing_to_do_after_an_erasure():
    erased = given(*minor(event(PersonalDataErased, Y)))
    with pytest.raises(AlreadyDoneError):
        decide(erased, reach(), ADULT_ON, age=None)


# -- the legal basis ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("programma", "band", "extended", "basis"),
    [
        ("rodeloper", "16-17", False, "jw"),
        ("rodeloper", "18-22", False, "pw"),  # was jw for 16-27
        ("rodeloper", "18-22", True, "jw"),  # verlengde jeugdhulp
        ("rodeloper", "23-27", True, "pw"),  # extended youth care ends at 23
        ("toekomstgesprek", "16-17", False, "jw"),
        ("dtj", "18-22", False, "wmo"),
        ("jpf", "23-27", False, "pw"),
        ("rodeloper", None, False, "jw"),  # a referral, age not known yet
    ],
)
def test_the_legal_basis_follows_the_age_band_and_the_programme(programma, band, extended, basis):
    assert grondslag(programma, band, youth_care_extended=extended) == basis
    extensions = extensions_for("nl.regie.intake.case-conference-held", programma, band,
                                youth_care_extended=extended)  # fmt: skip
    assert extensions["grondslag"] == basis
