"""Migrate as a step of its own; start a service version only on a schema it knows.

In production the migrations run once, as a Kubernetes Job or compose one-shot
(`python -m services.<name> migrate`), before the new version starts; the service itself then
runs with MIGRATE_ON_START=false. It refuses to start on a schema that holds a migration it does
not know (a newer version migrated it: forward-only, so an older one cannot run there), and it
reports not-ready, and starts no consumer, until every migration it needs has run.
"""

from __future__ import annotations

import asyncio
import contextlib
import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING

import asyncpg
import structlog

from shared.migrations import MigrationChangedError, checked_schema, is_migrated, migrate
from shared.supervise import Supervisor

if TYPE_CHECKING:
    from collections.abc import AsyncIterator, Awaitable, Callable, Mapping, Sequence

    from asyncpg.pool import Pool

    from shared.db import Connection
    from shared.migrations import Migration
    from shared.settings import PlatformSettings

log = structlog.get_logger("migrations")

# How often a service waiting for the migration step looks again.
_POLL_S = 0.5


class UnknownSchemaError(RuntimeError):
    """The schema was migrated by a version newer than this one."""


@dataclass(frozen=True)
class SchemaPlan:
    """The migrations one schema needs for this version of the service."""

    schema: str
    migrations: list[Migration]


async def refuse_unknown(conn: Connection, plans: Sequence[SchemaPlan]) -> None:
    """Raise if a schema holds a migration this version does not know."""
    for plan in plans:
        schema = checked_schema(plan.schema)
        if await conn.fetchval("SELECT to_regclass($1)", f"{schema}.schema_migrations") is None:
            continue
        applied = {
            r["name"] for r in await conn.fetch(f"SELECT name FROM {schema}.schema_migrations")
        }
        unknown = sorted(applied - {m.name for m in plan.migrations})
        if unknown:
            raise UnknownSchemaError(
                f"schema {schema} has migrations this version does not know ({', '.join(unknown)});"
                " deploy the version that applied them, or a newer one"
            )


async def apply_plans(conn: Connection, plans: Sequence[SchemaPlan]) -> dict[str, list[str]]:
    """Apply what has not run yet, schema by schema; idempotent. Return what was applied."""
    await refuse_unknown(conn, plans)
    return {plan.schema: await migrate(conn, plan.schema, plan.migrations) for plan in plans}


async def all_migrated(conn: Connection, plans: Sequence[SchemaPlan]) -> bool:
    """Whether every schema has every migration: what readiness asks."""
    for plan in plans:
        if not await is_migrated(conn, plan.schema, plan.migrations):
            return False
    return True


async def open_schemas(
    pool: Pool,
    plans: Sequence[SchemaPlan],
    platform: PlatformSettings,
    start: Callable[[], None],
    stop: asyncio.Event,
) -> asyncio.Task[None] | None:
    """At startup: refuse an unknown schema; migrate (dev) or wait for the migration step.

    `start` launches the service's loops once the schemas are complete: at once when they are,
    otherwise from a task that polls until the migration step has run (returned, to be awaited).
    """
    async with pool.acquire() as conn:
        if platform.migrate_on_start:
            await apply_plans(conn, plans)
        else:
            await refuse_unknown(conn, plans)
        if await all_migrated(conn, plans):
            start()
            return None
    log.info("waiting_for_migrations", schemas=[p.schema for p in plans])
    return asyncio.create_task(_start_when_migrated(pool, plans, start, stop))


@contextlib.asynccontextmanager
async def running_when_migrated(
    pool: Pool,
    plans: Sequence[SchemaPlan],
    platform: PlatformSettings,
    loops: Mapping[str, Callable[[asyncio.Event], Awaitable[None]]],
) -> AsyncIterator[None]:
    """Open the schemas, run `loops` supervised once they are complete, stop them on leaving.

    The caller owns the pool, and closes it also when opening fails (a refused schema).
    """
    supervisor = Supervisor()

    def start() -> None:
        if not supervisor.stop.is_set():
            for name, loop in loops.items():
                supervisor.spawn(name, loop)

    waiting = await open_schemas(pool, plans, platform, start, supervisor.stop)
    try:
        yield
    finally:
        supervisor.stop.set()
        if waiting is not None:
            await waiting
        await supervisor.close()


def readiness(
    pool_of: Callable[[], Pool],
    plans: Sequence[SchemaPlan],
    flags: Mapping[str, Callable[[], bool]],
) -> Callable[[], Awaitable[dict[str, bool]]]:
    """The `/ready` probe: database reachable, every migration applied, and each of `flags`."""

    async def ready() -> dict[str, bool]:
        try:
            async with pool_of().acquire() as conn:
                migrated = await all_migrated(conn, plans)
        except (OSError, AttributeError):  # no database, or the lifespan has not run yet
            return {"database": False, "migrations": False} | dict.fromkeys(flags, False)
        return {"database": True, "migrations": migrated} | {
            name: flag() for name, flag in flags.items()
        }

    return ready


async def _start_when_migrated(
    pool: Pool, plans: Sequence[SchemaPlan], start: Callable[[], None], stop: asyncio.Event
) -> None:
    while not stop.is_set():
        try:
            async with pool.acquire() as conn:
                if await all_migrated(conn, plans):
                    await refuse_unknown(conn, plans)
                    log.info("migrations_found_starting")
                    start()
                    return
        except (OSError, asyncpg.PostgresConnectionError, asyncpg.InterfaceError):
            log.warning("waiting_for_database", exc_info=True)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), _POLL_S)


def migrate_command(platform: PlatformSettings, plans: Sequence[SchemaPlan]) -> int:
    """`python -m services.<name> migrate`: apply, print one line, exit non-zero on refusal."""

    async def run() -> dict[str, list[str]]:
        conn = await asyncpg.connect(platform.database_url)
        try:
            return await apply_plans(conn, plans)
        finally:
            await conn.close()

    try:
        applied = asyncio.run(run())
    except (UnknownSchemaError, MigrationChangedError, OSError, asyncpg.PostgresError) as error:
        sys.stderr.write(f"migrate: {error}\n")
        return 1
    summary = "; ".join(f"{schema}: {len(names)} applied" for schema, names in applied.items())
    sys.stdout.write(f"migrate: {summary}\n")
    return 0


def usage_error(service: str, argv: list[str]) -> int:
    """A service takes no argument but `migrate`: say so in one line and fail."""
    sys.stderr.write(f"{service}: unknown arguments {' '.join(argv)!r}; usage: [migrate]\n")
    return 2
