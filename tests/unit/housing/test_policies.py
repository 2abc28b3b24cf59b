"""Housing's policy, pure: a programme exit in, a review of what stands open out."""

from __future__ import annotations

import uuid
from datetime import date

import pytest

from services.housing.domain.commands import EndHousingAllowance, ReviewForExit
from services.housing.policies import POLICIES, SignalOnExit, WoontoelageYieldsToHuurtoeslag
from tests.support.cloudevents import cloud_event

YOUTH = str(uuid.uuid4())


def exited(**still: object):
    """An exit from dtj; without `still_enrolled_in` as an exit stored before it existed."""
    data = {"programma": "dtj", "reason": "overig", "destination": "geen", "exit_on": "2026-05-01"}
    return cloud_event("nl.regie.intake.programme-exited", YOUTH, data | still)


@pytest.mark.parametrize("trigger", [exited(still_enrolled_in=[]), exited()], ids=["empty", "old"])
def test_the_last_exit_asks_housing_to_review_what_stands_open(trigger):
    """Empty, or absent as in old history: ReviewForExit on the exit day; the rules decide."""
    assert SignalOnExit().react(trigger) == [
        ReviewForExit(youth_id=uuid.UUID(YOUTH), exited_on=date(2026, 5, 1))
    ]


@pytest.mark.parametrize("still", [["jpf"], ["jpf", "rodeloper"], ["een-nieuw-programma"]])
def test_an_exit_that_leaves_a_programme_running_signals_nothing(still):
    """Still in another programme (also one housing does not know yet): no command at all."""
    assert SignalOnExit().react(exited(still_enrolled_in=still)) == []


@pytest.mark.parametrize("broken", [None, "jpf", {"jpf": True}])
def test_an_exit_whose_programmes_are_not_a_list_fails_loudly(broken):
    """Neither signal nor stay silent on a guess: the trigger goes to the dead-letter topic."""
    with pytest.raises(TypeError, match="still_enrolled_in"):
        SignalOnExit().react(exited(still_enrolled_in=broken))


def test_other_events_ask_nothing():
    """An enrolment, or housing's own threat, is no exit."""
    enrolled = cloud_event(
        "nl.regie.intake.programme-enrolled", YOUTH, {"programma": "dtj", "start_on": "2026-05-01"}
    )
    assert SignalOnExit().react(enrolled) == []
    assert {d for p in POLICIES for d in p.domains} == {"intake", "income"}


@pytest.mark.parametrize(
    ("type_name", "kind", "asked"),
    [
        ("nl.regie.income.allowance-granted", "huurtoeslag", True),
        ("nl.regie.income.allowance-granted", "zorgtoeslag", False),
        ("nl.regie.income.allowance-refused", "huurtoeslag", False),
    ],
)
def test_a_huurtoeslag_granted_ends_the_woontoelage_on_that_day(type_name, kind, asked):
    """Only a granted huurtoeslag asks housing to end the woontoelage that stood in for it."""
    data = {"allowance_id": str(uuid.uuid4()), "kind": kind, "granted_on": "2026-09-01",
            "refused_on": "2026-09-01", "reason": "inkomen_te_hoog"}  # fmt: skip
    reaction = WoontoelageYieldsToHuurtoeslag().react(cloud_event(type_name, YOUTH, data))
    expected = EndHousingAllowance(youth_id=uuid.UUID(YOUTH), ended_on=date(2026, 9, 1))
    assert reaction == ([expected] if asked else [])
