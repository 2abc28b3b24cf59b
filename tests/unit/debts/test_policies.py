"""Debts' policies, pure: a CloudEvent in, debt commands out (or none)."""

from __future__ import annotations

import uuid
from datetime import date

import pytest
from pydantic import ValidationError

from services.debts.domain.commands import CloseForExit, RequestCrisisHelp, RequestDebtHelp
from services.debts.policies import (
    POLICIES,
    CloseOnExit,
    EvictionCrisis,
    JpfDebtHelp,
    trajectory_for,
)
from tests.support.cloudevents import cloud_event

YOUTH = str(uuid.uuid4())
ENROLLED = "nl.regie.intake.programme-enrolled"
EXITED = "nl.regie.intake.programme-exited"
EVICTION = "nl.regie.housing.eviction-threatened"


def enrolled(programma: str = "jpf", start_on: str = "2026-03-02"):
    return cloud_event(ENROLLED, YOUTH, {"programma": programma, "start_on": start_on})


def threatened(reason: str = "huurachterstand"):
    data = {"eviction_id": str(uuid.uuid4()), "reason": reason, "signalled_on": "2026-03-09"}
    return cloud_event(EVICTION, YOUTH, data)


def exited(reason: str = "verhuisd", **still: object):
    """An exit from jpf; without `still_enrolled_in` as an exit stored before it existed."""
    data = {"programma": "jpf", "reason": reason, "destination": "werk", "exit_on": "2026-06-30"}
    return cloud_event(EXITED, YOUTH, data | still)


def test_a_jpf_enrolment_requests_plain_debt_help_on_its_start_day():
    """One RequestDebtHelp for the fund, no crisis, its trajectory id derived from the trigger."""
    trigger = enrolled()
    assert JpfDebtHelp().react(trigger) == [
        RequestDebtHelp(
            youth_id=uuid.UUID(YOUTH),
            trajectory_id=trajectory_for(trigger.id),
            requested_on=date(2026, 3, 2),
            programma="jpf",
        )
    ]


def test_the_trajectory_id_is_the_same_on_every_delivery_and_differs_per_trigger():
    """Redelivery asks for the very same command; another trigger for another trajectory."""
    trigger = enrolled()
    assert JpfDebtHelp().react(trigger) == JpfDebtHelp().react(trigger)
    assert trajectory_for(trigger.id) != trajectory_for(enrolled().id)


@pytest.mark.parametrize("programma", ["dtj", "rodeloper", "regulier", "toekomstgesprek"])
def test_other_programmes_ask_nothing_of_debts(programma):
    """Only the Jongeren Perspectief Fonds is about debts."""
    assert JpfDebtHelp().react(enrolled(programma)) == []


def test_rent_arrears_ask_for_crisis_help_with_eviction_as_trigger():
    """huurachterstand: RequestCrisisHelp (ontruiming) from the signal's day."""
    trigger = threatened()
    assert EvictionCrisis().react(trigger) == [
        RequestCrisisHelp(
            youth_id=uuid.UUID(YOUTH),
            trajectory_id=trajectory_for(trigger.id),
            crisis_trigger="ontruiming",
            signalled_on=date(2026, 3, 9),
        )
    ]


@pytest.mark.parametrize("reason", ["overlast", "woonfraude", "overig"])
def test_other_eviction_reasons_are_no_debt_crisis(reason):
    """Nuisance or fraud is not about money."""
    assert EvictionCrisis().react(threatened(reason)) == []


@pytest.mark.parametrize(
    ("exit_reason", "outflow"),
    [("verhuisd", "verhuisd"), ("zelf_gestopt", "zelf"), ("doel_bereikt", "overig")],
)
def test_an_exit_asks_to_close_with_the_ddas_reason(exit_reason, outflow):
    """The last exit: CloseForExit on the exit day, the reason in DDAS words."""
    assert CloseOnExit().react(exited(exit_reason)) == [
        CloseForExit(youth_id=uuid.UUID(YOUTH), reason=outflow, exited_on=date(2026, 6, 30))
    ]


@pytest.mark.parametrize("still", [["rodeloper"], ["dtj", "rodeloper"], ["een-nieuw-programma"]])
def test_an_exit_that_leaves_a_programme_running_closes_nothing(still):
    """Still in another programme (also one debts does not know yet): no command at all."""
    assert CloseOnExit().react(exited(still_enrolled_in=still)) == []


@pytest.mark.parametrize("trigger", [exited(still_enrolled_in=[]), exited()], ids=["empty", "old"])
def test_the_last_exit_and_an_exit_stored_before_the_field_both_ask_to_close(trigger):
    """Empty, or absent as in history recorded before intake named it: CloseForExit."""
    assert CloseOnExit().react(trigger) == [
        CloseForExit(youth_id=uuid.UUID(YOUTH), reason="verhuisd", exited_on=date(2026, 6, 30))
    ]


@pytest.mark.parametrize("broken", [None, "rodeloper", {"rodeloper": True}])
def test_an_exit_whose_programmes_are_not_a_list_fails_loudly(broken):
    """Neither close nor keep open on a guess: the trigger goes to the dead-letter topic."""
    with pytest.raises(TypeError, match="still_enrolled_in"):
        CloseOnExit().react(exited(still_enrolled_in=broken))


def test_each_policy_ignores_the_others_triggers():
    """Enrolment, threat, exit: each policy answers only its own."""
    triggers = [enrolled(), threatened(), exited(), exited(still_enrolled_in=["dtj"])]
    answered = {p.name: [bool(p.react(t)) for t in triggers] for p in POLICIES}
    # The privacy policies (erasure, sharing) answer none of these triggers.
    assert answered.pop("debts.erasure") == answered.pop("debts.timeline-sharing") == [False] * 4
    assert answered == {
        "schuldhulp-bij-jpf": [True, False, False, False],
        "crisis-bij-huisuitzetting": [False, True, False, False],
        "afsluiten-bij-uitstroom": [False, False, True, False],
    }
    assert len({p.name for p in POLICIES}) == len(POLICIES)


def test_bad_data_fails_loudly_so_the_trigger_goes_to_the_dead_letter_topic():
    """A trigger without its date cannot become a command: a validation error, not silence."""
    broken = cloud_event(ENROLLED, YOUTH, {"programma": "jpf", "start_on": "gisteren"})
    with pytest.raises(ValidationError, match="requested_on"):
        JpfDebtHelp().react(broken)
