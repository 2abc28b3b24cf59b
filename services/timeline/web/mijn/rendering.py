"""Rendering Mijn regie's pages: the web view's templates and words, its own CSRF cookie."""

from __future__ import annotations

from typing import TYPE_CHECKING

from services.timeline.web.csrf import FIELD
from services.timeline.web.mijn import words
from services.timeline.web.rendering import TEMPLATES

if TYPE_CHECKING:
    from collections.abc import Mapping

    from fastapi import Request, Response

    from services.timeline.web.csrf import Csrf


def mijn_page(
    request: Request, name: str, context: Mapping[str, object], code: int = 200
) -> Response:
    """Render a /mijn template with the signed-in young person and the form token."""
    csrf: Csrf = request.app.state.mijn_csrf
    response = TEMPLATES.TemplateResponse(
        request,
        name,
        {
            "principal": getattr(request.state, "mijn_principal", None),
            "csrf_field": FIELD,
            "csrf_token": csrf.token(request),
            "words": words,
            **context,
        },
        status_code=code,
    )
    csrf.keep(request, response)
    return response
