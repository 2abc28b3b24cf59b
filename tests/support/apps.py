"""Run a service's FastAPI app in-process (with its lifespan) against the real servers."""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING

import httpx

from shared.auth import AuthSettings, mint_token
from shared.settings import PlatformSettings

if TYPE_CHECKING:
    from collections.abc import AsyncIterator

    from fastapi import FastAPI

    from shared.devstack import Endpoints


def platform_settings(endpoints: Endpoints) -> PlatformSettings:
    """Settings pointing at the test servers, with a short group join for the embedded broker."""
    return PlatformSettings(
        database_url=endpoints.database_url,
        kafka_bootstrap_servers=endpoints.kafka_bootstrap,
        # The embedded broker holds a new group's join for half the session timeout, rounded
        # up to whole seconds: 2 s joins in 1 s (3 s took 2 s, a test's setup paid it per
        # consumer). 1 s made a loaded machine's slow heartbeats rebalance again and again.
        kafka_session_timeout_ms=2000,
    )


def token(*roles: str, gemeente: str = "0518", sub: str = "medewerker-1") -> str:
    """A valid development token."""
    return mint_token(AuthSettings(), subject=sub, roles=roles, gemeentecode=gemeente)


def bearer(*roles: str, gemeente: str = "0518", sub: str = "medewerker-1") -> dict[str, str]:
    """The Authorization header for `roles` in `gemeente`, for employee `sub`."""
    return {"Authorization": f"Bearer {token(*roles, gemeente=gemeente, sub=sub)}"}


@contextlib.asynccontextmanager
async def serve(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    """Start the app's lifespan and give an HTTP client bound to it."""
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://service") as client:
            yield client
