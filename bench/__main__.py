"""`python -m bench [--quick]`: start the servers, run every workload, print and save the report.

The full run takes a few minutes; `--quick` runs the same workloads with small counts in
about half a minute, as a smoke test that the benchmark itself still works.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from bench.context import BenchContext
from bench.pictures import write_pictures
from bench.profile import FULL, QUICK
from bench.report import render, write_json
from bench.reports import scaled
from bench.runinfo import run_info
from bench.suite import WORKLOADS, run_suite
from shared.devstack import DevStack
from shared.devstack.processes import PROJECT_ROOT
from shared.devstack.stack import STATE_DIR
from shared.logging import configure_logging

if TYPE_CHECKING:
    from collections.abc import Sequence

DEFAULT_OUTPUT = PROJECT_ROOT / "bench-results.json"


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """The command line; argparse exits with usage on anything it does not know."""
    parser = argparse.ArgumentParser(
        prog="python -m bench",
        description="Throughput and latency of regie, as ratios of raw asyncpg / aiokafka "
        "measured in the same run on the same servers.",
    )
    parser.add_argument(
        "--quick", action="store_true", help="small counts: a ~30 s smoke run, not a measurement"
    )
    parser.add_argument(
        "--only",
        choices=WORKLOADS,
        action="append",
        help="run just this workload (repeatable); the report then says what was left out",
    )
    parser.add_argument(
        "--report-scale",
        type=float,
        default=1.0,
        help="the reports workload's store times this (full: 100,000 young people, 10 million"
        " facts; e.g. 0.1 for a tenth)",
    )
    parser.add_argument(
        "--output",
        type=Path,
        default=DEFAULT_OUTPUT,
        help=f"where to write the JSON results (default: {DEFAULT_OUTPUT.name} in the repo root)",
    )
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark; non-zero when a workload failed."""
    args = parse_args(argv)
    profile = scaled(QUICK if args.quick else FULL, args.report_scale)
    configure_logging("bench", json=False, level="warning")
    started = time.perf_counter()

    def progress(message: str) -> None:
        print(f"[{time.perf_counter() - started:6.1f} s] {message}", flush=True)

    info = run_info(profile)
    data_dir = STATE_DIR / "bench"
    stack = DevStack(data_dir=data_dir, ephemeral=True, durable=True)
    progress(f"{profile.name} run: starting PostgreSQL (fsync on) and the broker")
    try:
        ctx = BenchContext(
            stack.start(),
            server_pids={
                "postgres": stack.postgres.pid if stack.postgres else None,
                "broker": stack.broker.pid if stack.broker else None,
            },
        )
        results, info["postgresql"] = asyncio.run(
            run_suite(ctx, profile, data_dir / "logs", progress, only=args.only)
        )
    finally:
        stack.stop()
    print()
    print(render(results, info))
    write_json(args.output, results, info)
    progress(f"results written to {args.output}")
    pictures = write_pictures(args.output, results, info)
    progress(f"table and charts beside it: {', '.join(path.name for path in pictures)}")
    return 1 if any(result.error for result in results) else 0


if __name__ == "__main__":
    sys.exit(main())
