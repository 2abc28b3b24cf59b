"""`python -m services.<name> timers` and the `<SERVICE>_TIMERS_*` settings, before connecting."""

from __future__ import annotations

from datetime import timedelta

import pytest
from pydantic import ValidationError

from services.coaching.bootstrap import create_app as create_coaching
from services.coaching.settings import CoachingSettings
from services.debts.bootstrap import create_app as create_debts
from services.debts.settings import DebtsSettings
from shared.service_cli import backfill_command, service_main
from shared.timers.backfill import Backfilled
from shared.timers.worker import TimerOptions


@pytest.fixture
def quiet(monkeypatch):
    """The command line configures logging for the process: not for the test session."""
    monkeypatch.setattr("shared.service_cli.configure_logging", lambda *_a, **_k: None)


@pytest.mark.usefixtures("quiet")
def test_a_service_without_timers_refuses_the_timers_command(capsys):
    """Coaching declares no timers: exit 2, and its usage line does not offer the command."""
    assert service_main("coaching", ["timers"], CoachingSettings(), create_coaching) == 2
    [line] = capsys.readouterr().err.strip().splitlines()
    assert "unknown arguments 'timers'" in line
    assert "| timers" not in line


@pytest.mark.usefixtures("quiet")
def test_a_service_with_timers_offers_the_command(capsys):
    """Debts has timers: its usage line names `timers` and its backfill."""
    assert service_main("debts", ["timer"], DebtsSettings(), create_debts) == 2
    assert capsys.readouterr().err.rstrip().endswith("| timers [backfill]")
    assert service_main("debts", ["timers", "again"], DebtsSettings(), create_debts) == 2


@pytest.mark.usefixtures("quiet")
def test_the_timers_command_runs_the_app_s_standalone_worker(monkeypatch):
    """What the app declares, not a worker of the command line's own making."""
    ran = []
    monkeypatch.setattr("shared.service_cli.timers_command", lambda run: ran.append(run) or 0)

    assert service_main("debts", ["timers"], DebtsSettings(), create_debts) == 0
    assert len(ran) == 1
    assert ran[0].__qualname__ == "_timers_alone.<locals>.run"


@pytest.mark.usefixtures("quiet")
def test_timers_backfill_runs_the_app_s_own_replay(monkeypatch):
    """`timers backfill` replays with what the app declares: its store, keys, clock, rules."""
    ran = []
    monkeypatch.setattr("shared.service_cli.backfill_command", lambda run: ran.append(run) or 0)

    assert service_main("debts", ["timers", "backfill"], DebtsSettings(), create_debts) == 0
    assert [run.__qualname__ for run in ran] == ["_timers_backfill.<locals>.run"]


def test_a_backfill_without_a_database_exits_1_with_one_line(capsys):
    async def unreachable() -> Backfilled:
        raise OSError("Connect call failed ('127.0.0.1', 1)")

    assert backfill_command(unreachable) == 1
    [line] = capsys.readouterr().err.strip().splitlines()
    assert line.startswith("timers backfill: no database: OSError")


def test_a_backfill_says_what_it_replayed(capsys):
    async def replayed() -> Backfilled:
        return Backfilled(streams=3, scheduled=5, cancelled=1)

    assert backfill_command(replayed) == 0
    assert capsys.readouterr().out == (
        "timers backfill: 3 streams, 5 schedules and 1 cancels replayed"
        " (settled timers stay settled)\n"
    )


def test_timer_settings_read_the_service_s_environment(monkeypatch):
    """DEBTS_TIMERS_IN_APP and friends, as every other DEBTS_ setting."""
    monkeypatch.setenv("DEBTS_TIMERS_IN_APP", "false")
    monkeypatch.setenv("DEBTS_TIMERS_LEASE_S", "45")
    monkeypatch.setenv("DEBTS_TIMERS_BATCH", "250")
    monkeypatch.setenv("DEBTS_TIMERS_POLL_S", "2.5")
    monkeypatch.setenv("DEBTS_TIMERS_MAX_ATTEMPTS", "4")

    settings = DebtsSettings()

    assert settings.timers_in_app is False
    assert (settings.timers_lease_s, settings.timers_batch) == (45, 250)
    assert (settings.timers_poll_s, settings.timers_max_attempts) == (2.5, 4)


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("DEBTS_TIMERS_BATCH", "0"),
        ("DEBTS_TIMERS_MAX_ATTEMPTS", "0"),
        ("DEBTS_TIMERS_LEASE_S", "0"),
    ],
)
def test_a_timer_setting_that_would_never_fire_is_refused(monkeypatch, name, value):
    """A zero batch, cap or lease would fire nothing or everything twice: refused at start."""
    monkeypatch.setenv(name, value)
    with pytest.raises(ValidationError, match=name.removeprefix("DEBTS_").lower()):
        DebtsSettings()


def test_the_defaults_are_the_worker_s():
    """Unset, the settings give the worker the defaults it has always had."""
    settings = DebtsSettings()
    assert TimerOptions() == TimerOptions(
        lease=timedelta(seconds=settings.timers_lease_s),
        batch=settings.timers_batch,
        poll_s=settings.timers_poll_s,
        max_attempts=settings.timers_max_attempts,
    )
