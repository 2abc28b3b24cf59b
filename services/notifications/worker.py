"""The delivery worker: claim due deliveries, POST them concurrently, record what happened.

Safe to run in any number of processes (claims are leases taken with SKIP LOCKED). Woken by
the NOTIFY the fan-out sends at commit, and by a short poll for retries that became due.
Logs name the event id, type, subject (the opaque youth id) and subscription, never `data`.
"""

from __future__ import annotations

import asyncio
import contextlib
import random
import time
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

import structlog
from pydantic_core import from_json

from services.notifications.backoff import retry_delay
from services.notifications.sender import Outcome, Request, http_client, post
from shared import metrics, tracing

if TYPE_CHECKING:
    import httpx
    from asyncpg.pool import Pool

    from services.notifications.credentials import Credentials
    from services.notifications.queue import Claimed, DeliveryQueue
    from services.notifications.settings import NotificationsSettings

UNSENDABLE_AUTH = "auth value not ASCII: it cannot be sent as the Authorization header"
log = structlog.get_logger("notifications")

# At shutdown, POSTs in flight get this long to finish before they are abandoned.
_SHUTDOWN_GRACE_S = 5.0


@dataclass(frozen=True)
class RetryPolicy:
    """How many attempts, and how long to wait between them."""

    max_attempts: int
    base_s: float
    cap_s: float
    jitter: float

    @classmethod
    def of(cls, settings: NotificationsSettings) -> RetryPolicy:
        """From the service's settings."""
        return cls(
            settings.max_attempts,
            settings.backoff_base_s,
            settings.backoff_cap_s,
            settings.backoff_jitter,
        )

    def delay_after(self, attempt: int) -> float:
        """The wait after failed attempt `attempt`, jittered."""
        return retry_delay(
            attempt, base_s=self.base_s, cap_s=self.cap_s, jitter=self.jitter,
            draw=random.random(),  # noqa: S311 - spreading retries, not security
        )  # fmt: skip


class DeliveryWorker:
    """Keeps up to `concurrency` POSTs in flight, each the head of its young person's queue.

    At most `per_subscription_concurrency` of them go to one subscription.
    """

    def __init__(
        self,
        pool: Pool,
        queue: DeliveryQueue,
        credentials: Credentials,
        settings: NotificationsSettings,
    ) -> None:
        """Deliver from `queue`, opening each subscription's credentials with `credentials`."""
        self._pool = pool
        self._queue = queue
        self._credentials = credentials
        self._settings = settings
        self._retry = RetryPolicy.of(settings)
        self._wake = asyncio.Event()
        self._in_flight: dict[asyncio.Task[None], Claimed] = {}
        self.ready = asyncio.Event()

    async def run(self, stop: asyncio.Event) -> None:
        """Deliver until `stop` is set; then let POSTs in flight finish briefly."""
        async with self._pool.acquire() as listener:
            await listener.add_listener(self._queue.channel, self._on_notify)
            try:
                async with http_client(
                    self._settings.timeout_s,
                    self._settings.concurrency,
                    allow_private=self._settings.allow_private_callbacks,
                ) as client:
                    self.ready.set()
                    try:
                        await self._loop(client, stop)
                    finally:
                        await self._drain()
            finally:
                self.ready.clear()
                await listener.remove_listener(self._queue.channel, self._on_notify)

    def _on_notify(self, *_args: object) -> None:
        self._wake.set()

    async def _loop(self, client: httpx.AsyncClient, stop: asyncio.Event) -> None:
        while not stop.is_set():
            self._wake.clear()
            free = self._settings.concurrency - len(self._in_flight)
            if free > 0:
                claims = await self._queue.claim(
                    free,
                    self._settings.lease_s,
                    per_subscription=self._settings.per_subscription_concurrency,
                    in_flight=Counter(c.subscription_id for c in self._in_flight.values()),
                )
                for claimed in claims:
                    task = asyncio.create_task(self._deliver(client, claimed))
                    self._in_flight[task] = claimed
                    task.add_done_callback(self._finished)
            # A finished POST, a NOTIFY or stop wakes us; the poll finds retries now due.
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(_first(self._wake, stop), self._settings.poll_interval_s)

    def _finished(self, task: asyncio.Task[None]) -> None:
        self._in_flight.pop(task, None)
        if not task.cancelled() and task.exception() is not None:
            log.error("webhook_worker_task_failed", exc_info=task.exception())
        self._wake.set()  # a slot is free, and the young person's next event may be due

    async def _deliver(self, client: httpx.AsyncClient, claimed: Claimed) -> None:
        try:
            request = await self._request_for(claimed)
        except Exception as error:  # noqa: BLE001 - recorded as this delivery's failure
            # Sealed under another master key, say: count it as an attempt, so it ends up
            # dead and visible instead of being claimed again and again.
            outcome = Outcome(
                delivered=False, error=f"credentials unreadable: {type(error).__name__}"
            )
        else:
            if request.auth is not None and not request.auth.isascii():
                # Accepted before the API refused it: it can never be sent as a header.
                await self._record(claimed, Outcome(delivered=False, error=UNSENDABLE_AUTH))
                return
            started = time.perf_counter()
            with _delivery_span(claimed):
                outcome = await post(
                    client, request, timestamp=int(time.time()), timeout_s=self._settings.timeout_s
                )
            metrics.WEBHOOK_SECONDS.observe(time.perf_counter() - started)
        await self._record(claimed, outcome)

    async def _request_for(self, claimed: Claimed) -> Request:
        """The POST to make, with the subscription's secrets and auth value opened."""
        auth = None
        if claimed.auth_sealed is not None:
            auth = await self._credentials.open(
                claimed.subscription_id, "auth", claimed.auth_sealed
            )
        secret = await self._credentials.open(
            claimed.subscription_id, "secret", claimed.secret_sealed
        )
        previous = None
        if claimed.previous_secret_sealed is not None:
            previous = await self._credentials.open(
                claimed.subscription_id, "secret", claimed.previous_secret_sealed
            )
        return Request(
            url=claimed.callback_url,
            body=claimed.payload.encode(),
            secret=secret,
            auth=auth,
            event_id=claimed.event_id,
            attempt=claimed.attempt,
            previous_secret=previous,
        )

    async def _record(self, claimed: Claimed, outcome: Outcome) -> None:
        context = {
            "event_id": str(claimed.event_id),
            "event_type": claimed.event_type,
            "subject": claimed.subject,
            "subscription_id": str(claimed.subscription_id),
            "delivery_id": claimed.id,
            "attempt": claimed.attempt,
        }
        if outcome.delivered:
            await self._queue.delivered(claimed, outcome.status or 200)
            metrics.WEBHOOK_DELIVERIES.labels("delivered").inc()
            log.debug("webhook_delivered", status=outcome.status, **context)
            return
        state = await self._queue.failed(
            claimed,
            status=outcome.status,
            error=outcome.error,
            retry_in_s=self._retry.delay_after(claimed.attempt),
            max_attempts=self._retry.max_attempts,
        )
        metrics.WEBHOOK_DELIVERIES.labels("dead" if state == "dead" else "failed").inc()
        log.warning(
            "webhook_dead" if state == "dead" else "webhook_failed",
            status=outcome.status, error=outcome.error, state=state, **context,
        )  # fmt: skip

    async def _drain(self) -> None:
        """Let POSTs in flight finish; abandon the rest and give back their leases."""
        if not self._in_flight:
            return
        _done, pending = await asyncio.wait(list(self._in_flight), timeout=_SHUTDOWN_GRACE_S)
        abandoned = [self._in_flight[task] for task in pending if task in self._in_flight]
        for task in pending:
            task.cancel()
        await asyncio.gather(*pending, return_exceptions=True)
        with contextlib.suppress(Exception):
            await self._queue.release(abandoned)


def _delivery_span(claimed: Claimed) -> contextlib.AbstractContextManager[object]:
    """The POST, in the trace of the command that recorded the event; a no-op when off."""
    if not tracing.enabled():
        return contextlib.nullcontext()
    attributes: dict[str, str | int] = {
        "messaging.message.id": str(claimed.event_id),
        "cloudevents.event_type": claimed.event_type,
        "regie.subscription": str(claimed.subscription_id),
        "regie.attempt": claimed.attempt,
    }
    return tracing.continued(
        "webhook deliver",
        traceparent_of(claimed.payload),
        attributes,
        kind=tracing.SpanKind.PRODUCER,
    )


def traceparent_of(payload: str) -> str | None:
    """The CloudEvent's `traceparent` extension, if the queued body has one."""
    try:
        value = from_json(payload).get("traceparent")
    except ValueError:
        return None
    return value if isinstance(value, str) else None


async def _first(*events: asyncio.Event) -> None:
    """Return as soon as any of `events` is set."""
    waiters = [asyncio.create_task(e.wait()) for e in events]
    try:
        await asyncio.wait(waiters, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for waiter in waiters:
            waiter.cancel()
