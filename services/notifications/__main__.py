"""`python -m services.notifications`: serve the subscriptions API and deliver, until SIGTERM.

`python -m services.notifications migrate`: apply the migrations and exit (the deploy's step).
"""

from __future__ import annotations

import sys

from services.notifications.bootstrap import SERVICE, create_app
from services.notifications.settings import NotificationsSettings
from shared.service_cli import serve_or_migrate


def main(argv: list[str]) -> int:
    """Serve, or `migrate` and exit."""
    return serve_or_migrate(SERVICE, argv, NotificationsSettings(), create_app)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
