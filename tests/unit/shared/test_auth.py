from datetime import UTC, datetime, timedelta
from typing import Annotated

import httpx
import jwt
import pytest
from fastapi import Depends, FastAPI, HTTPException
from pydantic import SecretStr, ValidationError

from shared.auth import (
    ROLES,
    Authenticator,
    AuthSettings,
    InvalidTokenError,
    Principal,
    decode_token,
    ensure_tenant,
    mint_token,
)
from shared.auth.settings import DEV_SIGNING_KEY

TEST_KEY = "test-signing-key-for-unit-tests-only-0123456789"
OTHER_KEY = "another-signing-key-that-nobody-trusts-9876543210"
NOW = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def clean_env(monkeypatch):
    monkeypatch.delenv("REGIE_ENV", raising=False)
    for name in ("SIGNING_KEY", "ALGORITHM", "ISSUER", "AUDIENCE", "PUBLIC_KEY", "LEEWAY_SECONDS"):
        monkeypatch.delenv(f"AUTH_{name}", raising=False)


@pytest.fixture
def settings():
    return AuthSettings(signing_key=SecretStr(TEST_KEY))


def token_for(settings, *roles, gemeentecode="0518", subject="medewerker-17", **kwargs):
    return mint_token(
        settings, subject=subject, roles=roles, gemeentecode=gemeentecode, now=NOW, **kwargs
    )


def forged(claims, key=TEST_KEY, algorithm="HS256"):
    """Sign arbitrary claims, to present tokens that mint_token would never produce."""
    base = {
        "sub": "medewerker-17",
        "roles": ["intake"],
        "gemeentecode": "0518",
        "iss": "regie-dev",
        "aud": "regie",
        "iat": int(NOW.timestamp()),
        "exp": int((NOW + timedelta(hours=1)).timestamp()),
    }
    return jwt.encode({**base, **claims}, key, algorithm=algorithm)


# Tokens


def test_round_trip_gives_back_the_principal(settings):
    """A minted token decodes to the subject, roles and municipality it was minted for."""
    token = token_for(settings, "intake", "coach")

    principal = decode_token(settings, token, now=NOW + timedelta(minutes=5))

    assert principal == Principal(
        subject="medewerker-17", roles=frozenset({"intake", "coach"}), gemeentecode="0518"
    )
    assert principal.actor == "medewerker-17"
    assert principal.role == "coach"


def test_token_carries_the_standard_claims(settings):
    """The token holds iss, aud, iat and exp as well as the domain claims."""
    token = token_for(settings, "intake", ttl=timedelta(minutes=10))

    claims = jwt.decode(token, options={"verify_signature": False})

    assert claims["iss"] == "regie-dev"
    assert claims["aud"] == "regie"
    assert claims["iat"] == int(NOW.timestamp())
    assert claims["exp"] == int((NOW + timedelta(minutes=10)).timestamp())
    assert claims["roles"] == ["intake"]


def test_expired_token_is_rejected(settings):
    """A token used after its expiry plus the leeway is refused."""
    token = token_for(settings, "intake", ttl=timedelta(hours=8))

    with pytest.raises(InvalidTokenError, match="expired"):
        decode_token(settings, token, now=NOW + timedelta(hours=8, seconds=31))


def test_leeway_absorbs_small_clock_drift(settings):
    """A token that expired a few seconds ago, within the leeway, is still accepted."""
    token = token_for(settings, "intake", ttl=timedelta(hours=8))

    principal = decode_token(settings, token, now=NOW + timedelta(hours=8, seconds=10))

    assert principal.roles == {"intake"}


def test_expiry_uses_the_real_clock_by_default(settings):
    """Without an injected time, a token minted nine hours ago with an eight-hour ttl is refused."""
    token = mint_token(
        settings,
        subject="medewerker-17",
        roles=["intake"],
        gemeentecode="0518",
        now=datetime.now(UTC) - timedelta(hours=9),
    )

    with pytest.raises(InvalidTokenError, match="expired"):
        decode_token(settings, token)


def test_token_issued_in_the_future_is_rejected(settings):
    """A token whose iat lies beyond the leeway in the future is refused."""
    token = token_for(settings, "intake")

    with pytest.raises(InvalidTokenError, match="future"):
        decode_token(settings, token, now=NOW - timedelta(minutes=5))


def test_token_signed_with_another_key_is_rejected(settings):
    """A token signed with a key we do not trust fails its signature check."""
    token = token_for(AuthSettings(signing_key=SecretStr(OTHER_KEY)), "intake")

    with pytest.raises(InvalidTokenError, match="Signature"):
        decode_token(settings, token, now=NOW)


def test_a_token_already_verified_is_refused_once_it_expires(settings):
    """The verified token is kept, but its validity period is checked on every use."""
    token = token_for(settings, "intake", ttl=timedelta(hours=8))
    assert decode_token(settings, token, now=NOW).roles == {"intake"}

    with pytest.raises(InvalidTokenError, match="expired"):
        decode_token(settings, token, now=NOW + timedelta(hours=8, seconds=31))


def test_a_token_kept_as_verified_under_one_key_is_refused_under_another(settings):
    """What is kept is bound to the key (and issuer, audience) it was verified with."""
    token = token_for(settings, "intake")
    decode_token(settings, token, now=NOW)

    with pytest.raises(InvalidTokenError, match="Signature"):
        decode_token(AuthSettings(signing_key=SecretStr(OTHER_KEY)), token, now=NOW)
    with pytest.raises(InvalidTokenError, match=r"(?i)audience"):
        decode_token(settings.model_copy(update={"audience": "elders"}), token, now=NOW)


def test_a_token_is_verified_once_and_a_refused_one_every_time(settings, monkeypatch):
    """The signature of a token seen before is not checked again; a bad one always is."""
    calls = []
    real = jwt.decode
    monkeypatch.setattr(jwt, "decode", lambda *a, **kw: calls.append(a[0]) or real(*a, **kw))
    good = token_for(settings, "intake", subject="eenmalig-geverifieerd")
    bad = forged({"sub": "vervalst"}, key=OTHER_KEY)

    for _ in range(3):
        decode_token(settings, good, now=NOW)
        with pytest.raises(InvalidTokenError):
            decode_token(settings, bad, now=NOW)

    assert calls.count(good) == 1
    assert calls.count(bad) == 3


def test_unsigned_token_is_rejected(settings):
    """A token with algorithm "none" is refused even though its claims are perfect."""
    token = jwt.encode(
        jwt.decode(token_for(settings, "intake"), options={"verify_signature": False}),
        None,
        algorithm="none",
    )

    with pytest.raises(InvalidTokenError):
        decode_token(settings, token, now=NOW)


@pytest.mark.parametrize(
    ("field", "value"), [("audience", "ander-systeem"), ("issuer", "onbekende-uitgever")]
)
def test_token_for_another_audience_or_issuer_is_rejected(settings, field, value):
    """A token minted for another audience or by another issuer is refused."""
    token = token_for(settings.model_copy(update={field: value}), "intake")

    with pytest.raises(InvalidTokenError):
        decode_token(settings, token, now=NOW)


def test_garbage_is_rejected(settings):
    """A string that is not a JWT raises our own error, not PyJWT's."""
    with pytest.raises(InvalidTokenError):
        decode_token(settings, "niet.een.token", now=NOW)


def test_unknown_role_is_refused_at_mint(settings):
    """Minting a role the domain does not know fails and names the role."""
    with pytest.raises(ValueError, match=r"unknown role.*burgemeester"):
        token_for(settings, "intake", "burgemeester")


def test_minting_without_a_role_is_refused(settings):
    """A token must carry at least one role."""
    with pytest.raises(ValueError, match="at least one role"):
        token_for(settings)


@pytest.mark.parametrize("gemeentecode", ["12", "05180", "05a8", "", "\u0660\u0665\u0661\u0668"])
def test_gemeentecode_that_is_not_four_digits_is_refused_at_mint(settings, gemeentecode):
    """Only four ASCII digits make a municipality code."""
    with pytest.raises(ValueError, match="4 digits"):
        token_for(settings, "intake", gemeentecode=gemeentecode)


@pytest.mark.parametrize(
    ("claims", "reason"),
    [
        ({"gemeentecode": "518"}, "4 digits"),
        ({"gemeentecode": 518}, "gemeentecode"),
        ({"roles": "intake"}, "list of strings"),
        ({"roles": ["intake", "burgemeester"]}, "unknown role"),
        ({"roles": []}, "at least one role"),
        ({"exp": "morgen"}, "exp"),
    ],
)
def test_token_with_invalid_claims_is_rejected(settings, claims, reason):
    """A correctly signed token whose claims make no valid principal is still refused."""
    with pytest.raises(InvalidTokenError, match=reason):
        decode_token(settings, forged(claims), now=NOW)


@pytest.mark.parametrize("claim", ["sub", "roles", "gemeentecode", "exp", "iat", "aud", "iss"])
def test_token_missing_a_claim_is_rejected(settings, claim):
    """Every claim is required; a token without one is refused."""
    claims = jwt.decode(forged({}), options={"verify_signature": False})
    del claims[claim]

    with pytest.raises(InvalidTokenError):
        decode_token(settings, jwt.encode(claims, TEST_KEY, algorithm="HS256"), now=NOW)


def test_naive_time_is_refused(settings):
    """An injected time without a zone is refused rather than read as local time."""
    with pytest.raises(ValueError, match="timezone"):
        mint_token(
            settings,
            subject="medewerker-17",
            roles=["intake"],
            gemeentecode="0518",
            now=datetime(2025, 3, 1, 9, 0),  # noqa: DTZ001 - the naive time is the point
        )


# Principal


def test_principal_checks_its_roles():
    """has_any is true when one of the named roles is held, false otherwise."""
    principal = Principal(subject="s", roles=frozenset({"coach", "regisseur"}), gemeentecode="0518")

    assert principal.has_any("intake", "regisseur")
    assert not principal.has_any("intake", "auditor")
    assert not principal.has_any()


def test_roles_constant_holds_the_domain_roles():
    """ROLES: the domain's roles, privacy officer, koppelbeheerder, archivaris, policy staff."""
    assert {
        "regisseur",
        "coach",
        "inkomensconsulent",
        "schuldhulpverlener",
        "klantmanager",
        "woonconsulent",
        "intake",
        "auditor",
        "privacy_officer",
        "koppelbeheerder",
        "archivaris",
        "beleidsmedewerker",
        "jongere",
        "programmamonitor",
    } == ROLES


# The young person (issue 23)

YOUTH_ID = "7d0f8a52-2a4e-4c55-9d7e-2f1c8b1e6a11"


def test_a_young_persons_token_names_their_youth_id(settings):
    """Minted with role jongere and a youth id, it decodes to that young person, and only them."""
    token = mint_token(settings, subject="jongere-1", roles=["jongere"], gemeentecode="0518",
                       now=NOW, youth_id=YOUTH_ID)  # fmt: skip

    principal = decode_token(settings, token, now=NOW + timedelta(minutes=5))

    assert principal.youth_id == YOUTH_ID
    assert principal.young_person == YOUTH_ID
    assert principal.role == "jongere"


@pytest.mark.parametrize(
    ("roles", "youth_id"),
    [
        (["jongere"], None),  # whose data would be theirs?
        (["jongere"], "not-a-uuid"),
        (["jongere"], YOUTH_ID.upper()),  # compared as text: canonical only
        (["jongere", "regisseur"], YOUTH_ID),  # a young person holds no employee's role
        (["regisseur"], YOUTH_ID),  # an employee's token names no youth id of their own
    ],
)
def test_a_young_person_needs_their_youth_id_and_no_other_role(settings, roles, youth_id):
    """Refused at mint, and a token carrying such claims is refused when verified."""
    with pytest.raises(ValueError, match=r"jongere|youth_id"):
        mint_token(settings, subject="s", roles=roles, gemeentecode="0518", youth_id=youth_id)
    claims = {"roles": roles} | ({"youth_id": youth_id} if youth_id else {})
    with pytest.raises(InvalidTokenError):
        decode_token(settings, forged(claims), now=NOW)


def test_a_youth_id_claim_that_is_not_text_is_refused(settings):
    """A number or a list as youth_id never makes a young person."""
    token = forged({"roles": ["jongere"], "youth_id": 12})

    with pytest.raises(InvalidTokenError, match="youth_id"):
        decode_token(settings, token, now=NOW)


def test_an_employee_is_no_young_person():
    """young_person is None for every employee."""
    principal = Principal(subject="s", roles=frozenset({"regisseur"}), gemeentecode="0518")

    assert principal.young_person is None


# Settings


def test_production_refuses_the_development_key(monkeypatch):
    """With REGIE_ENV=production the built-in development key stops the process at startup."""
    monkeypatch.setenv("REGIE_ENV", "production")

    with pytest.raises(ValidationError, match="development signing key"):
        AuthSettings()


def test_production_accepts_a_configured_key(monkeypatch):
    """With REGIE_ENV=production a key from the environment is accepted."""
    monkeypatch.setenv("REGIE_ENV", "production")
    monkeypatch.setenv("AUTH_SIGNING_KEY", TEST_KEY)

    assert AuthSettings().signing_key.get_secret_value() == TEST_KEY


def test_development_uses_the_development_key():
    """Outside production the built-in key is used, so local runs need no setup."""
    assert AuthSettings().signing_key.get_secret_value() == DEV_SIGNING_KEY


def test_short_signing_key_is_refused():
    """An HMAC key shorter than the hash is refused at construction."""
    with pytest.raises(ValidationError, match="at least 32 bytes"):
        AuthSettings(signing_key=SecretStr("kort"))


@pytest.mark.parametrize(
    ("overrides", "reason"),
    [
        ({"public_key": "-----BEGIN PUBLIC KEY-----"}, "asymmetric"),
        ({"algorithm": "none"}, "algorithm must be one of"),
        ({"algorithm": "RS256"}, "algorithm must be one of"),
    ],
)
def test_unsafe_algorithm_is_refused(overrides, reason):
    """An algorithm that does not fit the key, or no algorithm at all, is refused at startup."""
    with pytest.raises(ValidationError, match=reason):
        AuthSettings(signing_key=SecretStr(TEST_KEY), **overrides)


# HTTP


@pytest.fixture
async def client(settings):
    authenticator = Authenticator(settings)
    app = FastAPI()

    @app.get("/intake")
    async def intake(
        principal: Annotated[Principal, Depends(authenticator.require("intake"))],
    ) -> dict[str, str]:
        return {"actor": principal.actor, "role": principal.role}

    @app.get("/gemeenten/{gemeentecode}/dossiers")
    async def dossiers(
        gemeentecode: str, principal: Annotated[Principal, Depends(authenticator.require())]
    ) -> dict[str, str]:
        ensure_tenant(principal, gemeentecode)
        return {"gemeente": gemeentecode}

    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://regie.test") as started:
        yield started


def bearer(token):
    return {"Authorization": f"Bearer {token}"}


def valid_token(settings, *roles, gemeentecode="0518"):
    return mint_token(settings, subject="medewerker-17", roles=roles, gemeentecode=gemeentecode)


async def test_request_without_token_is_unauthorised(client):
    """No Authorization header gives 401 with a bearer challenge and a Dutch reason."""
    response = await client.get("/intake")

    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == "Bearer"
    assert response.json() == {
        "detail": {"nl": "Niet ingelogd: geen geldig token", "en": "Not signed in: no valid token"}
    }


@pytest.mark.parametrize("header", ["Bearer rommel", "Basic dXNlcjpwdw==", "Bearer"])
async def test_request_with_garbage_token_is_unauthorised(client, header):
    """A token that is not a valid JWT, or another scheme, gives 401 with a bearer challenge."""
    response = await client.get("/intake", headers={"Authorization": header})

    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == "Bearer"


async def test_request_with_expired_token_is_unauthorised(client, settings):
    """An expired token gives 401, not 403: the caller must log in again."""
    token = token_for(settings, "intake")

    response = await client.get("/intake", headers=bearer(token))

    assert response.status_code == 401


async def test_request_with_wrong_role_is_forbidden(client, settings):
    """A valid token without the route's role gives 403 with a Dutch reason."""
    response = await client.get("/intake", headers=bearer(valid_token(settings, "coach")))

    assert response.status_code == 403
    assert response.json() == {
        "detail": {
            "nl": "Geen toegang: rol ontbreekt",
            "en": "No access: your role may not do this",
        }
    }


async def test_request_with_right_role_is_served(client, settings):
    """A valid token with the route's role reaches the route with its principal."""
    response = await client.get("/intake", headers=bearer(valid_token(settings, "intake", "coach")))

    assert response.status_code == 200
    assert response.json() == {"actor": "medewerker-17", "role": "coach"}


async def test_route_without_roles_admits_any_role(client, settings):
    """require() with no roles lets every authenticated employee through."""
    response = await client.get(
        "/gemeenten/0518/dossiers", headers=bearer(valid_token(settings, "auditor"))
    )

    assert response.status_code == 200


async def test_route_without_roles_still_needs_a_token(client):
    """require() with no roles still refuses an anonymous caller."""
    assert (await client.get("/gemeenten/0518/dossiers")).status_code == 401


async def test_other_municipality_is_forbidden(client, settings):
    """Data of another municipality gives 403 with a Dutch reason."""
    response = await client.get(
        "/gemeenten/0363/dossiers", headers=bearer(valid_token(settings, "coach"))
    )

    assert response.status_code == 403
    assert response.json() == {
        "detail": {
            "nl": "Geen toegang tot gegevens van een andere gemeente",
            "en": "No access to another municipality's data",
        }
    }


def test_ensure_tenant_raises_forbidden_for_another_municipality():
    """ensure_tenant raises 403 when the data belongs to another municipality, not otherwise."""
    principal = Principal(subject="s", roles=frozenset({"coach"}), gemeentecode="0518")

    ensure_tenant(principal, "0518")
    with pytest.raises(HTTPException) as raised:
        Authenticator.ensure_tenant(principal, "0363")
    assert raised.value.status_code == 403


def test_requiring_an_unknown_role_fails_when_the_app_is_built(settings):
    """A typo in a route's role fails at startup instead of locking everyone out."""
    with pytest.raises(ValueError, match="unknown role"):
        Authenticator(settings).require("intak")


async def test_openapi_documents_the_bearer_scheme(client):
    """The OpenAPI document declares the HTTP bearer scheme so /docs can send tokens."""
    response = await client.get("/openapi.json")

    schemes = response.json()["components"]["securitySchemes"]

    assert schemes["HTTPBearer"]["scheme"] == "bearer"


# The programme monitor (issue 22): figures across municipalities, its programme on the token


def test_a_programme_monitors_token_names_its_programme(settings):
    """Minted with role programmamonitor and a programme, it decodes to that programme."""
    token = mint_token(settings, subject="monitor-1", roles=["programmamonitor"],
                       gemeentecode="0518", now=NOW, programma="dtj")  # fmt: skip

    principal = decode_token(settings, token, now=NOW + timedelta(minutes=5))

    assert principal.programma == "dtj"
    assert principal.roles == {"programmamonitor"}
    assert principal.young_person is None


@pytest.mark.parametrize(
    ("roles", "programma"),
    [
        (["programmamonitor"], None),  # which programme's municipalities would it compare?
        (["programmamonitor"], "DTJ; drop"),  # a code, nothing else
        (["programmamonitor", "beleidsmedewerker"], "dtj"),  # no municipality's role beside it
        (["programmamonitor", "auditor"], "dtj"),  # never exact counts, never records
        (["beleidsmedewerker"], "dtj"),  # only the monitor carries a programme
        (["auditor"], "dtj"),
    ],
)
def test_only_a_programme_monitor_carries_a_programme_and_holds_no_other_role(
    settings, roles, programma
):
    """Refused at mint, and a token carrying such claims is refused when verified."""
    with pytest.raises(ValueError, match=r"programma"):
        mint_token(settings, subject="s", roles=roles, gemeentecode="0518", programma=programma)
    claims = {"roles": roles} | ({"programma": programma} if programma else {})
    with pytest.raises(InvalidTokenError):
        decode_token(settings, forged(claims), now=NOW)


def test_a_programme_claim_that_is_not_text_is_refused(settings):
    """A list as programma never makes a monitor of several programmes."""
    token = forged({"roles": ["programmamonitor"], "programma": ["dtj", "jpf"]})

    with pytest.raises(InvalidTokenError, match="claim 'programma' must be a string"):
        decode_token(settings, token, now=NOW)
