"""Signing in through a provider, the pure parts: PKCE, flow cookie, ID token, claims, settings.

The settings refuse an unsafe configuration at start-up; the rest refuse a forged sign-in.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from pydantic import SecretStr, ValidationError

from services.timeline.web.oidc import claims
from services.timeline.web.oidc.protocol import (
    Expected,
    Flow,
    FlowError,
    IdTokenError,
    KeySet,
    UnknownKeyError,
    authorization_url,
    open_sealed,
    seal,
    verify_id_token,
)
from services.timeline.web.oidc.settings import OidcSettings

KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)
OTHER = rsa.generate_private_key(public_exponent=65537, key_size=2048)
ISSUER = "https://login.gemeente.example"
NONCE = "nonce-of-this-flow"
EXPECTED = Expected(issuer=ISSUER, client_id="regie", nonce=NONCE, algorithms=["RS256"])


def jwks(*keys: tuple[str, rsa.RSAPrivateKey], **extra: str) -> dict:
    found = []
    for kid, key in keys:
        jwk = jwt.algorithms.RSAAlgorithm.to_jwk(key.public_key(), as_dict=True)
        found.append({**jwk, "kid": kid, **extra})
    return {"keys": found}


def id_token(key=KEY, kid="k1", alg="RS256", **changes) -> str:
    now = int(time.time())
    body = {"iss": ISSUER, "sub": "s", "aud": "regie", "iat": now, "exp": now + 300,
            "nonce": NONCE, **changes}  # fmt: skip
    return jwt.encode(body, key, algorithm=alg, headers={"kid": kid})


def settings(**changes) -> OidcSettings:
    values = {"issuer": ISSUER, "client_id": "regie", "redirect_base": "https://regie.example",
              "gemeentecode": "0518", **changes}  # fmt: skip
    return OidcSettings(**values)


def test_the_pkce_challenge_is_s256_of_the_verifier_unpadded():
    """RFC 7636 §4.2: BASE64URL(SHA256(ASCII(verifier))), without padding; fresh per flow."""
    flow = Flow.start("mijn", "/mijn/plan", time.time())
    digest = hashlib.sha256(flow.verifier.encode()).digest()
    assert flow.challenge == base64.urlsafe_b64encode(digest).decode().rstrip("=")
    assert 43 <= len(flow.verifier) <= 128
    assert "=" not in flow.challenge
    assert Flow.start("mijn", "/mijn/plan", time.time()).verifier != flow.verifier


def test_the_authorization_request_carries_state_nonce_and_the_challenge():
    flow = Flow.start("ui", "/ui/jongeren", time.time())
    back = "https://r/ui/inloggen/terug"
    url = authorization_url(
        "https://idp/authorize", client_id="regie", redirect_uri=back, scopes="openid", flow=flow
    )
    wanted = (f"state={flow.state}", f"nonce={flow.nonce}", f"code_challenge={flow.challenge}")
    for part in (*wanted, "code_challenge_method=S256", "response_type=code"):
        assert part in url
    assert flow.verifier not in url


def test_the_flow_cookie_opens_only_as_sealed_and_in_time():
    """Altered, sealed with another key, or expired: refused."""
    key = b"k" * 32
    flow = Flow.start("mijn", "/mijn/plan", time.time())
    sealed = seal(key, flow)
    assert open_sealed(key, sealed, time.time()) == flow
    _, _, mac = sealed.partition(".")
    tampered = base64.urlsafe_b64encode(b'{"audience":"ui"}').decode().rstrip("=")
    for wrong in (f"{tampered}.{mac}", sealed + "x", "", "no-dot"):
        with pytest.raises(FlowError):
            open_sealed(key, wrong, time.time())
    with pytest.raises(FlowError):
        open_sealed(b"o" * 32, sealed, time.time())
    with pytest.raises(FlowError):
        open_sealed(key, sealed, time.time() + 601)


def test_a_good_id_token_verifies_and_gives_its_claims():
    assert verify_id_token(id_token(), KeySet(jwks(("k1", KEY))), EXPECTED)["sub"] == "s"


@pytest.mark.parametrize(
    ("token", "why"),
    [
        (id_token(nonce="another"), "nonce"),
        (id_token(aud="another"), "audience"),
        (id_token(iss="https://evil.example"), "issuer"),
        (id_token(exp=int(time.time()) - 120), "expired"),
        (id_token(iat=int(time.time()) + 3600), "issued in the future"),
        (id_token(key=OTHER), "signature"),
        (id_token(aud=["regie", "other"]), "several audiences without azp"),
        (
            jwt.encode(
                {
                    "iss": ISSUER,
                    "sub": "s",
                    "aud": "regie",
                    "nonce": NONCE,
                    "iat": int(time.time()),
                    "exp": int(time.time()) + 60,
                },
                None,
                algorithm="none",
            ),
            "alg none",
        ),
    ],
)
def test_an_id_token_not_for_this_flow_or_client_is_refused(token, why):
    with pytest.raises(IdTokenError):
        verify_id_token(token, KeySet(jwks(("k1", KEY))), EXPECTED)


def test_an_hmac_token_keyed_with_the_public_key_is_refused():
    """The classic confusion: HS256 "signed" with the provider's public PEM, which anyone has."""
    pem = KEY.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    now = int(time.time())
    body = {"iss": ISSUER, "sub": "s", "aud": "regie", "iat": now, "exp": now + 60, "nonce": NONCE}
    # By hand: PyJWT itself refuses to HMAC with a PEM key, which is the point.
    signing_input = ".".join(
        _b64(json.dumps(part).encode()) for part in ({"alg": "HS256", "kid": "k1"}, body)
    )
    mac = hmac.new(pem, signing_input.encode(), hashlib.sha256).digest()
    forged = f"{signing_input}.{_b64(mac)}"
    with pytest.raises(IdTokenError, match="not allowed"):
        verify_id_token(forged, KeySet(jwks(("k1", KEY))), EXPECTED)
    with pytest.raises(IdTokenError):  # even were HS256 listed: no key set holds an HMAC key
        verify_id_token(forged, KeySet(jwks(("k1", KEY))),
                        Expected(ISSUER, "regie", NONCE, ["RS256", "HS256"]))  # fmt: skip


def test_a_kid_the_set_lacks_asks_for_a_refetch_and_symmetric_keys_are_never_kept():
    keys = KeySet({"keys": [{"kty": "oct", "k": "c2VjcmV0", "kid": "k1"},
                            *jwks(("k2", KEY))["keys"]]})  # fmt: skip
    assert len(keys) == 1
    with pytest.raises(UnknownKeyError):
        verify_id_token(id_token(kid="k1"), keys, EXPECTED)
    with pytest.raises(UnknownKeyError):
        verify_id_token(id_token(kid="k2"), KeySet(jwks(("k2", KEY), alg="ES256")), EXPECTED)


def test_claims_map_to_municipality_roles_and_bsn():
    chosen = settings(role_map={"g-regie": "regisseur", "g-fg": "privacy_officer"})
    assert claims.roles_of({"groups": ["g-regie", "x", 3]}, chosen) == {"regisseur"}
    assert claims.roles_of({"groups": "g-fg"}, chosen) == {"privacy_officer"}
    assert claims.roles_of({"groups": ["x"]}, chosen) == frozenset()
    assert claims.bsn_of({"bsn": 99993653}, chosen) == "099993653"
    assert claims.bsn_of({"bsn": "9999 3653"}, chosen) is None
    assert claims.bsn_of({}, chosen) is None
    by_claim = settings(gemeentecode=None, gemeentecode_claim="gemeente")
    assert claims.gemeentecode_of({"gemeente": "0599"}, by_claim) == "0599"
    assert claims.gemeentecode_of({"gemeente": "599"}, by_claim) is None
    assert claims.gemeentecode_of({"gemeente": "0599"}, chosen) == "0518"


@pytest.mark.parametrize(
    "changes",
    [
        {"algorithms": ["HS256"]},
        {"algorithms": ["none"]},
        {"issuer": "http://login.gemeente.example"},
        {"redirect_base": "http://regie.example"},
        {"client_id": ""},
        {"scopes": "profile"},
        {"role_map": {"g": "jongere"}},
        {"role_map": {"g": "programmamonitor"}},
        {"role_map": {"g": "koning"}},
        {"gemeentecode": None},
        {"identity_lookup_key": SecretStr("short")},
    ],
)
def test_an_unsafe_configuration_stops_the_service_at_start(changes):
    with pytest.raises(ValidationError):
        settings(**changes)


def test_unset_the_provider_is_off_and_http_is_only_for_this_machine():
    assert not OidcSettings().enabled
    local = settings(issuer="http://127.0.0.1:8080", redirect_base="http://localhost")
    assert local.enabled
    assert not local.for_young_people  # no lookup key
    assert not local.for_professionals  # no role map


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def test_the_level_of_assurance_is_checked_only_when_set_and_only_from_the_token():
    loa3 = "urn:oasis:names:tc:SAML:2.0:ac:classes:Smartcard"
    assert claims.assurance_met({}, settings())
    required = settings(acr_values=[loa3])
    assert claims.assurance_met({"acr": loa3}, required)
    assert not claims.assurance_met({}, required)
    assert not claims.assurance_met({"acr": "urn:...:PasswordProtectedTransport"}, required)
    assert not claims.assurance_met({"acr": [loa3]}, required)
