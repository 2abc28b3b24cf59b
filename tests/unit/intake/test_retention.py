"""Retention: the period per municipality, programme and result; who is due, and who never is.

The archivaris, a new role, reads the destruction list and nothing of the young person.
"""

from __future__ import annotations

import uuid
from datetime import date, timedelta

import pytest
from pydantic import ValidationError

from contracts import processing_register as pr
from services.intake.domain.commands import (
    ApproveDestruction,
    HoldDestruction,
    ReleaseDestruction,
)
from services.intake.domain.events import (
    DestructionApproved,
    DestructionHeld,
    DestructionReleased,
    PersonalDataErased,
    ProgrammeEnrolled,
    ProgrammeExited,
    YouthRegistered,
)
from services.intake.domain.model import ErasedError, Youth, decide, evolve
from services.intake.domain.plan_access import plan_access
from services.intake.domain.retention import (
    DEFAULT_RETENTION_YEARS,
    CareEnded,
    RetentionPeriods,
    due_for_destruction,
)
from services.intake.settings import IntakeSettings
from shared.auth import Principal
from shared.personal_data import personal_fields
from shared.rules import AlreadyDoneError, ConflictError
from tests.unit.intake.givens import event, given

TODAY = date(2026, 12, 2)
A = uuid.UUID("00000000-0000-4000-8000-00000000000a")
B = uuid.UUID("00000000-0000-4000-8000-00000000000b")


def ended(youth: uuid.UUID = A, **overrides: object) -> CareEnded:
    fields: dict[str, object] = {
        "youth_id": youth,
        "programma": "jpf",
        "result": "werk",
        "exited_on": date(2019, 3, 15),
    }
    return CareEnded(**{**fields, **overrides})  # type: ignore[arg-type]


def test_the_default_is_the_jeugdwet_s_twenty_years():
    """Nothing set: 20 years after care ends, for every municipality."""
    assert DEFAULT_RETENTION_YEARS == 20
    assert IntakeSettings().retention.of("0518", "jpf", "werk") == 20


def test_the_most_specific_setting_wins(monkeypatch):
    """Result over programme over municipality; another municipality keeps the default."""
    monkeypatch.setenv("INTAKE_RETENTION_YEARS", '{"0599": 15, "0599/jpf": 10, "0599/jpf/werk": 7}')
    periods = IntakeSettings().retention
    assert periods.of("0599", "jpf", "werk") == 7
    assert periods.of("0599", "jpf", "geen") == 10
    assert periods.of("0599", "dtj", "werk") == 15
    assert periods.of("0518", "jpf", "werk") == 20


def test_a_period_is_whole_years_above_zero(monkeypatch):
    """Zero would destroy on the day care ends: refused at start-up."""
    monkeypatch.setenv("INTAKE_RETENTION_YEARS", '{"0599": 0}')
    with pytest.raises(ValidationError, match="retention_years"):
        IntakeSettings()


def test_past_retention_is_listed_in_the_month_it_ended():
    """Left in March 2019 with 7 years set: due from 15 March 2026, on that month's list."""
    periods = RetentionPeriods({"0599": 7})
    [due] = due_for_destruction("0599", [ended()], periods, TODAY)
    assert (due.youth_id, due.care_ended_on) == (A, date(2019, 3, 15))
    assert (due.retention_years, due.destroy_from, due.listed_in) == (
        7,
        date(2026, 3, 15),
        "2026-03",
    )


def test_not_yet_due_is_not_listed():
    """The day before the period ends, nobody is on the list; on the day, they are."""
    periods = RetentionPeriods({"0599": 7})
    assert due_for_destruction("0599", [ended()], periods, date(2026, 3, 14)) == []
    assert len(due_for_destruction("0599", [ended()], periods, date(2026, 3, 15))) == 1
    assert due_for_destruction("0518", [ended()], periods, TODAY) == []  # 20 years


def test_a_trajectory_open_in_any_domain_is_never_listed():
    """Debts still running: off the list, however long ago the programme ended."""
    periods = RetentionPeriods({"0599": 1})
    still_in_debts = ended(open_domains=frozenset({"debts"}))
    assert due_for_destruction("0599", [still_in_debts], periods, TODAY) == []


def test_the_clock_starts_at_the_end_of_the_last_trajectory_in_any_domain():
    """Housing ended a year after the exit: the period runs from then."""
    periods = RetentionPeriods({"0599": 7})
    later = ended(domains_ended_on=date(2020, 6, 1))
    assert due_for_destruction("0599", [later], periods, TODAY) == []
    [due] = due_for_destruction("0599", [later], periods, date(2027, 6, 1))
    assert (due.care_ended_on, due.destroy_from) == (date(2020, 6, 1), date(2027, 6, 1))


def test_the_list_is_oldest_first():
    """The one whose period ended first comes first."""
    periods = RetentionPeriods({"0599": 5})
    young = ended(A, exited_on=date(2021, 1, 1))
    old = ended(B, exited_on=date(2020, 1, 1))
    assert [d.youth_id for d in due_for_destruction("0599", [young, old], periods, TODAY)] == [
        B,
        A,
    ]


@pytest.fixture(scope="module")
def route_roles():
    """Every route of every service, with the roles it admits."""
    apps = pr.built_apps()
    return {
        (service, fact.route): fact.roles
        for service, app in apps.items()
        for fact in pr.route_facts(app)
    }


LIST_ROUTES = {
    ("intake", "GET /destruction-list"),
    ("intake", "POST /youths/{youth_id}/destruction-hold"),
    ("intake", "POST /youths/{youth_id}/destruction-release"),
    ("intake", "POST /youths/{youth_id}/destruction-approval"),
    ("intake", "GET /destruction-declarations"),
    ("timeline", "GET /ui/vernietigingslijst"),  # the web view's page of it
    ("timeline", "POST /ui/vernietigingslijst/{youth_id}/{decision}"),
}


def test_the_destruction_list_is_the_archivaris_s_and_the_privacy_officer_s(route_roles):
    """The list, its decisions and the declarations: those two roles, no one else."""
    for route in LIST_ROUTES:
        assert route_roles[route] == {"archivaris", "privacy_officer"}, route


def test_the_archivaris_may_not_read_or_record_anything_of_a_young_person(route_roles):
    """No dossier, no timeline, no registration, no erasure by hand: only the list's routes.

    The plan's route admits every role and lets the plan's rules decide: for the archivaris
    they find no basis, the answer of a young person who is not there.
    """
    theirs = {
        key for key, roles in route_roles.items() if roles is not None and "archivaris" in roles
    }
    assert theirs == {
        *LIST_ROUTES,
        ("intake", "GET /youths/{youth_id}/plan"),
        ("intake", "GET /youths/{youth_id}/betrokkenen"),
    }
    archivist = Principal(subject="archief-1", roles=frozenset({"archivaris"}), gemeentecode="0599")
    assert plan_access(archivist, "regisseur-1", {"debts", "housing", "coaching"}) is None
    for forbidden in [
        ("intake", "GET /youths/{youth_id}"),
        ("intake", "POST /youths"),
        ("intake", "POST /youths/{youth_id}/erasure"),
        ("timeline", "GET /youths/{youth_id}/timeline"),
    ]:
        roles = route_roles[forbidden]
        assert roles, forbidden  # a role is required
        assert "archivaris" not in roles


# The decisions on the list: hold, release, approve.

Y = uuid.UUID("00000000-0000-4000-8000-0000000000de")
LEFT_ON = date(2019, 3, 15)
ARCHIVIST = "archivaris-1"


def left_long_ago(*more: object) -> Youth:
    """Registered, in jpf from START, left it on LEFT_ON (nazorg's start with it)."""
    return given(
        event(YouthRegistered, Y),
        event(ProgrammeEnrolled, Y),
        event(ProgrammeExited, Y, exit_on=LEFT_ON),
        *more,
    )


def approval(**overrides: object) -> ApproveDestruction:
    fields: dict[str, object] = {
        "youth_id": Y,
        "by": ARCHIVIST,
        "care_ended_on": LEFT_ON,
        "retention_years": 7,
        "destroy_from": date(2026, 3, 15),
    }
    return ApproveDestruction(**{**fields, **overrides})  # type: ignore[arg-type]


def held() -> DestructionHeld:
    return DestructionHeld(youth_id=Y, reason="Bezwaar loopt", held_on=TODAY, held_by=ARCHIVIST)


def test_approval_records_who_approved_and_on_what_period():
    """The approval names the archivist, the clock's start, the years and the day they ended."""
    [approved] = decide(left_long_ago(), approval(), TODAY)
    assert approved == DestructionApproved(
        youth_id=Y, approved_on=TODAY, approved_by=ARCHIVIST, care_ended_on=LEFT_ON,
        retention_years=7, destroy_from=date(2026, 3, 15),
    )  # fmt: skip
    assert evolve(left_long_ago(), approved).destruction_approved


def test_a_held_back_one_is_not_approved_until_released():
    """Held: approval refused (409); released: approved."""
    state = left_long_ago(held())
    with pytest.raises(ConflictError, match="aangehouden"):
        decide(state, approval(), TODAY)
    [released] = decide(state, ReleaseDestruction(youth_id=Y, by=ARCHIVIST), TODAY)
    assert isinstance(released, DestructionReleased)
    [approved] = decide(evolve(state, released), approval(), TODAY)
    assert isinstance(approved, DestructionApproved)


def test_a_hold_keeps_its_reason_sealed_and_is_not_given_twice():
    """The reason is free text: sealed with the young person's key."""
    [hold] = decide(
        left_long_ago(), HoldDestruction(youth_id=Y, reason="Bezwaar", by="fg-1"), TODAY
    )
    assert hold == DestructionHeld(youth_id=Y, reason="Bezwaar", held_on=TODAY, held_by="fg-1")
    assert "reason" in personal_fields(DestructionHeld)
    with pytest.raises(AlreadyDoneError):
        decide(
            evolve(left_long_ago(), hold), HoldDestruction(youth_id=Y, reason="x", by="a"), TODAY
        )
    with pytest.raises(ConflictError, match="niet aangehouden"):
        decide(left_long_ago(), ReleaseDestruction(youth_id=Y, by=ARCHIVIST), TODAY)


def test_never_approved_while_in_a_programme_or_before_the_period_ends():
    """Back in a programme: refused; a period that ends tomorrow: refused."""
    back = left_long_ago(event(ProgrammeEnrolled, Y, programma="dtj"))
    with pytest.raises(ConflictError, match="programma"):
        decide(back, approval(), TODAY)
    with pytest.raises(ConflictError, match="bewaartermijn"):
        decide(left_long_ago(), approval(destroy_from=TODAY + timedelta(days=1)), TODAY)


def test_approved_once_and_never_after_the_erasure():
    """A second approval is a repeat; after the erasure nothing but the erasure is heard."""
    [approved] = decide(left_long_ago(), approval(), TODAY)
    with pytest.raises(AlreadyDoneError):
        decide(evolve(left_long_ago(), approved), approval(), TODAY)
    erased = left_long_ago(approved, event(PersonalDataErased, Y, reason="bewaartermijn_verlopen"))
    with pytest.raises(ErasedError):
        decide(erased, HoldDestruction(youth_id=Y, reason="te laat", by=ARCHIVIST), TODAY)
