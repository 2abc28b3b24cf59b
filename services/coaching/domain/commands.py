"""Orders given to the coaching service, in the imperative. Shapes only; rules in rules.py."""

from __future__ import annotations

from datetime import date  # noqa: TC003 - pydantic needs it at runtime
from typing import Literal
from uuid import UUID  # noqa: TC003 - pydantic needs it at runtime

from pydantic import BaseModel, ConfigDict, Field

from services.coaching.domain.vocabulary import (  # noqa: TC001 - pydantic needs them
    CareKind,
    CoachKind,
    ContractKind,
    Destination,
    EducationDropReason,
    EducationLevel,
    EndReason,
    Leefgebied,
    MatchKind,
    Obstacle,
    Participant,
    PartnerType,
    Perspective,
    Phase,
    Strength,
    WorkEndReason,
    WorkKind,
)

PSEUDONYM = r"^[A-Za-z0-9._-]{1,64}$"
GOAL_ID = r"^[A-Za-z0-9._-]{1,64}$"
# A goal of the young person's toekomstplan, as intake names it (its `PlanGoal.goal_id`).
PLAN_GOAL_ID = r"^[a-z0-9-]{1,40}$"


class Command(BaseModel):
    """Base: frozen, and about one young person's coaching."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    youth_id: UUID


class AssignCoach(Command):
    """Assign a coach of a kind; replaces the active coach of that kind."""

    coach_id: str = Field(pattern=PSEUDONYM, description="The coach's employee pseudonym.")
    kind: CoachKind
    from_on: date


class StartPhase(Command):
    """Start the next Rode loper phase (scout, scan, match, borg: in that order)."""

    phase: Phase
    started_on: date


class CompleteTalentScan(Command):
    """Record the completed scan: strengths and the main obstacle per leefgebied."""

    strengths: list[Strength] = Field(max_length=20)
    obstacles: dict[Leefgebied, Obstacle]
    completed_on: date
    notes: str | None = Field(default=None, max_length=4000)


class HoldFutureConversation(Command):
    """Record a toekomstgesprek and the perspective chosen."""

    participants: list[Participant] = Field(min_length=1, max_length=10)
    perspective: Perspective
    held_on: date


class SetGoal(Command):
    """Set a goal in a leefgebied."""

    goal_id: str = Field(pattern=GOAL_ID)
    leefgebied: Leefgebied
    text: str = Field(min_length=1, max_length=1000)
    set_on: date
    due_on: date | None = None
    plan_goal_id: str | None = Field(
        default=None,
        pattern=PLAN_GOAL_ID,
        description="The toekomstplan's goal this serves (its `goal_id` in intake), if any.",
        examples=["doel-1"],
    )


class AchieveGoal(Command):
    """Record that an open goal was achieved."""

    goal_id: str = Field(pattern=GOAL_ID)
    achieved_on: date


class DropGoal(Command):
    """Drop an open goal that no longer fits or cannot be reached."""

    goal_id: str = Field(pattern=GOAL_ID)
    reason: Literal["niet_meer_passend", "niet_haalbaar"] = "niet_meer_passend"
    dropped_on: date


class MakeMatch(Command):
    """Record the match (in the match phase)."""

    kind: MatchKind
    partner_type: PartnerType
    start_on: date
    made_on: date


class StartEducation(Command):
    """Record that an education started."""

    level: EducationLevel
    started_on: date


class StartWork(Command):
    """Record that work started."""

    kind: WorkKind
    contract: ContractKind
    started_on: date


class EndWork(Command):
    """Record that the work that started has ended."""

    reason: WorkEndReason
    ended_on: date


class CompleteEducation(Command):
    """Record that the education that started was finished; with a diploma or not."""

    diploma: bool
    graduated_on: date


class DropEducation(Command):
    """Record that the education that started was left unfinished (voortijdig schoolverlaten)."""

    reason: EducationDropReason
    left_on: date


class StartDaytimeActivity(Command):
    """Record that dagbesteding started."""

    started_on: date


class ReferToCare(Command):
    """Record a referral to care."""

    care_kind: CareKind
    referred_on: date


class SignalRelapse(Command):
    """Record a relapse, and the earlier phase it sends the young person back to, if any."""

    leefgebied: Leefgebied
    signalled_on: date
    returns_to: Phase | None = None


class EndCoaching(Command):
    """End coaching; open goals are dropped with it."""

    reason: EndReason
    destination: Destination
    ended_on: date


class OpenRodeLoper(Command):
    """Start Rode loper with its scout phase, whether or not a Rode loper coach is there yet.

    Without one, the young person waits for a coach in the scout phase; the phases after it
    need the coach (`StartPhase`).
    """

    started_on: date
