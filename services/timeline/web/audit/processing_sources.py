"""Every service's processing log of one young person, for the Verwerkingen page.

The timeline reads its own log from its own schema; every other service's it asks over HTTP,
`GET /processing-log?youth_id=`, with the auditor's own token, as the web view asks intake for
names and plans: each service decides for itself who may read its log, and no service reads
another's tables. A service that does not answer in time, or refuses, is named on the page as
not read, never a 5xx.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import httpx
import structlog
from pydantic import TypeAdapter, ValidationError

from shared.processing_log import ProcessingEntry, ProcessingLog

if TYPE_CHECKING:
    from collections.abc import Mapping
    from datetime import datetime

log = structlog.get_logger("web")

TIMEOUT_SECONDS = 3.0
LIMIT = 1000  # the routes' own bound (shared/processing_log/router.py)
_ENTRIES = TypeAdapter(list[ProcessingEntry])


@dataclass(frozen=True)
class Asked:
    """Whose entries, for which reader, within which period (`since` inclusive, `until` not)."""

    token: str
    tenant: str
    youth_id: str
    since: datetime | None = None
    until: datetime | None = None


@dataclass(frozen=True)
class Collected:
    """What each service's log holds of the young person, and which services gave no answer.

    `full`: services that answered as many entries as one answer holds (`LIMIT`, oldest first),
    so later ones may be missing: the page asks for a shorter period.
    """

    per_service: dict[str, list[ProcessingEntry]] = field(default_factory=dict)
    unread: tuple[str, ...] = ()
    full: tuple[str, ...] = ()


class ProcessingLogs:
    """Reads the timeline's own log and asks every other service for theirs."""

    def __init__(
        self,
        own: tuple[str, ProcessingLog],
        urls: Mapping[str, str],
        client: httpx.AsyncClient | None = None,
    ) -> None:
        """`own`: this service's name and log; `urls`: the others' base URLs by name."""
        self._own = own
        self._urls = {name: url.rstrip("/") for name, url in urls.items()}
        self._client = client

    @property
    def services(self) -> tuple[str, ...]:
        """Every service whose log the page lists, in a fixed order."""
        return tuple(sorted({self._own[0], *self._urls}))

    async def of(self, asked: Asked) -> Collected:
        """The young person's entries in every service's log, within the auditor's municipality."""
        name, own = self._own
        found = {
            name: await own.for_youth(
                asked.tenant, asked.youth_id, LIMIT, since=asked.since, until=asked.until
            )
        }
        if self._client is not None:
            return await self._ask_all(self._client, asked, found)
        async with httpx.AsyncClient(
            timeout=httpx.Timeout(TIMEOUT_SECONDS), follow_redirects=False
        ) as client:
            return await self._ask_all(client, asked, found)

    async def _ask_all(
        self, client: httpx.AsyncClient, asked: Asked, found: dict[str, list[ProcessingEntry]]
    ) -> Collected:
        unread: list[str] = []
        for service, url in sorted(self._urls.items()):
            entries = await _ask(client, f"{url}/processing-log", asked)
            if entries is None:
                unread.append(service)
            else:
                found[service] = entries
        full = tuple(s for s, entries in found.items() if len(entries) >= LIMIT)
        return Collected(found, tuple(unread), full)


async def _ask(client: httpx.AsyncClient, url: str, asked: Asked) -> list[ProcessingEntry] | None:
    params: dict[str, str | int] = {"youth_id": asked.youth_id, "limit": LIMIT}
    params |= {k: v.isoformat() for k, v in (("since", asked.since), ("until", asked.until)) if v}
    try:
        response = await client.get(
            url,
            params=params,
            headers={"Authorization": f"Bearer {asked.token}", "Accept": "application/json"},
        )
        response.raise_for_status()
        return _ENTRIES.validate_json(response.content)
    except (httpx.HTTPError, ValidationError) as exc:
        log.info("web.processing_log_unavailable", url=url, reason=str(exc) or type(exc).__name__)
        return None
