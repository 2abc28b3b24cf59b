"""`python -m services.notifications`: serve the subscriptions API and deliver, until SIGTERM.

`python -m services.notifications migrate`: apply the migrations and exit (the deploy's step).
"""

from __future__ import annotations

import sys

from pydantic import ValidationError

from services.notifications.bootstrap import SERVICE, create_app
from services.notifications.settings import NotificationsSettings
from shared.service_cli import service_main


def main(argv: list[str]) -> int:
    """Serve, or `migrate` and exit; settings that are refused end it with one line and 2."""
    try:
        settings = NotificationsSettings()
    except ValidationError as error:
        # One line an operator reads in the pod's log, not a traceback.
        reasons = "; ".join(
            ".".join(map(str, e["loc"])) + (": " if e["loc"] else "") + e["msg"]
            for e in error.errors()
        )
        sys.stderr.write(f"{SERVICE}: refused settings: {reasons}\n")
        return 2
    return service_main(SERVICE, argv, settings, create_app)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
