"""A young person's BSN, as the provider vouched for it, to their youth id: asked of intake.

Only intake holds the BSN (as a keyed digest: its blind index), so the timeline asks its
`POST /identities/lookup` with the sign-in's own service key, the BSN in the body. The BSN is
held only for that one request: never logged, never kept, never put in a token or cookie.
"""

from __future__ import annotations

import enum
import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING

import httpx
import structlog

if TYPE_CHECKING:
    from pydantic import SecretStr

log = structlog.get_logger("web")

LOOKUP_PATH = "/identities/lookup"


class Found(enum.Enum):
    """What intake said of the BSN."""

    KNOWN = "known"
    UNKNOWN = "unknown"
    AMBIGUOUS = "ambiguous"
    UNAVAILABLE = "unavailable"


@dataclass(frozen=True)
class Identity:
    """Intake's answer: the youth id when `found` is KNOWN."""

    found: Found
    youth_id: uuid.UUID | None = None


class IdentityLookup:
    """Asks intake which young person a BSN belongs to, bounded in time."""

    def __init__(
        self,
        intake_url: str | None,
        key: SecretStr | None,
        client: httpx.AsyncClient | None = None,
        timeout_s: float = 5.0,
    ) -> None:
        """Ask `intake_url` with service key `key` (either unset: never found)."""
        self._url = intake_url.rstrip("/") if intake_url else None
        self._key = key
        self._client = client
        self._timeout = timeout_s

    async def youth_of(self, bsn: str, gemeentecode: str) -> Identity:
        """The young person registered with this BSN in this municipality, if exactly one."""
        if self._url is None or self._key is None:
            return Identity(Found.UNAVAILABLE)
        headers = {"Authorization": f"Bearer {self._key.get_secret_value()}"}
        body = {"bsn": bsn, "gemeentecode": gemeentecode}
        url = f"{self._url}{LOOKUP_PATH}"
        try:
            if self._client is not None:
                response = await self._client.post(url, json=body, headers=headers)
            else:
                async with httpx.AsyncClient(timeout=httpx.Timeout(self._timeout)) as client:
                    response = await client.post(url, json=body, headers=headers)
        except httpx.HTTPError as exc:
            log.info("web.oidc_lookup_unavailable", reason=type(exc).__name__)
            return Identity(Found.UNAVAILABLE)
        return _read(response)


def _read(response: httpx.Response) -> Identity:
    """Intake's status as what it means for the sign-in; anything unexpected is unavailable."""
    if response.status_code == httpx.codes.NOT_FOUND:
        # Intake's 404 is also its "lookups not configured": only "Unknown" is an unknown BSN.
        return Identity(
            Found.UNKNOWN if _english(response).startswith("Unknown") else Found.UNAVAILABLE
        )
    if response.status_code == httpx.codes.CONFLICT:
        return Identity(Found.AMBIGUOUS)
    if response.status_code != httpx.codes.OK:
        log.info("web.oidc_lookup_refused", status=response.status_code)
        return Identity(Found.UNAVAILABLE)
    try:
        return Identity(Found.KNOWN, uuid.UUID(str(response.json()["youth_id"])))
    except (ValueError, KeyError, TypeError):
        return Identity(Found.UNAVAILABLE)


def _english(response: httpx.Response) -> str:
    """The English reason of intake's refusal, "" when it gave none."""
    try:
        detail = response.json().get("detail")
    except (ValueError, AttributeError):
        return ""
    english = detail.get("en") if isinstance(detail, dict) else None
    return english if isinstance(english, str) else ""
