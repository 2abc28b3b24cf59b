"""`python -m shared.auth mint`: a development token without an identity provider."""

import argparse
import sys
from collections.abc import Sequence
from datetime import timedelta
from typing import NoReturn

from pydantic import ValidationError

from shared.auth.principal import is_gemeentecode
from shared.auth.roles import ROLES
from shared.auth.settings import AuthSettings
from shared.auth.tokens import mint_token

_USAGE_ERROR = 2
_CONFIG_ERROR = 1


class _OneLineParser(argparse.ArgumentParser):
    """Reports bad input as one line on stderr, so scripts and people see just the reason."""

    def error(self, message: str) -> NoReturn:
        """Print the reason only (no usage block); `--help` still shows the usage."""
        self.exit(_USAGE_ERROR, f"{self.prog}: error: {message}\n")


def _gemeentecode(value: str) -> str:
    """Parse `--gemeente`, which must be a CBS code such as 0518."""
    if not is_gemeentecode(value):
        raise argparse.ArgumentTypeError(f"must be 4 digits (e.g. 0518), got {value!r}")
    return value


def _minutes(value: str) -> int:
    """Parse `--ttl-minutes`, which must be a positive whole number."""
    try:
        minutes = int(value)
    except ValueError:
        minutes = 0
    if minutes <= 0:
        raise argparse.ArgumentTypeError(f"must be a positive whole number, got {value!r}")
    return minutes


def _parser() -> argparse.ArgumentParser:
    parser = _OneLineParser(prog="python -m shared.auth", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    mint = commands.add_parser("mint", help="print a signed development token on stdout")
    mint.add_argument(
        "--role",
        dest="roles",
        action="append",
        required=True,
        choices=sorted(ROLES),
        metavar="ROLE",
        help=f"role of the holder, one of: {', '.join(sorted(ROLES))}; repeatable",
    )
    mint.add_argument(
        "--gemeente", required=True, type=_gemeentecode, metavar="CODE", help="4 digits, e.g. 0518"
    )
    mint.add_argument(
        "--sub", metavar="PSEUDONYM", help="employee pseudonym (default: dev-<first role>)"
    )
    mint.add_argument(
        "--youth-id",
        metavar="UUID",
        help="with --role jongere (and only then): the young person's own youth id",
    )
    mint.add_argument(
        "--programma",
        metavar="CODE",
        help="with --role programmamonitor (and only then): the programme it monitors",
    )
    mint.add_argument(
        "--ttl-minutes", type=_minutes, default=480, metavar="MINUTES", help="default: 480"
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status instead of raising, so no traceback shows."""
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        settings = AuthSettings()
    except ValidationError as exc:
        reasons = "; ".join(
            str(error["msg"]).removeprefix("Value error, ") for error in exc.errors()
        )
        sys.stderr.write(f"{parser.prog}: configuration error: {reasons}\n")
        return _CONFIG_ERROR
    roles: list[str] = args.roles
    try:
        token = mint_token(
            settings,
            subject=args.sub or f"dev-{roles[0]}",
            roles=roles,
            gemeentecode=args.gemeente,
            ttl=timedelta(minutes=args.ttl_minutes),
            youth_id=args.youth_id,
            programma=args.programma,
        )
    except ValueError as exc:
        sys.stderr.write(f"{parser.prog}: error: {exc}\n")
        return _USAGE_ERROR
    sys.stdout.write(f"{token}\n")
    return 0
