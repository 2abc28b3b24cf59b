"""Retention: how long a young person's data is kept after care ends, and when it is due.

Pure. The clock starts on the day the young person's last trajectory ended, in any domain:
the last programme exit in intake, or a later end of a debts, housing or coaching trajectory
(intake's `youth_involvement`). Someone still in a programme, or with a trajectory open
anywhere, is never due. The period is a setting, never a constant of the code: per
municipality, per programme and per result (the last exit's destination), the most specific
key first (`0599/jpf/werk`, then `0599/jpf`, then `0599`), else the default.

Due, the young person goes on the destruction list of the month the period ended in
(`listed_in`), to be approved or held back; nothing is destroyed without approval.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from services.intake.domain.ages import add_months

if TYPE_CHECKING:
    import uuid
    from collections.abc import Iterable, Mapping
    from datetime import date

__all__ = [
    "DEFAULT_RETENTION_YEARS",
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
            )
        )
    return sorted(due, key=lambda d: (d.destroy_from, str(d.youth_id)))
