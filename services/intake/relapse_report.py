"""Relapse by life domain within 12 months of the exit, per enrolment cohort: a keyholder's figure.

The life domains of a relapse recorded at a nazorg follow-up are special-category data (a
relapse in `justitie` is criminal-law data, AVG art. 10), sealed with the young person's key:
no read model outside intake can count them. Intake opens them here, counts, and returns only
the counts, never a young person; an erased young person's domains count as `onbekend`.

The cohort is the month of the first start in the programme the young person left last (as
the timeline's outcome report counts it), so the two reports line up.

Read by anyone but the auditor, small counts are protected (shared.figures.suppression):
each measure is one table over cohort and programme (and life domain), margins included.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date  # noqa: TC003 - pydantic needs it at runtime
from typing import TYPE_CHECKING

from pydantic import BaseModel, Field

from services.intake.domain.events import (
    CATALOGUE,
    AftercareStarted,
    FollowUpRecorded,
    ProgrammeEnrolled,
)
from shared.figures.suppression import Figure, protect_cube, rule

if TYPE_CHECKING:
    from collections.abc import Iterable

    from shared.events import DomainEvent
    from shared.eventstore import EventStore
    from shared.privacy import Sealer

__all__ = [
    "RelapseByDomain",
    "RelapseCohort",
    "count_relapses",
    "protect_cohorts",
    "relapse_by_domain",
]

WITHIN_MONTHS = 12
UNKNOWN = "onbekend"  # the domains of an erased young person


class RelapseCohort(BaseModel):
    """One enrolment cohort of a programme: in nazorg, relapsed, and per life domain."""

    cohort: date = Field(description="The month of the first start in the programme.")
    programma: str
    in_aftercare: Figure = Field(
        description='Young people whose nazorg started ("<5" or "x" where protected).'
    )
    relapsed: Figure = Field(description="Of them, relapsed at a follow-up up to 12 months.")
    by_leefgebied: dict[str, Figure] = Field(
        description="Young people relapsed per life domain (one may count in several)."
    )


class RelapseByDomain(BaseModel):
    """The cohorts enrolled from `start` to `end` (months) of one municipality."""

    gemeentecode: str
    start: date
    end: date
    cohorts: list[RelapseCohort]
    suppression: str | None = Field(
        default=None, description="How small counts are protected; absent: exact (auditor)."
    )


@dataclass
class _Youth:
    """What one young person's history says for the figure."""

    enrolled: dict[str, date] = field(default_factory=dict)  # programme -> first start
    aftercare: dict[date, str] = field(default_factory=dict)  # started_on -> programme
    relapses: dict[date, set[str]] = field(default_factory=dict)  # started_on -> domains


def _read(youths: dict[str, _Youth], subject: str, event: DomainEvent) -> None:
    youth = youths.setdefault(subject, _Youth())
    match event:
        case ProgrammeEnrolled():
            first = youth.enrolled.get(event.programma)
            if first is None or event.start_on < first:
                youth.enrolled[event.programma] = event.start_on
        case AftercareStarted():
            youth.aftercare[event.started_on] = event.programma
        case FollowUpRecorded() if event.relapsed and event.month <= WITHIN_MONTHS:
            domains = event.relapse_leefgebieden
            named = set(domains) if isinstance(domains, list) and domains else {UNKNOWN}
            youth.relapses.setdefault(event.aftercare_started_on, set()).update(named)


def count_relapses(
    opened: Iterable[tuple[str, DomainEvent]], *, start: date, end: date
) -> list[RelapseCohort]:
    """Per cohort and programme: each nazorg counts once, each of its domains once (pure)."""
    youths: dict[str, _Youth] = {}
    for subject, event in opened:
        _read(youths, subject, event)
    cells: dict[tuple[date, str], list[set[str] | None]] = defaultdict(list)
    for youth in youths.values():
        for started_on, programma in youth.aftercare.items():
            enrolled = youth.enrolled.get(programma)
            if enrolled is None:
                continue
            cohort = enrolled.replace(day=1)
            if start <= cohort <= end:
                cells[cohort, programma].append(youth.relapses.get(started_on))
    cohorts = []
    for (cohort, programma), periods in sorted(cells.items()):
        by_domain: dict[str, int] = defaultdict(int)
        for domains in periods:
            for domain in domains or ():
                by_domain[domain] += 1
        cohorts.append(
            RelapseCohort(
                cohort=cohort,
                programma=programma,
                in_aftercare=len(periods),
                relapsed=sum(1 for d in periods if d),
                by_leefgebied=dict(sorted(by_domain.items())),
            )
        )
    return cohorts


def _published(leaves: dict[tuple[str, ...], int], threshold: int) -> dict[tuple[str, ...], Figure]:
    protection = protect_cube(leaves, threshold)
    return {key: protection.figure(key) for key in leaves}


def protect_cohorts(cohorts: list[RelapseCohort], threshold: int) -> list[RelapseCohort]:
    """The cohorts with small counts hidden, complements too, per measure (pure)."""
    rows = {(c.cohort.isoformat(), c.programma): c for c in cohorts}
    started = _published({k: int(c.in_aftercare) for k, c in rows.items()}, threshold)
    relapsed = _published({k: int(c.relapsed) for k, c in rows.items()}, threshold)
    domains = _published(
        {(*k, d): int(n) for k, c in rows.items() for d, n in c.by_leefgebied.items()}, threshold
    )
    return [
        c.model_copy(
            update={
                "in_aftercare": started[k],
                "relapsed": relapsed[k],
                "by_leefgebied": {d: domains[(*k, d)] for d in c.by_leefgebied},
            }
        )
        for k, c in rows.items()
    ]


_TYPES = [CATALOGUE.type_name(t) for t in (ProgrammeEnrolled, AftercareStarted, FollowUpRecorded)]


async def relapse_by_domain(  # noqa: PLR0913 - each is named at the call site
    store: EventStore,
    sealer: Sealer,
    gemeentecode: str,
    *,
    start: date,
    end: date,
    threshold: int | None,
) -> RelapseByDomain:
    """Open the municipality's nazorg history and count; only the counts leave this function.

    `threshold` None: exact counts (the auditor's); else small counts are protected.
    """
    recorded = await store.of_types(_TYPES, gemeentecode)
    opened = [(record.subject, await sealer.open(record)) for record in recorded]
    cohorts = count_relapses(opened, start=start.replace(day=1), end=end)
    if threshold is None:
        return RelapseByDomain(gemeentecode=gemeentecode, start=start, end=end, cohorts=cohorts)
    return RelapseByDomain(
        gemeentecode=gemeentecode, start=start, end=end,
        cohorts=protect_cohorts(cohorts, threshold), suppression=rule(threshold),
    )  # fmt: skip
