"""Give the timers to history that was recorded before a service declared them.

A service that gains a timer (intake's birthdays, the toekomstplan's deadlines) schedules it
from the next decision on; a young person registered before the upgrade would never turn 18
on the platform. `python -m services.<name> timers backfill` replays every stream's events,
in order, through the service's own `schedules` and applies what they ask, as the append
would have. Safe to repeat and to run beside live traffic: the table keeps a fired or
cancelled timer settled, so a replayed schedule never revives one, and an open one is only
set to the due moment its history gives it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from shared.migrations import checked_schema
from shared.timers.changes import Schedule, TimerOrder, encode_orders

if TYPE_CHECKING:
    from asyncpg.pool import Pool

    from shared.command_pipeline import Dependencies
    from shared.timers.changes import TimerRules

__all__ = ["Backfilled", "backfill_timers"]


@dataclass(frozen=True)
class Backfilled:
    """What a pass did: streams read, and the timer changes their history asked for."""

    streams: int
    scheduled: int
    cancelled: int

    def line(self) -> str:
        """One line for the operator."""
        return (
            f"timers backfill: {self.streams} streams, {self.scheduled} schedules and"
            f" {self.cancelled} cancels replayed (settled timers stay settled)"
        )


async def backfill_timers(
    pool: Pool, schema: str, deps: Dependencies, rules: TimerRules
) -> Backfilled:
    """Replay each stream's events through `rules.schedules`; apply them stream by stream."""
    store, sealer, clock = deps.store, deps.sealer, deps.clock
    schema = checked_schema(schema)
    apply = f"SELECT {schema}.apply_timer_changes($1, $2, $3, $4::jsonb)"
    streams = [r["stream_id"] for r in await pool.fetch(
        f"SELECT DISTINCT stream_id FROM {schema}.events ORDER BY stream_id"
    )]  # fmt: skip
    scheduled = cancelled = 0
    for stream in streams:
        recorded = await store.load(stream)
        orders: list[TimerOrder] = []
        for record in recorded:
            event = await sealer.open(record)
            orders += [
                TimerOrder(change, record.event_id, record.metadata.correlation_id, clock.now())
                for change in rules.schedules(event)
            ]
        if not orders:
            continue
        first = recorded[0]
        await pool.execute(
            apply, stream, first.subject, first.metadata.tenant, encode_orders(orders)
        )
        done = sum(isinstance(order.change, Schedule) for order in orders)
        scheduled, cancelled = scheduled + done, cancelled + len(orders) - done
    return Backfilled(len(streams), scheduled, cancelled)
