"""Names of young people, asked of intake with the reader's own token, never stored here.

The timeline holds no personal data. Intake decides who may see a name (intake workers and
the young person's own jongerenregisseur); whatever it refuses, or does not answer in time,
shows as the pseudonymous id. Nothing is cached: a withdrawn assignment or an erasure shows
on the next page load.
"""

from __future__ import annotations

import asyncio
import json
import urllib.error
import urllib.request
from typing import TYPE_CHECKING

import structlog

if TYPE_CHECKING:
    from collections.abc import Iterable

log = structlog.get_logger("web")

TIMEOUT_SECONDS = 1.5


def _fetch(base: str, token: str, youth_id: str) -> str | None:
    request = urllib.request.Request(  # noqa: S310 - the configured intake URL
        f"{base.rstrip('/')}/youths/{youth_id}",
        headers={"Authorization": f"Bearer {token}", "Accept": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310
            answer = json.loads(response.read())
    except (urllib.error.URLError, OSError, ValueError) as exc:
        log.info("web.name_unavailable", youth_id=youth_id, reason=str(exc))
        return None
    personal = answer.get("personal") if isinstance(answer, dict) else None
    name = personal.get("full_name") if isinstance(personal, dict) else None
    return name if isinstance(name, str) and name else None


async def names_of(intake_url: str | None, token: str, youth_ids: Iterable[str]) -> dict[str, str]:
    """Each young person's name as intake shows it to this reader; missing ones are left out."""
    if not intake_url:
        return {}
    ids = list(dict.fromkeys(youth_ids))
    try:
        found = await asyncio.wait_for(
            asyncio.gather(*(asyncio.to_thread(_fetch, intake_url, token, i) for i in ids)),
            timeout=TIMEOUT_SECONDS * 2,
        )
    except TimeoutError:
        log.info("web.names_timed_out", count=len(ids))
        return {}
    return {i: name for i, name in zip(ids, found, strict=True) if name is not None}
