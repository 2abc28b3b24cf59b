"""Names of young people, asked of intake with the reader's own token, never stored here.

The timeline holds no personal data. Intake decides who may see a name (intake workers and
the young person's own jongerenregisseur); whatever it refuses, or does not answer in time,
shows as the pseudonymous id. A whole page's names come in one request
(`GET /youths/names?ids=...`), over one bounded `httpx.AsyncClient` the app opens in its
lifespan (`open_names`). Nothing is cached: a withdrawn assignment or an erasure shows on
the next page load.
"""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING

import httpx
import structlog

if TYPE_CHECKING:
    from collections.abc import AsyncIterator, Iterable

    from fastapi import FastAPI, Request

log = structlog.get_logger("web")

TIMEOUT_SECONDS = 1.5
PAGE = 100  # intake's bound on one request (services/intake/entrypoints/names_api.py)


class IntakeNames:
    """Intake's answer on names, for one page of young people at a time."""

    def __init__(self, intake_url: str | None, client: httpx.AsyncClient | None) -> None:
        """Ask `intake_url` over `client`; without either, no names (the ids show)."""
        self._url = f"{intake_url.rstrip('/')}/youths/names" if intake_url else None
        self._client = client

    async def of(self, token: str, youth_ids: Iterable[str]) -> dict[str, str]:
        """Each young person's name as intake shows it to this reader; missing ones left out."""
        return (await self.with_ages(token, youth_ids))[0]

    async def with_ages(
        self, token: str, youth_ids: Iterable[str]
    ) -> tuple[dict[str, str], dict[str, int]]:
        """Names, and ages today in completed years, for the same reader and young people."""
        ids = list(dict.fromkeys(youth_ids))
        url, client = self._url, self._client
        if url is None or client is None or not ids or not token:
            return {}, {}
        found: dict[str, str] = {}
        ages: dict[str, int] = {}
        for start in range(0, len(ids), PAGE):  # one request for any page the view shows
            names, years = await _page(client, url, token, ids[start : start + PAGE])
            found, ages = found | names, ages | years
        return found, ages


async def _page(
    client: httpx.AsyncClient, url: str, token: str, ids: list[str]
) -> tuple[dict[str, str], dict[str, int]]:
    try:
        response = await client.get(
            url,
            params=[("ids", i) for i in ids],
            headers={"Authorization": f"Bearer {token}", "Accept": "application/json"},
        )
        response.raise_for_status()
        answer = response.json()
    except (httpx.HTTPError, ValueError) as exc:
        log.info("web.names_unavailable", count=len(ids), reason=str(exc) or type(exc).__name__)
        return {}, {}
    names = answer.get("names") if isinstance(answer, dict) else None
    if not isinstance(names, dict):
        return {}, {}
    asked = set(ids)
    ages = answer.get("ages")
    return (
        {str(k): v for k, v in names.items() if str(k) in asked and isinstance(v, str) and v},
        {
            str(k): v
            for k, v in (ages.items() if isinstance(ages, dict) else ())
            if str(k) in asked and isinstance(v, int) and not isinstance(v, bool)
        },
    )


def names_client() -> httpx.AsyncClient:
    """One client for the app: a timeout on every request, a bounded pool of connections."""
    return httpx.AsyncClient(
        timeout=httpx.Timeout(TIMEOUT_SECONDS),
        limits=httpx.Limits(max_connections=20, max_keepalive_connections=10),
        follow_redirects=False,
    )


@contextlib.asynccontextmanager
async def open_names(app: FastAPI, intake_url: str | None) -> AsyncIterator[None]:
    """Keep an `IntakeNames` on `app.state` for the app's lifespan; close its client after."""
    client = names_client() if intake_url else None
    app.state.intake_names = IntakeNames(intake_url, client)
    try:
        yield
    finally:
        if client is not None:
            await client.aclose()


def intake_names(request: Request) -> IntakeNames:
    """The app's `IntakeNames`; an app run without its lifespan asks nobody."""
    names = getattr(request.app.state, "intake_names", None)
    return names if isinstance(names, IntakeNames) else IntakeNames(None, None)
