"""`python -m services.income`: serve HTTP and relay events, until SIGTERM.

`python -m services.income migrate`: apply the migrations and exit (the deploy's separate step).
`python -m services.income rebuild [benefits|all]`: rebuild the read model from its topic,
verify it against live and swap it in (exit 3 if it differs; shared/projection/command.py).
"""

from __future__ import annotations

import sys

from services.income.bootstrap import SERVICE, create_app
from services.income.settings import IncomeSettings
from shared.service_cli import service_main


def main(argv: list[str]) -> int:
    """Serve, or run `migrate` or `rebuild` and exit."""
    return service_main(SERVICE, argv, IncomeSettings(), create_app)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
