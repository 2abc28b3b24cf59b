"""What every workload needs: the servers' settings, fresh names, pools and schemas."""

from __future__ import annotations

import contextlib
import itertools
import uuid
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from shared.db import create_pool
from shared.migrations import Migration, migrate
from shared.settings import PlatformSettings

if TYPE_CHECKING:
    from collections.abc import AsyncIterator, Iterator

    from asyncpg.pool import Pool

    from shared.devstack import Endpoints


@dataclass
class BenchContext:
    """One benchmark run against one database and one broker.

    Every workload works in schemas and topics named here, unique to this run, so runs never
    see each other's data even on a long-lived server.
    """

    endpoints: Endpoints
    # The embedded servers' pids (None when the environment named external ones), for CPU shares.
    server_pids: dict[str, int | None] = field(default_factory=dict)
    run_id: str = field(default_factory=lambda: uuid.uuid4().hex[:8])
    _counter: Iterator[int] = field(default_factory=itertools.count)

    @property
    def settings(self) -> PlatformSettings:
        """Settings for these servers; a 1 s session timeout keeps group joins to about a second."""
        return PlatformSettings(
            database_url=self.endpoints.database_url,
            kafka_bootstrap_servers=self.endpoints.kafka_bootstrap,
            kafka_session_timeout_ms=1000,
        )

    def schema(self, what: str) -> str:
        """A schema name no one has used: `b<run>_<what>_<n>`."""
        return f"b{self.run_id}_{what}_{next(self._counter)}"

    def topic_prefix(self, what: str) -> str:
        """A topic prefix no one has used (topic names allow no underscore)."""
        return f"b{self.run_id}-{what}-{next(self._counter)}"

    @contextlib.asynccontextmanager
    async def pool(self, size: int, name: str = "bench") -> AsyncIterator[Pool]:
        """A pool of exactly `size` connections, opened before timing starts, closed after."""
        pool = await create_pool(self.settings, name, min_size=size, max_size=size)
        try:
            yield pool
        finally:
            await pool.close()

    async def migrated(self, pool: Pool, schema: str, migrations: list[Migration]) -> str:
        """Create `schema` with `migrations` applied; return its name."""
        async with pool.acquire() as conn:
            await migrate(conn, schema, migrations)
        return schema

    async def drop_schemas(self, pool: Pool) -> None:
        """Remove every schema of this run (an external server keeps nothing of ours)."""
        names = await pool.fetch(
            "SELECT nspname FROM pg_namespace WHERE nspname LIKE $1", f"b{self.run_id}\\_%"
        )
        for row in names:
            await pool.execute(f'DROP SCHEMA "{row["nspname"]}" CASCADE')
