"""The Tijdreis form: which young person, at which moment, seen as which role and person.

Pure: the query's fields in, a question or the fields' errors (Dutch and English) out. The
moment is a local time in the Netherlands (an `<input type="datetime-local">`), and lies in
the past; a jongerenregisseur is a person, so that role needs one named.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from services.timeline.read_model.access import AUDITOR, DIRECTOR, READERS

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
ROLES = READERS
"""Whose sight may be replayed: every role that reads timelines."""
PERSON_MAX = 200


@dataclass(frozen=True)
class Question:
    """What the auditor asks; `errors` per field when the form does not hold."""

    youth_id: str = ""
    moment: datetime | None = None
    role: str = AUDITOR
    person: str = ""
    errors: dict[str, tuple[str, str]] = field(default_factory=dict)

    @property
    def asked(self) -> bool:
        """A complete, valid question: the page compares."""
        return not self.errors and bool(self.youth_id) and self.moment is not None

    @property
    def local_moment(self) -> str:
        """The moment as the form's field shows it."""
        return (
            self.moment.astimezone(AMSTERDAM).strftime("%Y-%m-%dT%H:%M:%S") if self.moment else ""
        )


def read_question(
    jongere: str | None,
    moment: str | None,
    rol: str | None,
    persoon: str | None,
    *,
    now: datetime,
) -> Question:
    """The question from the form; an empty form is no question and no error."""
    youth, when, role = (jongere or "").strip(), (moment or "").strip(), rol or AUDITOR
    person = (persoon or "").strip()
    if not youth and not when:
        return Question(role=role if role in ROLES else AUDITOR, person=person[:PERSON_MAX])
    errors: dict[str, tuple[str, str]] = {}
    try:
        youth = str(uuid.UUID(youth))
    except ValueError:
        errors["jongere"] = ("Vul het kenmerk van de jongere in (een UUID).",
                             "Enter the young person's id (a UUID).")  # fmt: skip
    instant = _moment(when, now, errors)
    if role not in ROLES:
        errors["rol"] = ("Kies een bestaande rol.", "Choose an existing role.")
    if role == DIRECTOR and not person:
        errors["persoon"] = ("Vul in welke jongerenregisseur (hun kenmerk).",
                             "Name which director (their id).")  # fmt: skip
    if len(person) > PERSON_MAX:
        errors["persoon"] = (f"Hoogstens {PERSON_MAX} tekens.", f"At most {PERSON_MAX} characters.")
    return Question(youth, instant, role, person, errors)


def _moment(text: str, now: datetime, errors: dict[str, tuple[str, str]]) -> datetime | None:
    try:
        found = datetime.fromisoformat(text)
    except ValueError:
        errors["moment"] = ("Vul een moment in als jjjj-mm-ddTuu:mm:ss.",
                            "Enter a moment as yyyy-mm-ddThh:mm:ss.")  # fmt: skip
        return None
    instant = found if found.tzinfo else found.replace(tzinfo=AMSTERDAM)
    if instant > now:
        errors["moment"] = ("Kies een moment in het verleden.", "Choose a moment in the past.")
        return None
    return instant
