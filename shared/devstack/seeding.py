"""Demo seeding for `make run`: stories told through the services' real HTTP APIs.

A service's `demo` module describes its stories as data; this finds intake's demo young people
over HTTP (services never import each other) and sends each story's commands with idempotency
keys, so a rerun changes nothing. A 409 (already done) counts as done: the services' policies
may have done a step before the seeder gets to it. A story that builds on such an asynchronous
reaction waits for it first (`WaitFor`), polling the reacting service's API.
"""

from __future__ import annotations

import json
import os
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import date, timedelta

from shared.auth import AuthSettings, mint_token


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
    within: float = 60.0


Steps = list[tuple[str, dict[str, object]] | WaitFor]
Story = tuple[str, Steps]
Stories = dict[str, list[Story]]
"""Per programme, the stories told in turn to its demo young people (the first to the first)."""
GEMEENTE = "0518"


def days_ago(days: int) -> str:
    """An ISO date `days` before today (negative: in the future)."""
    return (date.today() - timedelta(days=days)).isoformat()  # noqa: DTZ011 - calendar day


def _call(url: str, token: str, body: dict[str, object] | None = None, key: str = "") -> object:
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    if key:
        headers["Idempotency-Key"] = key
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, headers=headers)  # noqa: S310 - loopback
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - loopback
        return json.loads(response.read())


def _settled_youths(url: str, token: str) -> dict[str, list[dict[str, str]]]:
    """Intake's list once its read model has caught up: two reads in a row agree."""
    previous: object = None
    for _ in range(60):
        youths = _call(url, token)
        if youths == previous and youths["items"]:  # type: ignore[index]
            return youths  # type: ignore[return-value]
        previous = youths
        time.sleep(0.5)
    raise OSError("intake's list of young people did not settle")


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
    settings = AuthSettings()
    reader = mint_token(settings, subject="demo", roles=["intake"], gemeentecode=GEMEENTE)
    writer = mint_token(settings, subject=f"demo-{role}", roles=[role], gemeentecode=GEMEENTE)
    try:
        youths = _settled_youths(f"{intake}/youths?limit=200", reader)
        told: dict[str, int] = {}
        for item in youths["items"]:
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
                        raise
            print(f"  demo: {service} of {item['youth_id']} ({label})")  # noqa: T201
    except (urllib.error.URLError, OSError, KeyError) as error:
        print(f"demo {service}: {error}", file=sys.stderr)  # noqa: T201 - CLI output
        return 1
    return 0
