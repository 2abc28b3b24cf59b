"""All the young person's data, gathered from every domain with their own token.

Each domain serves the young person's own events, opened (shared/own_events.py:
`GET /youths/{id}/events`, `?doel=overdracht` for a download); the timeline asks each in turn,
as the Verwerkingen page asks for the processing logs, and holds nothing of it. Each domain
decides again that the youth id is the token's own, and logs its read. A domain that does not
answer in time, or refuses, is named as not read, never a 5xx.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import httpx
import structlog

if TYPE_CHECKING:
    from collections.abc import Mapping

    from fastapi import Request

    from services.timeline.settings import TimelineSettings

log = structlog.get_logger("web")

TIMEOUT_SECONDS = 5.0


@dataclass(frozen=True)
class Gathered:
    """Per domain the young person's events (oldest first), and the domains that gave none."""

    per_service: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    unread: tuple[str, ...] = ()


class OwnData:
    """Asks every domain for the young person's own events, bounded in time."""

    def __init__(self, urls: Mapping[str, str], client: httpx.AsyncClient | None = None) -> None:
        """`urls`: each domain's base URL by name; `client`: one to reuse (tests), else per ask."""
        self._urls = {name: url.rstrip("/") for name, url in urls.items()}
        self._client = client

    async def of(self, token: str, youth_id: str, purpose: str) -> Gathered:
        """Every domain's events of the young person, for `purpose` (inzage, overdracht)."""
        if self._client is not None:
            return await self._ask_all(self._client, token, youth_id, purpose)
        async with httpx.AsyncClient(
            timeout=httpx.Timeout(TIMEOUT_SECONDS), follow_redirects=False
        ) as client:
            return await self._ask_all(client, token, youth_id, purpose)

    async def _ask_all(
        self, client: httpx.AsyncClient, token: str, youth_id: str, purpose: str
    ) -> Gathered:
        # Every domain at once: one slow domain costs the page its own wait, not the sum.
        answers = await asyncio.gather(
            *(
                _ask(client, f"{url}/youths/{youth_id}/events", token, purpose)
                for url in self._urls.values()
            )
        )
        found: dict[str, list[dict[str, Any]]] = {}
        unread: list[str] = []
        for service, events in zip(self._urls, answers, strict=True):
            if events is None:
                unread.append(service)
            else:
                found[service] = events
        return Gathered(found, tuple(unread))


async def _ask(
    client: httpx.AsyncClient, url: str, token: str, purpose: str
) -> list[dict[str, Any]] | None:
    try:
        response = await client.get(
            url,
            params={"doel": purpose},
            headers={"Authorization": f"Bearer {token}", "Accept": "application/json"},
        )
        response.raise_for_status()
        body = response.json()
    except (httpx.HTTPError, ValueError) as exc:
        log.info("web.own_data_unavailable", url=url, reason=str(exc) or type(exc).__name__)
        return None
    events = body.get("events") if isinstance(body, dict) else None
    if not isinstance(events, list):
        return None
    return [e for e in events if isinstance(e, dict)]


def own_data(request: Request, settings: TimelineSettings) -> OwnData:
    """The app's `OwnData` (a test may set one), else one for the configured domains."""
    found = getattr(request.app.state, "own_data", None)
    return found if isinstance(found, OwnData) else OwnData(settings.service_urls())
