"""Retention: the period per municipality, programme and result; who is due, and who never is.

The archivaris, a new role, reads the destruction list and nothing of the young person.
"""

from __future__ import annotations

import uuid
from datetime import date

import pytest
from pydantic import ValidationError

from contracts import processing_register as pr
from services.intake.domain.plan_access import plan_access
from services.intake.domain.retention import (
    DEFAULT_RETENTION_YEARS,
    CareEnded,
    RetentionPeriods,
    due_for_destruction,
)
from services.intake.settings import IntakeSettings
from shared.auth import Principal

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


def test_the_archivaris_reads_the_destruction_list(route_roles):
    """The list is the archivaris's and the privacy officer's, no one else's."""
    assert route_roles[("intake", "GET /destruction-list")] == {"archivaris", "privacy_officer"}


def test_the_archivaris_may_not_read_or_record_anything_of_a_young_person(route_roles):
    """No dossier, no timeline, no registration: only the list (and later its decisions).

    The plan's route admits every role and lets the plan's rules decide: for the archivaris
    they find no basis, the answer of a young person who is not there.
    """
    theirs = {
        key for key, roles in route_roles.items() if roles is not None and "archivaris" in roles
    }
    assert theirs == {
        ("intake", "GET /destruction-list"),
        ("intake", "GET /youths/{youth_id}/plan"),
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
