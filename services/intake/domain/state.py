"""The young person as intake knows them, folded by `model.evolve`; no personal data.

Its own module so that the rules (`rules.py`) and the fold (`model.py`) both import it, and
neither imports the other's module for it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from shared.rules import FrozenMap

if TYPE_CHECKING:
    from datetime import date

__all__ = ["Aftercare", "SubjectRequest", "Youth"]


@dataclass(frozen=True)
class Aftercare:
    """Nazorg after the last exit (domain/aftercare.py): its follow-ups and how far it got."""

    started_on: date
    worker: str | None
    due: FrozenMap[int, date]  # month -> the follow-up's last day
    recorded: frozenset[int] = frozenset()
    missed: frozenset[int] = frozenset()  # missed and not recorded since
    ended: str | None = None  # the reason, once ended

    @property
    def settled(self) -> bool:
        """Every follow-up recorded or missed: nothing more falls due."""
        return set(self.due) <= self.recorded | self.missed


@dataclass(frozen=True)
class SubjectRequest:
    """A correction or erasure the young person asked for (domain/subject_requests.py)."""

    kind: str
    made_on: date
    due_on: date
    overdue: bool = False  # the month passed unanswered
    handled: bool = False  # answered by the privacy officer


@dataclass(frozen=True)
class Youth:
    """What the rules and the views need to know about a young person; no personal data."""

    referred: bool = False
    registered: bool = False
    erased: bool = False
    programma: str | None = None  # the programme of registration
    age_band: str | None = None  # now: at registration, then as each band birthday passed
    identity_verified: bool = False
    active_programmes: frozenset[str] = frozenset()
    programme_starts: FrozenMap[str, date] = field(default_factory=FrozenMap)  # active ones
    exits: tuple[tuple[str, str, str, date], ...] = ()  # (programma, reason, destination, on)
    aftercare: Aftercare | None = None  # the latest nazorg, open or ended
    destruction_held: bool = False  # held back from the destruction list, until released
    destruction_approved: bool = False  # approved: the erasure follows
    director_id: str | None = None
    consents: FrozenMap[str, frozenset[str]] = field(default_factory=FrozenMap)  # active ones
    plan_id: str | None = None  # the current toekomstplan
    agreed_plans: frozenset[str] = frozenset()  # every plan id ever agreed
    goal_statuses: FrozenMap[str, str] = field(default_factory=FrozenMap)  # of the current plan
    last_assessed_on: date | None = None
    conferences: int = 0
    customisations: int = 0
    # (other youth id, what matched) of every possible duplicate noted, so none is noted twice.
    possible_duplicates: frozenset[tuple[str, str]] = frozenset()
    # The deadlines the durable timers watch (domain/deadlines.py, timers.py):
    plan_due: FrozenMap[str, date] = field(default_factory=FrozenMap)  # per active programme
    plans_overdue: frozenset[str] = frozenset()  # programmes whose plan was recorded overdue
    review_due_on: date | None = None  # the current plan's next review
    review_overdue_on: date | None = None  # the review due day recorded as passed
    goals: FrozenMap[str, date] = field(default_factory=FrozenMap)  # id: due (domains: sealed)
    goals_overdue: frozenset[str] = frozenset()  # of the current plan
    # Doorbraak: id -> (asked on, settled); every one ever asked, so none is asked twice.
    breakthroughs: FrozenMap[str, tuple[date, bool]] = field(default_factory=FrozenMap)
    # Turning 18 (domain/coming_of_age.py):
    minor_at_registration: bool = False
    transition_plan_due: bool = False
    transition_plan_agreed: bool = False
    transition_plan_agreed_before_18: bool = False
    youth_care_extended: bool = False  # jeugdhulp continues up to 23: the basis stays `jw`
    # The young person's requests (AVG art. 16/17): id -> request; every one ever made.
    subject_requests: FrozenMap[str, SubjectRequest] = field(default_factory=FrozenMap)
