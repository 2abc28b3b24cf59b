"""`python -m services.notifications`: serve the subscriptions API and deliver, until SIGTERM.

`python -m services.notifications migrate`: apply the migrations and exit (the deploy's step).
"""

from __future__ import annotations

import sys

import uvicorn

from services.notifications.bootstrap import SERVICE, create_app
from services.notifications.settings import NotificationsSettings
from shared.logging import configure_logging
from shared.schema_gate import migrate_command, usage_error
from shared.settings import PlatformSettings


def main(argv: list[str]) -> int:
    """Configure logging once, then migrate, or hand the app to uvicorn (graceful on SIGTERM)."""
    platform = PlatformSettings()
    settings = NotificationsSettings()
    configure_logging(SERVICE, json=platform.log_json, level=platform.log_level)
    app = create_app(platform, settings)
    if argv == ["migrate"]:
        return migrate_command(platform, app.state.schema_plans)
    if argv:
        return usage_error(SERVICE, argv)
    uvicorn.run(app, host=settings.host, port=settings.port, log_config=None, access_log=False)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
