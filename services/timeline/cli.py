"""The operators' and auditors' commands: `rebuild [projection|all]` and `as-of <instant>`.

`as-of` shows a young person's timeline (`--youth`) or a municipality's report (`--report FROM
UNTIL --gemeente`) as it was known at the instant.

Exit codes: 0 done; 1 could not be done (servers unreachable, refused, no handoff);
2 bad input; 3 the rebuilt projection differs from live and was not swapped.
"""

from __future__ import annotations

import argparse
import asyncio
import calendar
import json
import re
import sys
import uuid
from contextlib import contextmanager
from datetime import date, datetime
from typing import TYPE_CHECKING, NoReturn

import asyncpg
from aiokafka.errors import KafkaError
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table
from rich.text import Text

from services.timeline.access import AUDITOR, READERS
from services.timeline.rebuild import RebuildError, RebuildResult, rebuild
from services.timeline.registry import PROJECTIONS
from services.timeline.replay import AsOfRefusedError, report_as_of, timeline_as_of
from services.timeline.reports.model import METRICS
from services.timeline.settings import TimelineSettings
from shared.db import create_pool
from shared.logging import configure_logging
from shared.settings import PlatformSettings

if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence

    from asyncpg.pool import Pool

    from services.timeline.rebuild import Progress as ProgressCallback
    from services.timeline.reports.model import Report
    from services.timeline.views import Timeline

DIFFERS = 3
_GEMEENTECODE = re.compile(r"^\d{4}$")


class _Parser(argparse.ArgumentParser):
    """Bad input ends with one line saying why, and exit code 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: {message}\n")


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
    root = _Parser(prog="python -m services.timeline", description=__doc__)
    commands = root.add_subparsers(dest="command", required=True)
    rebuild_cmd = commands.add_parser(
        "rebuild", help="rebuild a projection from its topics, verify it and swap it in"
    )
    rebuild_cmd.add_argument("projection", nargs="?", default="all", choices=[*PROJECTIONS, "all"])
    rebuild_cmd.add_argument(
        "--accept-changes",
        action="store_true",
        help="swap even when the rebuilt tables differ (after fixing the projection's code)",
    )
    rebuild_cmd.add_argument("--json", action="store_true", help="the figures as JSON, no bar")
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
    as_of.add_argument("--json", action="store_true", help="the timeline as the API's JSON")
    return root


def main(argv: Sequence[str]) -> int:
    """Run one command; the exit code says how it went."""
    args = parser().parse_args(argv)
    platform, settings = PlatformSettings(), TimelineSettings()
    configure_logging("timeline", json=platform.log_json, level="warning")
    command = _rebuild if args.command == "rebuild" else _as_of
    try:
        return asyncio.run(command(args, platform, settings))
    except (RebuildError, AsOfRefusedError) as error:
        return _fail(str(error))
    except (OSError, asyncpg.PostgresError, KafkaError) as error:
        return _fail(f"{type(error).__name__}: {error}")


def _fail(reason: str) -> int:
    sys.stderr.write(f"{parser().prog}: {reason}\n")
    return 1


async def _pool(platform: PlatformSettings) -> Pool:
    return await create_pool(platform, "timeline-cli", min_size=1, max_size=4)


async def _rebuild(
    args: argparse.Namespace, platform: PlatformSettings, settings: TimelineSettings
) -> int:
    names = list(PROJECTIONS) if args.projection == "all" else [args.projection]
    out, err = Console(), Console(stderr=True)
    pool = await _pool(platform)
    code = 0
    try:
        for name in names:
            spec = PROJECTIONS[name](settings)
            with _bar(err, name, shown=err.is_terminal and not args.json) as progress:
                result = await rebuild(
                    pool, platform, spec, accept_changes=args.accept_changes,
                    batch_size=settings.batch_size, progress=progress,
                )  # fmt: skip
            if args.json:
                sys.stdout.write(json.dumps(result.as_json()) + "\n")
            else:
                out.print(_verification(result))
            if not result.swapped:
                differing = "; ".join(c.describe() for c in result.comparisons if not c.equal)
                sys.stderr.write(
                    f"{parser().prog}: rebuilt {name} differs from live ({differing}): not"
                    " swapped, live tables untouched (--accept-changes to swap anyway)\n"
                )
                code = DIFFERS
    finally:
        await pool.close()
    return code


class _Rate(ProgressColumn):
    """Events per second, as rich measures them."""

    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        return Text(f"{speed:,.0f} ev/s" if speed else "? ev/s", style="progress.data.speed")


@contextmanager
def _bar(console: Console, name: str, *, shown: bool) -> Iterator[ProgressCallback]:
    """A callback that moves a rich progress bar: messages read of the topics' end offsets."""
    if not shown:
        yield lambda _done, _total: None
        return
    columns = (
        TextColumn(f"rebuild {name}"),
        BarColumn(),
        MofNCompleteColumn(),
        _Rate(),
        TimeElapsedColumn(),
        TextColumn("ETA"),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=console) as progress:
        task = progress.add_task(name, total=None)
        yield lambda done, total: progress.update(task, completed=done, total=total)


def _verification(result: RebuildResult) -> Table:
    verdict = "swapped" if result.swapped else "NOT swapped"
    rate = result.applied / result.seconds if result.seconds else 0.0
    table = Table(
        title=f"{result.projection}: {result.applied:,} events in {result.seconds:.1f} s"
        f" ({rate:,.0f} ev/s), {verdict}"
    )
    for column in ("table", "live rows", "rebuilt rows", "only live", "only rebuilt", ""):
        table.add_column(column, justify="left" if column == "table" else "right")
    for c in result.comparisons:
        table.add_row(
            c.table, f"{c.live.rows:,}", f"{c.rebuilt.rows:,}", str(c.only_live),
            str(c.only_rebuilt), "equal" if c.equal else "DIFFERS",
        )  # fmt: skip
    return table


async def _report_as_of(
    args: argparse.Namespace, platform: PlatformSettings, settings: TimelineSettings
) -> int:
    start, until = args.report
    if args.gemeente is None:
        return _fail("a report as of an instant needs --gemeente")
    if until < start:
        return _fail("the report's UNTIL month lies before its FROM month")
    end = date(until.year, until.month, calendar.monthrange(until.year, until.month)[1])
    specs = [PROJECTIONS["timeline"](settings), PROJECTIONS["reports"](settings)]
    pool = await _pool(platform)
    try:
        report = await report_as_of(
            pool, platform, specs, instant=args.instant, gemeentecode=args.gemeente,
            start=start, end=end,
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
    spec = PROJECTIONS["timeline"](settings)
    pool = await _pool(platform)
    try:
        found = await timeline_as_of(
            pool, platform, spec, settings.policy_for, instant=args.instant,
            youth_id=str(args.youth), roles=frozenset(args.roles or [AUDITOR]),
            actor=args.actor, gemeentecode=args.gemeente,
        )  # fmt: skip
    finally:
        await pool.close()
    if args.json:
        sys.stdout.write(found.model_dump_json(indent=2) + "\n")
    else:
        Console().print(_timeline_table(found, args.instant))
    return 0


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
