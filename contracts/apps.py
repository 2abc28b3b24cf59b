"""Every service's app, built (never started) so the tools publish exactly what it serves.

`/asyncapi.json` and `/events` are computed when an app is built and kept on `app.state`
(shared/http.py); the committed documents under docs/ are those values, so a served document
and a committed one cannot come from different code.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from services.coaching.bootstrap import create_app as coaching
from services.debts.bootstrap import create_app as debts
from services.housing.bootstrap import create_app as housing
from services.income.bootstrap import create_app as income
from services.intake.bootstrap import create_app as intake
from services.notifications.bootstrap import create_app as notifications
from services.timeline.bootstrap import create_app as timeline

if TYPE_CHECKING:
    from collections.abc import Callable

    from fastapi import FastAPI

# In the order the documentation lists them: the domains as a young person meets them.
SERVICE_APPS: dict[str, Callable[[], FastAPI]] = {
    "intake": intake,
    "debts": debts,
    "housing": housing,
    "coaching": coaching,
    "income": income,
    "timeline": timeline,
    "notifications": notifications,
}


def served_documents() -> dict[str, tuple[dict[str, Any], dict[str, Any] | None]]:
    """Per service: its AsyncAPI document, and its event catalogue if it publishes events."""
    documents: dict[str, tuple[dict[str, Any], dict[str, Any] | None]] = {}
    for name, create_app in SERVICE_APPS.items():
        state = create_app().state
        documents[name] = (state.asyncapi, getattr(state, "event_catalogue", None))
    return documents
