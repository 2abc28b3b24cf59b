"""`python -m soak [--minutes 20]`: exit 0 when every check holds, 1 with the failed ones.

Bad arguments exit 2 with argparse's one line; a platform that cannot start exits 1 with the
reason. The report lands in `.regie/soak/` (`soak.md`, `soak.json`, `soak.png`).
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from pathlib import Path

from shared.devstack.stack import STATE_DIR
from shared.logging import configure_logging
from soak.checks import judge
from soak.faults import KINDS
from soak.platform import SoakPlatform
from soak.report import write
from soak.run import Soak, run_soak


def _positive(text: str) -> float:
    value = float(text)
    if value <= 0:
        raise argparse.ArgumentTypeError(f"moet groter dan 0 zijn / must be above 0: {text}")
    return value


def _kinds(text: str) -> tuple[str, ...]:
    chosen = tuple(k.strip() for k in text.split(",") if k.strip())
    unknown = [k for k in chosen if k not in KINDS]
    if unknown or not chosen:
        raise argparse.ArgumentTypeError(
            f"onbekende soort storing / unknown kind of fault: {','.join(unknown) or text!r}"
            f" (kies uit / choose from {','.join(KINDS)})"
        )
    return chosen


def main(argv: list[str] | None = None) -> int:
    """Run one soak and print its summary."""
    parser = argparse.ArgumentParser(prog="python -m soak", description=__doc__)
    parser.add_argument("--minutes", type=_positive, default=20.0, help="how long (default 20)")
    parser.add_argument(
        "--stories",
        type=_positive,
        default=2.0,
        help="young people's stories per second, 5 commands each (default 2)",
    )
    parser.add_argument("--reads", type=_positive, default=5.0, help="reads per second (default 5)")
    parser.add_argument(
        "--pause", type=_positive, default=60.0, help="seconds the timeline is paused (default 60)"
    )
    parser.add_argument(
        "--faults",
        type=_kinds,
        default=",".join(KINDS),
        help=f"which kinds of fault, comma-separated (default all: {','.join(KINDS)})",
    )
    parser.add_argument("--out", type=Path, default=STATE_DIR / "soak", help="report directory")
    args = parser.parse_args(argv)
    configure_logging("soak", json=False)
    logging.getLogger("httpx").setLevel(logging.WARNING)  # a line per call would drown the rest
    soak = Soak(args.minutes, args.stories, args.reads, args.pause, args.faults)
    try:
        platform = SoakPlatform.start()
    except (OSError, RuntimeError, TimeoutError) as error:
        print(f"soak: the platform did not start: {error}", file=sys.stderr)  # noqa: T201
        return 1
    try:
        asyncio.run(run_soak(soak, platform))
        checks = asyncio.run(judge(soak, platform))
    finally:
        platform.keep_logs(args.out)
        platform.stop()
        soak.worker.shutdown()
    summary = write(soak, checks, args.out)
    print(summary.read_text())  # noqa: T201 - the report is what the operator came for
    failed = [c.name for c in checks if not c.passed]
    if failed:
        print(f"soak: failed: {', '.join(failed)}", file=sys.stderr)  # noqa: T201
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
