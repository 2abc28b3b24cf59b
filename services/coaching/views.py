"""What the coaching service shows of one young person; sealed texts for coaches only.

Goal texts, scan notes and the kind of care are opened for the coaching roles, who work with
them; the jongerenregisseur and the auditor see the codes, dates and counts. A goal's life
domain is sealed too (goal-set v3: it may be health, addiction or justice); coaching opens it
for every reader of the view, who saw it in clear before it was sealed.
"""

from __future__ import annotations

import uuid  # noqa: TC003 - pydantic needs it at runtime
from datetime import date  # noqa: TC003 - pydantic needs it at runtime
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, Field

from services.coaching.domain.events import CareReferred, GoalSet, TalentScanCompleted
from services.coaching.handlers import fold

if TYPE_CHECKING:
    from shared.auth import Principal
    from shared.eventstore import RecordedEvent
    from shared.privacy import Sealer

COACHING_ROLES = ("coach", "klantmanager")


class Coach(BaseModel):
    """An active coach."""

    kind: str
    coach_id: str
    from_on: date


class Goal(BaseModel):
    """A goal and where it stands; the text only for the coaching roles."""

    goal_id: str
    leefgebied: str
    status: str
    set_on: date
    text: str | None


class Outcome(BaseModel):
    """Where the young person went (the latest start of each kind), and what holds now."""

    work_started_on: date | None
    education_started_on: date | None
    daytime_activity_started_on: date | None
    care_referred_on: date | None
    in_work: bool = Field(description="Work coaching recorded goes on (its end not recorded).")
    work_ended_on: date | None = Field(description="The last day of the last work that ended.")
    education: Literal["bezig", "afgerond", "verlaten"] | None = Field(
        description="The last education: going on, completed, or left without finishing it."
    )
    education_ended_on: date | None = Field(description="The day the last education ended.")


class CoachingView(BaseModel):
    """A young person's coaching."""

    youth_id: uuid.UUID
    status: str
    started_on: date | None
    phase: str | None
    phase_since: date | None
    awaiting_coach: bool
    coaches: list[Coach]
    goals: list[Goal]
    perspective: str | None
    conversations: int
    outcome: Outcome
    relapses: int
    ended_on: date | None
    end_reason: str | None
    destination: str | None
    sealed: dict[str, str] | None
    version: int


def sees_sealed(principal: Principal) -> bool:
    """Free text and the kind of care: for those who coach."""
    return principal.has_any(*COACHING_ROLES)


async def coaching_view(
    sealer: Sealer, youth_id: uuid.UUID, recorded: list[RecordedEvent], principal: Principal
) -> CoachingView:
    """Fold the coaching; open the texts only for those who may read them."""
    state = await fold(sealer, recorded)
    coaches = sees_sealed(principal)
    domains, texts, sealed = await _opened(sealer, recorded, texts_too=coaches)
    return CoachingView(
        youth_id=youth_id,
        status=state.status,
        started_on=state.started_on,
        phase=state.phase,
        phase_since=state.phase_since,
        awaiting_coach=state.awaiting_coach,
        coaches=[Coach(kind=k, coach_id=c, from_on=f) for k, c, f in state.coaches],
        goals=[
            Goal(goal_id=g, leefgebied=domains.get(g, lg), status=st, set_on=on, text=texts.get(g))
            for g, lg, st, on in state.goals
        ],
        perspective=state.perspective,
        conversations=state.conversations,
        outcome=Outcome(
            work_started_on=state.work_started_on,
            education_started_on=state.education_started_on,
            daytime_activity_started_on=state.daytime_activity_started_on,
            care_referred_on=state.care_referred_on,
            in_work=state.work_kind is not None,
            work_ended_on=state.work_ended_on,
            education="bezig" if state.education_level is not None else state.education_end,
            education_ended_on=state.education_ended_on,
        ),
        relapses=state.relapses,
        ended_on=state.ended_on,
        end_reason=state.end_reason,
        destination=state.destination,
        sealed=sealed if coaches else None,
        version=len(recorded),
    )


GOAL_TYPES = (".goal-set",)
SEALED_TYPES = (*GOAL_TYPES, ".talent-scan-completed", ".care-referred")


async def _opened(
    sealer: Sealer, recorded: list[RecordedEvent], *, texts_too: bool
) -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    """Goal life domains by id; with `texts_too`, the goal texts and the rest too.

    The rest: the latest scan notes and kind of care. "gegevens vernietigd" once the key is gone.
    """
    domains: dict[str, str] = {}
    texts: dict[str, str] = {}
    other: dict[str, str] = {}
    for record in recorded:
        if not record.event_type.endswith(SEALED_TYPES if texts_too else GOAL_TYPES):
            continue
        event = await sealer.open(record)
        if isinstance(event, GoalSet):
            domains[event.goal_id] = event.leefgebied
            texts[event.goal_id] = event.text
        elif isinstance(event, TalentScanCompleted) and event.notes is not None:
            other["scan_notes"] = event.notes
        elif isinstance(event, CareReferred):
            other["care_kind"] = event.care_kind
    return domains, texts if texts_too else {}, other
