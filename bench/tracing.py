"""Tracing: single-event appends with tracing off, on, and with no tracing code at all.

Each append runs as a command does: inside a request span (`tracing.span`, as the FastAPI
instrumentation opens one), through `PostgresEventStore.append` with its own span and the
stored `traceparent`. On, spans go through the SDK's batch processor to an exporter that drops
them, so the figure is the process's own cost, not a collector's. Off is the default path:
one module flag read per helper, no span object, nothing stored. "Untraced" is the store with
the tracing calls taken out (as before tracing existed): off against it is the cost of off.

The off path is also timed on its own (the helpers an append calls, per append, in ns), to
show that "off" is not merely cheaper than "on" but negligible next to an append.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor, SpanExporter, SpanExportResult

from bench.appends import WARMUP_PER_WRITER, _drive
from bench.payloads import new_events, stream_of
from bench.results import Row, WorkloadResult
from bench.stats import median
from shared import tracing
from shared.eventstore import AppendResult, NewEvent, PostgresEventStore, event_store_migration
from shared.eventstore.notify import CommitNotifier

if TYPE_CHECKING:
    from collections.abc import Sequence

    from opentelemetry.sdk.trace import ReadableSpan

    from bench.context import BenchContext
    from bench.profile import Profile
    from shared.timers import TimerOrder

WRITERS = 8
SIDES = ("untraced", "off", "on")
_OFF_PATH_CALLS = 200_000


class _Untraced(PostgresEventStore):
    """The store without its tracing calls: what an append cost before tracing existed."""

    async def append(
        self,
        stream_id: str,
        events: Sequence[NewEvent],
        expected_version: int,
        timers: Sequence[TimerOrder] = (),
    ) -> AppendResult:
        return await self._append(stream_id, events, expected_version, None, timers)


class _Dropping(SpanExporter):
    """Takes every span and keeps none: the cost measured is ours, not a collector's."""

    def export(self, spans: Sequence[ReadableSpan]) -> SpanExportResult:  # noqa: ARG002 - dropped
        return SpanExportResult.SUCCESS


async def measure_tracing(ctx: BenchContext, profile: Profile) -> WorkloadResult:
    """Appends per second untraced, off and on, in rotating order, in fresh schemas each time."""
    result = WorkloadResult("tracing")
    transactions = profile.single_appends[WRITERS]
    # Three times the profile's repetitions: the sides differ by less than a busy machine's noise.
    repetitions = 3 * profile.repetitions
    runs: list[dict[str, float]] = []
    provider = TracerProvider()
    provider.add_span_processor(BatchSpanProcessor(_Dropping()))
    try:
        for repetition in range(repetitions):
            measured: dict[str, float] = {}
            shift = repetition % len(SIDES)
            for side in SIDES[shift:] + SIDES[:shift]:
                if side == "on":
                    tracing.start(provider)
                try:
                    seconds = await _appends(ctx, transactions, untraced=side == "untraced")
                finally:
                    tracing.stop()
                measured[side] = transactions / seconds
            runs.append(measured)
    finally:
        tracing.stop()
        provider.shutdown()
    on, off, untraced = (median([r[side] for r in runs]) for side in ("on", "off", "untraced"))
    result.rows.append(
        Row(f"append 1 ev/tx, {WRITERS} writers: off vs untraced", off, untraced, "ev/s")
    )
    result.rows.append(Row(f"append 1 ev/tx, {WRITERS} writers: on vs off", on, off, "ev/s"))
    off_ns = _off_path_ns()
    result.raw = {
        "writers": WRITERS,
        "transactions_per_measurement": transactions,
        "repetitions": repetitions,
        "runs_events_per_s": runs,
        "median_events_per_s": {"untraced": untraced, "off": off, "on": on},
        "off_path_ns_per_append": off_ns,
    }
    result.notes.append(
        f"tracing: median of {repetitions} run(s) of {transactions} single-event appends"
        f" on {WRITERS} writers, untraced, off and on in rotating order, each inside a request"
        f" span (untraced: none, and the store without its tracing calls); on exports"
        f" through the SDK's batch processor to a dropping exporter. Off, the tracing helpers"
        f" an append calls take {off_ns:.0f} ns per append"
        f" ({off_ns * off / 1e9 * 100 / WRITERS:.4f} % of a writer's time at the off rate)."
    )
    return result


async def _appends(ctx: BenchContext, transactions: int, *, untraced: bool) -> float:
    """Seconds for `transactions` single-event appends on new streams, each in a request span."""
    work = [new_events(1) for _ in range(transactions)]
    warmup = [new_events(1) for _ in range(WRITERS * WARMUP_PER_WRITER)]
    async with ctx.pool(WRITERS) as pool:
        schema = await ctx.migrated(pool, ctx.schema("tracing"), [event_store_migration()])
        notifier = CommitNotifier(pool, schema)
        store = (_Untraced if untraced else PostgresEventStore)(pool, schema, notifier)

        async def command(events: list[NewEvent]) -> None:
            if untraced:
                await store.append(stream_of(events[0].subject), events, 0)
                return
            with tracing.span("POST /youths", kind=tracing.SpanKind.SERVER):
                await store.append(stream_of(events[0].subject), events, 0)

        try:
            await _drive(WRITERS, warmup, command)
            return await _drive(WRITERS, work, command)
        finally:
            await notifier.close()


def _off_path_ns() -> float:
    """Ns per append spent in the helpers a traced command calls, with tracing off."""
    tracing.stop()
    started = time.perf_counter_ns()
    for _ in range(_OFF_PATH_CALLS):
        with tracing.span("POST /youths"):
            if tracing.enabled():  # the store's own check
                raise AssertionError
        tracing.current_ids()  # the processing log's
    return (time.perf_counter_ns() - started) / _OFF_PATH_CALLS
