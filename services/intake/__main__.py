"""`python -m services.intake`: serve HTTP and relay events, until SIGTERM.

`python -m services.intake migrate`: apply the migrations and exit (the deploy's separate step).
"""

from __future__ import annotations

import sys

from services.intake.bootstrap import SERVICE, create_app
from services.intake.settings import IntakeSettings
from shared.service_cli import serve_or_migrate


def main(argv: list[str]) -> int:
    """Serve, or `migrate` and exit."""
    return serve_or_migrate(SERVICE, argv, IntakeSettings(), create_app)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
