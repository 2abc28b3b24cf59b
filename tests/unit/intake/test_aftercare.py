"""Nazorg after the last exit: its start, follow-ups recorded or missed, its end, its timers."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

import pytest
from pydantic import ValidationError

from services.intake.aftercare_timers import FOLLOW_UP, follow_up_timer
from services.intake.domain.ages import add_months
from services.intake.domain.commands import (
    EndAftercare,
    EnrolInProgramme,
    ExitProgramme,
    RecordFollowUp,
    RecordFollowUpMissed,
)
from services.intake.domain.deadlines import PlanPeriods
from services.intake.domain.events import (
    AftercareEnded,
    AftercareStarted,
    DirectorAssigned,
    FollowUp,
    FollowUpMissed,
    FollowUpRecorded,
    PersonalDataErased,
    ProgrammeEnrolled,
    ProgrammeExited,
    YouthRegistered,
)
from services.intake.domain.model import AlreadyDoneError, RuleViolationError, decide
from services.intake.entrypoints.commands_api import ROUTES
from services.intake.settings import IntakeSettings
from services.intake.timers import TIMERS
from shared.auth import Principal
from shared.clock import start_of
from shared.personal_data import SPD, personal_fields
from shared.timers import Cancel, DueTimer, Schedule
from tests.unit.intake.givens import START, TODAY, TOMORROW, command, event, given, when

Y = uuid.UUID("00000000-0000-4000-8000-0000000000a7")
DAY = timedelta(days=1)
EXIT = date(2025, 9, 1)  # long enough ago for every follow-up to have fallen due
DIRECTOR = "regisseur-17"  # the givens' director
FLAGS = {
    "still_housed": True,
    "in_work": True,
    "in_education": False,
    "debt_free": True,
    "in_contact": True,
}


def enrolled(*programmes: str) -> list:
    """Registered, with a director, enrolled in `programmes` (jpf by default) on START."""
    return [
        event(YouthRegistered, Y),
        event(DirectorAssigned, Y, director_id=DIRECTOR),
        *(event(ProgrammeEnrolled, Y, programma=p) for p in programmes or ("jpf",)),
    ]


def started(months: tuple[int, ...] = (3, 6, 12), worker: str | None = DIRECTOR) -> list:
    """Left jpf, the last programme, on EXIT: nazorg with follow-ups at `months`."""
    ups = [FollowUp(month=m, due_on=add_months(EXIT, m)) for m in months]
    return [
        *enrolled(),
        event(ProgrammeExited, Y, exit_on=EXIT),
        AftercareStarted(
            youth_id=Y,
            programma="jpf",
            responsible_worker=worker,
            started_on=EXIT,
            follow_ups=ups,
        ),
    ]


def follow_up(month: int = 3, **overrides: object) -> RecordFollowUp:
    on = overrides.pop("followed_up_on", add_months(EXIT, month) - DAY)
    return RecordFollowUp(youth_id=Y, month=month, followed_up_on=on, **(FLAGS | overrides))


def recorded(month: int) -> FollowUpRecorded:
    [done, *_] = when(given(*started()), follow_up(month))
    assert isinstance(done, FollowUpRecorded)
    return done


def missed(month: int) -> RecordFollowUpMissed:
    return RecordFollowUpMissed(youth_id=Y, started_on=EXIT, month=month)


def refused(history: list, cmd: object) -> RuleViolationError:
    with pytest.raises(RuleViolationError) as error:
        decide(given(*history), cmd, TODAY, age=20)  # type: ignore[arg-type]
    return error.value


# --- the start -----------------------------------------------------------------------------------


def test_the_last_exit_starts_nazorg_with_the_regisseur_and_three_follow_ups():
    """Left the last programme: follow-ups at 3, 6 and 12 months, by the assigned regisseur."""
    exited, aftercare = when(given(*enrolled()), command(ExitProgramme, Y, exit_on=START))
    assert isinstance(exited, ProgrammeExited)
    assert aftercare == AftercareStarted(
        youth_id=Y,
        programma="jpf",
        responsible_worker=DIRECTOR,
        started_on=START,
        follow_ups=[
            FollowUp(month=3, due_on=date(2027, 1, 1)),
            FollowUp(month=6, due_on=date(2027, 4, 1)),
            FollowUp(month=12, due_on=date(2027, 10, 1)),
        ],
    )


def test_an_exit_that_leaves_a_programme_open_starts_no_nazorg():
    """Still in rodeloper after leaving jpf: no nazorg yet."""
    [exited] = when(given(*enrolled("jpf", "rodeloper")), command(ExitProgramme, Y))
    assert isinstance(exited, ProgrammeExited)
    assert exited.still_enrolled_in == ["rodeloper"]


def test_the_exit_may_name_the_worker_who_follows_up():
    """Named on the exit, another worker than the regisseur does the nazorg."""
    cmd = command(ExitProgramme, Y, aftercare_worker="klantmanager-3")
    _, aftercare = when(given(*enrolled()), cmd)
    assert isinstance(aftercare, AftercareStarted)
    assert aftercare.responsible_worker == "klantmanager-3"


def test_the_follow_ups_are_the_municipality_s_months():
    """Told the periods, the decision records the municipality's follow-ups."""
    state = given(*enrolled())
    cmd = command(ExitProgramme, Y, exit_on=START)
    periods = PlanPeriods(follow_up_months=(1, 24))
    _, aftercare = decide(state, cmd, TODAY, age=20, periods=periods)
    assert isinstance(aftercare, AftercareStarted)
    assert [(f.month, f.due_on) for f in aftercare.follow_ups] == [
        (1, date(2026, 11, 1)),
        (24, date(2028, 10, 1)),
    ]


def test_the_follow_up_months_are_a_setting_refused_when_malformed():
    """INTAKE_AFTERCARE_FOLLOW_UPS_MONTHS: sorted, each once; zero or text is refused."""
    assert IntakeSettings().follow_up_months == (3, 6, 12)
    settings = IntakeSettings(aftercare_follow_ups_months="12,3,3")
    assert settings.plan_periods("0599").follow_up_months == (3, 12)
    for bad in ("0", "3,,6", "drie"):
        with pytest.raises(ValidationError):
            IntakeSettings(aftercare_follow_ups_months=bad)


# --- follow-ups recorded -------------------------------------------------------------------------


def test_a_follow_up_is_recorded_with_its_outcome():
    """The flags as given; a relapse's domains sorted, each once, in the sealed field."""
    cmd = follow_up(3, relapsed=True, relapse_leefgebieden=["wonen", "justitie", "wonen"])
    [done] = when(given(*started()), cmd)
    assert done == FollowUpRecorded(
        youth_id=Y,
        month=3,
        aftercare_started_on=EXIT,
        followed_up_on=add_months(EXIT, 3) - DAY,
        relapsed=True,
        relapse_leefgebieden=["justitie", "wonen"],
        **FLAGS,
    )


def test_a_relapse_s_life_domains_are_sealed_as_special_category():
    """Justice and health domains never travel in clear."""
    assert personal_fields(FollowUpRecorded) == {"relapse_leefgebieden": SPD}


@pytest.mark.parametrize(
    ("overrides", "nl"),
    [
        ({"relapsed": True}, "Noem bij een terugval de leefgebieden"),
        ({"relapse_leefgebieden": ["werk"]}, "horen alleen bij een terugval"),
    ],
    ids=["relapse without domains", "domains without relapse"],
)
def test_a_relapse_names_its_domains_and_only_a_relapse_does(overrides, nl):
    """422 on relapse_leefgebieden, in Dutch and English."""
    error = refused(started(), follow_up(3, **overrides))
    assert error.field == "relapse_leefgebieden"
    assert nl in error.nl
    assert "relapse" in error.en


def test_no_follow_up_before_nazorg_started():
    """Still in a programme: there is no nazorg to follow up (422 on month)."""
    error = refused(enrolled(), follow_up(3))
    assert error.field == "month"
    assert "Er loopt geen nazorg" in error.nl
    assert "No aftercare is running" in error.en


def test_a_follow_up_is_one_of_those_planned():
    """A follow-up after 4 months is not one nazorg has."""
    error = refused(started(), follow_up(4))
    assert error.field == "month"
    assert "wel na 3, 6, 12" in error.nl
    assert "it has 3, 6, 12" in error.en


def test_the_same_follow_up_is_recorded_once():
    """Twice the 3-month follow-up: 422 on month."""
    error = refused([*started(), recorded(3)], follow_up(3))
    assert error.field == "month"
    assert "al vastgelegd" in error.nl
    assert "already recorded" in error.en


def test_a_follow_up_is_not_dated_before_the_exit_nor_ahead():
    """Before the exit or after today: 422 on followed_up_on."""
    before = refused(started(), follow_up(3, followed_up_on=EXIT - DAY))
    assert before.field == "followed_up_on"
    assert "vóór de uitstroom" in before.nl
    assert "before the exit" in before.en
    ahead = refused(started(), follow_up(3, followed_up_on=TOMORROW))
    assert ahead.field == "followed_up_on"
    assert "ligt in de toekomst" in ahead.nl


def test_the_last_follow_up_ends_nazorg():
    """Every follow-up recorded or missed: nazorg ends `afgerond`, naming what was done."""
    history = [*started(), recorded(3)]
    [gone] = when(given(*history), missed(6))
    last = follow_up(12)
    done, ended = when(given(*history, gone), last)
    assert isinstance(done, FollowUpRecorded)
    assert ended == AftercareEnded(
        youth_id=Y,
        reason="afgerond",
        started_on=EXIT,
        ended_on=last.followed_up_on,
        recorded=[3, 12],
        missed=[6],
        cancelled=[],
    )


# --- follow-ups missed (the timer's) ---------------------------------------------------------


def test_a_follow_up_past_its_day_is_missed_once_for_the_responsible_worker():
    """Recorded by the timer with its due day and worker; a second firing finds it done."""
    [gone] = when(given(*started()), missed(3))
    assert gone == FollowUpMissed(
        youth_id=Y, month=3, due_on=add_months(EXIT, 3), responsible_worker=DIRECTOR
    )
    with pytest.raises(AlreadyDoneError):
        when(given(*started(), gone), missed(3))


def test_a_follow_up_is_not_missed_on_its_day():
    """The timer firing on the due day or before is refused: the worker tries again later."""
    history = started()
    state = given(*history)
    due = add_months(EXIT, 3)
    with pytest.raises(RuleViolationError) as early:
        decide(state, missed(3), due, age=20)
    assert not isinstance(early.value, AlreadyDoneError)
    assert decide(state, missed(3), due + DAY, age=20)


@pytest.mark.parametrize(
    "history",
    [
        [*started(), recorded(3)],
        [*started(), event(PersonalDataErased, Y)],
        [*started(months=(3,))[:-1]],  # no nazorg at all
    ],
    ids=["recorded", "erased", "no nazorg"],
)
def test_a_follow_up_recorded_or_gone_leaves_the_timer_nothing(history):
    """The awaited fact arrived first, or the young person was erased: nothing to record."""
    with pytest.raises(AlreadyDoneError):
        when(given(*history), missed(3))


def test_a_timer_of_an_earlier_nazorg_records_nothing():
    """A firing that names another start day is of a nazorg that is no longer."""
    cmd = RecordFollowUpMissed(youth_id=Y, started_on=EXIT - DAY, month=3)
    with pytest.raises(AlreadyDoneError):
        when(given(*started()), cmd)


def test_the_last_follow_up_missed_ends_nazorg_and_a_late_recording_is_still_heard():
    """All missed: ended on the firing day; a late follow-up then resolves one, ending nothing."""
    history = started(months=(3,))
    gone, ended = when(given(*history), missed(3))
    assert isinstance(gone, FollowUpMissed)
    assert isinstance(ended, AftercareEnded)
    assert (ended.reason, ended.ended_on, ended.missed) == ("afgerond", TODAY, [3])
    [late] = when(given(*history, gone, ended), follow_up(3, followed_up_on=TODAY))
    assert isinstance(late, FollowUpRecorded)


# --- the end -----------------------------------------------------------------------------------


def test_a_new_enrolment_ends_nazorg_and_cancels_what_was_to_come():
    """Back in a programme: `heringestroomd`, naming the follow-ups no longer due."""
    history = [*started(), recorded(3)]
    enrol = EnrolInProgramme(youth_id=Y, programma="rodeloper", start_on=TODAY)
    ended, enrolled_again = when(given(*history), enrol)
    assert isinstance(enrolled_again, ProgrammeEnrolled)
    assert ended == AftercareEnded(
        youth_id=Y,
        reason="heringestroomd",
        started_on=EXIT,
        ended_on=TODAY,
        recorded=[3],
        missed=[],
        cancelled=[6, 12],
    )
    error = refused([*history, ended, enrolled_again], follow_up(6))
    assert error.field == "month"


def test_an_enrolment_without_nazorg_ends_nothing():
    """A first enrolment is just that."""
    [enrolled_now] = when(given(event(YouthRegistered, Y)), command(EnrolInProgramme, Y))
    assert isinstance(enrolled_now, ProgrammeEnrolled)


def test_nazorg_is_ended_by_hand_with_a_reason():
    """By hand: the reason given; no follow-up is heard after it, nor a second end."""
    end = EndAftercare(youth_id=Y, reason="verhuisd", ended_on=TODAY)
    [ended] = when(given(*started()), end)
    assert ended == AftercareEnded(
        youth_id=Y,
        reason="verhuisd",
        started_on=EXIT,
        ended_on=TODAY,
        recorded=[],
        missed=[],
        cancelled=[3, 6, 12],
    )
    assert refused([*started(), ended], follow_up(3)).field == "month"
    again = refused([*started(), ended], end)
    assert again.field == "reason"
    assert "Er loopt geen nazorg om te beëindigen" in again.nl
    assert "No aftercare is running to end" in again.en


def test_nazorg_does_not_end_before_it_started():
    """Dated before the exit: 422 on ended_on."""
    error = refused(started(), EndAftercare(youth_id=Y, reason="overig", ended_on=EXIT - DAY))
    assert error.field == "ended_on"
    assert "vóór de start van de nazorg" in error.nl


def test_an_end_by_hand_needs_a_reason_of_its_own():
    """`afgerond` and `heringestroomd` are the rules' to record, never given by hand."""
    for reason in ("afgerond", "heringestroomd"):
        with pytest.raises(ValidationError):
            EndAftercare(youth_id=Y, reason=reason, ended_on=TODAY)  # type: ignore[arg-type]


# --- the timers ----------------------------------------------------------------------------------


def test_nazorg_times_each_follow_up_for_the_day_after_it_is_due():
    """One timer per follow-up, of this nazorg (its start day in the id and the payload)."""
    aftercare = started()[-1]
    changes = TIMERS.schedules(aftercare)
    assert changes == [
        Schedule(
            follow_up_timer(Y, EXIT, m),
            FOLLOW_UP,
            start_of(add_months(EXIT, m) + DAY),
            {"started_on": EXIT.isoformat(), "month": str(m)},
        )
        for m in (3, 6, 12)
    ]
    assert follow_up_timer(Y, EXIT, 3) != follow_up_timer(Y, EXIT + DAY, 3)


def test_a_recorded_follow_up_cancels_its_timer_and_an_end_those_to_come():
    """The follow-up's own timer; an end by hand or by enrolment the ones not yet due."""
    assert TIMERS.schedules(recorded(6)) == [Cancel(follow_up_timer(Y, EXIT, 6))]
    ended = AftercareEnded(
        youth_id=Y,
        reason="heringestroomd",
        started_on=EXIT,
        ended_on=TODAY,
        recorded=[3],
        missed=[],
        cancelled=[6, 12],
    )
    assert TIMERS.schedules(ended) == [
        Cancel(follow_up_timer(Y, EXIT, 6)),
        Cancel(follow_up_timer(Y, EXIT, 12)),
    ]


def test_a_due_follow_up_timer_asks_for_the_missed_follow_up():
    """The timer's payload says which nazorg and which follow-up."""
    timer = DueTimer(
        timer_id=follow_up_timer(Y, EXIT, 6), kind=FOLLOW_UP, stream_id=f"youth-{Y}",
        subject=str(Y), tenant="0518", due_at=start_of(TODAY),
        payload={"started_on": EXIT.isoformat(), "month": "6"}, scheduled_by=uuid.uuid4(),
        correlation_id=None, lease_token=uuid.uuid4(),
    )  # fmt: skip
    assert TIMERS.fires(timer) == missed(6)


# --- who may ---------------------------------------------------------------------------------


def test_only_intake_and_the_assigned_regisseur_give_nazorg_s_commands():
    """A regisseur only for their own young people; a coach, a debt or housing worker never."""
    routes = {r.path: r for r in ROUTES if r.command in {RecordFollowUp, EndAftercare}}
    assert set(routes) == {"/follow-ups", "/aftercare/end"}
    regisseur = Principal(
        subject="regisseur-1", roles=frozenset({"regisseur"}), gemeentecode="0518"
    )
    intake = Principal(subject="intake-1", roles=frozenset({"intake"}), gemeentecode="0518")
    for route in routes.values():
        assert route.activity == "intake.nazorg"
        for role in ("coach", "klantmanager", "schuldhulpverlener", "woonconsulent", "auditor"):
            assert role not in route.roles
        assert route.must_be_assigned(regisseur)
        assert not route.must_be_assigned(intake)
