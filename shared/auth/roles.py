"""The roles an employee can hold, as the domain names them; tokens carry only these."""

from typing import Final, Literal, get_args

Role = Literal[
    "regisseur",
    "coach",
    "schuldhulpverlener",
    "klantmanager",
    "woonconsulent",
    "intake",
    "auditor",
]
"""A role name, for type-checked call sites such as `require("intake")` in tests and services."""

ROLES: Final[frozenset[str]] = frozenset(get_args(Role))
"""Every known role: a token or a route naming anything else is a mistake to refuse early."""
