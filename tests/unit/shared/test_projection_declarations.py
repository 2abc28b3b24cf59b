"""Each read model is declared once, and the declaration agrees with the code that uses it.

The app's runner and `python -m services.<name> rebuild` both read `app.state.projections`;
these checks keep a declaration from naming a table its migrations lack, or a consumer group
its runner does not use (the rebuild reads that group's offsets and inbox rows).
"""

from __future__ import annotations

import re

import pytest

from services.coaching.bootstrap import create_app as create_coaching
from services.debts.bootstrap import create_app as create_debts
from services.debts.settings import DebtsSettings
from services.housing.bootstrap import create_app as create_housing
from services.housing.settings import HousingSettings
from services.intake.bootstrap import create_app as create_intake
from services.timeline.bootstrap import create_app as create_timeline
from shared.projection import ProjectionSpec
from shared.service_cli import service_main
from shared.settings import PlatformSettings

DECLARED = {
    "intake": (
        create_intake,
        {
            "summaries": (
                "youth_summaries",
                "youth_involvement",
                "plan_goal_progress",
                "erasure_confirmations",
            )
        },
    ),
    "debts": (create_debts, {"trajectories": ("debt_trajectories",)}),
    "housing": (create_housing, {"situations": ("housing_situations",)}),
    "coaching": (create_coaching, {"states": ("coaching_states", "coaching_assignments")}),
    "timeline": (
        create_timeline,
        {
            "timeline": (
                "entries",
                "erased_youths",
                "youths",
                "consents",
                "domain_states",
                "youth_age_bands",
            ),
            "reports": (
                "report_facts",
                "report_deadlines",
                "report_awaited",
                "report_breakthroughs",
                "report_aftercare",
                "report_follow_ups",
                "report_milestones",
                "report_youths",
                "report_age_bands",
                "report_cells",
                "report_conversation_cells",
            ),
            "signals": (
                "signals",
                "signal_deadlines",
                "signal_contacts",
                "signal_trajectories",
                "integrity_results",
            ),
            "signal-dead-letters": ("signal_dead_letters",),
            "comparison": ("comparison_months", "comparison_figures"),
        },
    ),
}


def projections(service: str) -> dict[str, ProjectionSpec]:
    create_app, _ = DECLARED[service]
    return create_app(PlatformSettings()).state.projections


@pytest.mark.parametrize("service", DECLARED)
def test_every_service_declares_its_read_models_for_the_app_and_the_rebuild(service):
    """The names `rebuild` takes, the tables it swaps, the consumer its runner runs as."""
    _, expected = DECLARED[service]
    specs = projections(service)
    assert {name: spec.tables for name, spec in specs.items()} == expected
    for spec in specs.values():
        assert spec.build(spec.schema).name == spec.consumer
        # Every read model is per young person but the comparison's published figures.
        assert spec.subject_column == (None if spec.name == "comparison" else "youth_id")
        # Only the reports' cells sum over young people (issue 22 item 7).
        cells = {"report_cells", "report_conversation_cells"}
        assert spec.aggregates == (cells if spec.name == "reports" else set())


@pytest.mark.parametrize("service", DECLARED)
def test_the_declared_migrations_create_every_declared_table(service):
    """A rebuild creates its tables with the declared migrations alone."""
    for spec in projections(service).values():
        script = "\n".join(m.sql for m in spec.migrations)
        for table in spec.tables:
            assert re.search(rf"CREATE TABLE IF NOT EXISTS {{schema}}\.{table} \(", script), table
            if spec.subject_column is not None and table not in spec.aggregates:
                assert re.search(rf"\.{table} \([^;]*\b{spec.subject_column}\b", script), table


def test_a_runner_whose_projection_runs_under_another_group_is_refused():
    """The rebuild would read the wrong group's offsets: refused when the app builds its runner."""
    [spec] = projections("debts").values()
    other = ProjectionSpec(**{**spec.__dict__, "consumer": "someone-else"})
    with pytest.raises(ValueError, match="declared as consumer 'someone-else'"):
        other.runner(pool=None, platform=PlatformSettings())  # type: ignore[arg-type]


@pytest.fixture
def quiet(monkeypatch):
    """The command line configures logging for the process: not for the test session."""
    monkeypatch.setattr("shared.service_cli.configure_logging", lambda *_a, **_k: None)


@pytest.mark.usefixtures("quiet")
def test_rebuild_refuses_an_unknown_model_in_one_line(capsys):
    """Bad input: exit 2 and one line naming the choices, before anything connects."""
    with pytest.raises(SystemExit) as exited:
        service_main("debts", ["rebuild", "ruimtevaart"], DebtsSettings(), create_debts)
    assert exited.value.code == 2
    [line] = capsys.readouterr().err.strip().splitlines()
    assert "python -m services.debts rebuild: argument projection: invalid choice" in line
    assert "'trajectories', 'all'" in line


@pytest.mark.usefixtures("quiet")
def test_an_unknown_command_names_migrate_and_rebuild(capsys):
    """The usage line lists the service's own read models."""
    assert service_main("housing", ["rebuilt"], HousingSettings(), create_housing) == 2
    [line] = capsys.readouterr().err.strip().splitlines()
    assert "usage: [migrate] | rebuild [situations|all]" in line
