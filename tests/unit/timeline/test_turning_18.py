"""Turning 18 on the timeline: the regisseur's signals, the headlines and the report's share."""

from __future__ import annotations

from services.timeline.read_model.catalogue import HEADLINES
from services.timeline.reports.model import DeadlineCount
from services.timeline.signals.rules import (
    LATE,
    NO_TRANSITION_PLAN,
    SOON,
    TRANSITION_DUE,
    URGENCY,
    Raise,
    Resolve,
    changes,
)

INTAKE = "nl.regie.intake."


def test_six_months_before_18_the_regisseur_is_asked_for_a_transition_plan():
    (raised,) = changes(f"{INTAKE}transition-plan-due", {"due_on": "2027-07-31"})

    assert isinstance(raised, Raise)
    assert (raised.kind, raised.domain, URGENCY[raised.kind]) == (TRANSITION_DUE, "intake", SOON)


def test_18_without_a_plan_is_urgent_and_replaces_the_request():
    found = changes(f"{INTAKE}adulthood-reached", {"transition_plan_agreed": False})

    raised = [c for c in found if isinstance(c, Raise)]
    assert [(r.kind, URGENCY[r.kind]) for r in raised] == [(NO_TRANSITION_PLAN, LATE)]
    assert any(isinstance(c, Resolve) and c.prefix.startswith(TRANSITION_DUE) for c in found)


def test_18_with_a_plan_raises_nothing_and_an_agreed_plan_resolves_both():
    with_plan = changes(f"{INTAKE}adulthood-reached", {"transition_plan_agreed": True})
    agreed = changes(f"{INTAKE}transition-plan-agreed", {"agreed_on": "2027-09-01"})

    assert not [c for c in with_plan if isinstance(c, Raise)]
    assert {c.prefix.split(":")[0] for c in agreed if isinstance(c, Resolve)} == {
        TRANSITION_DUE,
        NO_TRANSITION_PLAN,
    }


def test_the_headlines_of_turning_18_never_name_what_continues():
    render = {name.removeprefix(INTAKE): h.render for name, h in HEADLINES.items()}
    sealed = {"continuations": "enc:v1:...", "youth_care_extended": True, "agreed_on": "2027-01-01"}

    assert render["transition-plan-agreed"](sealed) == (
        "Overgangsplan voor 18 jaar afgesproken (jeugdhulp verlengd tot 23)"
    )
    assert render["adulthood-reached"]({"transition_plan_agreed": False}) == (
        "18 geworden zonder overgangsplan"
    )
    late = {"transition_plan_agreed": True, "agreed_before_18": False}
    assert render["adulthood-reached"](late) == "18 geworden (overgangsplan na 18)"
    assert render["adulthood-reached"](late | {"agreed_before_18": True}) == "18 geworden"
    assert render["age-band-changed"]({"age_band": "23-27"}) == (
        "Nieuwe leeftijdsklasse: 23 tot en met 27 jaar"
    )


def test_the_share_agreed_before_18_is_met_over_met_and_missed():
    assert DeadlineCount(kind="overgangsplan", label="", met=3, missed=1).share_met == 0.75
    assert DeadlineCount(kind="overgangsplan", label="", met=0, missed=0).share_met is None
