"""Mijn regie: the young person's own pages under /mijn (issue 23), beside the web view's /ui."""

from __future__ import annotations

from typing import TYPE_CHECKING

from services.timeline.web.csrf import Csrf
from services.timeline.web.mijn.pages import build_mijn_router
from services.timeline.web.mijn.rendering import mijn_page
from services.timeline.web.mijn.session import LOGIN, PREFIX, signed_in

if TYPE_CHECKING:
    from fastapi import FastAPI, Request, Response

    from services.timeline.settings import TimelineSettings
    from shared.auth import AuthSettings

TITLES = {
    403: ("Geen toegang", "Je mag deze pagina niet zien."),
    404: ("Niet gevonden", "Deze pagina bestaat niet."),
    422: ("Dat klopt niet", "Het adres van deze pagina klopt niet."),
}


def install_mijn(app: FastAPI, auth: AuthSettings, settings: TimelineSettings) -> None:
    """Mount /mijn with its own CSRF cookie (path /mijn), so no cookie is shared with /ui."""
    app.state.mijn_csrf = csrf = Csrf(path=PREFIX)
    app.include_router(build_mijn_router(auth, settings, csrf))


def is_mijn(request: Request) -> bool:
    """Whether the request is for one of the young person's pages."""
    return request.url.path == PREFIX or request.url.path.startswith(f"{PREFIX}/")


def mijn_error(request: Request, auth: AuthSettings, code: int, detail: object) -> Response:
    """An error on /mijn as a page in plain Dutch (English beside), never JSON or a 5xx."""
    caller = signed_in(auth, request)
    request.state.mijn_principal = caller if caller and caller.young_person else None
    title, message = TITLES.get(code, ("Er ging iets mis", "Probeer het later nog eens."))
    english = None
    if isinstance(detail, dict) and isinstance(detail.get("nl"), str):
        message = detail["nl"]
        english = detail.get("en") if isinstance(detail.get("en"), str) else None
    context = {"title": title, "message": message, "english": english, "login": LOGIN}
    return mijn_page(request, "mijn/fout.html", context, code)
