"""Who is signed in to the web view: the development token, kept in an HttpOnly cookie.

The cookie holds the token itself, verified on every request exactly as the API verifies a
bearer token (shared.auth), so an expired or forged one signs nobody in. HttpOnly keeps it
from scripts; SameSite=Strict keeps other sites from sending it along. The forms carry a CSRF
token besides (services.timeline.web.csrf): signing in needs no cookie to be forged.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import structlog

# Request at runtime: FastAPI resolves the dependency's annotations.
from fastapi import HTTPException, Request, status

from shared.auth import InvalidTokenError, Principal, declare_roles, decode_token
from shared.auth.dependencies import NOT_AUTHENTICATED, ROLE_MISSING

if TYPE_CHECKING:
    from collections.abc import Awaitable, Callable

    from fastapi import Response

    from shared.auth import AuthSettings

log = structlog.get_logger("web")

COOKIE = "regie_sessie"
HOME = "/ui/jongeren"
REPORTS = "/ui/rapportage"
COMPARISON = "/ui/vergelijking"
# Roles that read figures only: their web view is the report page (the programme monitor's
# the comparison), and its menu only that.
FIGURES_ONLY = frozenset({"beleidsmedewerker", "programmamonitor"})
MONITOR = "programmamonitor"


def figures_only(principal: Principal | None) -> bool:
    """Whether every role the employee holds reads figures only (policy staff, a monitor)."""
    return principal is not None and principal.roles <= FIGURES_ONLY


def comparison_only(principal: Principal | None) -> bool:
    """Whether the employee is a programme monitor: the comparison is all its web view holds."""
    return principal is not None and MONITOR in principal.roles


def home_of(principal: Principal | None) -> str:
    """Where the web view opens: the comparison for a monitor, the report for policy staff."""
    if comparison_only(principal):
        return COMPARISON
    return REPORTS if figures_only(principal) else HOME


def token_of(request: Request) -> str | None:
    """The token the browser sent, if any."""
    return request.cookies.get(COOKIE) or None


def signed_in(settings: AuthSettings, request: Request) -> Principal | None:
    """The employee whose valid token the cookie holds, else None.

    Verified once per request: the role check, the processing log and an error page all ask,
    and get the same answer for the same cookie.
    """
    token = token_of(request)
    if token is None:
        return None
    known = getattr(request.state, "web_caller", None)
    if isinstance(known, tuple) and known[0] == token:
        caller: Principal | None = known[1]
        return caller
    try:
        caller = decode_token(settings, token)
    except InvalidTokenError as exc:
        log.info("web.token_rejected", reason=str(exc))
        caller = None
    request.state.web_caller = (token, caller)
    return caller


def identify_by_cookie(settings: AuthSettings) -> Callable[[Request], Principal | None]:
    """For the processing log: the reader is whoever the verified cookie says."""
    return lambda request: signed_in(settings, request)


def require(settings: AuthSettings, *roles: str) -> Callable[[Request], Awaitable[Principal]]:
    """A dependency admitting a signed-in employee with any of `roles`: else 401 or 403.

    The web view's error handler turns the 401 into a redirect to the login page.
    """

    async def principal(request: Request) -> Principal:
        caller = signed_in(settings, request)
        if caller is None:
            raise HTTPException(status.HTTP_401_UNAUTHORIZED, NOT_AUTHENTICATED)
        if roles and not caller.has_any(*roles):
            raise HTTPException(status.HTTP_403_FORBIDDEN, ROLE_MISSING)
        return caller

    declare_roles(principal, roles)
    return principal


def sign_in(response: Response, token: str, *, secure: bool) -> None:
    """Keep the token for this browser session only; never readable by scripts."""
    response.set_cookie(COOKIE, token, httponly=True, samesite="strict", secure=secure, path="/ui")


def sign_out(response: Response, *, secure: bool) -> None:
    """Forget the token."""
    response.delete_cookie(COOKIE, httponly=True, samesite="strict", secure=secure, path="/ui")


def safe_next(target: str | None) -> str:
    """Where to go after signing in: only a page of the web view, never another site."""
    if target and target.startswith("/ui/") and not target.startswith("//") and "\\" not in target:
        return target
    return HOME
