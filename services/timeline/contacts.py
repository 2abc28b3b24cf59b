"""How a young person reaches the people who work with them, as each municipality configures it.

Mijn regie never shows an employee's name or pseudonym: a young person reaches a team or an
organisation (the municipality's jongerenloket, the schuldhulp desk), by phone or email, at the
hours it is reachable. Set per municipality and role in `TIMELINE_CONTACTS`, e.g.
'{"0518": {"regisseur": {"naam": "Jongerenteam", "telefoon": "070 353 00 00",
"email": "jongeren@denhaag.nl", "bereikbaar": "Maandag tot vrijdag, 9.00 tot 17.00 uur"}}}'.
A wrong code, role, phone number or email address stops the service at start-up, named.
"""

from __future__ import annotations

import re
from typing import Annotated, Final

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

# The roles that work with a young person; the others (auditor, archivaris...) never meet them.
CONTACT_ROLES: Final = (
    "regisseur",
    "coach",
    "klantmanager",
    "schuldhulpverlener",
    "woonconsulent",
    "inkomensconsulent",
)
_GEMEENTECODE = re.compile(r"\d{4}")
_PHONE = re.compile(r"\+?[0-9][0-9 -]{8,18}[0-9]")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[a-z]{2,}", re.IGNORECASE)


def _gemeentecode(value: str) -> str:
    if not _GEMEENTECODE.fullmatch(value):
        msg = f"gemeentecode {value!r}: four digits (CBS), e.g. 0518"
        raise ValueError(msg)
    return value


def _role(value: str) -> str:
    if value not in CONTACT_ROLES:
        msg = f"role {value!r}: one of {', '.join(CONTACT_ROLES)}"
        raise ValueError(msg)
    return value


def _phone(value: str | None) -> str | None:
    if value is not None and not _PHONE.fullmatch(value.strip()):
        msg = f"telefoon {value!r}: digits, spaces or dashes, e.g. 070 353 00 00"
        raise ValueError(msg)
    return value.strip() if value else None


def _email(value: str | None) -> str | None:
    if value is not None and not _EMAIL.fullmatch(value.strip()):
        msg = f"email {value!r}: an email address, e.g. jongeren@denhaag.nl"
        raise ValueError(msg)
    return value.strip() if value else None


class Contact(BaseModel):
    """One way to reach a role in a municipality: a team or organisation, never a person."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    naam: str = Field(min_length=2, max_length=120, description="Team or organisation.")
    telefoon: Annotated[str | None, AfterValidator(_phone)] = None
    email: Annotated[str | None, AfterValidator(_email)] = None
    bereikbaar: str | None = Field(default=None, max_length=200, description="When reachable.")

    def tel_href(self) -> str | None:
        """The phone number as a `tel:` link: digits and a leading + only."""
        if self.telefoon is None:
            return None
        return "tel:" + re.sub(r"[^0-9+]", "", self.telefoon)


Contacts = dict[
    Annotated[str, AfterValidator(_gemeentecode)],
    dict[Annotated[str, AfterValidator(_role)], Contact],
]
"""Per gemeentecode, per role: how to reach them."""
