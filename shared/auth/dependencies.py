"""FastAPI integration: every route states which roles may call it, and gets the `Principal`.

Protect a whole app with `FastAPI(dependencies=[Depends(authenticator.require())])`, and name
roles per route with `Annotated[Principal, Depends(authenticator.require("intake"))]`.
"""

import weakref
from collections.abc import Awaitable, Callable, Iterable
from typing import Annotated, Final

import structlog
from fastapi import Depends, HTTPException, status
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from shared.auth.principal import Principal
from shared.auth.roles import ROLES
from shared.auth.settings import AuthSettings
from shared.auth.tokens import InvalidTokenError, decode_token

log = structlog.get_logger("auth")

# Refusals in Dutch and English, as every other refusal of the platform.
NOT_AUTHENTICATED: Final = {
    "nl": "Niet ingelogd: geen geldig token",
    "en": "Not signed in: no valid token",
}
ROLE_MISSING: Final = {
    "nl": "Geen toegang: rol ontbreekt",
    "en": "No access: your role may not do this",
}
OTHER_GEMEENTE: Final = {
    "nl": "Geen toegang tot gegevens van een andere gemeente",
    "en": "No access to another municipality's data",
}

# auto_error=False: a missing header must give our 401 with a Dutch detail, not FastAPI's.
_bearer = HTTPBearer(
    auto_error=False,
    bearerFormat="JWT",
    description="JWT met de claims sub, roles en gemeentecode.",
)
_Credentials = Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]

PrincipalDependency = Callable[[HTTPAuthorizationCredentials | None], Awaitable[Principal]]
"""What `Authenticator.require` returns: a FastAPI dependency that yields the caller."""


# The roles each built dependency admits, so the processing register (AVG art. 30) names who
# may call a route from the route itself; weak, so a discarded app takes its entries along.
_ROLES: Final[weakref.WeakKeyDictionary[Callable[..., object], frozenset[str]]] = (
    weakref.WeakKeyDictionary()
)


def declare_roles(dependency: Callable[..., object], roles: Iterable[str]) -> None:
    """Note that `dependency` admits `roles` (none: any signed-in role), for `required_roles`."""
    _ROLES[dependency] = frozenset(roles)


def required_roles(dependency: object) -> frozenset[str] | None:
    """The roles a role-checking dependency admits (empty: any); None for other dependencies."""
    if not callable(dependency):
        return None
    try:
        return _ROLES.get(dependency)
    except TypeError:  # not weakly referable (a bound method, a builtin): not a role check
        return None


def ensure_tenant(principal: Principal, gemeentecode: str) -> None:
    """Stop an employee from touching another municipality's data, once a route knows whose.

    Raises:
        HTTPException: 403 when the data belongs to a different municipality.
    """
    if principal.gemeentecode != gemeentecode:
        log.info(
            "auth.other_gemeente",
            actor=principal.actor,
            own=principal.gemeentecode,
            requested=gemeentecode,
        )
        raise HTTPException(status_code=status.HTTP_403_FORBIDDEN, detail=OTHER_GEMEENTE)


class Authenticator:
    """Binds the token settings once, so routes only say which roles they accept."""

    ensure_tenant = staticmethod(ensure_tenant)

    def __init__(self, settings: AuthSettings) -> None:
        """Keep the settings every request's token is verified against."""
        self._settings = settings

    def require(self, *roles: str) -> PrincipalDependency:
        """Build a dependency admitting a valid token holding any of `roles` (or any role if none).

        Raises:
            ValueError: a role the domain does not know, so a typo fails at startup, not silently.
        """
        unknown = set(roles) - ROLES
        if unknown:
            raise ValueError(f"unknown role(s): {', '.join(sorted(unknown))}")
        accepted = frozenset(roles)

        async def principal(credentials: _Credentials) -> Principal:
            caller = self._authenticate(credentials)
            if accepted and not caller.has_any(*accepted):
                log.info("auth.role_missing", actor=caller.actor, required=sorted(accepted))
                raise HTTPException(status_code=status.HTTP_403_FORBIDDEN, detail=ROLE_MISSING)
            return caller

        declare_roles(principal, accepted)
        return principal

    def _authenticate(self, credentials: HTTPAuthorizationCredentials | None) -> Principal:
        """Verify the bearer token, answering 401 for a missing or untrustworthy one."""
        if credentials is None:
            raise _not_authenticated()
        try:
            return decode_token(self._settings, credentials.credentials)
        except InvalidTokenError as exc:
            log.info("auth.token_rejected", reason=str(exc))
            raise _not_authenticated() from exc


def _not_authenticated() -> HTTPException:
    """A 401 that tells the client, per RFC 6750, to come back with a bearer token."""
    return HTTPException(
        status_code=status.HTTP_401_UNAUTHORIZED,
        detail=NOT_AUTHENTICATED,
        headers={"WWW-Authenticate": "Bearer"},
    )
