"""The operators' and auditors' commands: `rebuild [projection|all]` and `as-of <instant>`.

`rebuild` is every service's (`shared/projection/command.py`) over the timeline's two
projections. `as-of` shows a young person's timeline (`--youth`) or a municipality's report
(`--report FROM UNTIL --gemeente`) as it was known at the instant.

Exit codes: 0 done; 1 could not be done (servers unreachable, refused, no handoff);
2 bad input; 3 the rebuilt projection differs from live and was not swapped.
"""

from __future__ import annotations

import argparse
import asyncio
import calendar
import re
import sys
import uuid
from datetime import date, datetime
from typing import TYPE_CHECKING

import asyncpg
from aiokafka.errors import KafkaError
from rich.console import Console
from rich.table import Table

from services.timeline.operations.as_of import AsOfRefusedError, report_as_of, timeline_as_of
from services.timeline.operations.as_of_log import default_reader, log_as_of
from services.timeline.read_model.access import AUDITOR, READERS
from services.timeline.read_model.queries import find_youth
from services.timeline.registry import projections
from services.timeline.reports.model import METRICS
from services.timeline.settings import TimelineSettings
from shared.db import create_pool
from shared.logging import configure_logging
from shared.processing_log import ProcessingLog
from shared.projection.command import OneLineParser, add_rebuild_arguments, fail, run_rebuild
from shared.settings import PlatformSettings

if TYPE_CHECKING:
    from collections.abc import Sequence

    from asyncpg.pool import Pool

    from services.timeline.read_model.queries import Timeline
    from services.timeline.reports.model import Report

PROG = "python -m services.timeline"
_GEMEENTECODE = re.compile(r"^\d{4}$")


def instant(text: str) -> datetime:
    """An ISO 8601 timestamp with its offset: a recorded time is an instant, not a wall clock."""
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an ISO 8601 timestamp: {text!r}") from None
    if parsed.tzinfo is None:
        raise argparse.ArgumentTypeError(
            f"timestamp {text!r} has no UTC offset (e.g. 2026-03-01T12:00:00+01:00 or ...Z)"
        )
    return parsed


def month(text: str) -> date:
    """`YYYY-MM` -> its first day; argparse turns the ValueError into exit 2 with a reason."""
    try:
        return date.fromisoformat(f"{text}-01")
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a month (YYYY-MM): {text!r}") from None


def gemeentecode(text: str) -> str:
    """Four digits, as CBS numbers municipalities."""
    if not _GEMEENTECODE.fullmatch(text):
        raise argparse.ArgumentTypeError(f"not a four-digit gemeentecode: {text!r}")
    return text


def parser() -> argparse.ArgumentParser:
    """The command line (without a command, `python -m services.timeline` serves)."""
    root = OneLineParser(prog=PROG, description=__doc__)
    commands = root.add_subparsers(dest="command", required=True)
    rebuild_cmd = commands.add_parser(
        "rebuild", help="rebuild a projection from its topics, verify it and swap it in"
    )
    add_rebuild_arguments(rebuild_cmd, list(projections(TimelineSettings())))
    as_of = commands.add_parser(
        "as-of", help="a young person's timeline as it was known at an instant (recorded time)"
    )
    as_of.add_argument("instant", type=instant, help="ISO 8601 with offset, e.g. 2026-03-01T12:00Z")
    what = as_of.add_mutually_exclusive_group(required=True)
    what.add_argument("--youth", type=uuid.UUID, help="the young person's id")
    what.add_argument(
        "--report",
        nargs=2,
        metavar=("FROM", "UNTIL"),
        type=month,
        help="a report over these months (YYYY-MM YYYY-MM) for --gemeente",
    )
    as_of.add_argument(
        "--role",
        action="append",
        choices=READERS,
        dest="roles",
        help=f"the viewer's role, repeatable (default: {AUDITOR})",
    )
    as_of.add_argument("--actor", default="cli", help="the viewer's id (a director's own id)")
    as_of.add_argument(
        "--gemeente", type=gemeentecode, help="the viewer's municipality (default: the youth's)"
    )
    as_of.add_argument(
        "--by",
        default=default_reader(),
        help="who reads (the auditor's id, for the processing log; default: the OS account)",
    )
    as_of.add_argument("--json", action="store_true", help="the timeline as the API's JSON")
    return root


def main(argv: Sequence[str]) -> int:
    """Run one command; the exit code says how it went."""
    args = parser().parse_args(argv)
    platform, settings = PlatformSettings(), TimelineSettings()
    configure_logging("timeline", json=platform.log_json, level="warning")
    if args.command == "rebuild":
        return run_rebuild(PROG, args, platform, projections(settings))
    try:
        return asyncio.run(_as_of(args, platform, settings))
    except AsOfRefusedError as error:
        return fail(PROG, str(error))
    except (OSError, asyncpg.PostgresError, KafkaError) as error:
        return fail(PROG, f"{type(error).__name__}: {error}")


async def _pool(platform: PlatformSettings) -> Pool:
    return await create_pool(platform, "timeline-cli", min_size=1, max_size=4)


async def _report_as_of(
    args: argparse.Namespace, platform: PlatformSettings, settings: TimelineSettings
) -> int:
    start, until = args.report
    if args.gemeente is None:
        return fail(PROG, "a report as of an instant needs --gemeente")
    if until < start:
        return fail(PROG, "the report's UNTIL month lies before its FROM month")
    end = date(until.year, until.month, calendar.monthrange(until.year, until.month)[1])
    declared = projections(settings)
    specs = [declared["timeline"], declared["reports"]]
    pool = await _pool(platform)
    try:
        report = await report_as_of(
            pool, platform, specs, instant=args.instant, gemeentecode=args.gemeente,
            start=start, end=end,
        )  # fmt: skip
        await log_as_of(
            ProcessingLog(pool, settings.schema_name), by=args.by, tenant=args.gemeente,
            youth_id=None,
            instant=args.instant, seen_as=f"rapportage {start:%Y-%m} {until:%Y-%m}",
            result="gelukt",
        )  # fmt: skip
    finally:
        await pool.close()
    if args.json:
        sys.stdout.write(report.model_dump_json(indent=2) + "\n")
    else:
        Console().print(_report_table(report, args.instant))
    return 0


def _report_table(report: Report, moment: datetime) -> Table:
    table = Table(
        title=f"Rapportage {report.gemeentecode}, {report.start} t/m {report.end},"
        f" zoals bekend op {moment.isoformat()}"
    )
    for column in ("maand", "programma", "leeftijd", "cijfer", "uitsplitsing", "aantal"):
        table.add_column(column)
    for row in report.rows:
        table.add_row(
            row.month.strftime("%Y-%m"), row.programma, row.age_band,
            METRICS.get(row.metric, row.metric), row.dimension or "", str(row.count),
        )  # fmt: skip
    return table


async def _as_of(
    args: argparse.Namespace, platform: PlatformSettings, settings: TimelineSettings
) -> int:
    if args.report is not None:
        return await _report_as_of(args, platform, settings)
    spec = projections(settings)["timeline"]
    roles = frozenset(args.roles or [AUDITOR])
    pool = await _pool(platform)
    logged = {
        "by": args.by, "youth_id": str(args.youth), "instant": args.instant,
        "seen_as": f"als {args.actor} ({', '.join(sorted(roles))})",
    }  # fmt: skip
    try:
        try:
            found = await timeline_as_of(
                pool, platform, spec, settings.policy_for, instant=args.instant,
                youth_id=str(args.youth), roles=roles, actor=args.actor,
                gemeentecode=args.gemeente,
            )  # fmt: skip
        except AsOfRefusedError:
            tenant = await _tenant_of(pool, settings.schema_name, args)
            await log_as_of(ProcessingLog(pool, settings.schema_name), tenant=tenant,
                            result="geweigerd", **logged)  # fmt: skip
            raise
        tenant = await _tenant_of(pool, settings.schema_name, args)
        log = ProcessingLog(pool, settings.schema_name)
        await log_as_of(log, tenant=tenant, result="gelukt", **logged)
    finally:
        await pool.close()
    if args.json:
        sys.stdout.write(found.model_dump_json(indent=2) + "\n")
    else:
        Console().print(_timeline_table(found, args.instant))
    return 0


async def _tenant_of(pool: Pool, schema: str, args: argparse.Namespace) -> str | None:
    """The municipality the read is logged under: the reader's, else the young person's."""
    if args.gemeente is not None:
        return str(args.gemeente)
    youth = await find_youth(pool, schema, str(args.youth))
    return youth.gemeentecode if youth is not None else None


def _timeline_table(found: Timeline, moment: datetime) -> Table:
    table = Table(
        title=f"Tijdlijn van {found.youth_id}, zoals bekend op {moment.isoformat()}",
        caption=f"{found.redacted} afgeschermd, {found.hidden} verborgen",
    )
    for column in ("gebeurd", "vastgelegd", "domein", "gebeurtenis"):
        table.add_column(column)
    for entry in found.entries:
        table.add_row(
            f"{entry.occurred_at:%Y-%m-%d}",
            f"{entry.recorded_at:%Y-%m-%d %H:%M:%S%z}",
            entry.domain,
            entry.headline,
        )
    return table
