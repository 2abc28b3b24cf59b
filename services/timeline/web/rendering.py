"""Rendering the web view's templates, with the Dutch words every page may need."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from fastapi.templating import Jinja2Templates

from services.timeline.web import labels

if TYPE_CHECKING:
    from collections.abc import Mapping

    from fastapi import Request, Response

TEMPLATES = Jinja2Templates(directory=Path(__file__).parent / "templates")
TEMPLATES.env.globals.update(
    domain_label=labels.domain_label,
    badge=labels.badge,
    day=labels.day,
    month=labels.month,
    programme_label=labels.programme_label,
    domain_order=labels.DOMAIN_ORDER,
)


def page(request: Request, name: str, context: Mapping[str, object], code: int = 200) -> Response:
    """Render a template with what every page's header needs (the signed-in employee)."""
    return TEMPLATES.TemplateResponse(
        request,
        name,
        {"principal": getattr(request.state, "web_principal", None), **context},
        status_code=code,
    )
