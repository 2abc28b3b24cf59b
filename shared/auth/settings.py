"""Where tokens are trusted from: the key, algorithm, issuer and audience, read from `AUTH_*`."""

import os
from typing import Final, Self

from jwt.algorithms import get_default_algorithms, requires_cryptography
from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEV_SIGNING_KEY: Final = "regie-development-only-signing-key-public-do-not-use-in-production"
"""Lets `make run` and tests work without setup; it is public, so production refuses it."""

_SYMMETRIC_ALGORITHMS: Final = frozenset({"HS256", "HS384", "HS512"})
_MIN_SIGNING_KEY_BYTES: Final = 32  # RFC 7518 §3.2: an HMAC key at least as long as the hash


def is_production() -> bool:
    """Tell whether this process runs in production (`REGIE_ENV=production`)."""
    return os.environ.get("REGIE_ENV", "").strip().lower() == "production"


class AuthSettings(BaseSettings):
    """Token trust settings; refuses at construction any combination that would be unsafe.

    Development signs and verifies with the shared `signing_key` (HMAC). Production extension
    point: set `AUTH_PUBLIC_KEY` to the PEM public key of the OIDC provider and `AUTH_ALGORITHM`
    to its algorithm (RS256, ES256, ...); tokens are then verified with that key only and
    `mint_token` is unavailable. Asymmetric algorithms need `pyjwt[crypto]` installed.
    """

    model_config = SettingsConfigDict(env_prefix="AUTH_", frozen=True)

    signing_key: SecretStr = SecretStr(DEV_SIGNING_KEY)
    algorithm: str = "HS256"
    issuer: str = "regie-dev"
    audience: str = "regie"
    public_key: str | None = None
    leeway_seconds: int = Field(default=30, ge=0)

    @property
    def uses_public_key(self) -> bool:
        """Whether tokens come from an external identity provider rather than our own key."""
        return self.public_key is not None

    @model_validator(mode="after")
    def _refuse_unsafe(self) -> Self:
        """Fail at startup, not at the first request, on a key/algorithm that cannot be trusted."""
        if self.uses_public_key:
            if self.algorithm not in requires_cryptography:
                raise ValueError(
                    f"AUTH_PUBLIC_KEY needs an asymmetric AUTH_ALGORITHM (RS256, ES256, ...), "
                    f"not {self.algorithm!r}"
                )
            if self.algorithm not in get_default_algorithms():
                raise ValueError(
                    f"AUTH_ALGORITHM {self.algorithm} needs the 'cryptography' package "
                    "(install pyjwt[crypto])"
                )
            return self
        if self.algorithm not in _SYMMETRIC_ALGORITHMS:
            raise ValueError(
                f"without AUTH_PUBLIC_KEY the algorithm must be one of "
                f"{', '.join(sorted(_SYMMETRIC_ALGORITHMS))}, not {self.algorithm!r}"
            )
        if len(self.signing_key.get_secret_value().encode()) < _MIN_SIGNING_KEY_BYTES:
            raise ValueError(f"AUTH_SIGNING_KEY must be at least {_MIN_SIGNING_KEY_BYTES} bytes")
        if is_production() and self.signing_key.get_secret_value() == DEV_SIGNING_KEY:
            raise ValueError(
                "REGIE_ENV=production refuses the development signing key: "
                "set AUTH_SIGNING_KEY or AUTH_PUBLIC_KEY"
            )
        return self
