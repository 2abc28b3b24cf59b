"""Every service's app, built (never started) so the tools publish exactly what it serves.

`/asyncapi.json` and `/events` are computed when an app is built and kept on `app.state`
(shared/http.py); the committed documents under docs/ are those values, so a served document
and a committed one cannot come from different code.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from contracts.services import app_factories

if TYPE_CHECKING:
    from collections.abc import Callable

    from fastapi import FastAPI

# In the order the documentation lists them: the domains as a young person meets them, then
# the readers (contracts/services.py finds them; none is listed here).
SERVICE_APPS: dict[str, Callable[[], FastAPI]] = app_factories()


def served_documents() -> dict[str, tuple[dict[str, Any], dict[str, Any] | None]]:
    """Per service: its AsyncAPI document, and its event catalogue if it publishes events."""
    documents: dict[str, tuple[dict[str, Any], dict[str, Any] | None]] = {}
    for name, create_app in SERVICE_APPS.items():
        state = create_app().state
        documents[name] = (state.asyncapi, getattr(state, "event_catalogue", None))
    return documents
