"""`python -m services.timeline`: serve the timeline and keep it up to date, until SIGTERM.

With a command, run it instead: `migrate` (the deploy's separate step), `rebuild
[timeline|reports|all]` or `as-of <instant> --youth <id>` (see
`services/timeline/operations/cli.py`).
"""

from __future__ import annotations

import sys

import uvicorn

from services.timeline.bootstrap import SERVICE, create_app
from services.timeline.settings import TimelineSettings
from shared.logging import configure_logging
from shared.schema_gate import migrate_command
from shared.settings import PlatformSettings


def serve() -> None:
    """Configure logging once, then hand the app to uvicorn (which handles SIGTERM gracefully)."""
    platform = PlatformSettings()
    settings = TimelineSettings()
    configure_logging(SERVICE, json=platform.log_json, level=platform.log_level)
    uvicorn.run(
        create_app(platform, settings),
        host=settings.host,
        port=settings.port,
        log_config=None,
        access_log=False,
    )


def main(argv: list[str]) -> int:
    """Serve without arguments; otherwise run the command and return its exit code."""
    if not argv:
        serve()
        return 0
    if argv == ["migrate"]:
        platform = PlatformSettings()
        configure_logging(SERVICE, json=platform.log_json, level=platform.log_level)
        plans = create_app(platform, TimelineSettings()).state.schema_plans
        return migrate_command(platform, plans)
    from services.timeline.operations.cli import main as run_command  # noqa: PLC0415 - only for commands

    return run_command(argv)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
