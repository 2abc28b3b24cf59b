"""A token as an OpenID Connect provider would issue it: what deploy/oidc.md says is verified.

The provider signs with its own RSA key; every service holds only the public half
(`AUTH_PUBLIC_KEY`), the provider's issuer and the audience regie's tokens carry.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from shared.auth import AuthSettings, InvalidTokenError, decode_token, mint_token

ISSUER = "https://login.gemeente.example/realms/regie"
NOW = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
YOUTH = "6f1c2a9e-1d1b-4c55-9a57-2f0f4f9e8b10"


def _key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _pem(key: rsa.RSAPrivateKey) -> str:
    return (
        key.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("REGIE_ENV", raising=False)
    for name in ("SIGNING_KEY", "ALGORITHM", "ISSUER", "AUDIENCE", "PUBLIC_KEY", "LEEWAY_SECONDS"):
        monkeypatch.delenv(f"AUTH_{name}", raising=False)


@pytest.fixture(scope="module")
def provider_key() -> rsa.RSAPrivateKey:
    return _key()


@pytest.fixture
def settings(provider_key: rsa.RSAPrivateKey) -> AuthSettings:
    return AuthSettings(public_key=_pem(provider_key), algorithm="RS256", issuer=ISSUER)


def issued(key: rsa.RSAPrivateKey, **changes: Any) -> str:
    """A young person's token from the provider: its own claims beside the platform's."""
    claims: dict[str, Any] = {
        "iss": ISSUER, "aud": ["regie", "account"], "sub": "pairwise-7f3a",
        "iat": int(NOW.timestamp()), "exp": int((NOW + timedelta(minutes=15)).timestamp()),
        "roles": ["jongere"], "gemeentecode": "0518", "youth_id": YOUTH,
        "name": "Sam de Vries", "nonce": "n-0S6", "acr": "substantieel",
    }  # fmt: skip
    claims.update(changes)
    return jwt.encode(
        {k: v for k, v in claims.items() if v is not None}, key, algorithm="RS256",
        headers={"kid": "provider-2026"},
    )  # fmt: skip


def test_a_provider_s_token_is_verified_with_its_public_key_alone(
    settings: AuthSettings, provider_key: rsa.RSAPrivateKey
) -> None:
    """Role, municipality and youth id come from the claims; the provider's own are ignored."""
    caller = decode_token(settings, issued(provider_key), now=NOW)

    assert (caller.young_person, caller.gemeentecode) == (YOUTH, "0518")
    assert caller.actor == "pairwise-7f3a"
    assert caller.roles == {"jongere"}


@pytest.mark.parametrize(
    ("changes", "why"),
    [
        ({"iss": "https://login.elders.example"}, "issuer"),
        ({"aud": "account"}, "(?i)audience"),
        ({"gemeentecode": None}, "gemeentecode"),
        ({"roles": ["jongere", "regisseur"]}, "never combined"),
        ({"youth_id": None}, "youth_id"),
        ({"exp": int((NOW - timedelta(minutes=1)).timestamp())}, "expired"),
    ],
)
def test_a_provider_s_token_without_what_the_platform_needs_is_refused(
    settings: AuthSettings, provider_key: rsa.RSAPrivateKey, changes: dict[str, Any], why: str
) -> None:
    with pytest.raises(InvalidTokenError, match=why):
        decode_token(settings, issued(provider_key, **changes), now=NOW)


def test_another_key_or_an_hmac_token_is_refused(settings: AuthSettings) -> None:
    """A rotated key is not fetched (no JWKS), and the algorithm never switches to HS256."""
    with pytest.raises(InvalidTokenError, match="Signature verification failed"):
        decode_token(settings, issued(_key()), now=NOW)
    hmac = jwt.encode({"iss": ISSUER, "aud": "regie", "sub": "x", "iat": int(NOW.timestamp()),
                       "exp": int(NOW.timestamp()) + 60, "roles": ["auditor"],
                       "gemeentecode": "0518"}, "s" * 32, algorithm="HS256")  # fmt: skip
    with pytest.raises(InvalidTokenError, match="alg value is not allowed"):
        decode_token(settings, hmac, now=NOW)


def test_with_a_provider_configured_no_development_token_can_be_minted(
    settings: AuthSettings,
) -> None:
    with pytest.raises(ValueError, match="identity provider"):
        mint_token(settings, subject="dev", roles=["jongere"], gemeentecode="0518",
                   youth_id=YOUTH)  # fmt: skip
