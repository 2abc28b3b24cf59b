"""`python -m services.debts`: serve HTTP and relay events, until SIGTERM.

`python -m services.debts migrate`: apply the migrations and exit (the deploy's separate step).
`python -m services.debts rebuild [trajectories|all]`: rebuild the read model from its topic,
verify it against live and swap it in (exit 3 if it differs; shared/projection/command.py).
"""

from __future__ import annotations

import sys

from services.debts.bootstrap import SERVICE, create_app
from services.debts.settings import DebtsSettings
from shared.service_cli import service_main


def main(argv: list[str]) -> int:
    """Serve, or run `migrate` or `rebuild` and exit."""
    return service_main(SERVICE, argv, DebtsSettings(), create_app)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
