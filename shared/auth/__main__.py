"""Entry point of `python -m shared.auth`; see `shared.auth.cli`."""

from shared.auth.cli import main

raise SystemExit(main())
