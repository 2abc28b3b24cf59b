"""Bearer JWTs: minting for development, verifying for every request."""

import functools
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime, timedelta
from types import MappingProxyType
from typing import Any, Final

import jwt

from shared.auth.principal import Principal
from shared.auth.settings import AuthSettings

_REQUIRED_CLAIMS: Final = ["sub", "iss", "aud", "iat", "exp", "roles", "gemeentecode"]
VERIFIED_TOKENS_KEPT: Final = 4096


class InvalidTokenError(Exception):
    """A token that must not be trusted, for whatever reason; the message says which, for logs.

    One class for every failure, so callers cannot forget a case and accidentally let one through.
    """


def mint_token(  # noqa: PLR0913 - every argument is a claim or the clock; keywords keep it clear
    settings: AuthSettings,
    *,
    subject: str,
    roles: Iterable[str],
    gemeentecode: str,
    ttl: timedelta = timedelta(hours=8),
    now: datetime | None = None,
    youth_id: str | None = None,
    programma: str | None = None,
) -> str:
    """Sign a token with the development key, so work can go on without an identity provider.

    Raises:
        ValueError: unknown role, no role, a gemeentecode that is not 4 digits, a non-positive
            ttl, settings that verify with an external provider's public key, or a `youth_id`
            without role jongere (or that role without one), a `programma` without role
            programmamonitor (or that role without one).
    """
    if settings.uses_public_key:
        raise ValueError("tokens are issued by the identity provider (AUTH_PUBLIC_KEY is set)")
    if ttl <= timedelta(0):
        raise ValueError("ttl must be positive")
    principal = Principal(
        subject=subject, roles=frozenset(roles), gemeentecode=gemeentecode, youth_id=youth_id,
        programma=programma,
    )  # fmt: skip
    issued_at = _aware(now) if now is not None else datetime.now(UTC)
    claims = {
        "sub": principal.subject,
        "roles": sorted(principal.roles),
        "gemeentecode": principal.gemeentecode,
        "iss": settings.issuer,
        "aud": settings.audience,
        "iat": int(issued_at.timestamp()),
        "exp": int((issued_at + ttl).timestamp()),
    }
    if principal.youth_id is not None:
        claims["youth_id"] = principal.youth_id
    if principal.programma is not None:
        claims["programma"] = principal.programma
    return jwt.encode(claims, settings.signing_key.get_secret_value(), algorithm=settings.algorithm)


def decode_token(settings: AuthSettings, token: str, *, now: datetime | None = None) -> Principal:
    """Verify a bearer token and say who presented it; anything doubtful is refused.

    Raises:
        InvalidTokenError: bad signature, expired or not yet valid, wrong issuer or audience,
            a missing claim, or claims that do not make a valid `Principal`.
    """
    key = settings.public_key or settings.signing_key.get_secret_value()
    claims, principal = _verified(
        token, key, settings.algorithm, settings.audience, settings.issuer
    )
    current = _aware(now) if now is not None else datetime.now(UTC)
    _check_validity_period(claims, current.timestamp(), settings.leeway_seconds)
    return principal


@functools.lru_cache(maxsize=VERIFIED_TOKENS_KEPT)
def _verified(
    token: str, key: str, algorithm: str, audience: str, issuer: str
) -> tuple[Mapping[str, Any], Principal]:
    """The claims and principal of a token whose signature, issuer and audience hold.

    Kept by the token's exact text: a client sends the same token with every request, and
    checking its signature again was a twentieth of a request's CPU. Only what never changes
    is kept; the validity period is checked against the clock on every use, and a refused
    token is never kept (an exception is not cached).
    """
    try:
        claims = jwt.decode(
            token,
            key,
            algorithms=[algorithm],
            audience=audience,
            issuer=issuer,
            # Time is checked by the caller against `now`, which PyJWT cannot be given.
            options={
                "require": _REQUIRED_CLAIMS,
                "verify_exp": False,
                "verify_iat": False,
                "verify_nbf": False,
            },
        )
    except jwt.PyJWTError as exc:
        raise InvalidTokenError(str(exc)) from exc
    return MappingProxyType(claims), _principal_from(claims)


def _aware(moment: datetime) -> datetime:
    """Refuse a naive time: it would silently be read as the host's local time."""
    if moment.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    return moment


def _check_validity_period(claims: Mapping[str, Any], now: float, leeway: int) -> None:
    """Apply exp, iat and nbf with the leeway that absorbs clock drift between hosts."""
    if _numeric_date(claims, "exp") <= now - leeway:
        raise InvalidTokenError("token has expired")
    if _numeric_date(claims, "iat") > now + leeway:
        raise InvalidTokenError("token is issued in the future")
    if "nbf" in claims and _numeric_date(claims, "nbf") > now + leeway:
        raise InvalidTokenError("token is not yet valid")


def _numeric_date(claims: Mapping[str, Any], name: str) -> float:
    """Read a JWT NumericDate claim, refusing anything but a number."""
    value = claims[name]
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InvalidTokenError(f"claim {name!r} must be a number")
    return float(value)


def _principal_from(claims: Mapping[str, Any]) -> Principal:
    """Turn verified claims into a principal, refusing claim types a token must not carry."""
    roles = claims["roles"]
    if not isinstance(roles, list) or not all(isinstance(role, str) for role in roles):
        raise InvalidTokenError("claim 'roles' must be a list of strings")
    gemeentecode = claims["gemeentecode"]
    if not isinstance(gemeentecode, str):
        raise InvalidTokenError("claim 'gemeentecode' must be a string")
    youth_id = claims.get("youth_id")
    if youth_id is not None and not isinstance(youth_id, str):
        raise InvalidTokenError("claim 'youth_id' must be a string")
    programma = claims.get("programma")
    if programma is not None and not isinstance(programma, str):
        raise InvalidTokenError("claim 'programma' must be a string")
    try:
        return Principal(
            subject=claims["sub"], roles=frozenset(roles), gemeentecode=gemeentecode,
            youth_id=youth_id, programma=programma,
        )  # fmt: skip
    except ValueError as exc:
        raise InvalidTokenError(str(exc)) from exc
