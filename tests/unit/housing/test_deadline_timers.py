"""The episode's deadlines as durable timers: scheduled by the registration; their rules."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest

from services.housing.domain.commands import RecordFirstWeekMissed, RecordHousingPlanMissed
from services.housing.domain.events import (
    FirstWeekShelterMissed,
    HousingPlanAgreed,
    HousingPlanDeadlineMissed,
    PostalAddressArranged,
    ShelterAdmitted,
)
from services.housing.domain.model import AlreadyDoneError, RuleViolationError, decide
from services.housing.timers import FIRST_WEEK, PLAN, TIMERS, episode_timer
from shared.clock import start_of
from shared.timers import DueTimer, Schedule
from tests.unit.housing.givens import (
    EPISODE,
    START,
    YOUTH,
    event,
    given,
    homeless,
    housed,
)

DAY = timedelta(days=1)
WEEK_DUE = START + 7 * DAY
PLAN_DUE = START + 42 * DAY
WEEK = RecordFirstWeekMissed(youth_id=YOUTH, episode_id=EPISODE)
PLAN_MISS = RecordHousingPlanMissed(youth_id=YOUTH, episode_id=EPISODE)


# --- the rules ---------------------------------------------------------------------------------


def test_a_first_week_without_roof_and_address_is_recorded_with_what_lacked():
    """Recorded the day after, naming the last day in time and both needs."""
    (missed,) = decide(given(*homeless()), WEEK, WEEK_DUE + DAY)

    assert missed == FirstWeekShelterMissed(
        youth_id=YOUTH, episode_id=EPISODE, due_on=WEEK_DUE, lacking=["dak", "briefadres"]
    )
    assert given(*homeless(), missed).first_week_missed


def test_a_roof_in_time_without_an_address_is_still_a_missed_first_week():
    """Both are due: the shelter alone names only the address as lacking."""
    state = given(*homeless(), event(ShelterAdmitted, admitted_on=START + 2 * DAY))

    (missed,) = decide(state, WEEK, WEEK_DUE + 3 * DAY)

    assert missed.lacking == ["briefadres"]


def test_a_roof_after_the_week_does_not_undo_the_miss():
    """A late admission (before a late worker fired) is still late."""
    state = given(
        *homeless(),
        event(PostalAddressArranged, arranged_on=START),
        event(ShelterAdmitted, admitted_on=WEEK_DUE + DAY),
    )

    (missed,) = decide(state, WEEK, WEEK_DUE + 2 * DAY)

    assert missed.lacking == ["dak"]


@pytest.mark.parametrize(
    "history",
    [
        # roof and address in time: nothing to record
        [*homeless(), event(ShelterAdmitted, admitted_on=WEEK_DUE), event(PostalAddressArranged)],
        # the episode ended in housing
        housed(),
        # already recorded
        [
            *homeless(),
            FirstWeekShelterMissed(
                youth_id=YOUTH, episode_id=EPISODE, due_on=WEEK_DUE, lacking=["dak"]
            ),
        ],
        # another episode is open now
        homeless(episode_id=uuid.uuid4()),
    ],
)
def test_a_first_week_timer_finds_nothing_to_do_when_the_facts_came_first(history):
    """Already so: the worker settles the timer and appends nothing."""
    with pytest.raises(AlreadyDoneError):
        decide(given(*history), WEEK, WEEK_DUE + 10 * DAY)


def test_on_the_last_day_of_the_week_nothing_is_missed_yet():
    """The deadline's day still counts: a timer firing early is refused."""
    with pytest.raises(RuleViolationError) as refused:
        decide(given(*homeless()), WEEK, WEEK_DUE)
    assert not isinstance(refused.value, AlreadyDoneError)


def test_a_plan_not_agreed_in_six_weeks_is_recorded_once():
    """The miss names the plan's last day; a second firing finds it recorded."""
    (missed,) = decide(given(*homeless()), PLAN_MISS, PLAN_DUE + DAY)

    assert missed == HousingPlanDeadlineMissed(youth_id=YOUTH, episode_id=EPISODE, due_on=PLAN_DUE)
    with pytest.raises(AlreadyDoneError):
        decide(given(*homeless(), missed), PLAN_MISS, PLAN_DUE + 2 * DAY)


def test_a_plan_agreed_on_its_last_day_is_in_time_and_a_later_one_is_not():
    """Agreed by the due day: nothing to record; a day later: missed."""
    in_time = given(*homeless(), event(HousingPlanAgreed, agreed_on=PLAN_DUE))
    late = given(*homeless(), event(HousingPlanAgreed, agreed_on=PLAN_DUE + DAY))

    with pytest.raises(AlreadyDoneError):
        decide(in_time, PLAN_MISS, PLAN_DUE + 5 * DAY)
    assert decide(late, PLAN_MISS, PLAN_DUE + 5 * DAY)


# --- the timers --------------------------------------------------------------------------------


def test_a_registration_schedules_both_deadlines_of_its_episode_at_the_day_after():
    """Midnight in Amsterdam after each deadline's day, keyed by the episode."""
    (registered,) = homeless()

    changes = TIMERS.schedules(registered)

    assert changes == [
        Schedule(episode_timer(FIRST_WEEK, EPISODE), FIRST_WEEK, start_of(WEEK_DUE + DAY),
                 {"episode_id": str(EPISODE)}),
        Schedule(episode_timer(PLAN, EPISODE), PLAN, start_of(PLAN_DUE + DAY),
                 {"episode_id": str(EPISODE)}),
    ]  # fmt: skip


def test_a_new_episode_gets_timers_of_its_own():
    """A settled timer never re-arms: the next episode's ids differ."""
    other = uuid.uuid4()
    assert episode_timer(FIRST_WEEK, EPISODE) != episode_timer(FIRST_WEEK, other)
    assert episode_timer(FIRST_WEEK, EPISODE) != episode_timer(PLAN, EPISODE)


@pytest.mark.parametrize(("kind", "expected"), [(FIRST_WEEK, WEEK), (PLAN, PLAN_MISS)])
def test_a_due_timer_asks_for_its_own_command(kind, expected):
    """The worker's command names the young person and the episode."""
    timer = DueTimer(
        timer_id=episode_timer(kind, EPISODE), kind=kind, stream_id=f"housing-{YOUTH}",
        subject=str(YOUTH), tenant="0518", due_at=start_of(WEEK_DUE + DAY),
        payload={"episode_id": str(EPISODE)}, scheduled_by=uuid.uuid4(), correlation_id=None,
        lease_token=uuid.uuid4(),
    )  # fmt: skip

    assert TIMERS.fires(timer) == expected
