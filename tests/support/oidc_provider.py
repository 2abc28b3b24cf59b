"""A small but real OpenID Connect provider for tests, served by uvicorn on 127.0.0.1.

It speaks the authorization code flow as a municipality's provider would: discovery, a JWKS,
an `/authorize` that approves at once and sends the browser back with a code, and a `/token`
that checks the code (once only), the PKCE verifier and the redirect URI, and answers an RS256
ID token. `Behaviour` lets a test make it misbehave: another audience, an expired token, a
wrong nonce, a key it does not publish, `alg: none`, or no answer at all.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import hashlib
import secrets
import socket
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, urlencode

import jwt
import uvicorn
from cryptography.hazmat.primitives.asymmetric import rsa
from starlette.applications import Starlette
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route

if TYPE_CHECKING:
    from collections.abc import AsyncIterator

    from starlette.requests import Request

CLIENT_ID = "regie-test"
CLIENT_SECRET = "test-client-secret"  # noqa: S105 - the test provider's own client


def _new_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


PUBLISHED = _new_key()
UNPUBLISHED = _new_key()


@dataclass
class Behaviour:
    """What the next ID tokens say and how they are signed; a test changes it as it likes."""

    claims: dict[str, Any] = field(default_factory=dict)
    audience: str | None = None
    nonce: str | None = None
    lifetime_s: int = 300
    issued_ago_s: int = 0
    kid: str = "key-1"
    signing_key: rsa.RSAPrivateKey = PUBLISHED
    unsigned: bool = False
    token_endpoint_down: bool = False
    published: list[tuple[str, rsa.RSAPrivateKey]] = field(
        default_factory=lambda: [("key-1", PUBLISHED)]
    )


@dataclass
class _Grant:
    client_id: str
    redirect_uri: str
    challenge: str
    nonce: str


class TestProvider:
    """The provider's state: its behaviour, the codes it gave, the requests it saw."""

    __test__ = False

    def __init__(self) -> None:
        """A provider not yet listening; `serving` starts it."""
        self.behaviour = Behaviour()
        self.issuer = ""
        self.codes: dict[str, _Grant] = {}
        self.used: set[str] = set()
        self.jwks_fetches = 0
        self.token_requests = 0
        self.app = Starlette(
            routes=[
                Route("/.well-known/openid-configuration", self._discovery),
                Route("/jwks", self._jwks),
                Route("/authorize", self._authorize),
                Route("/token", self._token, methods=["POST"]),
            ]
        )

    async def _discovery(self, _: Request) -> Response:
        return JSONResponse(
            {
                "issuer": self.issuer,
                "authorization_endpoint": f"{self.issuer}/authorize",
                "token_endpoint": f"{self.issuer}/token",
                "jwks_uri": f"{self.issuer}/jwks",
                "response_types_supported": ["code"],
                "code_challenge_methods_supported": ["S256"],
                "id_token_signing_alg_values_supported": ["RS256"],
            }
        )

    async def _jwks(self, _: Request) -> Response:
        self.jwks_fetches += 1
        keys = []
        for kid, key in self.behaviour.published:
            jwk = jwt.algorithms.RSAAlgorithm.to_jwk(key.public_key(), as_dict=True)
            keys.append({**jwk, "kid": kid, "use": "sig", "alg": "RS256"})
        return JSONResponse({"keys": keys})

    async def _authorize(self, request: Request) -> Response:
        """Approve at once: the person is who the test says (`behaviour.claims`)."""
        q = request.query_params
        if q.get("response_type") != "code" or q.get("code_challenge_method") != "S256":
            return JSONResponse({"error": "invalid_request"}, 400)
        code = secrets.token_urlsafe(24)
        self.codes[code] = _Grant(
            q["client_id"], q["redirect_uri"], q["code_challenge"], q.get("nonce", "")
        )
        back = {"code": code, "state": q.get("state", "")}
        return RedirectResponse(f"{q['redirect_uri']}?{urlencode(back)}", 302)

    async def _token(self, request: Request) -> Response:
        """Trade a code once, with the verifier of its challenge, for an ID token."""
        self.token_requests += 1
        if self.behaviour.token_endpoint_down:
            return Response("unavailable", 503)
        form = {k: v[0] for k, v in parse_qs((await request.body()).decode()).items()}
        code = str(form.get("code", ""))
        grant = self.codes.get(code)
        if grant is None or code in self.used:
            return JSONResponse({"error": "invalid_grant"}, 400)
        self.used.add(code)
        verifier = str(form.get("code_verifier", ""))
        digest = hashlib.sha256(verifier.encode()).digest()
        challenge = base64.urlsafe_b64encode(digest).decode().rstrip("=")
        sent_basic = request.headers.get("authorization", "")
        expected_basic = (
            "Basic " + base64.b64encode(f"{CLIENT_ID}:{CLIENT_SECRET}".encode()).decode()
        )
        if (
            challenge != grant.challenge
            or form.get("redirect_uri") != grant.redirect_uri
            or sent_basic != expected_basic
        ):
            return JSONResponse({"error": "invalid_grant"}, 400)
        return JSONResponse(
            {
                "id_token": self.id_token(grant.nonce),
                "access_token": "opaque",
                "token_type": "Bearer",
            }
        )

    def id_token(self, nonce: str) -> str:
        """An ID token as the behaviour says."""
        b = self.behaviour
        now = int(time.time()) - b.issued_ago_s
        claims = {
            "iss": self.issuer,
            "sub": "idp-subject-1",
            "aud": b.audience or CLIENT_ID,
            "iat": now,
            "exp": now + b.lifetime_s,
            "nonce": b.nonce if b.nonce is not None else nonce,
            **b.claims,
        }
        if b.unsigned:
            return jwt.encode(claims, None, algorithm="none")
        return jwt.encode(claims, b.signing_key, algorithm="RS256", headers={"kid": b.kid})

    @contextlib.asynccontextmanager
    async def serving(self) -> AsyncIterator[TestProvider]:
        """Listen on a free port of 127.0.0.1 for the duration of the block."""
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", 0))
        self.issuer = f"http://127.0.0.1:{sock.getsockname()[1]}"
        config = uvicorn.Config(self.app, log_level="warning", lifespan="off")
        server = uvicorn.Server(config)
        task = asyncio.create_task(server.serve(sockets=[sock]))
        while not server.started:
            if task.done():
                task.result()
            await asyncio.sleep(0.01)
        try:
            yield self
        finally:
            server.should_exit = True
            await task
            sock.close()
