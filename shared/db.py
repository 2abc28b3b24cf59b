"""Connection pools, set up the same way in every process."""

from __future__ import annotations

from typing import TYPE_CHECKING

import asyncpg

if TYPE_CHECKING:
    from typing import TypeAlias

    from asyncpg.pool import Pool, PoolConnectionProxy

    from shared.settings import PlatformSettings

    Connection: TypeAlias = asyncpg.Connection | PoolConnectionProxy
    """A plain connection or one borrowed from a pool: both run queries the same way."""


UNAVAILABLE: tuple[type[Exception], ...] = (
    ConnectionError,
    asyncpg.PostgresConnectionError,
    asyncpg.InterfaceError,
    asyncpg.exceptions.AdminShutdownError,
    asyncpg.exceptions.CrashShutdownError,
    asyncpg.exceptions.CannotConnectNowError,
    asyncpg.exceptions.TooManyConnectionsError,
    asyncpg.exceptions.InternalClientError,
)
"""The database is not there for now: refused, restarting, shutting down, full, or a connection
cut mid-operation (asyncpg's InternalClientError). The request or the event is not at fault:
an HTTP answer is a 503 to retry (shared/http.py), a consumer stops to be restarted
(shared/projection/runner.py). `make soak` met each while PostgreSQL restarted."""


async def create_pool(
    settings: PlatformSettings, application_name: str, *, min_size: int = 2, max_size: int = 20
) -> Pool:
    """A pool whose sessions cannot sit idle in a transaction for long.

    An idle transaction holds the relay's visibility barrier (every event committed after it
    waits), so the server ends such sessions after `idle_in_transaction_timeout_ms`.
    """
    pool: Pool = await asyncpg.create_pool(
        settings.database_url,
        min_size=min_size,
        max_size=max_size,
        server_settings={
            "application_name": application_name,
            "idle_in_transaction_session_timeout": str(settings.idle_in_transaction_timeout_ms),
        },
        reset=keep_session,
    )
    return pool


async def keep_session(connection: asyncpg.Connection) -> None:
    """Nothing to reset on release: no round trip after every use of a pooled connection.

    asyncpg's default sends `SELECT pg_advisory_unlock_all(); CLOSE ALL; UNLISTEN *; RESET ALL`
    at each release, which cost more than a short query itself (about 150 of 260 us per
    acquire, query and release on loopback), and a command acquires several times. With a
    `reset` given, asyncpg still rolls back an open transaction and drops the Python-side
    listeners. The rest is undone by whoever did it: every session advisory lock is unlocked
    by its holder (the relay, a rebuild, the figures' publisher), a migration restores the
    setting it changes, and a listener is removed (UNLISTEN) by the loop that added it.
    """
    del connection
