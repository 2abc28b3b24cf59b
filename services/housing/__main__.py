"""`python -m services.housing`: serve HTTP and relay events, until SIGTERM.

`python -m services.housing migrate`: apply the migrations and exit (the deploy's separate step).
"""

from __future__ import annotations

import sys

from services.housing.bootstrap import SERVICE, create_app
from services.housing.settings import HousingSettings
from shared.service_cli import serve_or_migrate


def main(argv: list[str]) -> int:
    """Serve, or `migrate` and exit."""
    return serve_or_migrate(SERVICE, argv, HousingSettings(), create_app)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
