"""Rendering the web view's templates, with the Dutch words every page may need."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

from fastapi.templating import Jinja2Templates

from services.timeline.web import labels
from services.timeline.web.csrf import FIELD
from services.timeline.web.session import comparison_only, figures_only

if TYPE_CHECKING:
    from collections.abc import Mapping

    from fastapi import Request, Response

    from services.timeline.web.csrf import Csrf

STATIC_PATH = "/ui/static"
TEMPLATES = Jinja2Templates(directory=Path(__file__).parent / "templates")
TEMPLATES.env.globals.update(
    domain_label=labels.domain_label,
    badge=labels.badge,
    day=labels.day,
    month=labels.month,
    programme_label=labels.programme_label,
    domain_order=labels.DOMAIN_ORDER,
)


def static_url(name: str) -> str:
    """A stylesheet's URL as a path of our own: never built from the request's Host header."""
    return f"{STATIC_PATH}/{quote(name)}"


TEMPLATES.env.globals["static_url"] = static_url


def page(request: Request, name: str, context: Mapping[str, object], code: int = 200) -> Response:
    """Render a template with what every page's header needs.

    That is the signed-in employee, and the CSRF token for its forms (sign in, sign out); the
    browser gets the cookie the token is bound to with the page.
    """
    csrf: Csrf = request.app.state.web_csrf
    principal = getattr(request.state, "web_principal", None)
    response = TEMPLATES.TemplateResponse(
        request,
        name,
        {
            "principal": principal,
            # Policy staff's menu holds the report page only.
            "figures_only": figures_only(principal),
            # A programme monitor's menu holds the comparison only.
            "comparison_only": comparison_only(principal),
            "csrf_field": FIELD,
            "csrf_token": csrf.token(request),
            **context,
        },
        status_code=code,
    )
    csrf.keep(request, response)
    return response
