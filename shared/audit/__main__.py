"""`python -m shared.audit verify|anchor --service NAME`: the hash chains, checked and anchored.

`verify` recomputes the event store's chains (every stream, or `--stream`), checks every stream
against its latest anchored head (so events cut off a stream's end are named), and recomputes
the processing log's chains; it prints each problem with its place and exits 1 when anything
does not add up (0 when all holds, 2 for bad input or a service that keeps no chains), so a
scheduler can run it as the periodic integrity check BIO asks for. A service without an event
store of its own (the timeline) has its processing log verified.

`verify --incremental` runs the pass a service runs on its schedule (shared/audit/verifying.py):
only what was added since the last pass is recomputed, the anchors are checked, and the result
is recorded as the service's `chains-verified` or `chain-verification-failed` event (a service
without an event store has its processing log's new entries verified, nothing recorded).

`prune` destroys the processing-log entries past their retention
(`PROCESSING_LOG_RETENTION_YEARS`), as the service does on the verification's schedule, each
chain leaving a checkpoint from which `verify` continues (shared/processing_log/pruning.py); a
chain that does not add up is kept whole and named (exit 1).

`anchor` records the heads of the streams that moved since the last anchor and prints the
anchor's digest, to be kept outside the database (shared/audit/anchors.py).
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from datetime import UTC, datetime

import asyncpg

from shared.audit.anchors import ensure_anchor_tables, take_anchor, verify_anchors
from shared.audit.incremental import ensure_verified_heads_tables, verify_incrementally
from shared.audit.verifying import verify_and_record
from shared.eventstore.verify import verify_events
from shared.migrations import checked_schema
from shared.processing_log import prune_expired
from shared.processing_log import verify as verify_processing_log
from shared.settings import PlatformSettings


class NoChainsError(ValueError):
    """The schema holds neither events nor a processing log: nothing to verify or anchor."""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m shared.audit")
    commands = parser.add_subparsers(dest="command", required=True)
    verify = commands.add_parser("verify", help="recompute the hash chains of a service")
    anchor = commands.add_parser("anchor", help="anchor the heads of a service's streams")
    prune = commands.add_parser("prune", help="destroy processing-log entries past retention")
    for command in (verify, anchor, prune):
        command.add_argument("--service", required=True, help="the service, e.g. intake")
        command.add_argument("--schema", help="its schema (default: the service name)")
    scope = verify.add_mutually_exclusive_group()
    scope.add_argument("--stream", help="only this event stream, e.g. youth-<id>")
    scope.add_argument(
        "--incremental",
        action="store_true",
        help="only what was added since the last pass, its result recorded as an event",
    )
    return parser


async def _tables(conn: asyncpg.Connection, schema: str) -> tuple[bool, bool]:
    """Whether the schema has an event store, and a processing log."""
    events = await conn.fetchval("SELECT to_regclass($1)", f"{schema}.events")
    processing_log = await conn.fetchval("SELECT to_regclass($1)", f"{schema}.processing_log")
    if events is None and processing_log is None:
        raise NoChainsError(f"{schema} keeps no hash chains (no events, no processing log)")
    return events is not None, processing_log is not None


async def _verify(schema: str, stream: str | None) -> list[str]:
    conn = await asyncpg.connect(PlatformSettings().database_url)
    try:
        has_events, has_log = await _tables(conn, schema)
        problems: list[str] = []
        if has_events:
            found = [*await verify_events(conn, schema, stream)]
            found += await verify_anchors(conn, schema, stream)
            problems += [f"events: {p}" for p in found]
        elif stream is not None:
            raise NoChainsError(f"{schema} has no event streams (only a processing log)")
        if stream is None and has_log:
            kept = PlatformSettings().processing_log_retention_years
            found = await verify_processing_log(conn, schema, min_retention_years=kept)
            problems += [f"processing log: {p}" for p in found]
        return problems
    finally:
        await conn.close()


async def _verify_incrementally(schema: str, service: str) -> list[str]:
    conn = await asyncpg.connect(PlatformSettings().database_url)
    try:
        has_events, has_log = await _tables(conn, schema)
        if not has_log:
            raise NoChainsError(f"{schema} has no processing log (a service's schema has one)")
        await ensure_verified_heads_tables(conn, schema)
        if has_events:
            verification = await verify_and_record(conn, schema, service)
        else:
            verification = await verify_incrementally(conn, schema)
    finally:
        await conn.close()
    print(  # noqa: T201 - CLI output
        f"verify: {verification.events_read} event(s) and {verification.entries_read} log"
        " entr(y/ies) added since the last pass recomputed"
    )
    return verification.problems


async def _anchor(schema: str) -> str:
    conn = await asyncpg.connect(PlatformSettings().database_url)
    try:
        has_events, _ = await _tables(conn, schema)
        if not has_events:
            raise NoChainsError(f"{schema} has no event streams to anchor")
        await ensure_anchor_tables(conn, schema)
        anchor = await take_anchor(conn, schema)
    finally:
        await conn.close()
    if anchor is None:
        return f"anchor: no stream of {schema} moved since the last anchor"
    return f"anchor {anchor.anchor_id} of {schema}: {anchor.heads} stream head(s), {anchor.digest}"


async def _prune(schema: str) -> list[str]:
    conn = await asyncpg.connect(PlatformSettings().database_url)
    try:
        _, has_log = await _tables(conn, schema)
        if not has_log:
            raise NoChainsError(f"{schema} has no processing log")
        years = PlatformSettings().processing_log_retention_years
        pruned = await prune_expired(conn, schema, years, datetime.now(UTC))
    finally:
        await conn.close()
    print(  # noqa: T201 - CLI output
        f"prune: {pruned.entries} entr(y/ies) of {pruned.chains} chain(s) in {schema}"
        f" past {years} years destroyed"
    )
    return [f"processing log, kept whole: {p}" for p in pruned.kept]


def main(argv: list[str] | None = None) -> int:
    """Verify or anchor, report, and turn the outcome into an exit code."""
    args = _parser().parse_args(argv)
    try:
        schema = checked_schema(args.schema or args.service)
        if args.command == "anchor":
            print(asyncio.run(_anchor(schema)))  # noqa: T201 - CLI output
            return 0
        if args.command == "prune":
            problems = asyncio.run(_prune(schema))
        elif args.incremental:
            problems = asyncio.run(_verify_incrementally(schema, args.service))
        else:
            problems = asyncio.run(_verify(schema, args.stream))
    except (ValueError, OSError, asyncpg.PostgresError) as error:
        print(f"{args.command}: {error}", file=sys.stderr)  # noqa: T201 - CLI output
        return 2
    for problem in problems:
        print(problem)  # noqa: T201 - CLI output
    if problems:
        print(  # noqa: T201 - CLI output
            f"{args.command}: {len(problems)} problem(s) in {schema}", file=sys.stderr
        )
        return 1
    if args.command == "verify":
        print(f"verify: every chain in {schema} holds")  # noqa: T201 - CLI output
    return 0


if __name__ == "__main__":
    sys.exit(main())
