"""Coaching's policies, pure: enrolment and exit in, coaching commands out."""

from __future__ import annotations

import uuid
from datetime import date

import pytest

from services.coaching.domain.commands import EndCoaching, OpenRodeLoper
from services.coaching.policies import POLICIES, EndOnExit, RodeLoperOnEnrolment
from tests.support.cloudevents import cloud_event

YOUTH = str(uuid.uuid4())


def enrolled(programma: str):
    data = {"programma": programma, "start_on": "2026-04-01"}
    return cloud_event("nl.regie.intake.programme-enrolled", YOUTH, data)


def exited(reason: str, destination: str):
    data = {"programma": "rodeloper", "reason": reason, "destination": destination}
    return cloud_event("nl.regie.intake.programme-exited", YOUTH, {**data, "exit_on": "2026-09-30"})


def test_a_rode_loper_enrolment_opens_rode_loper_on_its_start_day():
    """OpenRodeLoper: the scout phase, awaiting a coach."""
    assert RodeLoperOnEnrolment().react(enrolled("rodeloper")) == [
        OpenRodeLoper(youth_id=uuid.UUID(YOUTH), started_on=date(2026, 4, 1))
    ]


@pytest.mark.parametrize("programma", ["jpf", "dtj", "regulier", "toekomstgesprek"])
def test_other_enrolments_start_no_rode_loper(programma):
    """Only Rode loper has Rode loper's phases."""
    assert RodeLoperOnEnrolment().react(enrolled(programma)) == []


@pytest.mark.parametrize(
    ("reason", "destination", "end_reason", "end_destination"),
    [
        ("doel_bereikt", "onderwijs", "doel_bereikt", "opleiding"),
        ("zelf_gestopt", "geen", "uitgevallen", "geen"),
        ("verhuisd", "werk", "verhuisd", "werk"),
        ("overleden", "geen", "overig", "geen"),
    ],
)
def test_an_exit_ends_coaching_in_coachings_words(reason, destination, end_reason, end_destination):
    """EndCoaching on the exit day, reason and destination mapped to coaching's vocabulary."""
    assert EndOnExit().react(exited(reason, destination)) == [
        EndCoaching(
            youth_id=uuid.UUID(YOUTH),
            reason=end_reason,
            destination=end_destination,
            ended_on=date(2026, 9, 30),
        )
    ]


def test_each_policy_answers_only_its_own_trigger():
    """The enrolment policy ignores exits and the other way round."""
    triggers = [enrolled("rodeloper"), exited("overig", "geen")]
    answered = {p.name: [bool(p.react(t)) for t in triggers] for p in POLICIES}
    # The privacy policies (erasure, sharing) answer none of these triggers.
    assert (
        answered.pop("coaching.erasure")
        == answered.pop("coaching.timeline-sharing")
        == [
            False,
            False,
        ]
    )
    assert answered == {
        "rodeloper-bij-inschrijving": [True, False],
        "afsluiten-bij-uitstroom": [False, True],
    }
