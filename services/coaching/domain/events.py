"""Facts of the coaching domain; also its published contract (`nl.regie.coaching.*`).

Free text (scan notes, goal texts) and the kind of care (special category) are sealed with
the young person's key; codes, dates and coach pseudonyms stay clear.
"""

from __future__ import annotations

from datetime import date  # noqa: TC003 - pydantic needs it at runtime
from typing import Annotated
from uuid import UUID

from pydantic import Field

from services.coaching.domain.vocabulary import (  # noqa: TC001 - pydantic needs them
    CoachKind,
    ContractKind,
    Destination,
    EducationLevel,
    EndReason,
    GoalDropReason,
    Leefgebied,
    MatchKind,
    Obstacle,
    Participant,
    PartnerType,
    Perspective,
    Phase,
    Strength,
    WorkKind,
)
from shared.events import DomainEvent, EventCatalogue
from shared.policy import privacy
from shared.privacy import FT, SPD

YouthId = Annotated[UUID, Field(description="Opaque id of the young person (from intake).")]
CoachId = Annotated[str, Field(description="Pseudonym of the employee who coaches.")]
GoalId = Annotated[str, Field(description="Id of the goal, unique for this young person.")]


class CoachAssigned(DomainEvent):
    """A coach of a kind was assigned; it replaces the active coach of that kind, if any."""

    name = "coach-assigned"

    youth_id: YouthId
    coach_id: CoachId
    kind: CoachKind
    from_on: date
    previous_coach_id: str | None = Field(
        default=None, description="The coach of this kind it replaces, if any."
    )


class CoachingPhaseStarted(DomainEvent):
    """A Rode loper phase started: forward in order, or back to an earlier one after relapse."""

    name = "coaching-phase-started"

    youth_id: YouthId
    phase: Phase
    started_on: date
    previous_phase: Phase | None = None
    after_relapse: bool = Field(default=False, description="A return after a relapse.")


class TalentScanCompleted(DomainEvent):
    """The scan (talents and situation) was completed; it opens the way to the match phase."""

    name = "talent-scan-completed"

    youth_id: YouthId
    strengths: list[Strength]
    obstacles: dict[Leefgebied, Obstacle] = Field(description="The main obstacle per leefgebied.")
    completed_on: date
    notes: Annotated[str | None, FT] = Field(default=None, description="Notes (encrypted).")


class FutureConversationHeld(DomainEvent):
    """A toekomstgesprek was held, with the perspective the young person chose."""

    name = "future-conversation-held"

    youth_id: YouthId
    participants: list[Participant]
    perspective: Perspective
    held_on: date


class GoalSet(DomainEvent):
    """A goal was set; it stays open until achieved or dropped."""

    name = "goal-set"

    youth_id: YouthId
    goal_id: GoalId
    leefgebied: Leefgebied
    set_on: date
    due_on: date | None = None
    text: Annotated[str, FT] = Field(
        description="The goal in the young person's words (encrypted)."
    )


class GoalAchieved(DomainEvent):
    """An open goal was achieved."""

    name = "goal-achieved"

    youth_id: YouthId
    goal_id: GoalId
    achieved_on: date


class GoalDropped(DomainEvent):
    """An open goal was dropped, by choice or because coaching ended."""

    name = "goal-dropped"

    youth_id: YouthId
    goal_id: GoalId
    reason: GoalDropReason
    dropped_on: date


class MatchMade(DomainEvent):
    """A match with a place to learn or work (Rode loper's match phase)."""

    name = "match-made"

    youth_id: YouthId
    kind: MatchKind
    partner_type: PartnerType
    start_on: date = Field(description="When the young person starts there (may lie ahead).")
    made_on: date


class EducationStarted(DomainEvent):
    """The young person started an education."""

    name = "education-started"

    youth_id: YouthId
    level: EducationLevel
    started_on: date


class WorkStarted(DomainEvent):
    """The young person started work."""

    name = "work-started"

    youth_id: YouthId
    kind: WorkKind
    contract: ContractKind
    started_on: date


class DaytimeActivityStarted(DomainEvent):
    """Dagbesteding started (Wmo); it suggests a care need, so it is special category."""

    name = "daytime-activity-started"

    youth_id: YouthId
    started_on: date


class CareReferred(DomainEvent):
    """Referred to care (GGZ, addiction care, LVB); the kind of care is sealed (AVG art. 9)."""

    name = "care-referred"

    youth_id: YouthId
    care_kind: Annotated[str, SPD] = Field(description="The kind of care (encrypted).")
    referred_on: date


class RelapseSignalled(DomainEvent):
    """A relapse was signalled; `returns_to` names the earlier phase it sends them back to."""

    name = "relapse-signalled"

    youth_id: YouthId
    leefgebied: Leefgebied
    signalled_on: date
    phase: Phase | None = Field(description="The phase the young person was in.")
    returns_to: Phase | None = Field(
        default=None, description="The earlier phase they return to; None: they stay."
    )


class CoachingEnded(DomainEvent):
    """Coaching ended; every coach's assignment ends with it, open goals were dropped first."""

    name = "coaching-ended"

    youth_id: YouthId
    reason: EndReason
    destination: Destination
    ended_on: date


class ErasureConfirmed(privacy.ErasureConfirmed):
    """coaching destroyed its key for the young person: nothing of theirs opens here any more."""


class TimelineSharingStopped(privacy.TimelineSharingStopped):
    """Consent to share the timeline was withdrawn: coaching's later events say `delen: nee`."""


class TimelineSharingResumed(privacy.TimelineSharingResumed):
    """Consent covers coaching's life domain again: its later events are shared."""


PRIVACY_EVENTS = (ErasureConfirmed, TimelineSharingStopped, TimelineSharingResumed)

CATALOGUE = EventCatalogue(
    "coaching",
    [
        CoachAssigned,
        CoachingPhaseStarted,
        TalentScanCompleted,
        FutureConversationHeld,
        GoalSet,
        GoalAchieved,
        GoalDropped,
        MatchMade,
        EducationStarted,
        WorkStarted,
        DaytimeActivityStarted,
        CareReferred,
        RelapseSignalled,
        CoachingEnded,
        ErasureConfirmed,
        TimelineSharingStopped,
        TimelineSharingResumed,
    ],
)
