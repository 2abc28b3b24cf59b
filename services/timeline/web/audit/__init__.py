"""The audit pages of the web view: Tijdreis, Verwerkingen and Integriteit.

For the auditor and the privacy officer only (`AUDIT_ROLES`); everyone else gets 403. They
read through the same engines as the command line (as-of, the processing logs, the scheduled
verification's results) and never change anything.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from services.timeline.web.audit.integriteit_page import add_integriteit_page
from services.timeline.web.audit.roles import AUDIT_ROLES
from services.timeline.web.audit.tijdreis_page import add_tijdreis_page
from services.timeline.web.audit.verwerkingen_page import add_verwerkingen_page

if TYPE_CHECKING:
    from fastapi import APIRouter

    from services.timeline.settings import TimelineSettings
    from shared.auth import AuthSettings

__all__ = ["AUDIT_ROLES", "add_audit_pages"]


def add_audit_pages(router: APIRouter, auth: AuthSettings, settings: TimelineSettings) -> None:
    """The three audit pages on the web view's router."""
    add_tijdreis_page(router, auth, settings)
    add_verwerkingen_page(router, auth, settings)
    add_integriteit_page(router, auth, settings)
