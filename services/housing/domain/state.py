"""The young person's housing state: what the rules and the views know, folded by `model.evolve`.

Its own module so that the rules (`rules.py`) and the fold (`model.py`) both import it, and
neither imports the other's module for it. The status and the deadlines are described in `model.py`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from shared.subject_rights import Privacy

if TYPE_CHECKING:
    from datetime import date
    from uuid import UUID

__all__ = ["Breach", "EvictionStage", "Housing", "Status"]


Status = Literal["onbekend", "dakloos", "in_opvang", "gehuisvest", "beeindigd"]
EvictionStage = Literal["dreigt", "voorkomen", "uitgezet"]
Breach = Literal["eerste_week_dak", "eerste_week_briefadres", "zes_weken_plan"]


@dataclass(frozen=True)
class Housing:
    """What the rules and the views need to know about the young person's housing.

    Episode fields (`episode_id` to `plan_missed`) are of the current or last episode of
    homelessness; stay fields of the open or last shelter stay; `housed_*` of the current or
    last housing; eviction fields of the open or last threat.
    """

    homeless: bool = False
    episode_id: UUID | None = None
    situation: str | None = None
    homeless_since: date | None = None
    registered_on: date | None = None
    first_week_due: date | None = None
    plan_due: date | None = None
    postal_address_on: date | None = None  # first briefadres since last housed
    roof_on: date | None = None  # first shelter admission or housing in the episode
    plan_agreed_on: date | None = None
    first_week_missed: bool = False  # recorded by the first-week timer, in this episode
    plan_missed: bool = False  # recorded by the plan timer, in this episode
    open_stay_id: UUID | None = None
    shelter_type: str | None = None  # of the open stay
    stay_admitted_on: date | None = None  # of the open or last stay
    stay_left_on: date | None = None  # of the last stay that was left
    stays: int = 0  # admissions, ever
    housing_registration_on: date | None = None  # house seeker since; cleared once housed
    allowances: tuple[tuple[UUID, date, date], ...] = ()  # (id, from, until), in order granted
    offers: tuple[tuple[UUID, str, bool], ...] = ()  # (id, form, accepted), in order offered
    housed: bool = False
    housed_form: str | None = None
    housed_on: date | None = None
    days_homeless_last: int | None = None  # of the last episode that ended in housing
    housing_ended_on: date | None = None  # the last housing ended (evicted or otherwise)
    ended_reason: str | None = None  # why; None while housed
    open_eviction_id: UUID | None = None
    eviction_stage: EvictionStage | None = None
    eviction_signalled_on: date | None = None
    evictions_prevented: int = 0
    evictions: int = 0
    attention_on: date | None = None  # the last signal that something stood open at an exit
    # Learnt from intake's topic when a command is decided (handlers.py), never folded: the
    # age band intake last published and whether youth care continues to 23, for the basis.
    age_band: str | None = None
    youth_care_extended: bool = False
    # Erasure confirmed, timeline sharing (shared/subject_rights.py): apart from the domain.
    privacy: Privacy = field(default_factory=Privacy)

    @property
    def status(self) -> Status:
        """Where the young person stands, derived from the facts (see `model.py`)."""
        # The first that holds, in the order of the docstring of `model.py`.
        checks: tuple[tuple[bool, Status], ...] = (
            (self.housed, "gehuisvest"),
            (self.open_stay_id is not None, "in_opvang"),
            (self.homeless, "dakloos"),
            (self.ended_reason is not None, "beeindigd"),
        )
        return next((status for holds, status in checks if holds), "onbekend")

    def breaches(self, today: date) -> frozenset[Breach]:
        """The deadlines of the open episode that passed (before `today`) without their fact.

        A fact counts when it happened on or before its deadline; a late one stays a breach.
        Empty when not homeless (see `model.py`).
        """
        if not self.homeless:
            return frozenset()
        checks: tuple[tuple[Breach, date | None, date | None], ...] = (
            ("eerste_week_dak", self.first_week_due, self.roof_on),
            ("eerste_week_briefadres", self.first_week_due, self.postal_address_on),
            ("zes_weken_plan", self.plan_due, self.plan_agreed_on),
        )
        return frozenset(
            breach
            for breach, due, done in checks
            if due is not None and due < today and (done is None or done > due)
        )
