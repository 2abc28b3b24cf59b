"""One webhook POST: the CloudEvent in structured mode, signed, with a deadline.

Success is any 2xx. A redirect is a failure (it is not followed: the subscription names the
URL that receives events, and a redirect could lead the signed body elsewhere, also inside the
network). Connections go only to addresses `destinations` judged (no SSRF, no DNS rebinding).
The response body is never read: a receiver cannot make the bridge hold a large answer in memory.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import TYPE_CHECKING

import httpcore
import httpx

from services.notifications.destinations import PinnedBackend, RefusedDestinationError
from services.notifications.signature import (
    ATTEMPT_HEADER,
    EVENT_ID_HEADER,
    SIGNATURE_HEADER,
    sign,
)
from shared import tracing
from shared.envelope import CONTENT_TYPE

if TYPE_CHECKING:
    import uuid
    from collections.abc import Awaitable, Callable

    from services.notifications.destinations import IPAddress

USER_AGENT = "regie-notifications/0.1"


@dataclass(frozen=True)
class Outcome:
    """What one attempt came to; `error` says why it failed, without the body or the URL."""

    delivered: bool
    status: int | None = None
    error: str = ""


@dataclass(frozen=True)
class Request:
    """Everything one POST needs, credentials already opened."""

    url: str
    body: bytes
    secret: str
    auth: str | None
    event_id: uuid.UUID
    attempt: int
    previous_secret: str | None = None  # a rotated secret, while its grace period lasts


def headers_for(request: Request, timestamp: int) -> dict[str, str]:
    """The POST's headers: content type, signature, event id, attempt, and auth if set."""
    headers = {
        "Content-Type": CONTENT_TYPE,
        "User-Agent": USER_AGENT,
        SIGNATURE_HEADER: sign(
            request.secret, timestamp, request.body, previous=request.previous_secret
        ),
        EVENT_ID_HEADER: str(request.event_id),
        ATTEMPT_HEADER: str(request.attempt),
    }
    if request.auth is not None:
        headers["Authorization"] = request.auth
    # The delivery's trace context (shared/tracing.py), so a receiver that traces continues
    # the command's trace; nothing when tracing is off.
    tracing.inject(headers)
    return headers


class _PinnedTransport(httpx.AsyncHTTPTransport):
    """httpx's transport, its pool connecting through a `PinnedBackend`.

    httpx takes no network backend, so the pool it built is replaced by one that has it
    (same TLS context and limits; no proxy, no retries).
    """

    def __init__(self, backend: PinnedBackend, limits: httpx.Limits) -> None:
        super().__init__(limits=limits, trust_env=False)
        self._pool = httpcore.AsyncConnectionPool(
            ssl_context=httpx.create_ssl_context(trust_env=False),
            max_connections=limits.max_connections,
            max_keepalive_connections=limits.max_keepalive_connections,
            keepalive_expiry=limits.keepalive_expiry,
            network_backend=backend,
        )


def http_client(
    timeout_s: float,
    concurrency: int,
    *,
    allow_private: bool,
    resolve: Callable[[str, int], Awaitable[list[IPAddress]]] | None = None,
) -> httpx.AsyncClient:
    """One client per worker: pooled connections, no redirects, no proxy from the environment.

    Every connection goes to an address resolved with `resolve` (default: the system's) and
    judged by `destinations`; `allow_private` lets it reach internal ones (development, tests).
    """
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    backend = PinnedBackend(allow_private=allow_private, resolve=resolve)
    client = httpx.AsyncClient(
        timeout=httpx.Timeout(timeout_s),
        follow_redirects=False,
        trust_env=False,
        transport=_PinnedTransport(backend, limits),
    )
    tracing.instrument_client(client)  # a client span per POST, when tracing is on
    return client


async def post(
    client: httpx.AsyncClient, request: Request, *, timestamp: int, timeout_s: float
) -> Outcome:
    """Send once; `timeout_s` bounds the whole exchange (httpx's bounds each read alone)."""
    try:
        async with asyncio.timeout(timeout_s):
            async with client.stream(
                "POST", request.url, content=request.body, headers=headers_for(request, timestamp)
            ) as response:
                status = response.status_code
    except TimeoutError:
        return Outcome(delivered=False, error=f"no answer within {timeout_s:g} s")
    except (httpx.HTTPError, httpx.InvalidURL, OSError) as error:
        if isinstance(error.__cause__, RefusedDestinationError):
            # Failed like an unreachable receiver: retried, then dead, the reason on record.
            return Outcome(delivered=False, error=f"refused destination: {error}"[:300])
        return Outcome(delivered=False, error=f"{type(error).__name__}: {error}"[:300])
    if 200 <= status < 300:  # noqa: PLR2004 - the 2xx range
        return Outcome(delivered=True, status=status)
    if 300 <= status < 400:  # noqa: PLR2004 - the 3xx range
        return Outcome(
            delivered=False, status=status, error=f"HTTP {status}: redirect not followed"
        )
    return Outcome(delivered=False, status=status, error=f"HTTP {status}")
