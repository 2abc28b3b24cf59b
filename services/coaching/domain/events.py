"""Facts of the coaching domain; also its published contract (`nl.regie.coaching.*`).

Free text (scan notes, goal texts) and special-category data (the kind of care, the scan's
obstacles, the life domain of a relapse) are sealed with the young person's key; other codes,
dates and coach pseudonyms stay clear.
"""

from __future__ import annotations

from datetime import date  # noqa: TC003 - pydantic needs it at runtime
from typing import TYPE_CHECKING, Annotated, ClassVar
from uuid import UUID

from pydantic import Field

from services.coaching.domain.vocabulary import (
    RETIRED_LEEFGEBIEDEN,
    CoachKind,
    ContractKind,
    Destination,
    EducationDropReason,
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
    WorkEndReason,
    WorkKind,
)
from shared import integrity, subject_rights
from shared.event_contracts.upcasting import MapValues
from shared.events import DomainEvent, EventCatalogue
from shared.personal_data import FT, SPD, Erased

if TYPE_CHECKING:
    from collections.abc import Mapping

    from shared.event_contracts.upcasting import Step

# Version 1 of the events with a life domain knew `huiselijke_relaties`; intake's codes do not.
ALIGNED_LEEFGEBIED = "coaching's life domains are intake's: huiselijke_relaties is sociaal_netwerk"

YouthId = Annotated[
    UUID,
    Field(
        description="Opaque id of the young person (from intake); also the CloudEvents subject.",
        examples=["6f0b8c1e-3a52-4d7e-9b1a-2c4d5e6f7a8b"],
    ),
]
CoachId = Annotated[
    str, Field(description="Pseudonym of the employee who coaches.", examples=["coach-12"])
]
GoalId = Annotated[
    str, Field(description="Id of the goal, unique for this young person.", examples=["doel-3"])
]
PlanGoalId = Annotated[
    str | None,
    Field(
        pattern=r"^[a-z0-9-]{1,40}$",
        description="The goal of the young person's toekomstplan (intake's `future-plan-agreed`"
        " `goal_id`) this serves, so the one plan shows the domains' progress; absent when it"
        " serves none or was recorded before this field existed.",
        examples=["doel-1"],
    ),
]


class CoachAssigned(DomainEvent):
    """A coach of a kind was assigned; it replaces the active coach of that kind, if any."""

    name = "coach-assigned"

    youth_id: YouthId
    coach_id: CoachId
    kind: CoachKind = Field(
        description="The kind of coach; one active coach per kind.", examples=["rodeloper_coach"]
    )
    from_on: date = Field(description="The first day of the assignment.", examples=["2026-03-16"])
    previous_coach_id: str | None = Field(
        default=None,
        description="The coach of this kind it replaces, if any.",
        examples=["coach-07"],
    )


class CoachingPhaseStarted(DomainEvent):
    """A Rode loper phase started: forward in order, or back to an earlier one after relapse."""

    name = "coaching-phase-started"

    youth_id: YouthId
    phase: Phase = Field(description="The phase that started.", examples=["scan"])
    started_on: date = Field(description="The first day of the phase.", examples=["2026-04-01"])
    previous_phase: Phase | None = Field(
        default=None, description="The phase before it, if any.", examples=["scout"]
    )
    after_relapse: bool = Field(
        default=False, description="A return after a relapse.", examples=[False]
    )


class TalentScanCompleted(DomainEvent):
    """The scan (talents and situation) was completed; it opens the way to the match phase.

    Version 2 seals `obstacles` (addiction, mental health, justice contact are special-category
    data, AVG art. 9/10) and uses intake's life domains. Version 1 events keep theirs in clear.
    """

    name = "talent-scan-completed"
    schema_version = 2
    upcasts: ClassVar[Mapping[int, tuple[Step, ...]]] = {
        2: (MapValues("obstacles", RETIRED_LEEFGEBIEDEN, why=ALIGNED_LEEFGEBIED),)
    }

    youth_id: YouthId
    strengths: list[Strength] = Field(
        description="What the young person is good at.", examples=[["praktisch", "sociaal"]]
    )
    obstacles: Annotated[dict[Leefgebied, Obstacle] | Erased, SPD] = Field(
        description="The main obstacle per leefgebied (special category, encrypted).",
        examples=[{"onderwijs": "geen_startkwalificatie", "financien": "schulden"}],
    )
    completed_on: date = Field(
        description="The day the scan was completed.", examples=["2026-04-22"]
    )
    notes: Annotated[str | None, FT] = Field(
        default=None,
        description="Notes (encrypted).",
        examples=["Wil met de handen werken; sleutelt graag aan brommers."],
    )


class FutureConversationHeld(DomainEvent):
    """A toekomstgesprek was held, with the perspective the young person chose."""

    name = "future-conversation-held"

    youth_id: YouthId
    participants: list[Participant] = Field(
        description="Who took part.", examples=[["jongere", "werkbedrijf", "netwerk"]]
    )
    perspective: Perspective = Field(
        description="The perspective the young person chose.", examples=["opleiding"]
    )
    held_on: date = Field(description="The day of the conversation.", examples=["2026-03-20"])


class GoalSet(DomainEvent):
    """A goal was set; it stays open until achieved or dropped.

    Version 2 uses intake's life domains: a version 1 `huiselijke_relaties` reads as
    `sociaal_netwerk`. Version 3 seals `leefgebied` where it stood: a goal in `verslaving` or
    `justitie` beside the young person's id told every subscriber of it (AVG art. 9/10). The
    CloudEvents extension `leefgebied` still names a domain that is not special category, as
    in version 2. Older goals read as they are (their domain was published in clear).
    """

    name = "goal-set"
    schema_version = 3
    upcasts: ClassVar[Mapping[int, tuple[Step, ...]]] = {
        2: (MapValues("leefgebied", RETIRED_LEEFGEBIEDEN, why=ALIGNED_LEEFGEBIED),),
        3: (),  # `leefgebied` sealed where it stood: a v2 code reads as it is
    }

    youth_id: YouthId
    goal_id: GoalId
    leefgebied: Annotated[Leefgebied | Erased, SPD] = Field(
        description="The life domain the goal is about (special category, encrypted: it may"
        " be health, addiction or justice).",
        examples=["onderwijs"],
    )
    set_on: date = Field(description="The day the goal was set.", examples=["2026-04-22"])
    due_on: date | None = Field(
        default=None, description="When it should be reached, if agreed.", examples=["2026-09-01"]
    )
    text: Annotated[str, FT] = Field(
        description="The goal in the young person's words (encrypted).",
        examples=["Na de zomer beginnen aan de opleiding motorvoertuigentechniek."],
    )
    plan_goal_id: PlanGoalId = None


class GoalAchieved(DomainEvent):
    """An open goal was achieved."""

    name = "goal-achieved"

    youth_id: YouthId
    goal_id: GoalId
    achieved_on: date = Field(description="The day it was achieved.", examples=["2026-08-28"])


class GoalDropped(DomainEvent):
    """An open goal was dropped, by choice or because coaching ended."""

    name = "goal-dropped"

    youth_id: YouthId
    goal_id: GoalId
    reason: GoalDropReason = Field(description="Why it was dropped.", examples=["niet_haalbaar"])
    dropped_on: date = Field(description="The day it was dropped.", examples=["2026-07-01"])


class MatchMade(DomainEvent):
    """A match with a place to learn or work (Rode loper's match phase)."""

    name = "match-made"

    youth_id: YouthId
    kind: MatchKind = Field(description="What the match is with.", examples=["leerwerkplek"])
    partner_type: PartnerType = Field(
        description="The kind of organisation matched with.", examples=["werkgever"]
    )
    start_on: date = Field(
        description="When the young person starts there (may lie ahead).",
        examples=["2026-06-01"],
    )
    made_on: date = Field(description="The day the match was made.", examples=["2026-05-13"])


class EducationStarted(DomainEvent):
    """The young person started an education."""

    name = "education-started"

    youth_id: YouthId
    level: EducationLevel = Field(description="The level of the education.", examples=["mbo2"])
    started_on: date = Field(description="The first day of the education.", examples=["2026-09-01"])


class WorkStarted(DomainEvent):
    """The young person started work."""

    name = "work-started"

    youth_id: YouthId
    kind: WorkKind = Field(description="The kind of work.", examples=["leerwerkbaan"])
    contract: ContractKind = Field(description="The kind of contract.", examples=["tijdelijk"])
    started_on: date = Field(description="The first day of work.", examples=["2026-06-01"])


class WorkEnded(DomainEvent):
    """The work the young person started has ended; whether work lasted is counted from it."""

    name = "work-ended"

    youth_id: YouthId
    kind: WorkKind = Field(description="The kind of work that ended.", examples=["leerwerkbaan"])
    reason: WorkEndReason = Field(description="Why it ended.", examples=["contract_afgelopen"])
    ended_on: date = Field(description="The last day of work.", examples=["2027-05-31"])


class EducationCompleted(DomainEvent):
    """The young person finished the education they started, with a diploma or without."""

    name = "education-completed"

    youth_id: YouthId
    level: EducationLevel = Field(description="The level of the education.", examples=["mbo2"])
    diploma: bool = Field(
        description="Whether it ended with a diploma (for mbo2 and up: a startkwalificatie).",
        examples=[True],
    )
    graduated_on: date = Field(description="The day it was finished.", examples=["2027-07-01"])


class EducationDropped(DomainEvent):
    """The young person left the education they started without finishing it."""

    name = "education-dropped"

    youth_id: YouthId
    level: EducationLevel = Field(description="The level of the education.", examples=["mbo2"])
    reason: EducationDropReason = Field(description="Why it was left.", examples=["werk_gevonden"])
    left_on: date = Field(description="The last day of the education.", examples=["2027-02-12"])


class DaytimeActivityStarted(DomainEvent):
    """Dagbesteding started (Wmo); it suggests a care need, so it is special category."""

    name = "daytime-activity-started"

    youth_id: YouthId
    started_on: date = Field(
        description="The first day of the dagbesteding.", examples=["2026-05-04"]
    )


class CareReferred(DomainEvent):
    """Referred to care (GGZ, addiction care, LVB); the kind of care is sealed (AVG art. 9)."""

    name = "care-referred"

    youth_id: YouthId
    care_kind: Annotated[str, SPD] = Field(
        description="The kind of care (encrypted).", examples=["ggz"]
    )
    referred_on: date = Field(description="The day of the referral.", examples=["2026-05-06"])


class RelapseSignalled(DomainEvent):
    """A relapse was signalled; `returns_to` names the earlier phase it sends them back to.

    Version 2 seals `leefgebied` (a relapse in addiction or justice is special-category data)
    and no longer names it in a CloudEvents extension; it uses intake's life domains.
    Counting relapses needs no life domain: the event itself is the relapse.
    """

    name = "relapse-signalled"
    schema_version = 2
    upcasts: ClassVar[Mapping[int, tuple[Step, ...]]] = {
        2: (MapValues("leefgebied", RETIRED_LEEFGEBIEDEN, why=ALIGNED_LEEFGEBIED),)
    }

    youth_id: YouthId
    leefgebied: Annotated[Leefgebied | Erased, SPD] = Field(
        description="The life domain of the relapse (special category, encrypted).",
        examples=["verslaving"],
    )
    signalled_on: date = Field(
        description="The day the relapse was signalled.", examples=["2026-07-14"]
    )
    phase: Phase | None = Field(
        description="The phase the young person was in.", examples=["match"]
    )
    returns_to: Phase | None = Field(
        default=None,
        description="The earlier phase they return to; None: they stay.",
        examples=["scan"],
    )


class CoachingEnded(DomainEvent):
    """Coaching ended; every coach's assignment ends with it, open goals were dropped first."""

    name = "coaching-ended"

    youth_id: YouthId
    reason: EndReason = Field(description="Why coaching ended.", examples=["doel_bereikt"])
    destination: Destination = Field(
        description="Where the young person went: work, education, ... or none.",
        examples=["opleiding"],
    )
    ended_on: date = Field(description="The last day of coaching.", examples=["2026-12-18"])


class ErasureConfirmed(subject_rights.ErasureConfirmed):
    """coaching destroyed its key for the young person: nothing of theirs opens here any more."""

    service: str = Field(description="The service that destroyed its key.", examples=["coaching"])


class TimelineSharingStopped(subject_rights.TimelineSharingStopped):
    """Consent to share the timeline was withdrawn: coaching's later events say `delen: nee`."""


class TimelineSharingResumed(subject_rights.TimelineSharingResumed):
    """Consent covers coaching's life domain again: its later events are shared."""


PRIVACY_EVENTS = (ErasureConfirmed, TimelineSharingStopped, TimelineSharingResumed)


class ChainsVerified(integrity.ChainsVerified):
    """coaching recomputed what was added to its hash chains since the last pass: all holds."""


class ChainVerificationFailed(integrity.ChainVerificationFailed):
    """coaching found events or log entries altered, removed or inserted: each one named."""


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
        WorkEnded,
        EducationCompleted,
        EducationDropped,
        RelapseSignalled,
        CoachingEnded,
        ErasureConfirmed,
        TimelineSharingStopped,
        TimelineSharingResumed,
        ChainsVerified,
        ChainVerificationFailed,
    ],
)
