"""Who works with the young person now, and how to reach them: pure, for "Mijn mensen".

From intake's answer (a jongerenregisseur assigned; the domains with an open trajectory: its
involvement read model) and the municipality's contacts (services/timeline/contacts.py). By
role, never by an employee's name or pseudonym: intake does not even send those. Coaching is
done by a coach or a klantmanager: both show where the municipality set a way to reach them,
else the coach alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any, Final

from services.timeline.web.mijn import words
from shared.life_domains import LIFE_DOMAINS

if TYPE_CHECKING:
    from collections.abc import Mapping

    from services.timeline.contacts import Contact

DIRECTOR: Final = "regisseur"
# Each domain's workers, from its line in shared/life_domains.py (intake: the regisseur).
DOMAIN_ROLES: Final = {d.name: d.roles for d in LIFE_DOMAINS if d.roles}
HELPS: Final = {
    DIRECTOR: "Houdt samen met jou het overzicht over al je hulp en je plan.",
    "schuldhulpverlener": "Helpt je met je schulden en met rondkomen.",
    "woonconsulent": "Helpt je aan een plek om te wonen.",
    "coach": "Helpt je met werk, school of een dagbesteding.",
    "klantmanager": "Helpt je met werk en met je uitkering.",
    "inkomensconsulent": "Regelt je uitkering en toeslagen.",
}


@dataclass(frozen=True)
class Person:
    """One of the young person's people: their role in words, and how to reach them."""

    role: str
    title: str
    helps: str
    since: date | None
    contact: Contact | None


def my_people(involved: Mapping[str, Any], contacts: Mapping[str, Contact]) -> list[Person]:
    """The jongerenregisseur first (when assigned), then each open domain's role(s)."""
    people = []
    if involved.get("director_assigned"):
        people.append(_person(DIRECTOR, None, contacts))
    for item in involved.get("domains") or []:
        roles = DOMAIN_ROLES.get(str(item.get("domain")), ())
        since = _day(item.get("since"))
        reachable = [r for r in roles if r in contacts] or list(roles[:1])
        people.extend(_person(role, since, contacts) for role in reachable)
    return people


def _person(role: str, since: date | None, contacts: Mapping[str, Contact]) -> Person:
    return Person(role, words.role(role), HELPS[role], since, contacts.get(role))


def _day(value: object) -> date | None:
    try:
        return date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None
