"""The young person as intake knows them: state folded from events, and the rules.

Pure and synchronous: time arrives as an argument, nothing here does I/O.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from services.intake.domain.events import AgeBand, PersonalDataErased, YouthRegistered

if TYPE_CHECKING:
    from datetime import date

    from services.intake.domain.commands import EraseYouth, RegisterYouth
    from shared.events import DomainEvent

MIN_AGE = 16
MAX_AGE = 27


class RuleViolationError(ValueError):
    """A command breaks a rule of the programmes; `field` names the input at fault, if one is."""

    def __init__(self, message: str, field: str | None = None) -> None:
        """Keep the Dutch message for the user and the field for a 422 response."""
        super().__init__(message)
        self.field = field


class AlreadyDoneError(RuleViolationError):
    """The command would repeat something that already happened (HTTP 409)."""


@dataclass(frozen=True)
class Youth:
    """What the rules need to know about a young person."""

    registered: bool = False
    programma: str | None = None
    erased: bool = False


def age_on(born: date, day: date) -> int:
    """Completed years of age on `day`."""
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def age_band(age: int) -> AgeBand:
    """The band reports use, so the exact birth date never has to leave intake."""
    if age < 18:  # noqa: PLR2004 - the age of majority
        return "16-17"
    return "18-22" if age <= 22 else "23-27"  # noqa: PLR2004 - the bands of the programmes


def decide_register(state: Youth, command: RegisterYouth, today: date) -> list[DomainEvent]:
    """Register once, and only a young person of 16 up to and including 27."""
    if state.registered:
        raise AlreadyDoneError("Deze jongere is al ingeschreven")
    if command.date_of_birth > today:
        raise RuleViolationError("Geboortedatum ligt in de toekomst", "date_of_birth")
    age = age_on(command.date_of_birth, today)
    if not MIN_AGE <= age <= MAX_AGE:
        raise RuleViolationError(
            f"Leeftijd {age}: inschrijving kan van {MIN_AGE} tot en met {MAX_AGE} jaar",
            "date_of_birth",
        )
    return [
        YouthRegistered(
            youth_id=command.youth_id,
            programma=command.programma,
            full_name=command.full_name,
            date_of_birth=command.date_of_birth,
            age_band=age_band(age),
            registered_on=today,
        )
    ]


def decide_erase(state: Youth, command: EraseYouth, today: date) -> list[DomainEvent]:
    """Erase a registered young person's personal data, once."""
    if not state.registered:
        raise RuleViolationError("Onbekende jongere")
    if state.erased:
        raise AlreadyDoneError("De gegevens van deze jongere zijn al vernietigd")
    return [PersonalDataErased(youth_id=command.youth_id, reason=command.reason, erased_on=today)]


def evolve(state: Youth, event: DomainEvent) -> Youth:
    """Fold one event into the state."""
    if isinstance(event, YouthRegistered):
        return replace(state, registered=True, programma=event.programma)
    if isinstance(event, PersonalDataErased):
        return replace(state, erased=True)
    return state
