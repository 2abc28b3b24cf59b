"""The soak's platform: embedded servers and every service as a process, with their faults.

Started as `make run` starts it (one process per service under `services/`, relays inside),
on ports of its own and a data directory that is removed afterwards, so a soak runs beside
`make run` and the tests. The faults are what production meets: `kill -9` of a service,
a PostgreSQL restart (fast shutdown, clients cut off), a broker restart (it comes back empty;
each relay then republishes its log, as the runbook says) and a paused process (SIGSTOP).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from shared.auth import AuthSettings, mint_token
from shared.devstack.processes import PROJECT_ROOT, ServiceProcess
from shared.devstack.servers import free_port
from shared.devstack.stack import STATE_DIR, DevStack
from shared.life_domains import LIFE_DOMAINS

GEMEENTE = "0518"
READY_S = 120.0
REPUBLISH_TIMEOUT_S = 300


def service_names() -> list[str]:
    """Every `services/<name>/__main__.py`: intake first, the timeline second, then by name."""
    names = sorted(p.parent.name for p in (PROJECT_ROOT / "services").glob("*/__main__.py"))
    return sorted(names, key=lambda n: (n != "intake", n != "timeline"))


def token(*roles: str, subject: str = "soak") -> str:
    """A development token for the demo municipality, valid for longer than any soak."""
    return mint_token(
        AuthSettings(),
        subject=subject,
        roles=roles,
        gemeentecode=GEMEENTE,
        ttl=timedelta(hours=24),
    )


@dataclass
class SoakPlatform:
    """A private stack and its service processes; `stop` ends all it started."""

    stack: DevStack
    env: dict[str, str] = field(default_factory=dict)
    urls: dict[str, str] = field(default_factory=dict)
    processes: dict[str, ServiceProcess] = field(default_factory=dict)

    @classmethod
    def start(cls) -> SoakPlatform:
        """PostgreSQL (durable: a restart must keep what was committed), the broker, services."""
        stack = DevStack(data_dir=STATE_DIR / f"soak-{uuid.uuid4().hex[:8]}", ephemeral=True)
        endpoints = stack.start()
        platform = cls(
            stack,
            {
                "DATABASE_URL": endpoints.database_url,
                "KAFKA_BOOTSTRAP_SERVERS": endpoints.kafka_bootstrap,
                "KAFKA_SESSION_TIMEOUT_MS": "6000",
                "LOG_JSON": "true",
            },
        )
        try:
            for name in service_names():
                port = free_port(0)
                platform.urls[name] = f"http://127.0.0.1:{port}"
                platform.env[f"{name.upper()}_PORT"] = str(port)
                platform.env[f"REGIE_{name.upper()}_URL"] = platform.urls[name]
            for name in platform.urls:
                platform.processes[name] = platform._process(name).start()
            for name in platform.urls:
                platform.wait_ready(name)
        except BaseException:
            platform.stop()
            raise
        return platform

    def _process(self, name: str) -> ServiceProcess:
        log_path = self.stack.data_dir / "logs" / f"{name}.log"
        return ServiceProcess(f"services.{name}", self.env, log_path)

    def wait_ready(self, name: str) -> None:
        """Until the service answers `/ready` (its database and broker reachable)."""
        self.processes[name].wait_ready(f"{self.urls[name]}/ready", timeout=READY_S)

    def kill_and_restart(self, name: str) -> None:
        """`kill -9` the service, start it again and wait until it is ready."""
        self.processes[name].kill()
        self.processes[name] = self._process(name).start()
        self.wait_ready(name)

    def restart_dead(self) -> list[str]:
        """Restart every service that exited on its own (as `make run` supervises); their names."""
        dead = [name for name, process in self.processes.items() if not process.is_running()]
        for name in dead:
            self.processes[name] = self._process(name).start()
        return dead

    def restart_postgres(self) -> None:
        """Fast shutdown and start on the same port; then every service is ready again."""
        postgres = self.stack.postgres
        assert postgres is not None, "the soak starts its own PostgreSQL"  # noqa: S101
        postgres.stop()
        postgres.preferred_port = postgres.port
        postgres.start()
        self._all_ready()

    def restart_broker(self) -> None:
        """Restart the broker (empty) and republish every life domain's log to it."""
        self.stack.restart_broker()
        for domain in LIFE_DOMAINS:
            done = subprocess.run(  # noqa: S603 - our own interpreter and module
                [
                    sys.executable,
                    "-m",
                    "shared.relay",
                    "republish",
                    "--service",
                    domain.name,
                    "--from",
                    "0",
                ],
                env={**os.environ, **self.env},
                cwd=PROJECT_ROOT,
                capture_output=True,
                text=True,
                check=False,
                timeout=REPUBLISH_TIMEOUT_S,
            )
            if done.returncode != 0:
                raise RuntimeError(f"republish {domain.name}: {done.stderr.strip()[-300:]}")
        self._all_ready()

    def pause(self, name: str) -> None:
        """SIGSTOP: the process holds its connections but does nothing (a stalled consumer)."""
        os.kill(self.processes[name].pid, signal.SIGSTOP)

    def resume(self, name: str) -> None:
        """SIGCONT after `pause`."""
        os.kill(self.processes[name].pid, signal.SIGCONT)

    def _all_ready(self) -> None:
        self.restart_dead()
        deadline = time.monotonic() + READY_S
        for name in self.processes:
            self.processes[name].wait_ready(
                f"{self.urls[name]}/ready", timeout=max(1.0, deadline - time.monotonic())
            )

    def rss_mib(self) -> dict[str, tuple[int, float]]:
        """Each running service's pid and resident memory (MiB), from /proc."""
        found: dict[str, tuple[int, float]] = {}
        for name, process in self.processes.items():
            try:
                status = Path(f"/proc/{process.pid}/status").read_text()
            except OSError:
                continue
            for line in status.splitlines():
                if line.startswith("VmRSS:"):
                    found[name] = (process.pid, int(line.split()[1]) / 1024)
        return found

    def cli(
        self, module: str, *args: str, timeout: float = 600
    ) -> subprocess.CompletedProcess[str]:
        """A project command against this stack (the rebuild at the end)."""
        return subprocess.run(  # noqa: S603 - our own interpreter and module
            [sys.executable, "-m", module, *args],
            env={**os.environ, **self.env},
            cwd=PROJECT_ROOT,
            capture_output=True,
            text=True,
            check=False,
            timeout=timeout,
        )

    def keep_logs(self, out: Path) -> None:
        """Copy every service's and server's log to `out/logs` (the data directory goes)."""
        target = out / "logs"
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(self.stack.data_dir / "logs", target, dirs_exist_ok=True)
        for server in ("postgres/postgres.log", "broker/tansu.log"):
            if (self.stack.data_dir / server).exists():
                shutil.copy(self.stack.data_dir / server, target)

    def stop(self) -> None:
        """Every process (resumed first, should one be paused), then the servers."""
        for process in self.processes.values():
            if process.is_running():
                with contextlib.suppress(OSError):
                    os.kill(process.pid, signal.SIGCONT)
            process.stop()
        self.stack.stop()
