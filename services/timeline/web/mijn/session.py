"""Who is signed in to Mijn regie: a young person's token, in a cookie of /mijn only.

The same verification as the professionals' web view (services/timeline/web/session.py) with
its own cookie, path /mijn: the two page sets never share a session, so a professional's
cookie signs nobody in here and a young person's none on /ui. Only a token with role
`jongere` (which names its youth id: shared/auth/principal.py) opens these pages; a
professional's is refused with a 403 page.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from fastapi import HTTPException, Request, status

from shared.auth import InvalidTokenError, Principal, declare_roles, decode_token
from shared.auth.dependencies import NOT_AUTHENTICATED
from shared.auth.roles import YOUNG_PERSON

if TYPE_CHECKING:
    from collections.abc import Awaitable, Callable

    from fastapi import Response

    from shared.auth import AuthSettings

PREFIX: Final = "/mijn"
COOKIE: Final = "regie_mijn"
LOGIN: Final = f"{PREFIX}/inloggen"
HOME: Final = f"{PREFIX}/plan"
ONLY_YOUNG_PEOPLE: Final = {
    "nl": "Deze pagina's zijn alleen voor jongeren zelf. Medewerkers gebruiken /ui.",
    "en": "These pages are for young people themselves only. Staff use /ui.",
}


def token_of(request: Request) -> str | None:
    """The token this browser signed in with on /mijn, if any."""
    return request.cookies.get(COOKIE) or None


def signed_in(settings: AuthSettings, request: Request) -> Principal | None:
    """Whoever the cookie's valid token names (young person or not), else None."""
    token = token_of(request)
    if token is None:
        return None
    try:
        return decode_token(settings, token)
    except InvalidTokenError:
        return None


def identify(settings: AuthSettings) -> Callable[[Request], Principal | None]:
    """For the processing log: the reader is whoever the verified cookie says."""
    return lambda request: signed_in(settings, request)


def young_person(settings: AuthSettings) -> Callable[[Request], Awaitable[Principal]]:
    """A dependency admitting a signed-in young person only: else 401 (to the form) or 403."""

    async def principal(request: Request) -> Principal:
        caller = signed_in(settings, request)
        if caller is None:
            raise HTTPException(status.HTTP_401_UNAUTHORIZED, NOT_AUTHENTICATED)
        if caller.young_person is None:
            raise HTTPException(status.HTTP_403_FORBIDDEN, ONLY_YOUNG_PEOPLE)
        return caller

    declare_roles(principal, [YOUNG_PERSON])
    return principal


def sign_in(response: Response, token: str, *, secure: bool) -> None:
    """Keep the token for this browser session, on /mijn only, never readable by scripts."""
    response.set_cookie(COOKIE, token, httponly=True, samesite="strict", secure=secure, path=PREFIX)


def sign_out(response: Response, *, secure: bool) -> None:
    """Forget the token."""
    response.delete_cookie(COOKIE, httponly=True, samesite="strict", secure=secure, path=PREFIX)
