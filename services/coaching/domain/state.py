"""The young person's coaching state: what the rules and the views know, folded by `model.evolve`.

Its own module so that the rules (`rules.py`) and the fold (`model.py`) both import it, and
neither imports the other's module for it. The status and the periods are described in `model.py`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from shared.subject_rights import Privacy

if TYPE_CHECKING:
    from datetime import date

    from services.coaching.domain.vocabulary import EducationLevel, Phase, WorkKind

__all__ = ["Coaching", "EducationEnd", "GoalStatus", "Status"]


Status = Literal["onbekend", "actief", "afgesloten"]
GoalStatus = Literal["open", "behaald", "vervallen"]
EducationEnd = Literal["afgerond", "verlaten"]  # completed, or left without finishing


@dataclass(frozen=True)
class Coaching:
    """What the rules and the views need to know about the young person's coaching.

    Period fields (`coaches` to `match_made`, `started_on` to `destination`) are of the open or
    last period; goals and the fields after them are kept over all periods.
    """

    active: bool = False  # a coach was assigned and coaching has not ended since
    coaches: tuple[tuple[str, str, date], ...] = ()  # active: (kind, coach_id, from_on)
    phase: Phase | None = None  # None before scout and after the end
    phase_since: date | None = None
    last_phase: Phase | None = None  # the phase when coaching ended, or the current one
    scan_completed: bool = False  # since the scan phase was last entered
    match_made: bool = False  # since the match phase was last entered
    goals: tuple[tuple[str, str, GoalStatus, date], ...] = ()  # (id, leefgebied, status, set_on)
    perspective: str | None = None  # of the last toekomstgesprek
    conversations: int = 0
    work_started_on: date | None = None  # the latest of each
    education_started_on: date | None = None
    daytime_activity_started_on: date | None = None
    care_referred_on: date | None = None
    work_kind: WorkKind | None = None  # of the work going on; None when none is (or it ended)
    education_level: EducationLevel | None = None  # of the education going on; None when none is
    work_ended_on: date | None = None  # the last end of work, so the views tell ended from running
    education_ended_on: date | None = None  # the last end of an education
    education_end: EducationEnd | None = None  # how it ended
    relapses: int = 0
    started_on: date | None = None  # the first assignment of the open or last period
    ended_on: date | None = None  # of the last end; cleared when a new period starts
    end_reason: str | None = None
    destination: str | None = None
    # Erasure confirmed, timeline sharing (shared/subject_rights.py): apart from the domain.
    privacy: Privacy = field(default_factory=Privacy)
    # Not folded from coaching's stream: learnt from intake's topic when a command is decided
    # (handlers.py), for the legal basis the age gives coaching's facts (classification.py).
    age_band: str | None = None  # the band intake last published; None before one is heard
    youth_care_extended: bool = False  # jeugdhulp continues up to 23 (the transition plan)

    @property
    def status(self) -> Status:
        """Where the coaching stands, derived from the facts (see `model.py`)."""
        if self.active:
            return "actief"
        return "onbekend" if self.ended_on is None else "afgesloten"

    @property
    def open_goals(self) -> tuple[str, ...]:
        """The ids of the goals still open, in the order they were set."""
        return tuple(goal_id for goal_id, _, status, _ in self.goals if status == "open")

    @property
    def awaiting_coach(self) -> bool:
        """Rode loper runs (a phase) while no Rode loper coach is assigned yet."""
        return self.active and self.phase is not None and self.coach_of("rodeloper_coach") is None

    def coach_of(self, kind: str) -> str | None:
        """The active coach of `kind`, if there is one."""
        return next((coach_id for known, coach_id, _ in self.coaches if known == kind), None)
