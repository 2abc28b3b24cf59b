"""The identity provider over HTTP: its discovery document, its keys, its token endpoint.

Keys are fetched from the `jwks_uri` and kept; a token naming a `kid` the kept set lacks
(the provider rotated its key) fetches them once more, at most every `jwks_refetch_s`
seconds, so two keys are trusted at once during a rotation and nobody restarts a service.
Every failure to reach the provider, or an answer that is not what the protocol says, is a
`ProviderUnavailableError`: the page says "try later", never a 5xx.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import httpx
import structlog

from services.timeline.web.oidc.protocol import (
    Expected,
    KeySet,
    UnknownKeyError,
    verify_id_token,
)
from services.timeline.web.oidc.settings import is_safe_url

if TYPE_CHECKING:
    from collections.abc import Callable

    from services.timeline.web.oidc.settings import OidcSettings

log = structlog.get_logger("web")


class ProviderUnavailableError(Exception):
    """The provider did not answer, or not as OpenID Connect says it must."""


class CodeRefusedError(Exception):
    """The token endpoint refused the code: used before, expired, or not ours."""


@dataclass(frozen=True)
class Metadata:
    """What the discovery document tells: where to send the browser, the code, for the keys."""

    issuer: str
    authorization_endpoint: str
    token_endpoint: str
    jwks_uri: str


class OidcProvider:
    """One provider, as the settings name it; shared by every request of the app."""

    def __init__(
        self,
        settings: OidcSettings,
        client: httpx.AsyncClient | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        """Ask over `client` (tests: one bound to a local provider), else a client per call."""
        if settings.issuer is None:
            raise ValueError("OidcProvider needs OIDC_ISSUER")
        self._settings = settings
        self._issuer = settings.issuer
        self._client = client
        self._clock = clock
        self._metadata: tuple[float, Metadata] | None = None
        self._keys: KeySet | None = None
        self._keys_at = float("-inf")
        self._lock = asyncio.Lock()

    async def metadata(self) -> Metadata:
        """The discovery document, fetched again after `discovery_ttl_s`.

        Raises:
            ProviderUnavailableError: unreachable, or a document for another issuer or with
                an endpoint that is not https.
        """
        now = self._clock()
        if self._metadata is not None and now - self._metadata[0] < self._settings.discovery_ttl_s:
            return self._metadata[1]
        url = f"{self._issuer.rstrip('/')}/.well-known/openid-configuration"
        found = await self._json("GET", url)
        fields = ("issuer", "authorization_endpoint", "token_endpoint", "jwks_uri")
        values = {name: found.get(name) for name in fields}
        if not all(isinstance(v, str) for v in values.values()):
            raise ProviderUnavailableError("discovery document lacks an endpoint")
        if values["issuer"] != self._issuer:  # OpenID Connect Discovery §4.3
            raise ProviderUnavailableError("discovery document names another issuer")
        if not all(is_safe_url(str(values[n])) for n in fields[1:]):
            raise ProviderUnavailableError("an endpoint is not https")
        methods = found.get("code_challenge_methods_supported")
        if isinstance(methods, list) and "S256" not in methods:
            raise ProviderUnavailableError("the provider does not offer PKCE S256")
        metadata = Metadata(**{name: str(value) for name, value in values.items()})
        self._metadata = (now, metadata)
        return metadata

    async def exchange(self, code: str, verifier: str, redirect_uri: str) -> str:
        """Trade the code (with the PKCE verifier) for the ID token, at the token endpoint.

        Raises:
            CodeRefusedError: the provider refused the code (a 4xx: used, expired, not ours).
            ProviderUnavailableError: unreachable, or an answer without an ID token.
        """
        metadata = await self.metadata()
        form = {
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": redirect_uri,
            "code_verifier": verifier,
            "client_id": self._settings.client_id,
        }
        secret = self._settings.client_secret
        auth = (self._settings.client_id, secret.get_secret_value()) if secret else None
        answer = await self._json("POST", metadata.token_endpoint, data=form, auth=auth)
        token = answer.get("id_token")
        if not isinstance(token, str):
            raise ProviderUnavailableError("token endpoint answered no id_token")
        return token

    async def verify(self, id_token: str, nonce: str) -> dict[str, Any]:
        """The ID token's claims, checked against the provider's current keys.

        Raises:
            IdTokenError: the token is not to be trusted (see `verify_id_token`).
            ProviderUnavailableError: the keys could not be fetched.
        """
        expected = Expected(
            issuer=self._issuer, client_id=self._settings.client_id, nonce=nonce,
            algorithms=self._settings.algorithms,
        )  # fmt: skip
        keys = await self._key_set(refresh=False)
        try:
            return verify_id_token(id_token, keys, expected)
        except UnknownKeyError:
            refreshed = await self._key_set(refresh=True)
            if refreshed is keys:
                raise
            return verify_id_token(id_token, refreshed, expected)

    async def _key_set(self, *, refresh: bool) -> KeySet:
        """The kept keys; fetched when none are kept, or on `refresh` when not fetched lately."""
        async with self._lock:
            stale = self._clock() - self._keys_at >= self._settings.jwks_refetch_s
            if self._keys is None or (refresh and stale):
                metadata = await self.metadata()
                self._keys = KeySet(await self._json("GET", metadata.jwks_uri))
                self._keys_at = self._clock()
                log.info("web.oidc_keys_fetched", keys=len(self._keys))
            return self._keys

    async def _json(
        self,
        method: str,
        url: str,
        data: dict[str, str] | None = None,
        auth: tuple[str, str] | None = None,
    ) -> dict[str, Any]:
        """One request's JSON object; a 4xx of the token endpoint is a refused code."""
        try:
            if self._client is not None:
                response = await self._client.request(method, url, data=data, auth=auth)
            else:
                timeout = httpx.Timeout(self._settings.http_timeout_s)
                async with httpx.AsyncClient(timeout=timeout, follow_redirects=False) as client:
                    response = await client.request(method, url, data=data, auth=auth)
        except httpx.HTTPError as exc:
            raise ProviderUnavailableError(f"{url}: {type(exc).__name__}") from exc
        if method == "POST" and 400 <= response.status_code < 500:  # noqa: PLR2004 - 4xx
            raise CodeRefusedError(f"token endpoint answered {response.status_code}")
        if response.status_code != 200:  # noqa: PLR2004 - HTTP OK
            raise ProviderUnavailableError(f"{url}: answered {response.status_code}")
        try:
            found = response.json()
        except ValueError as exc:
            raise ProviderUnavailableError(f"{url}: not JSON") from exc
        if not isinstance(found, dict):
            raise ProviderUnavailableError(f"{url}: not a JSON object")
        return found
