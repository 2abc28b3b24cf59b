"""Housing's policy, pure: a programme exit in, a review of what stands open out."""

from __future__ import annotations

import uuid
from datetime import date

from services.housing.domain.commands import ReviewForExit
from services.housing.policies import POLICIES, SignalOnExit
from tests.support.cloudevents import cloud_event

YOUTH = str(uuid.uuid4())


def test_an_exit_asks_housing_to_review_what_stands_open():
    """Every exit: ReviewForExit on the exit day (the rules decide whether to signal)."""
    data = {"programma": "dtj", "reason": "overig", "destination": "geen", "exit_on": "2026-05-01"}
    trigger = cloud_event("nl.regie.intake.programme-exited", YOUTH, data)
    assert SignalOnExit().react(trigger) == [
        ReviewForExit(youth_id=uuid.UUID(YOUTH), exited_on=date(2026, 5, 1))
    ]


def test_other_events_ask_nothing():
    """An enrolment, or housing's own threat, is no exit."""
    enrolled = cloud_event(
        "nl.regie.intake.programme-enrolled", YOUTH, {"programma": "dtj", "start_on": "2026-05-01"}
    )
    assert SignalOnExit().react(enrolled) == []
    assert {d for p in POLICIES for d in p.domains} == {"intake"}
