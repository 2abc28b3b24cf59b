"""The `OIDC_*` settings: which provider, which client, and how its claims become ours.

Unset `OIDC_ISSUER` leaves sign-in through a provider off (the routes answer "not offered"),
so development keeps signing in with a pasted token. Set, every combination that would sign
someone in unsafely stops the service at start-up, named, rather than at the first sign-in.
"""

from __future__ import annotations

import ipaddress
import re
from typing import Final, Self
from urllib.parse import urlsplit

from pydantic import AliasChoices, Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from shared.auth.roles import PROGRAMME_MONITOR, ROLES, YOUNG_PERSON

SIGNING_ALGORITHMS: Final = frozenset(
    {"RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512"}
)
"""What an ID token may be signed with: public-key algorithms only, never `none` or HMAC (an
HMAC "signature" checked with the provider's public key would be forgeable by anyone)."""

# A professional's role from the provider's groups: never the young person's or the monitor's,
# whose tokens need a claim (youth id, programme) no group can give.
_NOT_MAPPABLE: Final = frozenset({YOUNG_PERSON, PROGRAMME_MONITOR})
_MIN_LOOKUP_KEY: Final = 32


def is_loopback(url: str) -> bool:
    """Whether the URL's host is this machine: only there is plain http acceptable (tests)."""
    host = urlsplit(url).hostname or ""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def is_safe_url(url: str) -> bool:
    """An https URL, or http to this machine; anything else would carry codes in clear."""
    parts = urlsplit(url)
    if not parts.hostname:
        return False
    return parts.scheme == "https" or (parts.scheme == "http" and is_loopback(url))


class OidcSettings(BaseSettings):
    """The provider, the client registered there, and the claim mapping (env `OIDC_*`)."""

    model_config = SettingsConfigDict(
        env_prefix="OIDC_", extra="ignore", frozen=True, populate_by_name=True
    )

    # The provider's issuer URL, exactly as its discovery document and ID tokens name it.
    issuer: str | None = None
    # The client registered at the provider for regie; the secret when it is a confidential
    # client (sent as HTTP Basic to the token endpoint), none for a public client (PKCE only).
    client_id: str = ""
    client_secret: SecretStr | None = None
    # The timeline's public base URL (https://regie.gemeente.example): the callbacks
    # registered at the provider are <base>/mijn/inloggen/terug and <base>/ui/inloggen/terug.
    redirect_base: str = ""
    scopes: str = "openid"
    algorithms: list[str] = Field(default_factory=lambda: ["RS256", "PS256", "ES256"])
    # The claim holding a young person's BSN (DigiD via the municipality's broker).
    bsn_claim: str = "bsn"
    # The levels of assurance that open Mijn regie (special-category data: DigiD Substantieel
    # or higher, e.g. OIDC_ACR_VALUES='["urn:oasis:names:tc:SAML:2.0:ac:classes:Smartcard",
    # "urn:oasis:names:tc:SAML:2.0:ac:classes:MobileTwoFactorContract"]'): asked for in the
    # authorization request and required in the ID token's `acr`. Empty: not checked.
    acr_values: list[str] = Field(default_factory=list)
    # The municipality of whoever signs in: a claim naming it, else this fixed code.
    gemeentecode_claim: str | None = None
    gemeentecode: str | None = None
    # A professional's groups (a list or one string), and which group gives which role, e.g.
    # OIDC_ROLE_MAP='{"regie-regisseurs": "regisseur", "regie-fg": "privacy_officer"}'.
    # Empty: professionals cannot sign in through the provider.
    roles_claim: str = "groups"
    role_map: dict[str, str] = Field(default_factory=dict)
    # How long the platform's own session token lasts; the provider's session is not ended.
    session_minutes: int = Field(default=60, ge=5, le=720)
    http_timeout_s: float = Field(default=5.0, gt=0, le=30)
    # The discovery document is kept this long; the keys until a token names an unknown `kid`,
    # then fetched again, but not more often than every `jwks_refetch_s` seconds (a flood of
    # forged kids must not become a flood of requests to the provider).
    discovery_ttl_s: float = Field(default=3600.0, gt=0)
    jwks_refetch_s: float = Field(default=60.0, ge=0)
    # Intake's service key for `POST /identities/lookup` (the same value as intake's).
    identity_lookup_key: SecretStr | None = Field(
        default=None,
        validation_alias=AliasChoices("OIDC_IDENTITY_LOOKUP_KEY", "REGIE_IDENTITY_LOOKUP_KEY"),
    )

    @property
    def enabled(self) -> bool:
        """Whether sign-in through the provider is configured at all."""
        return self.issuer is not None

    @property
    def for_young_people(self) -> bool:
        """Whether young people can sign in: intake must be asked for their youth id."""
        return self.enabled and self.identity_lookup_key is not None

    @property
    def for_professionals(self) -> bool:
        """Whether employees can sign in: some group must map to a role."""
        return self.enabled and bool(self.role_map)

    @field_validator("algorithms")
    @classmethod
    def _public_key_only(cls, value: list[str]) -> list[str]:
        wrong = [a for a in value if a not in SIGNING_ALGORITHMS]
        if wrong or not value:
            raise ValueError(
                f"OIDC_ALGORITHMS: {wrong[0] if wrong else 'none'} is not allowed; use some of "
                f"{', '.join(sorted(SIGNING_ALGORITHMS))}"
            )
        return value

    @field_validator("role_map")
    @classmethod
    def _known_roles(cls, value: dict[str, str]) -> dict[str, str]:
        for group, role in value.items():
            if role not in ROLES or role in _NOT_MAPPABLE:
                raise ValueError(f"OIDC_ROLE_MAP: {group!r} maps to {role!r}, not an employee role")
        return value

    @model_validator(mode="after")
    def _complete(self) -> Self:
        """With an issuer, everything a safe sign-in needs must be there."""
        if self.issuer is None:
            return self
        checks = [
            (is_safe_url(self.issuer), "OIDC_ISSUER must be an https URL"),
            (bool(self.client_id), "OIDC_CLIENT_ID is required with OIDC_ISSUER"),
            (is_safe_url(self.redirect_base), "OIDC_REDIRECT_BASE must be the https base URL"),
            (
                "openid" in self.scopes.split(),
                "OIDC_SCOPES must contain openid (else there is no ID token)",
            ),
            (
                self.gemeentecode is None or re.fullmatch(r"[0-9]{4}", self.gemeentecode),
                "OIDC_GEMEENTECODE must be four digits",
            ),
            (
                self.gemeentecode is not None or self.gemeentecode_claim is not None,
                "set OIDC_GEMEENTECODE or OIDC_GEMEENTECODE_CLAIM: the tenant of who signs in",
            ),
            (
                self.identity_lookup_key is None
                or len(self.identity_lookup_key.get_secret_value()) >= _MIN_LOOKUP_KEY,
                f"REGIE_IDENTITY_LOOKUP_KEY must be at least {_MIN_LOOKUP_KEY} characters",
            ),
        ]
        for holds, problem in checks:
            if not holds:
                raise ValueError(problem)
        return self

    def redirect_uri(self, prefix: str) -> str:
        """The callback registered at the provider for `/mijn` or `/ui`."""
        return f"{self.redirect_base.rstrip('/')}{prefix}/inloggen/terug"
