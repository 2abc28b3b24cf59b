"""Registration commands sent to intake over HTTP, and the watcher that sees their timeline rows."""

from __future__ import annotations

import asyncio
import itertools
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import httpx
from pydantic_core import from_json, to_json

from bench.payloads import GEMEENTE

if TYPE_CHECKING:
    from collections.abc import Iterator

    import asyncpg

POLL_S = 0.002
# Bounded, and the wait for a free one happens in a semaphore, not in httpx: its pool does
# work quadratic in connections and queued requests (~1-1.5 ms of CPU per request here even
# without a queue), so a backlog would otherwise make the load generator itself collapse.
HTTP_CONNECTIONS = 8
# Each registration a different young person: one name for all would make every registration
# a likely duplicate of all before it (intake then records PossibleDuplicateFound each time),
# which is not what a municipality's day looks like. The body is made once per name up front.
_PREFIX = to_json(
    {"gemeentecode": GEMEENTE, "programma": "jpf", "date_of_birth": "2004-01-01", "full_name": ""}
)[:-3]


def _body(n: int) -> bytes:
    """The registration of bench young person `n` (JSON, without encoding a dict per call)."""
    return _PREFIX + f'"Bench {n}"}}'.encode()


class RowWatcher:
    """Polls the timeline table every few ms for the young people whose rows are awaited.

    A row seen by a query was committed before that query started, so the latency is taken at
    the moment the query was sent: it overstates the truth by at most one poll interval.
    """

    def __init__(self, conn: asyncpg.Connection, table: str) -> None:
        """Watch `table` (a timeline `entries` table) through `conn`."""
        self._conn = conn
        self._sql = f"SELECT youth_id FROM {table} WHERE youth_id = ANY($1::text[])"
        self.pending: dict[str, float] = {}
        self.latencies: list[float] = []
        self.polls = 0

    def expect(self, youth_id: str, sent_at: float) -> None:
        """Await the row of `youth_id`, whose command was sent at `sent_at` (perf_counter)."""
        self.pending[youth_id] = sent_at

    def reset(self) -> None:
        """Forget what was measured so far (after a warm-up)."""
        self.latencies.clear()
        self.polls = 0

    async def run(self, stop: asyncio.Event) -> None:
        """Poll while anything is awaited, until `stop`."""
        while not stop.is_set():
            if self.pending:
                asked_at = time.perf_counter()
                rows = await self._conn.fetch(self._sql, list(self.pending))
                self.polls += 1
                for row in rows:
                    sent_at = self.pending.pop(row["youth_id"], None)
                    if sent_at is not None:
                        self.latencies.append(asked_at - sent_at)
            await asyncio.sleep(POLL_S)


@dataclass
class CommandLog:
    """HTTP answer times and failures of the commands sent, and how far the answers lagged."""

    answered: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    in_flight: int = 0
    max_in_flight: int = 0
    first_sent: float | None = None
    last_answered: float = 0.0

    def sending(self, at: float) -> None:
        """A command goes out at `at`."""
        if self.first_sent is None:
            self.first_sent = at
        self.in_flight += 1
        self.max_in_flight = max(self.max_in_flight, self.in_flight)

    def done(self, at: float) -> None:
        """A command was answered (or failed) at `at`."""
        self.in_flight -= 1
        self.last_answered = at

    @property
    def answered_per_s(self) -> float:
        """Answers per second, first send to last answer; below the rate sent, we fell behind."""
        if self.first_sent is None or self.last_answered <= self.first_sent:
            return 0.0
        return len(self.answered) / (self.last_answered - self.first_sent)


@dataclass
class CommandSender:
    """POSTs registrations to intake and hands each new young person to the watcher."""

    client: httpx.AsyncClient
    watcher: RowWatcher
    slots: asyncio.Semaphore = field(default_factory=lambda: asyncio.Semaphore(HTTP_CONNECTIONS))
    _numbers: Iterator[int] = field(default_factory=itertools.count)

    @staticmethod
    def client_for(base_url: str, token: str) -> httpx.AsyncClient:
        """An httpx client for intake with the bearer token, on `HTTP_CONNECTIONS` connections."""
        return httpx.AsyncClient(
            base_url=base_url,
            headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
            timeout=30.0,
            limits=httpx.Limits(max_connections=HTTP_CONNECTIONS),
        )

    async def register(self, log: CommandLog) -> None:
        """POST one registration; once answered, await its timeline row.

        The clock starts before waiting for a free connection, so a backlog counts in full.
        """
        sent = time.perf_counter()
        log.sending(sent)
        try:
            async with self.slots:
                response = await self.client.post("/youths", content=_body(next(self._numbers)))
        except httpx.HTTPError as error:
            log.errors.append(repr(error))
            return
        finally:
            log.done(time.perf_counter())
        log.answered.append(log.last_answered - sent)
        if response.status_code != httpx.codes.CREATED:
            log.errors.append(f"{response.status_code}: {response.text[:200]}")
            return
        self.watcher.expect(from_json(response.content)["youth_id"], sent)
