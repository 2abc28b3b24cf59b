"""Keep `make run`'s services up: a service process that exits is started again, with backoff.

One crashed service must not take the others, PostgreSQL and the broker down with it. A restart
is always safe: a service resumes from what it committed (offsets, inbox, relay checkpoint).
The pause before a restart doubles with each quick crash up to a cap, so a service that cannot
start does not spin hot and is reported as crash-looping; it resets once the service has run
for a while, so a rare crash is retried at once.
"""

from __future__ import annotations

import signal
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

import structlog

if TYPE_CHECKING:
    import threading
    from collections.abc import Callable

    from shared.devstack.processes import ServiceProcess

log = structlog.get_logger("devstack")


@dataclass(frozen=True)
class Backoff:
    """How long to wait before a restart: `first_s`, doubling per quick crash, at most `cap_s`.

    A run of `stable_after_s` or longer forgets the earlier crashes; `crash_loop_after` quick
    crashes in a row are reported as a crash loop.
    """

    first_s: float = 0.5
    cap_s: float = 30.0
    stable_after_s: float = 30.0
    crash_loop_after: int = 3

    def delay(self, crashes: int) -> float:
        """The pause before restarting after the `crashes`-th quick crash in a row (1, 2, ...)."""
        return min(self.cap_s, self.first_s * 2.0 ** max(crashes - 1, 0))


@dataclass
class _Watched:
    name: str
    process: ServiceProcess
    started_at: float
    crashes: int = 0
    restart_at: float | None = None


class ServiceSupervisor:
    """Watches service processes from one thread (the launcher's) and restarts those that exit.

    `check` does one round and never blocks, so the launcher's loop stays responsive to Ctrl-C;
    the clock is injectable for tests.
    """

    def __init__(
        self, backoff: Backoff | None = None, clock: Callable[[], float] = time.monotonic
    ) -> None:
        """Watch nothing yet."""
        self.backoff = backoff or Backoff()
        self._clock = clock
        self._watched: list[_Watched] = []

    def watch(self, name: str, process: ServiceProcess) -> None:
        """Supervise a started `process` from now on."""
        self._watched.append(_Watched(name, process, self._clock()))

    def check(self) -> None:
        """Notice the processes that exited; restart those whose pause is over."""
        now = self._clock()
        for watched in self._watched:
            if watched.restart_at is None and not watched.process.is_running():
                self._exited(watched, now)
            if watched.restart_at is not None and now >= watched.restart_at:
                self._restart(watched, now)

    def run(self, stop: threading.Event, interval_s: float = 0.2) -> None:
        """Check every `interval_s` until `stop` is set (by Ctrl-C or SIGTERM)."""
        while not stop.wait(interval_s):
            self.check()

    def _exited(self, watched: _Watched, now: float) -> None:
        ran_s = now - watched.started_at
        if ran_s >= self.backoff.stable_after_s:
            watched.crashes = 0
        watched.crashes += 1
        delay = self.backoff.delay(watched.crashes)
        watched.restart_at = now + delay
        code = watched.process.returncode
        log.warning(
            "service_exited",
            service=watched.name,
            pid=watched.process.pid,
            exit=_describe(code),
            ran_s=round(ran_s, 1),
            restart_in_s=delay,
        )
        if watched.crashes >= self.backoff.crash_loop_after:
            log.error(
                "service_crash_looping",
                service=watched.name,
                crashes_in_a_row=watched.crashes,
                restart_in_s=delay,
                log_file=str(watched.process.log_path),
                last_output=watched.process.tail(1),
            )

    def _restart(self, watched: _Watched, now: float) -> None:
        watched.restart_at = None
        watched.started_at = now
        try:
            watched.process.start()
        except OSError:
            log.exception("service_restart_failed", service=watched.name)
            self._exited(watched, now)
            return
        log.info(
            "service_restarted",
            service=watched.name,
            pid=watched.process.pid,
            crashes_in_a_row=watched.crashes,
        )


def _describe(code: int | None) -> str:
    """`exit code 1` or `killed by SIGKILL`: what a developer recognises."""
    if code is not None and code < 0:
        try:
            return f"killed by {signal.Signals(-code).name}"
        except ValueError:
            return f"killed by signal {-code}"
    return f"exit code {code}"
