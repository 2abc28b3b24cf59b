"""`python -m services.coaching`: serve HTTP and relay events, until SIGTERM."""

from __future__ import annotations

import uvicorn

from services.coaching.bootstrap import SERVICE, create_app
from services.coaching.settings import CoachingSettings
from shared.logging import configure_logging
from shared.settings import PlatformSettings


def main() -> None:
    """Configure logging once, then hand the app to uvicorn (which handles SIGTERM gracefully)."""
    platform = PlatformSettings()
    settings = CoachingSettings()
    configure_logging(SERVICE, json=platform.log_json, level=platform.log_level)
    uvicorn.run(
        create_app(platform, settings),
        host=settings.host,
        port=settings.port,
        log_config=None,
        access_log=False,
    )


if __name__ == "__main__":
    main()
