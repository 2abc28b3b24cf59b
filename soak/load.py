"""The steady load: young people's stories through every life domain, and the reads beside them.

A story registers a young person at intake, then gives one command in each life domain for
them (a debt-help request, a homelessness registration, a coach assigned, a benefit
application). Every command carries an `Idempotency-Key`, so a call that got no answer (a
killed service, a restarting database) is sent again with the same key until it is answered:
the platform must then record it once, which the checks verify. A command for a young person
the domain has not learnt yet (404 "nog niet") is sent again too. Reads run at their own pace:
a timeline page, a report and a web page.
"""

from __future__ import annotations

import asyncio
import contextlib
import random
import time
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

import httpx

from soak.model import Ack, Request
from soak.platform import GEMEENTE, token

if TYPE_CHECKING:
    from collections.abc import Callable

# Until an answer comes: the longest fault (a paused consumer does not stop commands) is a
# database restart, a few seconds; a minute is ample and still ends a story that cannot.
ANSWER_WITHIN_S = 90.0
RETRY_S = 0.5
CALL_TIMEOUT_S = 10.0
IN_FLIGHT = 16


@dataclass(frozen=True)
class Step:
    """One command of a story: where, as whom, which event it records, and its body."""

    service: str
    role: str
    path: str
    event_type: str
    body: Callable[[date], dict[str, Any]]


STEPS = (
    Step(
        "debts",
        "schuldhulpverlener",
        "debt-help",
        "debt-help-requested",
        lambda d: {"requested_on": d.isoformat()},
    ),
    Step(
        "housing",
        "woonconsulent",
        "homelessness",
        "homelessness-registered",
        lambda d: {
            "situation": "dakloos_straat",
            "since": d.isoformat(),
            "registered_on": d.isoformat(),
        },
    ),
    Step(
        "coaching",
        "coach",
        "coaches",
        "coach-assigned",
        lambda d: {"coach_id": "soak", "kind": "klantmanager", "from_on": d.isoformat()},
    ),
    Step(
        "income",
        "inkomensconsulent",
        "benefit-applications",
        "benefit-applied",
        lambda d: {"applied_on": d.isoformat()},
    ),
)


@dataclass(frozen=True)
class Call:
    """One HTTP request of the load, and the kind the report counts it under."""

    service: str
    kind: str
    method: str
    path: str
    headers: dict[str, str]
    body: dict[str, Any] | None = None


@dataclass
class Load:
    """Runs stories at `stories_per_s` and reads at `reads_per_s` until stopped."""

    urls: dict[str, str]
    clock: Callable[[], float]
    stories_per_s: float
    reads_per_s: float
    run_id: str
    requests: list[Request] = field(default_factory=list)
    acks: list[Ack] = field(default_factory=list)
    abandoned: list[str] = field(default_factory=list)
    youths: list[str] = field(default_factory=list)
    _tokens: dict[str, str] = field(default_factory=dict)

    def _headers(self, role: str, key: str | None = None) -> dict[str, str]:
        if role not in self._tokens:
            self._tokens[role] = token(role)
        headers = {"Authorization": f"Bearer {self._tokens[role]}"}
        if key is not None:
            headers["Idempotency-Key"] = key
        return headers

    async def run(self, stop: asyncio.Event) -> None:
        """Stories and reads until `stop` is set; then wait for the stories under way."""
        limits = httpx.Limits(max_connections=IN_FLIGHT * 2, max_keepalive_connections=IN_FLIGHT)
        async with httpx.AsyncClient(timeout=CALL_TIMEOUT_S, limits=limits) as client:
            slots = asyncio.Semaphore(IN_FLIGHT)
            stories: set[asyncio.Task[None]] = set()
            reader = asyncio.create_task(self._reads(client, stop))
            number = 0
            started = time.monotonic()
            while not stop.is_set():
                number += 1
                await slots.acquire()
                task = asyncio.create_task(self._story(client, number, slots))
                stories.add(task)
                task.add_done_callback(stories.discard)
                due = started + number / self.stories_per_s
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), max(0.0, due - time.monotonic()))
            await asyncio.gather(*stories)
            await reader

    async def _story(
        self, client: httpx.AsyncClient, number: int, slots: asyncio.Semaphore
    ) -> None:
        try:
            key = f"soak-{self.run_id}-{number}"
            body = {
                "gemeentecode": GEMEENTE,
                "programma": "jpf",
                "full_name": f"Soak {key}",
                "date_of_birth": "2004-03-14",
            }
            register = Call(
                "intake", "command youths", "POST", "/youths", self._headers("intake", key), body
            )
            answer = await self._command(client, register)
            if answer is None:
                self.abandoned.append(f"intake {key}")
                return
            youth = str(answer["youth_id"])
            self.youths.append(youth)
            self._ack("intake", "youth-registered", youth, answer)
            today = datetime.now(UTC).date()  # never ahead of the services' day (Europe/Amsterdam)
            await asyncio.gather(*(self._step(client, step, youth, key, today) for step in STEPS))
        finally:
            slots.release()

    async def _step(
        self, client: httpx.AsyncClient, step: Step, youth: str, key: str, today: date
    ) -> None:
        headers = self._headers(step.role, f"{key}-{step.path}")
        path = f"/youths/{youth}/{step.path}"
        call = Call(step.service, f"command {step.path}", "POST", path, headers, step.body(today))
        answer = await self._command(client, call)
        if answer is None:
            self.abandoned.append(f"{step.service} {key}")
            return
        self._ack(step.service, step.event_type, youth, answer)

    def _ack(self, service: str, event_type: str, youth: str, answer: dict[str, Any]) -> None:
        self.acks.append(
            Ack(self.clock(), service, event_type, youth, str(answer["event_id"]), headline=True)
        )

    async def _command(self, client: httpx.AsyncClient, call: Call) -> dict[str, Any] | None:
        """Send until answered 2xx (the same key each time); None for a refusal or no answer."""
        deadline = time.monotonic() + ANSWER_WITHIN_S
        while time.monotonic() < deadline:
            status = await self._call(client, call)
            if isinstance(status, dict):
                return status
            not_yet = status == 404  # noqa: PLR2004 - the domain has not learnt the young person
            if status and status < 500 and not not_yet:  # noqa: PLR2004 - a refusal: final
                return None
            await asyncio.sleep(RETRY_S)
        return None

    async def _call(self, client: httpx.AsyncClient, call: Call) -> dict[str, Any] | int:
        """One request; its JSON body when 2xx, else its status (0: no answer)."""
        at = self.clock()
        url = f"{self.urls[call.service]}{call.path}"
        try:
            response = await client.request(call.method, url, json=call.body, headers=call.headers)
        except httpx.HTTPError:
            self.requests.append(Request(at, call.service, call.kind, 0, self.clock() - at))
            return 0
        took = self.clock() - at
        self.requests.append(Request(at, call.service, call.kind, response.status_code, took))
        if response.is_success:
            json_body = response.headers.get("content-type", "").startswith("application/json")
            found = response.json() if json_body and response.content else {}
            return found if isinstance(found, dict) else {"items": found}
        return response.status_code

    async def _reads(self, client: httpx.AsyncClient, stop: asyncio.Event) -> None:
        """A timeline page, a report and a web page in turn, for young people already known."""
        month = datetime.now(UTC).strftime("%Y-%m")
        auditor = self._headers("auditor")
        cookie = {"Cookie": f"regie_sessie={token('auditor')}"}
        reads: list[Callable[[str], Call]] = [
            lambda y: Call(
                "timeline", "read timeline", "GET", f"/youths/{y}/timeline?limit=50", auditor
            ),
            lambda _: Call(
                "timeline", "read report", "GET", f"/reports?from={month}&until={month}", auditor
            ),
            lambda y: Call("timeline", "read web", "GET", f"/ui/jongeren/{y}", cookie),
        ]
        turn = 0
        while not stop.is_set():
            if self.youths:
                youth = random.choice(self.youths)  # noqa: S311 - a load, not a secret
                await self._call(client, reads[turn % len(reads)](youth))
                turn += 1
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), 1 / self.reads_per_s)
