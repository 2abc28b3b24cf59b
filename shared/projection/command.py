"""`python -m services.<name> rebuild [model|all]`: one command for every service's read models.

Each model is rebuilt from its topics, verified against live and swapped in (`rebuild.py`),
with a progress bar on a terminal and a verification table (or `--json`) per model. One
implementation, so every service's operators see the same bar, table and exit codes:

0 done; 1 could not be done (servers unreachable, refused, no handoff); 2 bad input;
3 the rebuilt model differs from live and was not swapped (`--accept-changes` swaps anyway).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from contextlib import contextmanager
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

from shared.db import create_pool
from shared.projection.rebuild import (
    MAX_WORKERS,
    RebuildError,
    RebuildResult,
    default_workers,
    rebuild,
)

if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping, Sequence

    from shared.projection.rebuild import Progress as ProgressCallback
    from shared.projection.spec import ProjectionSpec
    from shared.settings import PlatformSettings

DIFFERS = 3
ALL = "all"


class OneLineParser(argparse.ArgumentParser):
    """Bad input ends with one line saying why, and exit code 2."""

    def error(self, message: str) -> NoReturn:
        """Exit 2 with `prog: message`, no usage block: scripts read the one line."""
        self.exit(2, f"{self.prog}: {message}\n")


def add_rebuild_arguments(parser: argparse.ArgumentParser, models: Sequence[str]) -> None:
    """`[model|all] [--accept-changes] [--json]` on `parser`."""
    parser.add_argument("projection", nargs="?", default=ALL, choices=[*models, ALL])
    parser.add_argument(
        "--accept-changes",
        action="store_true",
        help="swap even when the rebuilt tables differ (after fixing the projection's code)",
    )
    parser.add_argument("--json", action="store_true", help="the figures as JSON, no bar")
    parser.add_argument(
        "--workers",
        type=_workers,
        default=None,
        help="apply the bulk by partition on this many connections side by side"
        f" (1 to {MAX_WORKERS}; default: one per core, at most {MAX_WORKERS})",
    )


def _workers(text: str) -> int:
    """A worker count from 1 to `MAX_WORKERS`, or the one-line error argparse prints."""
    try:
        count = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not 1 <= count <= MAX_WORKERS:
        raise argparse.ArgumentTypeError(f"from 1 to {MAX_WORKERS}, not {count}")
    return count


def rebuild_parser(prog: str, models: Sequence[str]) -> argparse.ArgumentParser:
    """The command line of `<prog> rebuild` for a service without other commands."""
    parser = OneLineParser(
        prog=f"{prog} rebuild",
        description="Rebuild a read model from its topics, verify it against live and swap it in.",
    )
    add_rebuild_arguments(parser, models)
    return parser


def rebuild_command(
    prog: str, argv: Sequence[str], platform: PlatformSettings, specs: Mapping[str, ProjectionSpec]
) -> int:
    """`<prog> rebuild <argv>`: parse, rebuild, and the exit code."""
    args = rebuild_parser(prog, list(specs)).parse_args(argv)
    return run_rebuild(prog, args, platform, specs)


def run_rebuild(
    prog: str,
    args: argparse.Namespace,
    platform: PlatformSettings,
    specs: Mapping[str, ProjectionSpec],
) -> int:
    """Rebuild what `args` names (see `add_rebuild_arguments`); failures become one line."""
    names = list(specs) if args.projection == ALL else [args.projection]
    chosen = [specs[name] for name in names]
    try:
        return asyncio.run(
            _rebuild(
                prog, platform, chosen, accept_changes=args.accept_changes, as_json=args.json,
                workers=args.workers,
            )
        )  # fmt: skip
    except RebuildError as error:
        return fail(prog, str(error))
    except (OSError, asyncpg.PostgresError, KafkaError) as error:
        return fail(prog, f"{type(error).__name__}: {error}")


def fail(prog: str, reason: str) -> int:
    """Say why in one line on stderr; exit code 1."""
    sys.stderr.write(f"{prog}: {reason}\n")
    return 1


async def _rebuild(  # noqa: PLR0913 - each is named at the call site
    prog: str,
    platform: PlatformSettings,
    specs: Sequence[ProjectionSpec],
    *,
    accept_changes: bool,
    as_json: bool,
    workers: int | None,
) -> int:
    out, err = Console(), Console(stderr=True)
    # Named as the operator typed it (`services.debts rebuild`), for pg_stat_activity.
    name = f"{prog.rsplit(maxsplit=1)[-1]} rebuild"
    workers = default_workers() if workers is None else workers
    # One connection per bulk worker, beside the rebuild's guard and its handoff.
    pool = await create_pool(platform, name, min_size=1, max_size=max(4, workers + 2))
    code = 0
    try:
        for spec in specs:
            with _bar(err, spec.name, shown=err.is_terminal and not as_json) as progress:
                result = await rebuild(
                    pool, platform, spec, accept_changes=accept_changes,
                    batch_size=spec.batch_size, progress=progress, workers=workers,
                )  # fmt: skip
            if as_json:
                sys.stdout.write(json.dumps(result.as_json()) + "\n")
            else:
                out.print(_verification(result))
            if not result.swapped:
                differing = "; ".join(c.describe() for c in result.comparisons if not c.equal)
                sys.stderr.write(
                    f"{prog}: rebuilt {spec.name} differs from live ({differing}): not"
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
