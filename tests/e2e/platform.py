"""The platform as production runs it: every service its own process, on a stack of its own."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import uuid
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

import asyncpg

from services.intake.domain.events import CATALOGUE, YouthRegistered
from shared.devstack import DevStack
from shared.devstack.processes import PROJECT_ROOT, ServiceProcess
from shared.devstack.servers import free_port
from shared.devstack.stack import STATE_DIR
from shared.eventstore import Metadata, PostgresEventStore
from shared.privacy import KeyStore, MasterKey, Sealer
from tests.support.apps import bearer

if TYPE_CHECKING:
    import httpx

META = Metadata(tenant="0518", actor="medewerker-1", actor_role="intake", correlation_id="e2e")


@dataclass
class Platform:
    """A private stack plus the service processes started on it."""

    stack: DevStack
    env: dict[str, str] = field(default_factory=dict)
    processes: dict[str, ServiceProcess] = field(default_factory=dict)
    urls: dict[str, str] = field(default_factory=dict)

    @classmethod
    def start_stack(cls) -> Platform:
        """Servers of its own, so a test may kill or restart them without harming others."""
        stack = DevStack(data_dir=STATE_DIR / f"e2e-{uuid.uuid4().hex[:8]}", ephemeral=True)
        stack.durable = False
        endpoints = stack.start()
        env = {
            "DATABASE_URL": endpoints.database_url,
            "KAFKA_BOOTSTRAP_SERVERS": endpoints.kafka_bootstrap,
            "KAFKA_SESSION_TIMEOUT_MS": "3000",
            "LOG_JSON": "true",
        }
        platform = cls(stack, env)
        for name in ("intake", "timeline"):
            port = free_port(0)
            platform.urls[name] = f"http://127.0.0.1:{port}"
            platform.env[f"{name.upper()}_PORT"] = str(port)
        return platform

    def start(self, name: str, *args: str, module: str | None = None, **env: str) -> None:
        """Start a service (or another module, such as the relay) and wait until it is ready."""
        log_path = self.stack.data_dir / "logs" / f"{name}.log"
        process = ServiceProcess(module or f"services.{name}", {**self.env, **env}, log_path)
        process.args = list(args)
        self.processes[name] = process.start()
        if name in self.urls:
            process.wait_ready(f"{self.urls[name]}/ready")

    def cli(self, module: str, *args: str) -> subprocess.CompletedProcess[str]:
        """Run a command-line tool of the project against this stack."""
        return subprocess.run(
            [sys.executable, "-m", module, *args],
            env={**os.environ, **self.env},
            cwd=PROJECT_ROOT,
            capture_output=True,
            text=True,
            check=False,
            timeout=60,
        )

    def stop(self) -> None:
        """Stop every process, then the servers."""
        for process in self.processes.values():
            process.stop()
        self.stack.stop()

    async def connect(self) -> asyncpg.Connection:
        """A database connection to look at what the services stored."""
        return await asyncpg.connect(self.env["DATABASE_URL"])

    async def register(self, client: httpx.AsyncClient) -> str:
        """Register a young person (a different one each time) through intake's HTTP API.

        One name for all would make each a likely duplicate of the others, and intake then
        records `PossibleDuplicateFound` too: timeline entries the counting tests do not expect.
        """
        response = await client.post(
            f"{self.urls['intake']}/youths",
            json={
                "gemeentecode": "0518",
                "programma": "jpf",
                "full_name": f"Sam {uuid.uuid4().hex[:8]}",
                "date_of_birth": "2004-03-14",
            },
            headers=bearer("intake"),
        )
        assert response.status_code == 201, response.text
        return str(response.json()["youth_id"])


async def append_registrations(conn: asyncpg.Connection, count: int) -> set[str]:
    """A backlog of registrations written straight into intake's store (faster than HTTP)."""
    store = PostgresEventStore(conn, "intake")
    keys = KeyStore(conn, "intake_keys", MasterKey.from_environment())  # type: ignore[arg-type]
    sealer = Sealer(CATALOGUE, keys)
    ids: set[str] = set()
    for _ in range(count // 100):
        async with conn.transaction():
            for _ in range(100):
                youth_id = uuid.uuid4()
                event = YouthRegistered(
                    youth_id=youth_id,
                    programma="jpf",
                    full_name="X",
                    date_of_birth=date(2004, 1, 1),
                    age_band="18-22",
                    registered_on=date(2026, 11, 22),
                )
                new = await sealer.seal(event, subject=str(youth_id), metadata=META)
                await store.append(f"youth-{youth_id}", [new], 0)
                ids.add(str(new.event_id))
    return ids


async def count_entries(conn: asyncpg.Connection) -> int:
    """Rows in the timeline."""
    return int(await conn.fetchval("SELECT count(*) FROM timeline.entries"))


async def wait_for(conn: asyncpg.Connection, predicate, within: float = 60.0) -> int:
    """Poll the timeline's size until `predicate(count)` holds; return the count."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + within
    while True:
        count = await count_entries(conn)
        if predicate(count):
            return count
        if loop.time() > deadline:
            raise AssertionError(f"timeline stuck at {count} entries")
        await asyncio.sleep(0.01)
