"""`make run`'s supervision on a fake clock: restart with capped backoff, reset, crash loops."""

from __future__ import annotations

from pathlib import Path

import pytest

from shared.devstack import supervision
from shared.devstack.supervision import Backoff, ServiceSupervisor


class FakeProcess:
    """A service process that exits when told to, and counts its starts."""

    def __init__(self) -> None:
        """Running, as `watch` expects."""
        self.pid = 100
        self.returncode: int | None = None
        self.starts = 0
        self.log_path = Path("/logs/debts.log")

    def is_running(self) -> bool:
        """Until the test sets an exit code."""
        return self.returncode is None

    def start(self) -> FakeProcess:
        """A new process: a new pid, running."""
        self.starts += 1
        self.pid += 1
        self.returncode = None
        return self

    def tail(self, lines: int = 30) -> str:  # noqa: ARG002 - the real one's signature
        """The one line a crash-looping service keeps writing."""
        return "ModuleNotFoundError: No module named 'nope'"


class Clock:
    """Time that moves only when the test moves it."""

    def __init__(self) -> None:
        """At an arbitrary moment."""
        self.now = 1000.0

    def __call__(self) -> float:
        """Now."""
        return self.now


class Recorder:
    """Stands in for the structlog logger: the events, in order."""

    def __init__(self) -> None:
        """Nothing logged yet."""
        self.events: list[tuple[str, dict[str, object]]] = []

    def info(self, event: str, **kw: object) -> None:
        """Record it, whatever the level."""
        self.events.append((event, kw))

    warning = error = exception = info

    def named(self, event: str) -> list[dict[str, object]]:
        """The fields of each `event` logged."""
        return [kw for name, kw in self.events if name == event]


@pytest.fixture
def logs(monkeypatch):
    recorder = Recorder()
    monkeypatch.setattr(supervision, "log", recorder)
    return recorder


def supervised(backoff: Backoff | None = None):
    clock = Clock()
    supervisor = ServiceSupervisor(backoff or Backoff(), clock)
    process = FakeProcess()
    supervisor.watch("debts", process)
    return supervisor, process, clock


def crash_at_once(supervisor, process, clock) -> float:
    """Let the process die right after its (re)start; return the pause until the next start."""
    process.returncode = 1
    supervisor.check()
    died = clock.now
    starts = process.starts
    while process.starts == starts:
        clock.now += 0.125  # a binary fraction: the sums stay exact
        supervisor.check()
    return round(clock.now - died, 2)


def test_a_killed_service_is_restarted_after_the_first_pause_and_logged(logs):
    """`kill -9` of a service that ran for a while: back in half a second, with a new pid."""
    supervisor, process, clock = supervised()
    clock.now += 600
    process.returncode = -9
    supervisor.check()
    clock.now += 0.4
    supervisor.check()
    assert process.starts == 0
    clock.now += 0.1
    supervisor.check()
    assert process.starts == 1
    [exited] = logs.named("service_exited")
    assert exited["service"] == "debts"
    assert exited["exit"] == "killed by SIGKILL"
    assert exited["restart_in_s"] == 0.5
    assert logs.named("service_restarted") == [
        {"service": "debts", "pid": 101, "crashes_in_a_row": 1}
    ]
    assert not logs.named("service_crash_looping")


def test_quick_crashes_double_the_pause_up_to_the_cap(logs):
    """A service that dies at once is not started again and again in a hot loop."""
    supervisor, process, clock = supervised(Backoff(first_s=0.5, cap_s=8.0))
    pauses = [crash_at_once(supervisor, process, clock) for _ in range(7)]
    assert pauses == [0.5, 1.0, 2.0, 4.0, 8.0, 8.0, 8.0]


def test_a_stable_run_forgets_the_earlier_crashes(logs):
    """After running `stable_after_s`, the next crash is retried after the first pause again."""
    supervisor, process, clock = supervised(Backoff(first_s=0.5, stable_after_s=30.0))
    for _ in range(4):
        crash_at_once(supervisor, process, clock)
    clock.now += 30
    assert crash_at_once(supervisor, process, clock) == 0.5


def test_a_crash_loop_is_reported_with_its_log(logs):
    """The third quick crash in a row is an error naming the log file and its last line."""
    supervisor, process, clock = supervised(Backoff(crash_loop_after=3))
    crash_at_once(supervisor, process, clock)
    crash_at_once(supervisor, process, clock)
    assert not logs.named("service_crash_looping")
    crash_at_once(supervisor, process, clock)
    [looping] = logs.named("service_crash_looping")
    assert looping["service"] == "debts"
    assert looping["crashes_in_a_row"] == 3
    assert looping["log_file"] == "/logs/debts.log"
    assert "ModuleNotFoundError" in str(looping["last_output"])


def test_a_running_service_is_left_alone(logs):
    """Checking often costs nothing and starts nothing while the process runs."""
    supervisor, process, clock = supervised()
    for _ in range(100):
        clock.now += 1
        supervisor.check()
    assert process.starts == 0
    assert logs.events == []


def test_a_failed_restart_is_retried_with_backoff(logs, monkeypatch):
    """If even the `exec` fails (say, a file descriptor limit), it is retried later, not raised."""
    supervisor, process, clock = supervised()
    calls = []

    def refuse():
        calls.append(clock.now)
        raise OSError("too many open files")

    monkeypatch.setattr(process, "start", refuse)
    process.returncode = 1
    supervisor.check()
    for _ in range(24):
        clock.now += 0.125
        supervisor.check()
    assert len(calls) == 2  # after 0.5 s, then 1 s later; the next would be 2 s after that
    assert logs.named("service_restart_failed")
