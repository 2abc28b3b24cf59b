"""The toekomstplan's deadlines: the due days decisions record, the timers, and their rules."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

import pytest

from services.intake.domain.commands import (
    AgreeFuturePlan,
    EnrolInProgramme,
    RecordFuturePlanOverdue,
    RecordGoalOverdue,
    RecordPlanReviewDue,
    ReviewFuturePlan,
)
from services.intake.domain.deadlines import PlanPeriods, add_months
from services.intake.domain.events import (
    DirectorAssigned,
    FuturePlanAgreed,
    FuturePlanOverdue,
    FuturePlanReviewed,
    GoalOverdue,
    PersonalDataErased,
    PlanReviewDue,
    ProgrammeEnrolled,
    ProgrammeExited,
    YouthRegistered,
)
from services.intake.domain.model import AlreadyDoneError, RuleViolationError, decide
from services.intake.settings import IntakeSettings
from services.intake.timers import (
    GOAL,
    PLAN,
    PROGRAMMES,
    REVIEW,
    TIMERS,
    goal_timer,
    plan_timer,
    review_timer,
)
from shared.clock import start_of
from shared.timers import Cancel, DueTimer, Schedule
from tests.unit.intake.givens import START, TODAY, command, event, given

DAY = timedelta(days=1)
Y = uuid.UUID("00000000-0000-4000-8000-0000000000c1")
PLAN_DUE = START + 42 * DAY
GOAL_DUE = date(2027, 6, 1)  # the givens' goals


def enrolled(**overrides: object) -> list:
    due = {"plan_due_on": PLAN_DUE} | overrides
    return [event(YouthRegistered, Y), event(ProgrammeEnrolled, Y, **due)]


def with_plan(**overrides: object) -> list:
    fields = {"review_due_on": START + 90 * DAY} | overrides
    return [*enrolled(), event(DirectorAssigned, Y), event(FuturePlanAgreed, Y, **fields)]


# --- the due days the decisions record ----------------------------------------------------------


def test_an_enrolment_records_the_plan_due_day_of_the_municipality_s_period():
    """The rule is told the period; the event carries the day, so the timer needs no setting."""
    state = given(event(YouthRegistered, Y))
    enrol = command(EnrolInProgramme, Y, start_on=START)

    (default,) = decide(state, enrol, TODAY, age=20, periods=PlanPeriods())
    (shorter,) = decide(state, enrol, TODAY, age=20, periods=PlanPeriods(plan_days=35))
    (untold,) = decide(state, enrol, TODAY, age=20)

    assert default.plan_due_on == START + 42 * DAY
    assert shorter.plan_due_on == START + 35 * DAY
    assert untold.plan_due_on is None


def test_an_enrolment_while_a_plan_stands_awaits_no_plan():
    """The toekomstplan is the one plan: a second programme does not ask for another."""
    (enrolment,) = decide(
        given(*with_plan()), command(EnrolInProgramme, Y), TODAY, age=20, periods=PlanPeriods()
    )
    assert enrolment.plan_due_on is None


def test_agreeing_and_reviewing_record_the_next_review_months_later():
    """Three months by default, to the month's last day where it is shorter."""
    agree = command(AgreeFuturePlan, Y, agreed_on=date(2026, 8, 31))
    review = command(ReviewFuturePlan, Y, plan_id="plan-1", reviewed_on=TODAY)

    (agreed,) = decide(
        given(*enrolled(), event(DirectorAssigned, Y)), agree, TODAY, periods=PlanPeriods()
    )
    (reviewed,) = decide(given(*with_plan()), review, TODAY, periods=PlanPeriods(review_months=2))

    assert agreed.review_due_on == date(2026, 11, 30)
    assert reviewed.review_due_on == add_months(TODAY, 2) == date(2027, 1, 22)


def test_the_plan_period_is_per_municipality_with_a_default():
    """INTAKE_PLAN_DUE_DAYS='{"0599": 35}': Rotterdam 35 days, the others 42."""
    settings = IntakeSettings(plan_due_days={"0599": 35})

    assert settings.plan_periods("0599") == PlanPeriods(plan_days=35, review_months=3)
    assert settings.plan_periods("0518").plan_days == 42
    assert settings.plan_periods(None).plan_days == 42


def test_a_plan_period_of_zero_days_is_refused_by_the_settings():
    """A deadline on the start day itself would be a misconfiguration."""
    with pytest.raises(ValueError, match="plan_due_days"):
        IntakeSettings(plan_due_days={"0599": 0})


# --- the timers ---------------------------------------------------------------------------------


def test_an_enrolment_with_a_due_day_schedules_the_plan_timer_and_an_old_one_nothing():
    """The end of the due day in Amsterdam; an event without the field schedules nothing."""
    (_, enrolment) = enrolled()
    (_, old) = enrolled(plan_due_on=None)

    assert TIMERS.schedules(enrolment) == [
        Schedule(plan_timer(Y, "jpf"), PLAN, start_of(PLAN_DUE + DAY), {"programma": "jpf"})
    ]
    assert TIMERS.schedules(old) == []


def test_an_agreed_plan_cancels_the_plan_timers_and_times_its_review_and_goals():
    """The awaited fact cancels; the plan starts the next deadlines."""
    agreed = with_plan()[-1]

    changes = TIMERS.schedules(agreed)

    cancels = [c for c in changes if isinstance(c, Cancel)]
    schedules = {c.kind: c for c in changes if isinstance(c, Schedule)}
    assert cancels == [Cancel(plan_timer(Y, p)) for p in PROGRAMMES]
    assert schedules[REVIEW].timer_id == review_timer(Y, "plan-1", START + 90 * DAY)
    assert schedules[REVIEW].due_at == start_of(START + 91 * DAY)
    goal_ids = {c.timer_id for c in changes if isinstance(c, Schedule) and c.kind == GOAL}
    assert goal_ids == {goal_timer(Y, "plan-1", "g1"), goal_timer(Y, "plan-1", "g2")}


def test_a_review_cancels_only_the_goals_reached_or_dropped_and_times_the_next_review():
    """`loopt` keeps a goal's timer; `bereikt` and `vervallen` cancel theirs."""
    reviewed = event(
        FuturePlanReviewed, Y, statuses={"g1": "bereikt", "g2": "loopt"},
        review_due_on=TODAY + 90 * DAY,
    )  # fmt: skip

    changes = TIMERS.schedules(reviewed)

    assert Cancel(goal_timer(Y, "plan-1", "g1")) in changes
    assert Cancel(goal_timer(Y, "plan-1", "g2")) not in changes
    assert any(isinstance(c, Schedule) and c.kind == REVIEW for c in changes)


@pytest.mark.parametrize(("still", "cancelled"), [([], set(PROGRAMMES)), (["rodeloper"], {"jpf"})])
def test_the_last_exit_stops_every_plan_timer_and_another_only_its_own(still, cancelled):
    """Leaving jpf while still in rodeloper cancels jpf's plan timer only."""
    exited = event(ProgrammeExited, Y, still_enrolled_in=still)

    changes = TIMERS.schedules(exited)

    assert set(changes) == {Cancel(plan_timer(Y, p)) for p in cancelled}


def test_an_erasure_stops_every_plan_timer():
    """Erased: nothing more is awaited."""
    changes = TIMERS.schedules(event(PersonalDataErased, Y))
    assert {Cancel(plan_timer(Y, p)) for p in PROGRAMMES} <= set(changes)  # birthdays too


@pytest.mark.parametrize(
    ("kind", "payload", "expected"),
    [
        (PLAN, {"programma": "jpf"}, RecordFuturePlanOverdue(youth_id=Y, programma="jpf")),
        (REVIEW, {"plan_id": "plan-1", "due_on": "2027-01-01"},
         RecordPlanReviewDue(youth_id=Y, plan_id="plan-1", due_on=date(2027, 1, 1))),
        (GOAL, {"plan_id": "plan-1", "goal_id": "g1"},
         RecordGoalOverdue(youth_id=Y, plan_id="plan-1", goal_id="g1")),
    ],
)  # fmt: skip
def test_a_due_timer_asks_for_its_own_command(kind, payload, expected):
    """What the worker executes, from the timer's payload."""
    timer = DueTimer(
        timer_id=uuid.uuid4(), kind=kind, stream_id=f"youth-{Y}", subject=str(Y),
        tenant="0518", due_at=start_of(TODAY), payload=payload, scheduled_by=uuid.uuid4(),
        correlation_id=None, lease_token=uuid.uuid4(),
    )  # fmt: skip
    assert TIMERS.fires(timer) == expected


# --- the rules of a passed deadline -------------------------------------------------------------

OVERDUE = RecordFuturePlanOverdue(youth_id=Y, programma="jpf")


def test_a_plan_not_agreed_in_time_is_recorded_once_with_its_due_day():
    """The day after: recorded; again: nothing to do."""
    (overdue,) = decide(given(*enrolled()), OVERDUE, PLAN_DUE + DAY)

    assert overdue == FuturePlanOverdue(youth_id=Y, programma="jpf", due_on=PLAN_DUE)
    with pytest.raises(AlreadyDoneError):
        decide(given(*enrolled(), overdue), OVERDUE, PLAN_DUE + 2 * DAY)


def test_on_the_plan_s_due_day_nothing_is_overdue_yet():
    """The due day still counts: a timer firing early is refused, not settled."""
    with pytest.raises(RuleViolationError) as refused:
        decide(given(*enrolled()), OVERDUE, PLAN_DUE)
    assert not isinstance(refused.value, AlreadyDoneError)


@pytest.mark.parametrize(
    "history",
    [
        with_plan(),  # agreed first
        [*enrolled(), event(ProgrammeExited, Y)],  # left the programme
        enrolled(plan_due_on=None),  # an enrolment before the field: nothing timed
        [*enrolled(), event(PersonalDataErased, Y)],  # erased
    ],
)
def test_a_plan_timer_finds_nothing_to_do_after_the_awaited_fact_or_the_end(history):
    """The worker settles it without an event."""
    with pytest.raises(AlreadyDoneError):
        decide(given(*history), OVERDUE, PLAN_DUE + 10 * DAY)


def test_a_review_not_held_in_time_is_recorded_and_a_review_since_leaves_nothing():
    """The timer names its due day: after a review the pending day moved on."""
    due = START + 90 * DAY
    miss = RecordPlanReviewDue(youth_id=Y, plan_id="plan-1", due_on=due)

    (review_due,) = decide(given(*with_plan()), miss, due + DAY)
    reviewed = event(FuturePlanReviewed, Y, reviewed_on=due, review_due_on=due + 90 * DAY)

    assert review_due == PlanReviewDue(youth_id=Y, plan_id="plan-1", due_on=due)
    with pytest.raises(AlreadyDoneError):
        decide(given(*with_plan(), reviewed), miss, due + DAY)
    with pytest.raises(AlreadyDoneError):
        decide(given(*with_plan(), review_due), miss, due + 2 * DAY)


def test_a_goal_past_its_day_is_overdue_unless_reached_dropped_or_replaced():
    """Named by plan and goal id (its domain is sealed); `bereikt` or a new plan leaves nothing."""
    miss = RecordGoalOverdue(youth_id=Y, plan_id="plan-1", goal_id="g1")

    (overdue,) = decide(given(*with_plan()), miss, GOAL_DUE + DAY)

    assert overdue == GoalOverdue(youth_id=Y, plan_id="plan-1", goal_id="g1", due_on=GOAL_DUE)
    for after in (
        event(FuturePlanReviewed, Y, statuses={"g1": "vervallen"}),
        event(FuturePlanAgreed, Y, plan_id="plan-2"),
        event(ProgrammeExited, Y),
        overdue,
    ):
        with pytest.raises(AlreadyDoneError):
            decide(given(*with_plan(), after), miss, GOAL_DUE + 2 * DAY)
