"""`python -m shared.audit verify --service NAME [--stream ID]`: recompute every hash chain.

Checks the event store's chains (every stream, or one) and the processing log's chains, prints
each problem with its place, and exits 1 when anything does not add up (0 when all holds,
2 for bad input), so a scheduler can run it as the periodic integrity check BIO asks for.
"""

from __future__ import annotations

import argparse
import asyncio
import sys

import asyncpg

from shared.eventstore.verify import verify_events
from shared.migrations import checked_schema
from shared.processing_log import verify as verify_processing_log
from shared.settings import PlatformSettings


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m shared.audit")
    commands = parser.add_subparsers(dest="command", required=True)
    verify = commands.add_parser("verify", help="recompute the hash chains of a service")
    verify.add_argument("--service", required=True, help="the service, e.g. intake")
    verify.add_argument("--schema", help="its schema (default: the service name)")
    verify.add_argument("--stream", help="only this event stream, e.g. youth-<id>")
    return parser


async def _verify(schema: str, stream: str | None) -> list[str]:
    conn = await asyncpg.connect(PlatformSettings().database_url)
    try:
        problems = [f"events: {p}" for p in await verify_events(conn, schema, stream)]
        has_log = await conn.fetchval("SELECT to_regclass($1)", f"{schema}.processing_log")
        if stream is None and has_log is not None:
            problems += [f"processing log: {p}" for p in await verify_processing_log(conn, schema)]
        return problems
    finally:
        await conn.close()


def main(argv: list[str] | None = None) -> int:
    """Verify, report, and turn the outcome into an exit code."""
    args = _parser().parse_args(argv)
    try:
        schema = checked_schema(args.schema or args.service)
        problems = asyncio.run(_verify(schema, args.stream))
    except (ValueError, OSError, asyncpg.PostgresError) as error:
        print(f"verify: {error}", file=sys.stderr)  # noqa: T201 - CLI output
        return 2
    for problem in problems:
        print(problem)  # noqa: T201 - CLI output
    if problems:
        print(f"verify: {len(problems)} problem(s) in {schema}", file=sys.stderr)  # noqa: T201
        return 1
    print(f"verify: every chain in {schema} holds")  # noqa: T201 - CLI output
    return 0


if __name__ == "__main__":
    sys.exit(main())
