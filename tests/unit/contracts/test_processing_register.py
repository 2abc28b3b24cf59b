"""The processing register (AVG art. 30) covers every route, policy and event type of the code.

Built from the apps as the services build them (never started): a route, activity or policy
added without its entry in `services/<service>/register.py` is named here, not discovered by
the privacy officer.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass

import pytest
from fastapi import APIRouter

from contracts import processing_register as pr
from contracts.registry import CATALOGUES
from shared.command_http import logged
from shared.event_contracts.schemas import contracts_of
from shared.processing_register import GRONDSLAGEN


@pytest.fixture(scope="module")
def apps():
    return pr.built_apps()


@pytest.fixture(scope="module")
def register(apps):
    return pr.build_register(apps)


def _declared(app):
    return {f.processing.activity for f in pr.route_facts(app) if f.processing is not None}


def test_no_route_activity_or_policy_lacks_an_entry(apps):
    """Every service has a register, and it covers each of its routes and policies."""
    found = [
        problem
        for name, app in apps.items()
        for problem in pr.problems(
            name,
            pr.route_facts(app),
            pr.REGISTERS.get(name),
            pr.POLICIES.get(name, ()),
            pr.projections_of(app),
        )
    ]
    assert found == []


def test_every_activity_of_every_route_is_in_the_register(apps, register):
    """Each activity id a route declares has a row, with a purpose and a known grondslag."""
    rows = {(row.service, row.activity): row for row in register.activities}
    for service, app in apps.items():
        for activity in _declared(app):
            row = rows[(service, activity)]
            assert row.purpose
            assert all(code in GRONDSLAGEN for code in row.grondslag)
            assert row.routes


@pytest.mark.parametrize("service", sorted(CATALOGUES))
def test_every_event_type_is_in_the_register_with_its_personal_data(register, service):
    """Each published type has a row naming each sealed field's category and a retention."""
    rows = {row.type: row for row in register.events if row.service == service}
    contracts = contracts_of(CATALOGUES[service])
    assert set(rows) == {c.cloudevent_type for c in contracts}
    for contract in contracts:
        row = rows[contract.cloudevent_type]
        assert row.personal == contract.personal
        assert row.retention
        assert f"topic {service}.events" in row.recipients


def test_every_policy_is_in_the_register_as_a_system_reaction(register):
    """Each policy a service reacts with has a row run by the system, with its grondslag."""
    rows = {(r.service, r.activity): r for r in register.activities if r.kind == "reactie"}
    for service, policies in pr.POLICIES.items():
        for policy in policies:
            row = rows[(service, policy.name)]
            assert row.roles == (pr.SYSTEM,)
            assert row.grondslag[0] in GRONDSLAGEN


def test_roles_and_legal_basis_come_from_the_route_itself(register):
    """Erasure: only the privacy officer, under AVG art. 17, reaching every domain's reader."""
    row = next(r for r in register.activities if r.activity == "intake.vernietiging")
    assert row.roles == ("privacy_officer",)
    assert row.grondslag == ("avg_17",)
    assert row.actions == ("vernietigen",)
    assert "POST /youths/{youth_id}/erasure" in row.routes
    assert {"dienst debts", "dienst housing", "dienst coaching"} <= set(row.recipients)


def test_a_read_keeps_nothing_but_its_log_entry(register):
    """A read-only activity cites the processing log's retention, not the domain's."""
    row = next(r for r in register.activities if r.activity == "debts.traject")
    assert row.retention.startswith("Geen eigen opslag")
    assert row.recipients == ("de aanvrager",)


def test_a_new_route_without_an_activity_is_named(apps):
    """A route added to an app with neither an activity nor a reason is a gap the check names."""
    app = pr.built_apps()["debts"]

    @app.get("/nep")
    async def fake() -> dict[str, str]:
        return {}

    found = pr.problems("debts", pr.route_facts(app), pr.REGISTERS["debts"])
    assert found == [
        "debts: GET /nep states no processing activity and is not in the register's not_processing"
    ]
    assert pr.problems("debts", pr.route_facts(apps["debts"]), pr.REGISTERS["debts"]) == []


def test_a_new_activity_without_an_entry_is_named():
    """A route logged under an activity id the service's register lacks fails the build."""
    app = pr.built_apps()["debts"]
    router = APIRouter()
    router.add_api_route(
        "/youths/{youth_id}/nep",
        lambda youth_id: {},  # noqa: ARG005 - the route's body does not matter here
        dependencies=logged(
            action="lezen", activity="debts.nep", activity_name="Nep", grondslag="nep_wet"
        ),
    )
    app.include_router(router)
    found = pr.problems("debts", pr.route_facts(app), pr.REGISTERS["debts"])
    assert found == [
        "debts: activity debts.nep (GET /youths/{youth_id}/nep) has no register entry",
        "debts: grondslag nep_wet (GET /youths/{youth_id}/nep) has no label",
    ]
    with pytest.raises(pr.RegisterGapsError, match=r"debts\.nep"):
        pr.build_register({"debts": app})


def test_a_policy_without_an_entry_and_a_service_without_a_register_are_named(apps):
    """A reaction nobody described, and a whole service without a register, are gaps too."""

    @dataclass
    class FakePolicy:
        name: str = "nep-reactie"
        domains: tuple[str, ...] = ("intake",)

        def react(self, _event: object) -> list[object]:
            return []

    facts = pr.route_facts(apps["debts"])
    found = pr.problems("debts", facts, pr.REGISTERS["debts"], [FakePolicy()])  # type: ignore[list-item]
    assert found == ["debts: policy nep-reactie has no register entry"]
    assert pr.problems("income", [], None) == ["income: no services/income/register.py REGISTER"]


def test_every_read_model_is_in_the_register(apps, register):
    """Each projection an app declares has a row saying what it keeps, and a fake one is named."""
    rows = {(row.service, row.name): row for row in register.read_models}
    for service, app in apps.items():
        for name in pr.projections_of(app):
            assert rows[(service, name)].holds
    care = rows[("coaching", "states")]
    assert "coaching_states" in care.tables
    assert care.categories == ("SPD",)
    facts = pr.route_facts(apps["debts"])
    found = pr.problems("debts", facts, pr.REGISTERS["debts"], (), ["trajectories", "nep"])
    assert found == ["debts: read model nep has no register entry"]


def test_an_activity_that_keeps_free_text_says_so(register):
    """A signal's note is the worker's own text: the register names it, and its retention."""
    row = next(r for r in register.activities if r.activity == "signalen.afhandelen")
    assert row.categories == ("FT",)
    assert "gewist" in row.retention  # the note goes with the young person's data


def test_a_reason_for_a_route_no_longer_served_is_named(apps):
    """A route removed from the app leaves its `not_processing` reason behind: named, too."""
    facts = [f for f in pr.route_facts(apps["coaching"]) if f.route != "GET /phases"]
    found = pr.problems("coaching", facts, pr.REGISTERS["coaching"])
    assert found == ["coaching: the register names GET /phases, which the app does not serve"]


def test_the_command_prints_json_and_csv(register, capsys):
    """`python -m contracts.processing_register` gives the privacy officer JSON, or CSV."""
    assert pr.main([]) == 0
    document = json.loads(capsys.readouterr().out)
    assert len(document["activities"]) == len(register.activities)
    assert pr.main(["--csv"]) == 0
    lines = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [line["activity"] for line in lines] == [r.activity for r in register.activities]
    erasure = next(line for line in lines if line["activity"] == "intake.vernietiging")
    assert erasure["roles"] == "privacy_officer"


def test_make_docs_refuses_a_register_with_gaps(monkeypatch, tmp_path, capsys):
    """`make docs` writes nothing and names the gap when an activity lost its entry."""
    from contracts import site  # noqa: PLC0415 - the site builds every app; only these tests need it

    debts = pr.REGISTERS["debts"]
    without = {k: v for k, v in debts.activities.items() if k != "debts.traject"}
    monkeypatch.setitem(pr.REGISTERS, "debts", debts.model_copy(update={"activities": without}))
    assert site.main([str(tmp_path)]) == 1
    assert "debts: activity debts.traject" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []
    assert pr.main([]) == 1


def test_the_docs_page_lists_every_activity_and_type(register):
    """docs/register.html (written by `make docs`) shows each activity id and event type."""
    from contracts import site  # noqa: PLC0415 - the site builds every app; only this test needs it
    from contracts.apps import served_documents  # noqa: PLC0415 - as above

    page = site.render_site(served_documents(), register)["register.html"]
    for row in register.activities:
        assert f"<code>{row.activity}</code>" in page
    for event in register.events:
        assert f"<code>{event.type}</code>" in page
    for model in register.read_models:
        assert f"<code>{model.name}</code>" in page
