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


def exited(reason: str = "overig", destination: str = "geen", **still: object):
    """An exit from rodeloper; without `still_enrolled_in` as an exit stored before it existed."""
    data = {"programma": "rodeloper", "reason": reason, "destination": destination}
    return cloud_event(
        "nl.regie.intake.programme-exited", YOUTH, {**data, "exit_on": "2026-09-30", **still}
    )


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
    assert EndOnExit().react(exited(reason, destination, still_enrolled_in=[])) == [
        EndCoaching(
            youth_id=uuid.UUID(YOUTH),
            reason=end_reason,
            destination=end_destination,
            ended_on=date(2026, 9, 30),
        )
    ]


def test_an_exit_stored_before_the_field_existed_ends_coaching_as_it_did():
    """No `still_enrolled_in` (old history) reads as the last exit: EndCoaching."""
    [end] = EndOnExit().react(exited("doel_bereikt", "werk"))
    assert end == EndCoaching(
        youth_id=uuid.UUID(YOUTH),
        reason="doel_bereikt",
        destination="werk",
        ended_on=date(2026, 9, 30),
    )


@pytest.mark.parametrize("still", [["jpf"], ["dtj", "jpf"], ["een-nieuw-programma"]])
def test_an_exit_that_leaves_a_programme_running_ends_nothing(still):
    """Still in another programme (also one coaching does not know yet): no command at all."""
    assert EndOnExit().react(exited(still_enrolled_in=still)) == []


@pytest.mark.parametrize("broken", [None, "jpf", {"jpf": True}])
def test_an_exit_whose_programmes_are_not_a_list_fails_loudly(broken):
    """Neither end nor keep coaching on a guess: the trigger goes to the dead-letter topic."""
    with pytest.raises(TypeError, match="still_enrolled_in"):
        EndOnExit().react(exited(still_enrolled_in=broken))


def test_each_policy_answers_only_its_own_trigger():
    """The enrolment policy ignores exits and the other way round."""
    triggers = [enrolled("rodeloper"), exited(), exited(still_enrolled_in=["jpf"])]
    answered = {p.name: [bool(p.react(t)) for t in triggers] for p in POLICIES}
    # The privacy policies (erasure, sharing) answer none of these triggers.
    assert (
        answered.pop("coaching.erasure")
        == answered.pop("coaching.timeline-sharing")
        == [False] * len(triggers)
    )
    assert answered == {
        "rodeloper-bij-inschrijving": [True, False, False],
        "afsluiten-bij-uitstroom": [False, True, False],
    }
