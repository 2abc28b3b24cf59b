"""The signals' pure rules: what an event changes, who sees a signal, its state, the list."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta

import pytest

from services.timeline.read_model.access import Viewer
from services.timeline.read_model.queries import YouthListItem
from services.timeline.signals import rules
from services.timeline.signals.actions import note_problem, snooze_problem
from services.timeline.signals.model import (
    DOMAIN_NAMES,
    Action,
    Found,
    explain,
    knows_detail,
    sees,
    state_of,
)
from services.timeline.signals.rules import CloseDeadline, OpenDeadline, Raise, Resolve
from services.timeline.web.youth_list import ListView, arrange
from shared.life_domains import life_domain_names

DAY = date(2031, 3, 3)


def viewer(*roles: str, actor: str = "medewerker-1") -> Viewer:
    return Viewer(actor, frozenset(roles), "0518")


def test_a_key_prefix_never_matches_a_longer_id():
    """Resolving plan-1's review leaves plan-10's alone: keys end in ':'."""
    [_, resolve, *_] = rules.changes(
        "nl.regie.intake.future-plan-reviewed", {"plan_id": "plan-1", "statuses": {}}
    )
    assert isinstance(resolve, Resolve)
    raised = rules.changes("nl.regie.intake.plan-review-due", {"plan_id": "plan-10"})[-1]
    assert isinstance(raised, Raise)
    assert not raised.key.startswith(resolve.prefix)


def test_a_goal_still_running_is_not_resolved_by_a_review():
    """Only `bereikt` and `vervallen` end a goal's deadline."""
    found = rules.changes(
        "nl.regie.intake.future-plan-reviewed",
        {"plan_id": "p", "statuses": {"d-1": "loopt", "d-2": "vervallen"}},
    )
    closed = [c.prefix for c in found if isinstance(c, CloseDeadline)]
    assert closed == ["intake:planevaluatie:p:", "intake:doel:p:d-2:"]


def test_an_exit_with_a_programme_left_changes_nothing():
    """Still enrolled elsewhere: the plan's deadlines go on."""
    data = {"still_enrolled_in": ["rodeloper"]}
    assert rules.changes("nl.regie.intake.programme-exited", data) == ()


def test_a_date_that_is_no_date_opens_no_deadline():
    """A malformed due day is passed over, not a crash of the projection."""
    found = rules.changes(
        "nl.regie.housing.homelessness-registered",
        {"first_week_due": "volgende week", "plan_due": "2031-04-01"},
    )
    assert [c.detail for c in found if isinstance(c, OpenDeadline)] == ["woonplan"]


def test_unknown_domains_and_types_change_nothing():
    """Coaching has no signals yet; a short type is no event of ours."""
    assert rules.changes("nl.regie.coaching.goal-set", {}) == ()
    assert rules.changes("nl.regie", {}) == ()


@pytest.mark.parametrize(
    ("who", "domain", "director", "expected"),
    [
        (viewer("regisseur", actor="r-1"), "debts", "r-1", True),
        (viewer("regisseur", actor="r-1"), "intake", "r-2", False),
        (viewer("schuldhulpverlener"), "debts", None, True),
        (viewer("schuldhulpverlener"), "housing", None, False),
        (viewer("schuldhulpverlener"), "intake", None, False),
        (viewer("intake"), "intake", None, True),
        (viewer("intake"), "debts", None, False),
        (viewer("coach"), "coaching", None, True),
        (viewer("auditor"), "housing", "r-9", True),
    ],
)
def test_who_sees_a_signal(who, domain, director, expected):
    """Director: all of theirs; a domain worker: their domain; intake: intake's; auditor: all."""
    assert sees(who, domain, director) is expected


def found(kind: str = rules.MISSED, domain: str = "debts", **values) -> Found:
    return Found(
        uuid.uuid4(),
        "y",
        kind,
        domain,
        rules.URGENCY[kind],
        values.get("detail", "eerste_gesprek"),
        values.get("due_on", DAY),
        datetime(2031, 3, 1, tzinfo=UTC),
        values.get("resolved_at"),
    )


def test_another_domains_detail_stays_out_of_the_directors_explanation():
    """The kind and the domain, not which deadline it is."""
    director = viewer("regisseur")
    assert not knows_detail(director, "debts")
    nl, en = explain(found(), DAY, detail=knows_detail(director, "debts"))
    assert "schuldhulpgesprek" not in nl
    assert "schulden" in nl
    assert "debts" in en
    nl, _ = explain(found(), DAY, detail=True)
    assert "schuldhulpgesprek" in nl


def test_the_state_of_a_signal():
    """Resolved beats all; a snooze hides until its day; an acknowledgement stays."""
    moment = datetime(2031, 3, 3, tzinfo=UTC)
    ack = Action("erkend", "x", None, "a", moment)
    nap = Action("gesluimerd", None, DAY + timedelta(days=2), "a", moment)
    assert state_of(found(), [], DAY) == "open"
    assert state_of(found(), [ack], DAY) == "erkend"
    assert state_of(found(), [ack, nap], DAY) == "gesluimerd"
    assert state_of(found(), [ack, nap], DAY + timedelta(days=2)) == "erkend"
    assert state_of(found(resolved_at=moment), [nap], DAY) == "opgelost"


@pytest.mark.parametrize(
    ("until", "refused"),
    [
        (DAY, True),
        (DAY - timedelta(days=1), True),
        (DAY + timedelta(days=1), False),
        (DAY + timedelta(days=30), False),
        (DAY + timedelta(days=31), True),
    ],
)
def test_a_snooze_ends_after_today_and_within_thirty_days(until, refused):
    """Today or before, or past thirty days: refused, in Dutch and English."""
    problem = snooze_problem(until, DAY)
    assert (problem is not None) is refused


@pytest.mark.parametrize(
    ("note", "refused"),
    [("", True), ("  \n", True), ("x" * 501, True), ("Gebeld.", False), ("x" * 500, False)],
)
def test_an_acknowledgement_needs_a_note_of_bounded_length(note, refused):
    """Empty or too long: refused."""
    assert (note_problem(note) is not None) is refused


def item(youth: str, **badges: str) -> YouthListItem:
    return YouthListItem(
        youth_id=youth, programma=None, age_band=None, registered_on=None, badges=badges
    )


def test_my_young_people_searched_and_sorted():
    """Search ignores case; by signals most first; by housing the worrying first."""
    items = [item("a", housing="gehuisvest"), item("b", housing="dakloos"), item("c")]
    names = {"a": "Anna Jansen", "b": "Bram de Boer", "c": "Cas Visser"}
    counts = {"a": 2, "c": 5}

    def ids(view: ListView) -> list[str]:
        return [i.youth_id for i in arrange(items, names, counts, view)]

    assert ids(ListView.of("JANS", None, None)) == ["a"]
    assert ids(ListView.of(None, "signalen", None)) == ["c", "a", "b"]
    assert ids(ListView.of(None, "housing", None)) == ["b", "a", "c"]
    assert ids(ListView.of(None, "bestaat-niet", None)) == ["a", "b", "c"]
    assert ListView.of(None, None, "1").ids
    assert not ListView.of(None, None, None).ids


def test_every_life_domain_has_a_name_in_a_signal():
    """A domain without one would show its technical name ("income") to a regisseur."""
    assert set(life_domain_names()) <= set(DOMAIN_NAMES)


@pytest.mark.parametrize(
    ("role", "contact"),
    [("regisseur", True), ("schuldhulpverlener", True), ("systeem", False), ("jongere", False)],
)
def test_only_a_professionals_fact_counts_as_contact(role, contact):
    """A young person's own consent, request or rating from Mijn regie is no contact."""
    assert rules.is_contact(role) is contact
