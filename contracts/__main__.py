"""`python -m contracts check|release`: keep the published contracts honest.

check    compare every event type in the code with its released snapshot; exit 1 with one
         line per problem (a breaking change, an unreleased type or version, a bad upcaster).
release  write snapshots for what the code publishes now; refused while a change is breaking.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from contracts.registry import PUBLISHED
from shared.event_contracts.compatibility import Problem, check
from shared.event_contracts.schemas import contracts_of
from shared.event_contracts.snapshots import dumps, file_name, load_all, write

ROOT = Path(__file__).parent


def main(argv: list[str] | None = None) -> int:
    """Run the command; the exit status says whether the contracts hold."""
    parser = argparse.ArgumentParser(prog="python -m contracts", description=__doc__.split("\n")[0])
    parser.add_argument("command", choices=["check", "release"])
    parser.add_argument("--root", type=Path, default=ROOT, help="where the snapshots live")
    args = parser.parse_args(argv)
    code = [c for catalogue in PUBLISHED.values() for c in contracts_of(catalogue)]
    released = load_all(args.root) if args.root.exists() else []
    problems = check(released, code)
    if args.command == "check":
        return _report(problems, len(code))
    blocking = [p for p in problems if "not released yet" not in p.message]
    if blocking:
        return _report(blocking, len(code))
    written = 0
    for contract in code:
        path = args.root / file_name(contract)
        if not path.exists() or path.read_text(encoding="utf-8") != dumps(contract):
            write(args.root, contract)
            sys.stdout.write(f"released {file_name(contract)}\n")
            written += 1
    sys.stdout.write(f"{written} snapshot(s) written, {len(code)} types up to date\n")
    return 0


def _report(problems: list[Problem], types: int) -> int:
    for problem in problems:
        sys.stderr.write(problem.line() + "\n")
    if problems:
        sys.stderr.write(f"contracts: {len(problems)} problem(s) in {types} event types\n")
        return 1
    sys.stdout.write(f"contracts: {types} event types match their released snapshots\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
