"""Cross-site request forgery: a form that changes something must come from our own page.

SameSite=Strict on the session cookie is not enough: signing in needs no cookie at all, so
another site could sign a browser in as the attacker (login CSRF), and signing out is a
forgeable nuisance. So every unsafe request under /ui passes two checks:

- A signed double-submit token: a random nonce in an HttpOnly, SameSite=Strict cookie, and in
  each form a hidden field holding HMAC(key, nonce). Another site can neither read the cookie
  nor compute the field; a sibling subdomain that plants a cookie still cannot sign it. The
  nonce is renewed when someone signs in or out, so a token never outlives its session.
- When the browser says where the post comes from (`Sec-Fetch-Site`, `Origin`, else
  `Referer`), it must be this very site. Only the host is compared, not the scheme: behind a
  TLS-terminating proxy the app sees http where the browser says https. A proxy that rewrites
  `Host` should pass the original in `X-Forwarded-Host` (no browser lets a page set either).

The key is `TIMELINE_WEB_CSRF_KEY`; unset, each process draws its own, which is enough for one
replica (a restart only asks for a reload of an open form). Several replicas need the same key.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
from typing import TYPE_CHECKING, Final
from urllib.parse import parse_qs, urlsplit

# Request at runtime: FastAPI resolves the dependency's annotations.
from fastapi import HTTPException, Request, status
from pydantic import SecretStr  # noqa: TC002 - pydantic needs it at runtime
from pydantic_settings import BaseSettings, SettingsConfigDict

if TYPE_CHECKING:
    from fastapi import Response

COOKIE: Final = "regie_csrf"
FIELD: Final = "csrf"
SAFE_METHODS: Final = frozenset({"GET", "HEAD", "OPTIONS"})
_NONCE: Final = re.compile(r"[A-Za-z0-9_-]{43}")  # 32 random bytes, URL-safe base64
FORGED: Final = {
    "nl": "Dit formulier kwam niet van deze site of is verlopen. "
    "Laad de pagina opnieuw en probeer het nog eens.",
    "en": "This form did not come from this site or has expired. Reload the page and try again.",
}


class CsrfSettings(BaseSettings):
    """The key the form tokens are signed with (env `TIMELINE_WEB_CSRF_KEY`)."""

    model_config = SettingsConfigDict(env_prefix="TIMELINE_WEB_", extra="ignore", frozen=True)

    csrf_key: SecretStr | None = None


class Csrf:
    """Issues the nonce cookie and the form token; refuses an unsafe request without them."""

    def __init__(self, key: bytes | None = None, *, path: str = "/ui") -> None:
        """Sign with `key`, else with the configured key, else with one of this process.

        `path`: the page set whose cookie this is (/ui, or the young person's /mijn).
        """
        self._path = path
        if key is None:
            configured = CsrfSettings().csrf_key
            key = configured.get_secret_value().encode() if configured else secrets.token_bytes(32)
        self._key = key

    def token(self, request: Request) -> str:
        """The token the page's forms carry: bound to this browser's nonce (new if it has none)."""
        return self._sign(self._nonce(request))

    def keep(self, request: Request, response: Response) -> None:
        """Set the nonce cookie when this request drew a new one for its forms."""
        nonce = getattr(request.state, "csrf_new_nonce", None)
        if nonce is not None:
            _set(response, nonce, secure=request.url.scheme == "https", path=self._path)

    def renew(self, request: Request, response: Response) -> None:
        """A fresh nonce on signing in or out: the previous session's tokens stop working."""
        secure = request.url.scheme == "https"
        _set(response, secrets.token_urlsafe(32), secure=secure, path=self._path)

    async def verify(self, request: Request) -> None:
        """A dependency on the whole web view: unsafe requests must be same-site and signed.

        Raises:
            HTTPException: 403 with the reason in Dutch and English.
        """
        if request.method in SAFE_METHODS:
            return
        nonce = request.cookies.get(COOKIE, "")
        form = parse_qs((await request.body()).decode("utf-8", errors="replace"))
        sent = next(iter(form.get(FIELD, [])), "")
        signed = _NONCE.fullmatch(nonce) is not None and hmac.compare_digest(
            sent.encode(), self._sign(nonce).encode()
        )
        if not (signed and same_site(request)):
            raise HTTPException(status.HTTP_403_FORBIDDEN, FORGED)

    def _nonce(self, request: Request) -> str:
        nonce = request.cookies.get(COOKIE, "")
        if _NONCE.fullmatch(nonce):
            return nonce
        drawn: str | None = getattr(request.state, "csrf_new_nonce", None)
        if drawn is None:
            drawn = request.state.csrf_new_nonce = secrets.token_urlsafe(32)
        return drawn

    def _sign(self, nonce: str) -> str:
        digest = hmac.new(self._key, b"regie-web-csrf:" + nonce.encode(), hashlib.sha256).digest()
        return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def same_site(request: Request) -> bool:
    """Whether the browser's own word on where the request comes from is this site.

    A browser that says nothing (no fetch metadata, Origin or Referer) leaves it to the token.
    """
    site = request.headers.get("sec-fetch-site")
    if site is not None and site not in {"same-origin", "none"}:
        return False
    source = request.headers.get("origin") or request.headers.get("referer")
    if source is None:
        return True
    parts = urlsplit(source)
    hosts = {request.headers.get("host"), request.headers.get("x-forwarded-host")} - {None}
    return parts.scheme in {"http", "https"} and parts.netloc.lower() in {
        h.lower() for h in hosts if h
    }


def _set(response: Response, nonce: str, *, secure: bool, path: str) -> None:
    response.set_cookie(COOKIE, nonce, httponly=True, samesite="strict", secure=secure, path=path)
