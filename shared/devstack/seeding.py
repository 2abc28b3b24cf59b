"""Demo seeding for `make run`: stories told through the services' real HTTP APIs.

A service's `demo` module describes its stories as data; this finds intake's demo young people
over HTTP (services never import each other; the launcher names the ones intake's demo created
in `REGIE_DEMO_YOUTHS`, so anyone else on the list is left alone) and sends each story's
commands with idempotency keys. A 409 (already done) counts as done: the services' policies may
have done a step before the seeder gets to it. A story that builds on such an asynchronous
reaction waits for it first (`WaitFor`), polling the reacting service's API. Replaying a story
whose young person has moved on can be refused, so the launcher runs each seeder once per data
directory (`shared.devstack.demo_record`).
"""

from __future__ import annotations

import json
import os
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import timedelta

from shared.auth import AuthSettings, mint_token
from shared.clock import SystemClock


@dataclass(frozen=True)
class WaitFor:
    """A step that waits until another service shows a policy's reaction for the young person.

    Polls GET `/youths/{id}{path}` of `service` as `role` until `field` reads `value`.
    """

    service: str
    role: str
    path: str
    field: str
    value: object
    within: float = 180.0


Steps = list[tuple[str, dict[str, object]] | WaitFor]
Story = tuple[str, Steps]
Stories = dict[str, list[Story]]
"""Per programme, the stories told in turn to its demo young people (the first to the first)."""
GEMEENTE = "0518"
DEMO_YOUTHS_ENV = "REGIE_DEMO_YOUTHS"
SETTLE_S = 180.0
"""How long a seeder waits for intake's list: a restart under load replays intake's topic."""


def days_ago(days: int) -> str:
    """An ISO date `days` before today (negative: in the future)."""
    return (SystemClock().today() - timedelta(days=days)).isoformat()


def _call(url: str, token: str, body: dict[str, object] | None = None, key: str = "") -> object:
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    if key:
        headers["Idempotency-Key"] = key
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, headers=headers)  # noqa: S310 - loopback
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - loopback
        return json.loads(response.read())


def intake_reader() -> str:
    """A token that reads intake's whole list (as `intake`: a regisseur sees only their own)."""
    return mint_token(AuthSettings(), subject="demo", roles=["intake"], gemeentecode=GEMEENTE)


def youth_summaries(intake: str, token: str) -> list[dict[str, str]]:
    """Every young person on intake's list (no personal data), page by page, in its order."""
    items: list[dict[str, str]] = []
    after = ""
    while True:
        page = _call(f"{intake}/youths?limit=200{after}", token)
        assert isinstance(page, dict)  # noqa: S101 - intake's SummaryPage
        items += page["items"]
        if not page.get("next_after"):
            return items
        after = f"&after={page['next_after']}"


def _settled_youths(intake: str, token: str, own: set[str] | None) -> list[dict[str, str]]:
    """The young people to tell stories to, once intake's read model has caught up.

    With `own` (the ones intake's demo created): those, once all are listed; anyone else on
    the list (registered by hand, or by a test) is none of the seeder's business. Without:
    the whole list, once two reads in a row agree.
    """
    previous: object = None
    deadline = time.monotonic() + SETTLE_S
    while time.monotonic() < deadline:
        youths = youth_summaries(intake, token)
        if own is not None:
            mine = [item for item in youths if item["youth_id"] in own]
            if len(mine) == len(own):
                return mine
        elif youths == previous and youths:
            return youths
        previous = youths
        time.sleep(0.5)
    raise OSError("intake's list of young people did not settle")


def own_youths() -> set[str] | None:
    """The young people intake's demo created, as the launcher passes them (None: not given)."""
    given = os.environ.get(DEMO_YOUTHS_ENV)
    return None if given is None else {y for y in given.split(",") if y}


def _wait(wait: WaitFor, youth_id: str) -> None:
    url = f"{os.environ[f'REGIE_{wait.service.upper()}_URL']}/youths/{youth_id}{wait.path}"
    token = mint_token(AuthSettings(), subject="demo", roles=[wait.role], gemeentecode=GEMEENTE)
    deadline = time.monotonic() + wait.within
    while time.monotonic() < deadline:
        try:
            shown = _call(url, token)
        except urllib.error.HTTPError as error:
            if error.code != 404:  # noqa: PLR2004 - not there yet is the only thing to wait out
                raise
        else:
            if isinstance(shown, dict) and shown.get(wait.field) == wait.value:
                return
        time.sleep(0.5)
    raise OSError(f"{wait.service} did not show {wait.field}={wait.value!r} for {youth_id}")


def seed_stories(service: str, role: str, stories: Stories) -> int:
    """Tell the stories on intake's demo young people, in turn per programme; exit code."""
    intake = os.environ["REGIE_INTAKE_URL"]
    target = os.environ[f"REGIE_{service.upper()}_URL"]
    reader = intake_reader()
    writer = mint_token(AuthSettings(), subject=f"demo-{role}", roles=[role], gemeentecode=GEMEENTE)
    try:
        youths = _settled_youths(intake, reader, own_youths())
        told: dict[str, int] = {}
        for item in youths:
            programma = item["programma"]
            turn = told[programma] = told.get(programma, -1) + 1
            if turn >= len(stories.get(programma, [])):
                continue
            label, steps = stories[programma][turn]
            for n, step in enumerate(steps):
                if isinstance(step, WaitFor):
                    _wait(step, item["youth_id"])
                    continue
                path, body = step
                url = f"{target}/youths/{item['youth_id']}{path}"
                try:
                    _call(url, writer, body, key=f"demo-{service}-{item['youth_id']}-{n}")
                except urllib.error.HTTPError as error:
                    if error.code != 409:  # noqa: PLR2004 - Conflict: done before (by a policy)
                        reason = error.read().decode(errors="replace")[:300]
                        raise OSError(f"POST {url} answered {error.code}: {reason}") from error
            print(f"  demo: {service} of {item['youth_id']} ({label})")  # noqa: T201
    except (urllib.error.URLError, OSError, KeyError) as error:
        print(f"demo {service}: {error}", file=sys.stderr)  # noqa: T201 - CLI output
        return 1
    return 0
