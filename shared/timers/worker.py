"""The timer worker: fire what is due through the service's own pipeline, exactly once.

One pass (`fire_due`): claim a batch of due timers (a short autocommitted statement with a
lease), then for each, with no transaction open, run the command the service declared for it
(`TimerRules.fires`) through its pipeline, as a policy's reaction runs: an event id derived
from the timer's id (a second firing, by a worker that died after the append or a concurrent
one, appends nothing), the scheduling event as the cause, actor `timer.<kind>` with role
`systeem`. Then the timer is settled. "Already so" (409) or "nothing open" (404) settles it
with nothing recorded: the awaited fact came first. Any other failure leaves the lease to run
out, and a later pass tries again; once a timer was claimed `max_attempts` times a failure
makes it `dead` (its reason kept, logged as an error, counted in `regie_timers_total`): it
never fires again unless a decision schedules the same id anew.

"Now" is the clock's (`Dependencies.clock`), never the system's: tests move the clock and poke
`fire_due` instead of sleeping; a worker that starts days late fires everything then due.
"""

from __future__ import annotations

import asyncio
import contextlib
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING

import structlog

from shared import metrics
from shared.command_handling import Checks
from shared.eventstore import ConcurrencyError, Metadata
from shared.rules import AlreadyDoneError, NotFoundError
from shared.timers.changes import fired_event_id

if TYPE_CHECKING:
    from shared.command_http import CommandExecute
    from shared.command_pipeline import Dependencies, Outcome
    from shared.timers.changes import DueTimer, TimerRules
    from shared.timers.table import TimerTable

log = structlog.get_logger("timers")
TIMER_ROLE = "systeem"
_RETRIES = 5
_REASON_CHARS = 500


@dataclass(frozen=True)
class TimerOptions:
    """How a worker claims and gives up: from the service's settings (`<SERVICE>_TIMERS_*`)."""

    lease: timedelta = timedelta(seconds=30)
    batch: int = 100
    poll_s: float = 1.0
    max_attempts: int = 10


class TimerWorker:
    """Fires a service's due timers; any number of them may run against one schema."""

    def __init__(  # noqa: PLR0913 - each part named at the call site
        self,
        table: TimerTable,
        rules: TimerRules,
        execute: CommandExecute,
        deps: Dependencies,
        *,
        lease: timedelta = timedelta(seconds=30),
        batch: int = 100,
        poll_s: float = 1.0,
        max_attempts: int = 10,
    ) -> None:
        """A worker over `table`, firing with the service's `execute` and the app's parts."""
        self.table = table
        self.rules = rules
        self.execute = execute
        self.deps = deps
        self.lease = lease
        self.batch = batch
        self.poll_s = poll_s
        self.max_attempts = max_attempts

    async def fire_due(self) -> int:
        """One pass: claim up to a batch of due timers and fire each; how many were settled."""
        claimed = await self.table.claim(self.deps.clock.now(), self.lease, self.batch)
        settled = 0
        for timer in claimed:
            settled += await self._fire(timer)
        return settled

    @classmethod
    def with_options(
        cls,
        table: TimerTable,
        rules: TimerRules,
        execute: CommandExecute,
        deps: Dependencies,
        options: TimerOptions,
    ) -> TimerWorker:
        """A worker as the service's settings configure it."""
        return cls(
            table, rules, execute, deps, lease=options.lease, batch=options.batch,
            poll_s=options.poll_s, max_attempts=options.max_attempts,
        )  # fmt: skip

    async def run(self, stop: asyncio.Event) -> None:
        """Pass after pass until `stop`; a full batch goes on at once, else waits `poll_s`."""
        while not stop.is_set():
            try:
                fired = await self.fire_due()
            except Exception as error:  # noqa: BLE001 - the database went away: try again later
                log.warning("timers_unavailable", error=type(error).__name__)
                fired = 0
            if fired < self.batch:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), self.poll_s)

    async def _fire(self, timer: DueTimer) -> int:
        bound = log.bind(timer=str(timer.timer_id), kind=timer.kind, due_at=timer.due_at)
        try:
            outcome = await self._record(timer)
        except Exception as error:  # noqa: BLE001 - the lease runs out and a later pass retries
            await self._failed(timer, error, bound)
            return 0
        event_id = outcome.event_id if outcome is not None else None
        if not await self.table.settle(timer, event_id, self.deps.clock.now()):
            bound.info("timer_moved_or_cancelled")
            return 0
        if outcome is None:
            bound.info("timer_nothing_to_do")
        else:
            bound.info("timer_fired", appended=outcome.appended, event_id=str(event_id))
        metrics.TIMERS.labels(self.table.schema, "fired" if outcome else "nothing").inc()
        return 1

    async def _failed(
        self, timer: DueTimer, error: Exception, bound: structlog.typing.FilteringBoundLogger
    ) -> None:
        """Keep the reason; at the cap the timer is dead, which operations must see."""
        reason = f"{type(error).__name__}: {error}"[:_REASON_CHARS]
        now = self.deps.clock.now()
        state = await self.table.fail(timer, reason, self.max_attempts, now)
        if state == "dead":
            metrics.TIMERS.labels(self.table.schema, "dead").inc()
            bound.error("timer_dead", attempts=timer.attempts, reason=reason)
        else:
            metrics.TIMERS.labels(self.table.schema, "failed").inc()
            bound.warning("timer_failed", attempts=timer.attempts, reason=reason)

    async def _record(self, timer: DueTimer) -> Outcome | None:
        """The consequence through the service's pipeline; None when there is nothing to do."""
        command = self.rules.fires(timer)
        metadata = Metadata(
            tenant=timer.tenant,
            actor=f"timer.{timer.kind}",
            actor_role=TIMER_ROLE,
            correlation_id=timer.correlation_id or str(timer.scheduled_by),
            causation_id=str(timer.scheduled_by),
        )
        checks = Checks(tenant=timer.tenant, event_id=fired_event_id(timer.timer_id))
        for attempt in range(_RETRIES):
            try:
                return await self.execute(self.deps, command, metadata, checks)
            except ConcurrencyError:
                # Someone appended to the stream meanwhile: decide again on the new history.
                if attempt == _RETRIES - 1:
                    raise
            except (AlreadyDoneError, NotFoundError):
                return None
        return None  # pragma: no cover - the loop returns or raises
