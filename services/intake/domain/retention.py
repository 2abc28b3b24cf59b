"""Retention: how long a young person's data is kept after care ends, and when it is due.

Pure. The clock starts on the day the young person's last trajectory ended, in any domain:
the last programme exit in intake, or a later end of a debts, housing, coaching or income
trajectory (intake's `youth_involvement`). Someone still in a programme, or with a trajectory open
anywhere, is never due. The period is a setting, never a constant of the code: per
municipality, per programme and per result (the last exit's destination), the most specific
key first (`0599/jpf/werk`, then `0599/jpf`, then `0599`), else the default.

Due, the young person goes on the destruction list of the month the period ended in
(`listed_in`), to be approved or held back; nothing is destroyed without approval. The
decisions on the list (`RETENTION_DECIDERS`): a hold (`DestructionHeld`, with a reason) keeps
the young person from approval until released (`DestructionReleased`); approval
(`DestructionApproved`) is refused while held or in a programme, and once given the erasure
follows (handlers.erase_youth, reason `bewaartermijn_verlopen`). Whether the young person is
on the list at all is the read models' (destruction_list.py), checked before deciding.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from services.intake.domain.ages import add_months
from services.intake.domain.commands import (
    ApproveDestruction,
    HoldDestruction,
    ReleaseDestruction,
)
from services.intake.domain.events import (
    DestructionApproved,
    DestructionHeld,
    DestructionReleased,
)
from shared.rules import AlreadyDoneError, ConflictError

if TYPE_CHECKING:
    import uuid
    from collections.abc import Callable, Iterable, Mapping
    from datetime import date

    from services.intake.domain.state import Youth
    from shared.events import DomainEvent

__all__ = [
    "DEFAULT_RETENTION_YEARS",
    "RETENTION_DECIDERS",
    "RETENTION_EVOLVERS",
    "CareEnded",
    "Due",
    "RetentionPeriods",
    "due_for_destruction",
]

# The Jeugdwet keeps a youth care file at least 20 years after care ends (art. 7.3.10;
# ../shared/research/domain-nl.md §2.5 [R38]); the longest of the programmes' terms, so the
# default destroys nothing early. Shorter terms (Participatiewet, Wgs: Selectielijst 2020) are
# the municipality's settings.
DEFAULT_RETENTION_YEARS = 20


@dataclass(frozen=True)
class RetentionPeriods:
    """Years kept after care ends: by key (`gemeente[/programma[/result]]`), else `default`."""

    years: Mapping[str, int] = field(default_factory=dict)
    default: int = DEFAULT_RETENTION_YEARS

    def of(self, gemeentecode: str, programma: str | None, result: str | None) -> int:
        """The most specific period set for this municipality, programme and result."""
        keys = [f"{gemeentecode}/{programma}/{result}", f"{gemeentecode}/{programma}"]
        for key in [*keys, gemeentecode]:
            if key in self.years:
                return self.years[key]
        return self.default


@dataclass(frozen=True)
class CareEnded:
    """A young person in no programme any more, as intake's read models know them."""

    youth_id: uuid.UUID
    programma: str | None  # the programme registered for
    result: str | None  # the last exit's destination
    exited_on: date  # the last programme exit
    domains_ended_on: date | None = None  # the latest end of a domain's trajectory
    open_domains: frozenset[str] = frozenset()  # domains with a trajectory still open
    held_on: date | None = None  # held back from destruction since, until released

    @property
    def ended_on(self) -> date:
        """The day the last trajectory ended, in any domain: the retention clock's start."""
        return max(self.exited_on, self.domains_ended_on or self.exited_on)


@dataclass(frozen=True)
class Due:
    """A young person on the destruction list: since when, and on whose period."""

    youth_id: uuid.UUID
    programma: str | None
    result: str | None
    care_ended_on: date
    retention_years: int
    destroy_from: date
    listed_in: str  # the month of the list, YYYY-MM
    held_on: date | None = None


def due_for_destruction(
    gemeentecode: str, ended: Iterable[CareEnded], periods: RetentionPeriods, today: date
) -> list[Due]:
    """Those whose retention ended by `today`, none with a trajectory open; by date, then id."""
    due: list[Due] = []
    for youth in ended:
        if youth.open_domains:
            continue
        years = periods.of(gemeentecode, youth.programma, youth.result)
        destroy_from = add_months(youth.ended_on, 12 * years)
        if destroy_from > today:
            continue
        due.append(
            Due(
                youth_id=youth.youth_id,
                programma=youth.programma,
                result=youth.result,
                care_ended_on=youth.ended_on,
                retention_years=years,
                destroy_from=destroy_from,
                listed_in=f"{destroy_from.year:04d}-{destroy_from.month:02d}",
                held_on=youth.held_on,
            )
        )
    return sorted(due, key=lambda d: (d.destroy_from, str(d.youth_id)))


def _in_care(state: Youth) -> None:
    if state.active_programmes:
        raise ConflictError(
            "De jongere zit nog in een programma: niet op de vernietigingslijst",
            "The young person is still in a programme: not on the destruction list",
        )


def _hold(state: Youth, command: HoldDestruction, today: date, _a: int | None) -> list[DomainEvent]:
    _in_care(state)
    if state.destruction_held:
        raise AlreadyDoneError(
            "De vernietiging is al aangehouden", "The destruction is already held back"
        )
    return [
        DestructionHeld(
            youth_id=command.youth_id, reason=command.reason, held_on=today, held_by=command.by
        )
    ]


def _release(
    state: Youth, command: ReleaseDestruction, today: date, _a: int | None
) -> list[DomainEvent]:
    if not state.destruction_held:
        raise ConflictError(
            "De vernietiging is niet aangehouden", "The destruction is not held back"
        )
    return [
        DestructionReleased(youth_id=command.youth_id, released_on=today, released_by=command.by)
    ]


def _approve(
    state: Youth, command: ApproveDestruction, today: date, _a: int | None
) -> list[DomainEvent]:
    _in_care(state)
    if state.destruction_approved:
        raise AlreadyDoneError(
            "De vernietiging is al goedgekeurd", "The destruction was already approved"
        )
    if state.destruction_held:
        raise ConflictError(
            "De vernietiging is aangehouden: geef haar eerst vrij",
            "The destruction is held back: release it first",
        )
    if command.destroy_from > today:
        raise ConflictError(
            f"De bewaartermijn loopt nog tot {command.destroy_from}",
            f"The retention period runs until {command.destroy_from}",
        )
    return [
        DestructionApproved(
            youth_id=command.youth_id,
            approved_on=today,
            approved_by=command.by,
            care_ended_on=command.care_ended_on,
            retention_years=command.retention_years,
            destroy_from=command.destroy_from,
        )
    ]


# One rule set per command; Any because each takes its own command class.
RETENTION_DECIDERS: Mapping[
    type[Any], Callable[[Youth, Any, date, int | None], list[DomainEvent]]
] = {
    HoldDestruction: _hold,
    ReleaseDestruction: _release,
    ApproveDestruction: _approve,
}

RETENTION_EVOLVERS: Mapping[type[DomainEvent], Callable[[Youth, Any], Youth]] = {
    DestructionHeld: lambda state, _e: replace(state, destruction_held=True),
    DestructionReleased: lambda state, _e: replace(state, destruction_held=False),
    DestructionApproved: lambda state, _e: replace(state, destruction_approved=True),
}
