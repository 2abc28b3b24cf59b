"""`python -m services.<name> [migrate | rebuild [model] | timers [backfill]]`: the command line.

Without arguments it serves until SIGTERM (uvicorn shuts down gracefully); with `migrate` it
applies the schema plans the app names and exits, the deploy's separate step; with `rebuild`
it rebuilds the read models the app declares (`shared/projection/command.py`), verifies them
against live and swaps them in; with `timers` (a service with durable timers) it runs only
the timer worker, no HTTP, until SIGTERM or SIGINT; `timers backfill` gives the history
recorded before the service declared its timers the timers it would have scheduled
(`shared/timers/backfill.py`), once, and exits. The app is built (never started) to read
all of them from it, so the command line and the running service can never disagree.
"""

from __future__ import annotations

import asyncio
import signal
import sys
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

import asyncpg
import uvicorn

from shared.logging import configure_logging
from shared.projection.command import rebuild_command
from shared.schema_gate import migrate_command, usage_error
from shared.settings import PlatformSettings

if TYPE_CHECKING:
    from collections.abc import Awaitable, Callable, Coroutine, Mapping

    from fastapi import FastAPI

    from shared.projection import ProjectionSpec
    from shared.timers.backfill import Backfilled


class Listening(Protocol):
    """A service's own settings: where it listens."""

    host: str
    port: int


S = TypeVar("S", bound=Listening)


def service_main(
    service: str, argv: list[str], settings: S, create_app: Callable[[PlatformSettings, S], FastAPI]
) -> int:
    """Configure logging once, then migrate, rebuild or serve; the exit status."""
    platform = PlatformSettings()
    rebuilding = argv[:1] == ["rebuild"]
    # A rebuild draws its own progress: only warnings may interleave with it.
    level = "warning" if rebuilding else platform.log_level
    configure_logging(service, json=platform.log_json, level=level)
    app = create_app(platform, settings)
    specs: Mapping[str, ProjectionSpec] = getattr(app.state, "projections", {})
    if argv == ["migrate"]:
        return migrate_command(platform, app.state.schema_plans)
    timers = getattr(app.state, "timers_alone", None)
    if argv[:1] == ["timers"] and timers is not None and argv[1:] in ([], ["backfill"]):
        return _timers(app, argv[1:])
    if rebuilding and specs:
        return rebuild_command(f"python -m services.{service}", argv[1:], platform, specs)
    if argv:
        if not specs:
            return usage_error(service, argv)
        models = "|".join([*specs, "all"])
        sys.stderr.write(
            f"{service}: unknown arguments {' '.join(argv)!r};"
            f" usage: [migrate] | rebuild [{models}] [--accept-changes] [--json]"
            f"{' | timers [backfill]' if timers is not None else ''}\n"
        )
        return 2
    uvicorn.run(app, host=settings.host, port=settings.port, log_config=None, access_log=False)
    return 0


def _timers(app: FastAPI, argv: list[str]) -> int:
    """`timers`: the worker until stopped; `timers backfill`: one replay of history."""
    if argv == ["backfill"]:
        return backfill_command(app.state.timers_backfill)
    return timers_command(app.state.timers_alone)


def backfill_command(run: Callable[[], Coroutine[Any, Any, Backfilled]]) -> int:
    """Replay history through the service's timers once; one line of what it did."""
    try:
        done = asyncio.run(run())
    except (OSError, asyncpg.PostgresError) as error:
        sys.stderr.write(f"timers backfill: no database: {type(error).__name__}: {error}\n")
        return 1
    sys.stdout.write(done.line() + "\n")
    return 0


def timers_command(run: Callable[[asyncio.Event], Awaitable[None]]) -> int:
    """Run the timer worker until SIGTERM or SIGINT; 0 once it stopped.

    The signal only sets the stop: the claim or firing under way finishes, nothing is torn
    off mid-statement (a timer left leased is anyone's once its lease runs out).
    """

    async def main() -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for received in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(received, stop.set)
        await run(stop)

    try:
        asyncio.run(main())
    except (OSError, asyncpg.PostgresError) as error:
        sys.stderr.write(f"timers: no database: {type(error).__name__}: {error}\n")
        return 1
    return 0
