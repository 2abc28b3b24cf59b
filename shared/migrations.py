"""Apply a service's SQL migrations once each, in name order, under an advisory lock.

Every service (and the relay and projection tables it shares) lives in a schema of its own;
scripts name it as `{schema}` and are applied with that placeholder filled in.
"""

from __future__ import annotations

import contextlib
import hashlib
import re
from dataclasses import dataclass
from importlib import resources
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import AsyncIterator
    from pathlib import Path

    from shared.db import Connection

_SCHEMA_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


def checked_schema(schema: str) -> str:
    """Return `schema` if it is a plain identifier; SQL is built with it, so nothing else passes."""
    if not _SCHEMA_NAME.fullmatch(schema):
        raise ValueError(f"not a plain schema name: {schema!r}")
    return schema


class MigrationChangedError(RuntimeError):
    """An applied script was edited afterwards; its change would never run. Add a new one."""


@dataclass(frozen=True)
class Migration:
    """One script; `name` orders it and records that it ran."""

    name: str
    sql: str

    @property
    def checksum(self) -> str:
        """Identifies the text that ran, so a later edit is caught instead of ignored."""
        return hashlib.sha256(self.sql.encode()).hexdigest()


def shared_migration(package: str, filename: str, name: str) -> Migration:
    """Load a script that ships inside a `shared` package."""
    return Migration(name, resources.files(package).joinpath(filename).read_text())


def directory_migrations(directory: Path) -> list[Migration]:
    """Load a service's own scripts, one object per file, applied in file-name order."""
    return [Migration(path.stem, path.read_text()) for path in sorted(directory.glob("*.sql"))]


async def migrate(conn: Connection, schema: str, migrations: list[Migration]) -> list[str]:
    """Apply what has not run yet; return the names applied. Safe to call from many processes."""
    schema = checked_schema(schema)
    applied: list[str] = []
    async with _no_idle_limit(conn), conn.transaction():
        # Transaction-scoped, so a crashed migrator never leaves the lock behind.
        await conn.execute("SELECT pg_advisory_xact_lock(hashtext($1))", f"migrate:{schema}")
        await conn.execute(f"CREATE SCHEMA IF NOT EXISTS {schema}")
        await conn.execute(
            f"CREATE TABLE IF NOT EXISTS {schema}.schema_migrations (name text PRIMARY KEY,"
            " applied_at timestamptz NOT NULL DEFAULT now(), checksum text NOT NULL)"
        )
        # Schemas made before checksums were kept: record them from now on.
        await conn.execute(
            f"ALTER TABLE {schema}.schema_migrations ADD COLUMN IF NOT EXISTS checksum text"
        )
        rows = await conn.fetch(f"SELECT name, checksum FROM {schema}.schema_migrations")
        done = {r["name"]: r["checksum"] for r in rows}
        for migration in sorted(migrations, key=lambda m: m.name):
            if migration.name in done:
                if done[migration.name] is None:
                    await _record_checksum(conn, schema, migration)
                elif done[migration.name] != migration.checksum:
                    raise MigrationChangedError(
                        f"migration {migration.name} in schema {schema} changed after it was"
                        " applied; add a new migration instead (for local dev data: make clean)"
                    )
                continue
            await conn.execute(migration.sql.replace("{schema}", schema))
            await conn.execute(
                f"INSERT INTO {schema}.schema_migrations (name, checksum) VALUES ($1, $2)",
                migration.name,
                migration.checksum,
            )
            applied.append(migration.name)
    return applied


@contextlib.asynccontextmanager
async def _no_idle_limit(conn: Connection) -> AsyncIterator[None]:
    """Lift the session's idle-in-transaction limit for the migration, then restore it.

    The pool ends a session idle in a transaction (it would hold back the relay), but a
    migration runs before any relay and must not be cut off when its starting process is
    briefly starved between two statements (seen under CI load). Set before BEGIN, so that
    no moment of the transaction is under the limit.
    """
    previous = await conn.fetchval("SHOW idle_in_transaction_session_timeout")
    await conn.execute("SET idle_in_transaction_session_timeout = 0")
    try:
        yield
    finally:
        if not conn.is_closed():
            await conn.execute(
                "SELECT set_config('idle_in_transaction_session_timeout', $1, false)", previous
            )


async def is_migrated(conn: Connection, schema: str, migrations: list[Migration]) -> bool:
    """Whether every script has run: what a readiness probe asks."""
    schema = checked_schema(schema)
    exists = await conn.fetchval("SELECT to_regclass($1)", f"{schema}.schema_migrations")
    if exists is None:
        return False
    done = {r["name"] for r in await conn.fetch(f"SELECT name FROM {schema}.schema_migrations")}
    return all(m.name in done for m in migrations)


async def _record_checksum(conn: Connection, schema: str, migration: Migration) -> None:
    await conn.execute(
        f"UPDATE {schema}.schema_migrations SET checksum = $2 WHERE name = $1",
        migration.name,
        migration.checksum,
    )
