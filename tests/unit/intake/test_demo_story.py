"""The demo's facts carry the dates of their story, so `make run` shows history, not today."""

from __future__ import annotations

import json
import uuid
from datetime import date

from services.intake.demo import AGO, DEMO_YOUTHS, TODAY, registered_on, steps
from services.intake.domain.retention import CareEnded, RetentionPeriods, due_for_destruction
from shared.devstack.__main__ import DEMO_GEMEENTE, DEMO_RETENTION


def test_every_demo_registration_is_dated_in_its_story_not_on_the_day_of_seeding():
    days = [date.fromisoformat(registered_on(demo)) for demo in DEMO_YOUTHS]
    assert all(day <= TODAY for day in days)
    referred = [date.fromisoformat(AGO[demo.referred]) for demo in DEMO_YOUTHS]
    assert all(r <= d for r, d in zip(referred, days, strict=True))
    # Spread over the year, so the inflow chart is not one bar in the current month.
    assert len({(day.year, day.month) for day in days}) >= 6
    assert sum(day == TODAY for day in days) <= 1


def test_no_step_of_a_story_that_began_months_ago_is_dated_today():
    for demo in (d for d in DEMO_YOUTHS if d.referred > 30):
        for step, (_path, body) in steps("y", demo, "dev-regisseur").items():
            dated = [v for k, v in body.items() if k.endswith("_on") and isinstance(v, str)]
            assert TODAY.isoformat() not in dated, (demo.name, step)


def test_one_demo_young_person_waits_on_the_destruction_list():
    """Under `make run`'s one year for the demo municipality, exactly one has left long enough."""
    ended = [
        CareEnded(
            youth_id=uuid.uuid4(),
            programma=demo.programma,
            result=demo.destination,
            exited_on=date.fromisoformat(str(steps("y", demo, "r")["exit"][1]["exit_on"])),
        )
        for demo in DEMO_YOUTHS
        if "exit" in demo.steps
    ]
    periods = RetentionPeriods(json.loads(DEMO_RETENTION))
    assert len(due_for_destruction(DEMO_GEMEENTE, ended, periods, TODAY)) == 1
    assert due_for_destruction(DEMO_GEMEENTE, ended, RetentionPeriods(), TODAY) == []
