"""The audit pages of the web view (Tijdreis, Verwerkingen, Integriteit), and the destruction list.

The audit pages are for the auditor and the privacy officer only (`AUDIT_ROLES`); everyone
else gets 403. They read through the same engines as the command line (as-of, the processing
logs, the scheduled verification's results) and never change anything. The Vernietigingslijst
is the archivaris's and the privacy officer's: it passes their decisions on to intake. On
Verzoeken the privacy officer answers a young person's request, through intake as well.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from services.timeline.web.audit.integriteit_page import add_integriteit_page
from services.timeline.web.audit.roles import AUDIT_ROLES
from services.timeline.web.audit.tijdreis_page import add_tijdreis_page
from services.timeline.web.audit.vernietigingslijst_page import add_vernietigingslijst_page
from services.timeline.web.audit.verwerkingen_page import add_verwerkingen_page
from services.timeline.web.audit.verzoeken_page import add_verzoeken_page

if TYPE_CHECKING:
    from fastapi import APIRouter

    from services.timeline.settings import TimelineSettings
    from shared.auth import AuthSettings

__all__ = ["AUDIT_ROLES", "add_audit_pages"]


def add_audit_pages(router: APIRouter, auth: AuthSettings, settings: TimelineSettings) -> None:
    """The three audit pages, the destruction list's and the requests', on the web view's router."""
    add_tijdreis_page(router, auth, settings)
    add_verwerkingen_page(router, auth, settings)
    add_integriteit_page(router, auth, settings)
    add_vernietigingslijst_page(router, auth, settings)
    add_verzoeken_page(router, auth, settings)
