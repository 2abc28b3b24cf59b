"""Nazorg through intake's own pipeline on fakes: the setting's months, timers in one append.

The last exit records `AftercareStarted` with the municipality's follow-up months and
schedules their timers with the events; a follow-up recorded cancels its own timer; the
timer's command, once its day passed, records the follow-up missed once.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import TYPE_CHECKING

import pytest

from services.intake.aftercare_timers import follow_up_timer
from services.intake.bootstrap import DECLARATION
from services.intake.domain.commands import ExitProgramme, RecordFollowUp, RecordFollowUpMissed
from services.intake.domain.events import (
    AftercareStarted,
    DirectorAssigned,
    ProgrammeEnrolled,
    YouthRegistered,
)
from services.intake.handlers import use_plan_settings
from services.intake.settings import IntakeSettings
from services.intake.views import youth_view
from shared.auth import Principal
from shared.rules import AlreadyDoneError
from tests.support.fakes import TENANT, Wired, wire
from tests.unit.intake.givens import START, command, event

if TYPE_CHECKING:
    from collections.abc import Iterator

Y = uuid.UUID("00000000-0000-4000-8000-0000000a11ce")
OUTCOME = {
    "still_housed": True,
    "in_work": False,
    "in_education": True,
    "debt_free": True,
    "in_contact": True,
}


@pytest.fixture(autouse=True)
def one_and_two_months() -> Iterator[None]:
    """The municipality follows up after 1 and 2 months (the setting), then as before."""
    use_plan_settings(IntakeSettings(aftercare_follow_ups_months="2,1"))
    yield
    use_plan_settings(IntakeSettings())


async def exited() -> Wired:
    wired = wire(DECLARATION)
    await wired.given(
        Y,
        event(YouthRegistered, Y),
        event(DirectorAssigned, Y, director_id="regisseur-9"),
        event(ProgrammeEnrolled, Y, start_on=START),
    )
    await wired.when(command(ExitProgramme, Y, exit_on=START))
    return wired


async def test_the_last_exit_starts_nazorg_with_the_setting_s_months_and_its_timers():
    """1 and 2 months after the exit, each timed for the day after; one append."""
    wired = await exited()
    started = (await wired.opened(Y))[-1]
    assert isinstance(started, AftercareStarted)
    assert [(f.month, f.due_on) for f in started.follow_ups] == [
        (1, date(2026, 11, 1)),
        (2, date(2026, 12, 1)),
    ]
    assert started.responsible_worker == "regisseur-9"
    for month in (1, 2):
        schedule, state = wired.store.timers[follow_up_timer(Y, START, month)]
        assert state == "scheduled"
        assert schedule.payload == {"started_on": START.isoformat(), "month": str(month)}


async def test_a_recorded_follow_up_cancels_its_timer_only():
    """The 2-month follow-up recorded early: its timer is cancelled, the 1-month one stays."""
    wired = await exited()
    await wired.when(
        RecordFollowUp(youth_id=Y, month=2, followed_up_on=date(2026, 11, 20), **OUTCOME)
    )
    assert wired.store.timers[follow_up_timer(Y, START, 2)][1] == "cancelled"
    assert wired.store.timers[follow_up_timer(Y, START, 1)][1] == "scheduled"
    assert (await wired.kinds(Y))[-1] == "follow-up-recorded"


async def test_the_timer_s_command_records_the_missed_follow_up_once():
    """Past the 1-month day (today is 22 November): missed once, then nothing to do."""
    wired = await exited()
    missed = RecordFollowUpMissed(youth_id=Y, started_on=START, month=1)
    await wired.when(missed)
    assert (await wired.kinds(Y))[-1] == "follow-up-missed"
    with pytest.raises(AlreadyDoneError):
        await wired.when(missed)


async def test_intake_s_view_shows_nazorg_and_where_each_follow_up_stands():
    """Missed, recorded and still open, with the responsible worker."""
    wired = await exited()
    await wired.when(RecordFollowUpMissed(youth_id=Y, started_on=START, month=1))
    await wired.when(
        RecordFollowUp(youth_id=Y, month=2, followed_up_on=date(2026, 11, 20), **OUTCOME)
    )
    regisseur = Principal(
        subject="regisseur-9", roles=frozenset({"regisseur"}), gemeentecode=TENANT
    )
    shown = await youth_view(wired.sealer, Y, await wired.recorded(Y), regisseur)
    assert shown.aftercare is not None
    assert (shown.aftercare.responsible_worker, shown.aftercare.ended) == (
        "regisseur-9",
        "afgerond",
    )
    assert [(f.month, f.status) for f in shown.aftercare.follow_ups] == [
        (1, "gemist"),
        (2, "vastgelegd"),
    ]
