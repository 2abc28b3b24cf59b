"""`python -m services.<name> [migrate]`: every service's command line is the same two things.

Without arguments it serves until SIGTERM (uvicorn shuts down gracefully); with `migrate` it
applies the schema plans the app names and exits, the deploy's separate step.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol, TypeVar

import uvicorn

from shared.logging import configure_logging
from shared.schema_gate import migrate_command, usage_error
from shared.settings import PlatformSettings

if TYPE_CHECKING:
    from collections.abc import Callable

    from fastapi import FastAPI


class Listening(Protocol):
    """A service's own settings: where it listens."""

    host: str
    port: int


S = TypeVar("S", bound=Listening)


def serve_or_migrate(
    service: str, argv: list[str], settings: S, create_app: Callable[[PlatformSettings, S], FastAPI]
) -> int:
    """Configure logging once, then migrate, or hand the app to uvicorn; the exit status."""
    platform = PlatformSettings()
    configure_logging(service, json=platform.log_json, level=platform.log_level)
    app = create_app(platform, settings)
    if argv == ["migrate"]:
        return migrate_command(platform, app.state.schema_plans)
    if argv:
        return usage_error(service, argv)
    uvicorn.run(app, host=settings.host, port=settings.port, log_config=None, access_log=False)
    return 0
