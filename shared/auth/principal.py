"""Who is calling: the verified identity that routes authorise against and events record."""

import re
import uuid
from dataclasses import dataclass

from shared.auth.roles import PROGRAMME_MONITOR, ROLES, YOUNG_PERSON

_GEMEENTECODE = re.compile(r"[0-9]{4}")
_PROGRAMME = re.compile(r"[a-z0-9_]{1,40}")


def _is_uuid(value: str) -> bool:
    """A youth id in its canonical form, so comparing two ids as text is comparing the ids."""
    try:
        return str(uuid.UUID(value)) == value
    except ValueError:
        return False


def is_gemeentecode(value: str) -> bool:
    """Tell a CBS municipality code (four ASCII digits, e.g. "0518") from anything else."""
    return _GEMEENTECODE.fullmatch(value) is not None


@dataclass(frozen=True, slots=True)
class Principal:
    """An authenticated employee or young person; valid by construction, so no caller re-checks.

    `gemeentecode` is the tenant: the employee may only touch data of that municipality.
    `youth_id` is set for the young person (role `jongere`) only: whose data is their own.
    `programma` is set for the programme monitor (role `programmamonitor`) only: the programme
    whose municipalities' protected figures it compares.
    """

    subject: str
    roles: frozenset[str]
    gemeentecode: str
    youth_id: str | None = None
    programma: str | None = None

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
        self._check_young_person()
        self._check_programme_monitor()

    def _check_young_person(self) -> None:
        """A young person's token names their youth id and nothing an employee holds.

        Mixed, a route admitting an employee role would admit the young person to others' data.
        """
        if YOUNG_PERSON not in self.roles:
            if self.youth_id is not None:
                raise ValueError("youth_id belongs to a token with role jongere only")
            return
        if self.roles != {YOUNG_PERSON}:
            raise ValueError("role jongere is never combined with another role")
        if self.youth_id is None or not _is_uuid(self.youth_id):
            raise ValueError("role jongere needs youth_id: the young person's own id (a UUID)")

    def _check_programme_monitor(self) -> None:
        """A monitor's token names its programme and nothing an employee of one place holds.

        Mixed, a role of the municipality would read its records with a token meant for
        figures only; and a programme on another role's token would widen nothing but confuse.
        """
        if PROGRAMME_MONITOR not in self.roles:
            if self.programma is not None:
                raise ValueError("programma belongs to a token with role programmamonitor only")
            return
        if self.roles != {PROGRAMME_MONITOR}:
            raise ValueError("role programmamonitor is never combined with another role")
        if self.programma is None or _PROGRAMME.fullmatch(self.programma) is None:
            raise ValueError("role programmamonitor needs programma: a programme code (a-z0-9_)")

    @property
    def young_person(self) -> str | None:
        """The youth id of a signed-in young person, None for an employee."""
        return self.youth_id if YOUNG_PERSON in self.roles else None

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
