"""A service's read model rebuilt while the live one serves and consumes: what every test checks.

Each service's `test_rebuild.py` drives its own API; this runs the service as its tests do
(own schema, topic prefix and consumer groups), rebuilds through the one engine
(`shared/projection/rebuild.py`) while commands keep arriving, and runs the operator's
`python -m services.<name> rebuild` against the same schema.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from shared.devstack.processes import PROJECT_ROOT
from shared.projection.rebuild import rebuild
from shared.projection.verify import columns, fingerprint
from tests.support.apps import platform_settings, serve
from tests.support.waiting import eventually

if TYPE_CHECKING:
    from collections.abc import AsyncIterator, Awaitable, Callable

    import httpx
    from asyncpg.pool import Pool
    from fastapi import FastAPI
    from pydantic_settings import BaseSettings

    from shared.devstack import Endpoints
    from shared.projection import ProjectionSpec
    from shared.projection.rebuild import RebuildResult
    from shared.settings import PlatformSettings


@dataclass
class LiveService:
    """A served app, its read model's declaration, and how to run its command line."""

    name: str
    app: FastAPI
    client: httpx.AsyncClient
    pool: Pool
    platform: PlatformSettings
    env: dict[str, str]

    @property
    def spec(self) -> ProjectionSpec:
        """The service's one read model, as the app declares it."""
        [spec] = self.app.state.projections.values()
        return spec

    async def store_events(self) -> set[Any]:
        """The ids of every event the service recorded (the relay publishes them all)."""
        rows = await self.pool.fetch(f"SELECT event_id FROM {self.spec.schema}.events")
        return {r["event_id"] for r in rows}

    async def applied(self) -> set[Any]:
        """The ids of the recorded events the live read model's inbox marks cover."""
        schema = self.spec.schema
        rows = await self.pool.fetch(
            f"SELECT e.event_id FROM {schema}.events e JOIN {schema}.inbox_marks m"
            " ON m.consumer = $1 AND m.stream = e.stream_id AND e.stream_version <= m.version",
            self.spec.consumer,
        )
        return {r["event_id"] for r in rows}

    async def every_event_once(self) -> None:
        """Wait until the live read model has applied exactly the recorded events."""
        recorded = await self.store_events()
        await eventually(self.applied, lambda ids: ids == recorded, 20)

    async def rows(self, table: str) -> int:
        """Rows in a live table."""
        count: int = await self.pool.fetchval(f"SELECT count(*) FROM {self.spec.schema}.{table}")
        return count

    async def oids(self) -> dict[str, int]:
        """Each live table's identity: a swap replaces it."""
        return {
            t: await self.pool.fetchval("SELECT $1::regclass::oid", f"{self.spec.schema}.{t}")
            for t in self.spec.tables
        }

    async def fingerprints(self) -> dict[str, object]:
        """Each live table's row count and content hash."""
        schema = self.spec.schema
        async with self.pool.acquire() as conn:
            return {
                t: await fingerprint(conn, schema, t, await columns(conn, schema, t, frozenset()))
                for t in self.spec.tables
            }

    async def leftover_schemas(self) -> list[str]:
        """Schemas a rebuild made beside the live one (the keys schema is the service's own)."""
        rows = await self.pool.fetch(
            "SELECT nspname FROM pg_namespace WHERE nspname LIKE $1 AND nspname <> $2",
            f"{self.spec.schema}\\_%",
            f"{self.spec.schema}_keys",
        )
        return [r["nspname"] for r in rows]

    async def rebuild_while(
        self, act: Callable[[], Awaitable[object]]
    ) -> tuple[RebuildResult, int]:
        """Rebuild through the engine while `act` keeps adding events over HTTP; how many."""
        rebuilding = asyncio.create_task(
            rebuild(self.pool, self.platform, self.spec, batch_size=2)  # small: it lasts
        )
        during = 0
        while not rebuilding.done():  # the live side keeps serving and consuming meanwhile
            await act()
            during += 1
            await asyncio.sleep(0.02)
        return rebuilding.result(), during

    async def cli(self, *args: str) -> tuple[int, str, str]:
        """Run `python -m services.<name> ...` as an operator would, on this service's schema."""
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", f"services.{self.name}", *args, cwd=PROJECT_ROOT,
            env={**os.environ, **self.env},
            stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
        )  # fmt: skip
        out, err = await asyncio.wait_for(process.communicate(), timeout=120)
        assert process.returncode is not None
        return process.returncode, out.decode(), err.decode()


@contextlib.asynccontextmanager
async def live_service(  # noqa: PLR0913 - each is named at the call site
    name: str,
    create_app: Callable[[PlatformSettings, Any], FastAPI],
    settings: BaseSettings,
    *,
    endpoints: Endpoints,
    topic_prefix: str,
    pool: Pool,
) -> AsyncIterator[LiveService]:
    """The service's app served with `settings`, ready; its command line gets the same ones."""
    platform = platform_settings(endpoints).model_copy(update={"kafka_topic_prefix": topic_prefix})
    prefix = settings.model_config.get("env_prefix", "")
    env = {
        "DATABASE_URL": endpoints.database_url,
        "KAFKA_BOOTSTRAP_SERVERS": endpoints.kafka_bootstrap,
        "KAFKA_TOPIC_PREFIX": topic_prefix,
        **{
            f"{prefix}{key}".upper(): value
            for key, value in settings.model_dump().items()
            if isinstance(value, str)
        },
    }
    app = create_app(platform, settings)
    async with serve(app) as client:
        await eventually(lambda: client.get("/ready"), lambda r: r.status_code == 200)
        yield LiveService(name, app, client, pool, platform, env)


async def corrupt_one_row(live: LiveService, table: str) -> None:
    """Change one live row behind the projection's back, as a bug or a hand would."""
    await live.pool.execute(
        f"UPDATE {live.spec.schema}.{table} SET version = version + 100 WHERE youth_id ="
        f" (SELECT youth_id FROM {live.spec.schema}.{table} ORDER BY youth_id LIMIT 1)"
    )


async def assert_a_difference_exits_3(live: LiveService, table: str) -> None:
    """One corrupted row: `rebuild <model>` exits 3, names it in one line, leaves live alone."""
    rows = await live.rows(table)
    await corrupt_one_row(live, table)
    before = await live.oids(), await live.fingerprints()

    code, out, err = await live.cli("rebuild", live.spec.name)

    assert code == 3, out + err
    [line] = err.strip().splitlines()
    assert f"rebuilt {live.spec.name} differs from live" in line, line
    assert f"{table}: {rows} rows live, {rows} rebuilt; 1 only live, 1 only rebuilt" in line, line
    assert "NOT swapped" in out
    assert (await live.oids(), await live.fingerprints()) == before
    assert await live.leftover_schemas() == []
