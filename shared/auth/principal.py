"""Who is calling: the verified identity that routes authorise against and events record."""

import re
from dataclasses import dataclass

from shared.auth.roles import ROLES

_GEMEENTECODE = re.compile(r"[0-9]{4}")


def is_gemeentecode(value: str) -> bool:
    """Tell a CBS municipality code (four ASCII digits, e.g. "0518") from anything else."""
    return _GEMEENTECODE.fullmatch(value) is not None


@dataclass(frozen=True, slots=True)
class Principal:
    """An authenticated employee; valid by construction, so no caller re-checks its fields.

    `gemeentecode` is the tenant: the employee may only touch data of that municipality.
    """

    subject: str
    roles: frozenset[str]
    gemeentecode: str

    def __post_init__(self) -> None:
        """Refuse a principal that no token should be able to produce."""
        if not self.subject:
            raise ValueError("subject must not be empty")
        if not self.roles:
            raise ValueError("at least one role is required")
        unknown = self.roles - ROLES
        if unknown:
            raise ValueError(
                f"unknown role(s) {', '.join(sorted(unknown))}; known: {', '.join(sorted(ROLES))}"
            )
        if not is_gemeentecode(self.gemeentecode):
            raise ValueError(f"gemeentecode must be 4 digits, got {self.gemeentecode!r}")

    def has_any(self, *roles: str) -> bool:
        """Check a route's role requirement: holding one of the named roles is enough."""
        return not self.roles.isdisjoint(roles)

    @property
    def actor(self) -> str:
        """The employee pseudonym that event metadata records as the actor."""
        return self.subject

    @property
    def role(self) -> str:
        """One role for event metadata, chosen deterministically so replays record the same."""
        return min(self.roles)
