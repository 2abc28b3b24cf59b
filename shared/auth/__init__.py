"""Who may call which route: bearer JWTs carrying an employee's roles and municipality.

Tokens hold `sub` (employee pseudonym), `roles` and `gemeentecode` (the tenant), plus `iss`,
`aud`, `iat` and `exp`. Development signs them with a built-in key (`python -m shared.auth mint`);
production verifies an identity provider's tokens via `AUTH_PUBLIC_KEY` (see `AuthSettings`).
"""

from shared.auth.dependencies import (
    Authenticator,
    declare_roles,
    ensure_tenant,
    required_roles,
)
from shared.auth.principal import Principal
from shared.auth.roles import ROLES, Role
from shared.auth.settings import AuthSettings
from shared.auth.tokens import InvalidTokenError, decode_token, mint_token

__all__ = [
    "ROLES",
    "AuthSettings",
    "Authenticator",
    "InvalidTokenError",
    "Principal",
    "Role",
    "declare_roles",
    "decode_token",
    "ensure_tenant",
    "mint_token",
    "required_roles",
]
