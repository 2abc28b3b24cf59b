"""Intake and the timeline as real processes (`python -m services.<name>`), as deployed."""

from __future__ import annotations

import asyncio
import contextlib
from dataclasses import dataclass
from typing import TYPE_CHECKING

from shared.devstack.processes import ServiceProcess
from shared.devstack.servers import free_port

if TYPE_CHECKING:
    from collections.abc import AsyncIterator
    from pathlib import Path

    from bench.context import BenchContext

READY_TIMEOUT_S = 60.0


@dataclass(frozen=True)
class Services:
    """The two processes and where they listen."""

    intake: ServiceProcess
    timeline: ServiceProcess
    intake_url: str
    timeline_url: str
    timeline_table: str

    async def wait_ready(self) -> None:
        """Until both answer /ready (for the timeline: its consumer has started)."""
        await asyncio.gather(
            asyncio.to_thread(self.intake.wait_ready, f"{self.intake_url}/ready", READY_TIMEOUT_S),
            asyncio.to_thread(
                self.timeline.wait_ready, f"{self.timeline_url}/ready", READY_TIMEOUT_S
            ),
        )

    async def stop(self) -> None:
        """SIGTERM both and wait for them to exit (SIGKILL if one hangs)."""
        await asyncio.gather(
            asyncio.to_thread(self.intake.stop), asyncio.to_thread(self.timeline.stop)
        )

    def tails(self) -> str:
        """The end of both logs, for an error message."""
        return f"--- intake ---\n{self.intake.tail()}\n--- timeline ---\n{self.timeline.tail()}"


@contextlib.asynccontextmanager
async def running_services(ctx: BenchContext, log_dir: Path) -> AsyncIterator[Services]:
    """Intake and the timeline, ready, until the block ends; errors carry their logs' tails.

    Each gets a free port; both get schemas, topics and a consumer group of their own.
    """
    base = ctx.schema("svc")
    intake_port, timeline_port = free_port(0), free_port(0)
    env = {
        "DATABASE_URL": ctx.endpoints.database_url,
        "KAFKA_BOOTSTRAP_SERVERS": ctx.endpoints.kafka_bootstrap,
        "KAFKA_SESSION_TIMEOUT_MS": "1000",
        "KAFKA_TOPIC_PREFIX": ctx.topic_prefix("svc"),
        "LOG_LEVEL": "warning",
        "INTAKE_PORT": str(intake_port),
        "TIMELINE_PORT": str(timeline_port),
        "INTAKE_SCHEMA_NAME": f"{base}_intake",
        "TIMELINE_SCHEMA_NAME": f"{base}_timeline",
        "TIMELINE_CONSUMER_GROUP": f"{base}_timeline",
    }
    services = Services(
        intake=ServiceProcess("services.intake", env, log_dir / "intake.log"),
        timeline=ServiceProcess("services.timeline", env, log_dir / "timeline.log"),
        intake_url=f"http://127.0.0.1:{intake_port}",
        timeline_url=f"http://127.0.0.1:{timeline_port}",
        timeline_table=f"{base}_timeline.entries",
    )
    try:
        services.intake.start()
        services.timeline.start()
        await services.wait_ready()
        yield services
    except Exception as error:
        raise RuntimeError(f"{error}\n{services.tails()}") from error
    finally:
        await services.stop()
