"""The provider over HTTP, answered by hand: discovery's checks, the keys' bounded refetch.

Also the start-up refusal of a configuration the sign-in cannot work with.
"""

from __future__ import annotations

import time

import httpx
import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from fastapi import FastAPI

from services.timeline.settings import TimelineSettings
from services.timeline.web.oidc.protocol import IdTokenError
from services.timeline.web.oidc.provider import OidcProvider, ProviderUnavailableError
from services.timeline.web.oidc.routes import install_oidc
from services.timeline.web.oidc.settings import OidcSettings
from shared.auth import AuthSettings

ISSUER = "https://login.gemeente.example"
KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)


def settings(**changes) -> OidcSettings:
    values = {"issuer": ISSUER, "client_id": "regie", "redirect_base": "https://regie.example",
              "gemeentecode": "0518", **changes}  # fmt: skip
    return OidcSettings(**values)


class Answers:
    """A provider answered by hand, counting what was asked."""

    def __init__(self, discovery: dict) -> None:
        """Answer with this discovery document, and one key, k1."""
        self.discovery = discovery
        self.jwks_fetches = 0

    def __call__(self, request: httpx.Request) -> httpx.Response:
        """The provider's answer to one request."""
        if request.url.path == "/.well-known/openid-configuration":
            return httpx.Response(200, json=self.discovery)
        if request.url.path == "/jwks":
            self.jwks_fetches += 1
            jwk = jwt.algorithms.RSAAlgorithm.to_jwk(KEY.public_key(), as_dict=True)
            return httpx.Response(200, json={"keys": [{**jwk, "kid": "k1"}]})
        return httpx.Response(404)


def discovery(**changes) -> dict:
    endpoints = {"authorization_endpoint": f"{ISSUER}/authorize", "jwks_uri": f"{ISSUER}/jwks"}
    return {"issuer": ISSUER, "token_endpoint": f"{ISSUER}/token", **endpoints, **changes}


def provider(answers: Answers, **changes) -> OidcProvider:
    client = httpx.AsyncClient(transport=httpx.MockTransport(answers))
    return OidcProvider(settings(**changes), client)


@pytest.mark.parametrize(
    "wrong",
    [
        {"issuer": "https://evil.example"},
        {"token_endpoint": "http://login.gemeente.example/token"},
        {"jwks_uri": None},
        {"code_challenge_methods_supported": ["plain"]},
    ],
    ids=["another issuer", "http endpoint", "no jwks_uri", "no S256"],
)
async def test_a_discovery_document_that_is_not_the_issuers_own_is_refused(wrong):
    with pytest.raises(ProviderUnavailableError):
        await provider(Answers(discovery(**wrong))).metadata()


async def test_the_discovery_document_is_kept():
    answers = Answers(discovery())
    chosen = provider(answers)
    first = await chosen.metadata()
    answers.discovery = discovery(issuer="https://evil.example")
    assert await chosen.metadata() == first


async def test_an_unknown_kid_fetches_the_keys_again_only_when_not_fetched_lately():
    """A flood of forged kids must not become a flood of requests to the provider."""
    now = int(time.time())
    body = {"iss": ISSUER, "sub": "s", "aud": "regie", "iat": now, "exp": now + 60, "nonce": "n"}
    forged = jwt.encode(body, KEY, algorithm="RS256", headers={"kid": "k-unknown"})
    answers = Answers(discovery())
    chosen = provider(answers, jwks_refetch_s=60)
    for _ in range(5):
        with pytest.raises(IdTokenError):
            await chosen.verify(forged, "n")
    assert answers.jwks_fetches == 1
    good = jwt.encode(body, KEY, algorithm="RS256", headers={"kid": "k1"})
    assert (await chosen.verify(good, "n"))["sub"] == "s"
    assert answers.jwks_fetches == 1


def test_the_sign_in_refuses_to_start_beside_a_providers_public_key():
    """The platform signs its own session tokens: it cannot while trusting only a public key."""
    pem = KEY.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    auth = AuthSettings(public_key=pem.decode(), algorithm="RS256")
    with pytest.raises(ValueError, match="AUTH_PUBLIC_KEY"):
        install_oidc(FastAPI(), auth, TimelineSettings(), settings())
    app = FastAPI()
    install_oidc(app, auth, TimelineSettings(), OidcSettings())  # off: nothing to refuse
    assert app.state.oidc is None
