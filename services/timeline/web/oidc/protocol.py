"""The pure parts of the authorization code flow: PKCE, the flow cookie, the ID token's check.

No I/O here, so each rule that keeps a forged or replayed sign-in out is tested directly
(tests/unit/timeline/test_oidc_protocol.py).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any, Final, Literal
from urllib.parse import urlencode

import jwt

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping, Sequence

Audience = Literal["mijn", "ui"]
"""Whose sign-in a flow is: a young person's (/mijn) or a professional's (/ui)."""

FLOW_SECONDS: Final = 600
"""How long a started sign-in may take at the provider before its cookie is refused."""

_REQUIRED: Final = ["iss", "sub", "aud", "exp", "iat", "nonce"]
# The key type each algorithm family verifies with: never a symmetric ("oct") one.
_KEY_TYPES: Final = {"RS": "RSA", "PS": "RSA", "ES": "EC"}


class FlowError(Exception):
    """The flow cookie or the callback does not belong to a sign-in this browser started."""


class IdTokenError(Exception):
    """An ID token that must not be trusted; the message says why, for the log only."""


class UnknownKeyError(IdTokenError):
    """The token names a key the provider's key set does not hold (yet): fetch it again."""


@dataclass(frozen=True)
class Flow:
    """What the callback must find again: kept in a signed cookie, never on the server.

    `state` ties the callback to this browser (CSRF), `nonce` the ID token to this request
    (replay), `verifier` the code to whoever asked for it (PKCE, a stolen code is useless).
    """

    audience: Audience
    state: str
    nonce: str
    verifier: str
    next: str
    expires: int

    @classmethod
    def start(cls, audience: Audience, next_page: str, now: float) -> Flow:
        """A new flow with fresh random values (256 bits each)."""
        return cls(
            audience=audience, state=secrets.token_urlsafe(32), nonce=secrets.token_urlsafe(32),
            verifier=secrets.token_urlsafe(48), next=next_page, expires=int(now) + FLOW_SECONDS,
        )  # fmt: skip

    @property
    def challenge(self) -> str:
        """PKCE S256: base64url(SHA-256(verifier)), unpadded (RFC 7636 §4.2)."""
        return _b64(hashlib.sha256(self.verifier.encode("ascii")).digest())


def seal(key: bytes, flow: Flow) -> str:
    """The cookie's value: the flow as JSON and its HMAC, so the browser cannot alter it."""
    body = _b64(json.dumps(asdict(flow), separators=(",", ":")).encode())
    return f"{body}.{_b64(_mac(key, body))}"


def open_sealed(key: bytes, value: str, now: float) -> Flow:
    """The flow a cookie holds, if this service sealed it and it has not expired.

    Raises:
        FlowError: no cookie, a cookie not sealed with `key`, malformed, or expired.
    """
    body, _, mac = value.partition(".")
    if not body or not hmac.compare_digest(mac.encode(), _b64(_mac(key, body)).encode()):
        raise FlowError("flow cookie missing or not sealed by this service")
    try:
        data = json.loads(_unb64(body))
        flow = Flow(**data)
    except (ValueError, TypeError) as exc:
        raise FlowError("flow cookie malformed") from exc
    if flow.expires < now:
        raise FlowError("flow cookie expired")
    return flow


def matches(expected: str, sent: str | None) -> bool:
    """Compare a state or nonce in constant time; a missing one never matches."""
    return sent is not None and hmac.compare_digest(expected.encode(), sent.encode())


def authorization_url(  # noqa: PLR0913 - keyword-only, each a part of the request
    endpoint: str,
    *,
    client_id: str,
    redirect_uri: str,
    scopes: str,
    flow: Flow,
    acr_values: Sequence[str] = (),
) -> str:
    """Where to send the browser: the provider's authorization endpoint with our request."""
    asked = {"acr_values": " ".join(acr_values)} if acr_values else {}
    query = urlencode(
        {
            **asked,
            "response_type": "code",
            "client_id": client_id,
            "redirect_uri": redirect_uri,
            "scope": scopes,
            "state": flow.state,
            "nonce": flow.nonce,
            "code_challenge": flow.challenge,
            "code_challenge_method": "S256",
        }
    )
    return f"{endpoint}{'&' if '?' in endpoint else '?'}{query}"


class KeySet:
    """The provider's public signing keys from its JWKS, by `kid`; symmetric keys left out."""

    def __init__(self, jwks: Mapping[str, Any]) -> None:
        """Keep each usable signing key; one that cannot be read is skipped, not fatal."""
        self._keys: list[tuple[str | None, str | None, str, Any]] = []
        entries = jwks.get("keys") if isinstance(jwks, dict) else None
        for entry in entries if isinstance(entries, list) else []:
            if not isinstance(entry, dict) or entry.get("kty") not in {"RSA", "EC"}:
                continue  # an "oct" key would let an HMAC token verify against it
            if entry.get("use", "sig") != "sig":
                continue
            try:
                key = jwt.PyJWK(entry).key
            except jwt.PyJWTError:
                continue
            self._keys.append((entry.get("kid"), entry.get("alg"), entry["kty"], key))

    def __len__(self) -> int:
        """How many usable keys the set holds."""
        return len(self._keys)

    def find(self, kid: str | None, alg: str) -> Any:  # noqa: ANN401 - a cryptography key
        """The key for a token's `kid` (the only key when the token names none).

        Raises:
            UnknownKeyError: no such key, or the key is declared for another algorithm.
        """
        if kid is None:
            candidates = self._keys if len(self._keys) == 1 else []
        else:
            candidates = [k for k in self._keys if k[0] == kid]
        family = _KEY_TYPES.get(alg[:2])
        for _, declared, kty, key in candidates:
            if kty == family and (declared is None or declared == alg):
                return key
        raise UnknownKeyError(f"no signing key {kid!r} for {alg}")


@dataclass(frozen=True)
class Expected:
    """What the ID token must say to be ours: issuer, client, this flow's nonce."""

    issuer: str
    client_id: str
    nonce: str
    algorithms: Iterable[str]
    leeway: int = 30


def verify_id_token(token: str, keys: KeySet, expected: Expected) -> dict[str, Any]:
    """The claims of an ID token this provider signed for this client and this flow.

    Raises:
        UnknownKeyError: the token names a key the set does not hold.
        IdTokenError: anything else: algorithm not allowed (`none`, HMAC), bad signature,
            wrong issuer or audience, another party's token, expired, issued in the
            future, or a nonce not this flow's.
    """
    try:
        header = jwt.get_unverified_header(token)
    except jwt.PyJWTError as exc:
        raise IdTokenError(f"not a JWT: {exc}") from exc
    alg = header.get("alg")
    if not isinstance(alg, str) or alg not in set(expected.algorithms):
        raise IdTokenError(f"algorithm {alg!r} not allowed")
    kid = header.get("kid")
    key = keys.find(kid if isinstance(kid, str) else None, alg)
    try:
        claims: dict[str, Any] = jwt.decode(
            token,
            key,
            algorithms=[alg],
            audience=expected.client_id,
            issuer=expected.issuer,
            leeway=expected.leeway,
            options={"require": _REQUIRED},
        )
    except (jwt.PyJWTError, TypeError, ValueError) as exc:
        raise IdTokenError(str(exc)) from exc
    audience = claims["aud"]
    if isinstance(audience, list) and len(audience) > 1 and claims.get("azp") != expected.client_id:
        raise IdTokenError("token for several audiences without azp naming this client")
    if not isinstance(claims["nonce"], str) or not matches(expected.nonce, claims["nonce"]):
        raise IdTokenError("nonce is not this sign-in's")
    if not isinstance(claims["sub"], str) or not claims["sub"]:
        raise IdTokenError("claim 'sub' must be a non-empty string")
    return claims


def flow_key(signing_key: bytes) -> bytes:
    """The flow cookie's own key, derived from the platform's, so neither stands for the other."""
    return hmac.new(signing_key, b"regie-oidc-flow", hashlib.sha256).digest()


def _mac(key: bytes, body: str) -> bytes:
    return hmac.new(key, body.encode("ascii"), hashlib.sha256).digest()


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
