"""The jongerenregisseur's web view: server-rendered Dutch pages under /ui, no build step."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlencode

from fastapi.exception_handlers import http_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import RedirectResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException

from services.timeline.web.csrf import Csrf
from services.timeline.web.mijn import install_mijn, is_mijn, mijn_error
from services.timeline.web.mijn.session import LOGIN as MIJN_LOGIN
from services.timeline.web.oidc.routes import install_oidc
from services.timeline.web.rendering import page
from services.timeline.web.routes import LOGIN, build_web_router
from services.timeline.web.session import signed_in
from shared.http_input import validation_refusal

if TYPE_CHECKING:
    from fastapi import FastAPI, Request, Response

    from services.timeline.settings import TimelineSettings
    from shared.auth import AuthSettings

PREFIX = "/ui"
STATIC = Path(__file__).parent / "static"
TITLES = {
    403: ("Geen toegang", "U hebt geen toegang tot deze pagina."),
    404: ("Niet gevonden", "Deze pagina of jongere bestaat niet."),
    422: ("Ongeldige invoer", "Het adres van deze pagina klopt niet."),
}


def install_web_view(app: FastAPI, auth: AuthSettings, settings: TimelineSettings) -> None:
    """Mount the pages and their stylesheet; errors under /ui answer as pages, not JSON.

    One CSRF signer for the app: the router checks every unsafe request with it, and every
    page (error pages too) puts its token in the forms it renders. The young person's own
    pages, /mijn, are mounted beside it with their own cookies (services/timeline/web/mijn);
    signing in through the municipality's provider too, when `OIDC_*` configure it
    (services/timeline/web/oidc).
    """
    app.state.web_csrf = csrf = Csrf()
    app.include_router(build_web_router(auth, settings, csrf))
    install_mijn(app, auth, settings)
    install_oidc(app, auth, settings)
    app.mount(f"{PREFIX}/static", StaticFiles(directory=STATIC), name="web-static")

    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)  # noqa: S101 - registered for HTTPException only
        if is_mijn(request):
            if exc.status_code == 401:  # noqa: PLR2004 - HTTP Unauthorized
                return RedirectResponse(MIJN_LOGIN, 303)
            return mijn_error(request, auth, exc.status_code, exc.detail)
        if not _is_web(request):
            return await http_exception_handler(request, exc)
        if exc.status_code == 401:  # noqa: PLR2004 - HTTP Unauthorized
            wanted = request.url.path + (f"?{request.url.query}" if request.url.query else "")
            return RedirectResponse(f"{LOGIN}?{urlencode({'volgende': wanted})}", 303)
        request.state.web_principal = signed_in(auth, request)
        return _error_page(request, exc.status_code, exc.detail)

    async def invalid(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)  # noqa: S101 - registered for it only
        if is_mijn(request):
            return mijn_error(request, auth, 422, None)
        if not _is_web(request):
            return await validation_refusal(request, exc)
        request.state.web_principal = signed_in(auth, request)
        return _error_page(request, 422, None)

    app.add_exception_handler(HTTPException, http_error)
    app.add_exception_handler(RequestValidationError, invalid)


def _is_web(request: Request) -> bool:
    return request.url.path == PREFIX or request.url.path.startswith(f"{PREFIX}/")


def _error_page(request: Request, code: int, detail: object) -> Response:
    title, message = TITLES.get(code, ("Er ging iets mis", "Probeer het later opnieuw."))
    english = None
    if isinstance(detail, dict) and isinstance(detail.get("nl"), str):
        message = detail["nl"]
        english = detail.get("en") if isinstance(detail.get("en"), str) else None
    elif isinstance(detail, str) and code in TITLES:
        message = detail
    context = {"title": title, "message": message, "english": english}
    return page(request, "fout.html", context, code)
