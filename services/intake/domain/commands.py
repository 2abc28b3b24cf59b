"""Orders given to intake, in the imperative. Validated shapes only; the rules live in model.py."""

from __future__ import annotations

from datetime import date  # noqa: TC003 - pydantic needs it at runtime
from uuid import UUID  # noqa: TC003 - pydantic needs it at runtime

from pydantic import BaseModel, ConfigDict, Field

from services.intake.domain.vocabulary import (  # noqa: TC001 - pydantic needs them
    AftercareEndedByHand,
    AgeBand,
    BreakthroughOutcome,
    ConferenceParticipant,
    ConsentPurpose,
    Continuation,
    CustomisedRule,
    Destination,
    DuplicateMatch,
    ErasureReason,
    ExitReason,
    FeedbackAbout,
    GoalStatus,
    Leefgebied,
    MaatwerkFund,
    Obstruction,
    Programma,
    Rating,
    ReferrerType,
    Score,
    SubjectRequestKind,
    SubjectRequestOutcome,
    VerificationMethod,
)


class Command(BaseModel):
    """Base: frozen, and addressed to one young person."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    youth_id: UUID


class ReferYouth(Command):
    """Record a referral (aanmelding)."""

    referrer_type: ReferrerType
    programma: Programma
    leefgebieden: list[Leefgebied] = Field(min_length=1)
    crisis: bool = False
    received_on: date
    reason: str | None = Field(default=None, max_length=2000)


class RegisterYouth(Command):
    """Register a young person for a programme in a municipality."""

    gemeentecode: str
    programma: Programma
    full_name: str
    date_of_birth: date
    phone: str | None = None
    email: str | None = None
    # A registration recorded afterwards (on paper first, or migrated) keeps its own day.
    registered_on: date | None = None


class VerifyIdentity(Command):
    """Record that the identity was established, with the BSN."""

    method: VerificationMethod
    bsn: str
    verified_on: date


class GiveConsent(Command):
    """Record consent for a purpose and the life domains it covers."""

    purpose: ConsentPurpose
    leefgebieden: list[Leefgebied] = Field(min_length=1)
    given_on: date
    valid_until: date | None = None


class WithdrawConsent(Command):
    """Withdraw an earlier consent, for some of its life domains or (by default) for all."""

    purpose: ConsentPurpose
    leefgebieden: list[Leefgebied] | None = Field(default=None, min_length=1)
    withdrawn_on: date


class GiveFeedback(Command):
    """The young person's say: a rating of 1 to 5 after a contact or at the end of a programme."""

    about: FeedbackAbout
    programma: Programma | None = Field(
        default=None, description="The programme rated; only, and always, for `programma`."
    )
    rating: Rating
    comment: str | None = Field(default=None, min_length=1, max_length=500)
    given_on: date


class AssessSelfReliance(Command):
    """Record a ZRM assessment: a score of 1 to 5 per life domain."""

    scores: dict[Leefgebied, Score] = Field(min_length=1)
    assessed_on: date


class EnrolInProgramme(Command):
    """Start the young person in a programme."""

    programma: Programma
    start_on: date


class AssignDirector(Command):
    """Make an employee the young person's jongerenregisseur (or replace the current one)."""

    director_id: str = Field(min_length=1, max_length=100)
    team: str | None = Field(default=None, max_length=100)
    from_on: date


class AgreedGoal(BaseModel):
    """One goal as the plan is agreed: its life domain is sealed in the event, apart."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    goal_id: str = Field(
        pattern=r"^[a-z0-9-]{1,40}$", description="Stable id within the plan.", examples=["doel-1"]
    )
    leefgebied: Leefgebied = Field(
        description="The life domain the goal is about.", examples=["wonen"]
    )
    owner: str = Field(
        description="Who works on it: an employee pseudonym or a partner.",
        examples=["woonconsulent-3"],
    )
    due_on: date = Field(description="When it should be reached.", examples=["2026-09-01"])


class AgreeFuturePlan(Command):
    """Record the agreed toekomstplan: goals per life domain, with their texts."""

    plan_id: str = Field(pattern=r"^[a-z0-9-]{1,40}$")
    goals: list[AgreedGoal] = Field(min_length=1)
    goal_texts: dict[str, str]
    agreed_on: date
    with_network: bool = False


class ReviewFuturePlan(Command):
    """Record the status of the plan's goals."""

    plan_id: str
    statuses: dict[str, GoalStatus] = Field(min_length=1)
    reviewed_on: date


class HoldCaseConference(Command):
    """Record a case conference and its decisions."""

    participants: list[ConferenceParticipant] = Field(min_length=1)
    decisions: str = Field(min_length=1, max_length=5000)
    held_on: date


class ApplyCustomisation(Command):
    """Record maatwerk: a rule applied differently, and why."""

    rule: CustomisedRule
    deviation: str = Field(min_length=1, max_length=200)
    rationale: str = Field(min_length=1, max_length=5000)
    applied_on: date
    # Where a fund pays for the trajectory: which, and how much (whole euros; both or neither).
    fund: MaatwerkFund | None = None
    amount: int | None = Field(default=None, ge=1, le=10_000_000)


class ExitProgramme(Command):
    """Close the young person's participation in a programme."""

    programma: Programma
    reason: ExitReason
    destination: Destination
    exit_on: date
    # Who follows up in nazorg after the last exit; the assigned regisseur when not named.
    aftercare_worker: str | None = Field(default=None, pattern=r"^[A-Za-z0-9._-]{1,64}$")


class RecordFollowUp(Command):
    """Record a nazorg follow-up (the one `month` months after the exit) and how it went."""

    month: int = Field(ge=1, le=60)
    followed_up_on: date
    still_housed: bool
    in_work: bool
    in_education: bool
    debt_free: bool
    in_contact: bool
    relapsed: bool = False
    relapse_leefgebieden: list[Leefgebied] = Field(default_factory=list)


class EndAftercare(Command):
    """End nazorg by hand, before its last follow-up."""

    reason: AftercareEndedByHand
    ended_on: date


class RecordFollowUpMissed(Command):
    """A follow-up's day passed unrecorded (a timer's consequence)."""

    started_on: date  # which nazorg: the day it started
    month: int


class HoldDestruction(Command):
    """Hold a young person on the destruction list back from destruction, with a reason."""

    reason: str = Field(min_length=1, max_length=500)
    by: str  # the caller's pseudonym, from the token, never the body


class ReleaseDestruction(Command):
    """Lift a hold: the young person may be approved for destruction again."""

    by: str


class ApproveDestruction(Command):
    """Approve the destruction of a young person on the list (the erasure follows)."""

    by: str
    care_ended_on: date
    retention_years: int = Field(ge=1)
    destroy_from: date


class EraseYouth(Command):
    """Destroy a young person's personal data; the history without it remains."""

    reason: ErasureReason


class DuplicateCandidate(BaseModel):
    """Another registration of the municipality that this young person's data matches."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    other_youth_id: UUID
    matched_on: DuplicateMatch


class NotePossibleDuplicates(Command):
    """Note that this young person may already be registered (the blind index found matches)."""

    candidates: list[DuplicateCandidate] = Field(min_length=1)


class RecordFuturePlanOverdue(Command):
    """The plan period of a programme passed without a toekomstplan (a timer's consequence)."""

    programma: Programma


class RecordPlanReviewDue(Command):
    """The plan's review was due on `due_on` and none came (a timer's consequence)."""

    plan_id: str
    due_on: date


class RecordGoalOverdue(Command):
    """A plan goal's day passed while it stands open (a timer's consequence)."""

    plan_id: str
    goal_id: str


class RequestBreakthrough(Command):
    """Ask for a Doorbraak: name the rule in the way and the organisation that holds it."""

    # Chosen by the client (a new UUID), like a plan's id: its resolution names it.
    breakthrough_id: UUID
    obstruction: Obstruction
    organisation: ConferenceParticipant
    description: str = Field(min_length=1, max_length=5000)
    requested_on: date


class ResolveBreakthrough(Command):
    """Record how an open Doorbraak ended."""

    breakthrough_id: UUID
    outcome: BreakthroughOutcome
    maatwerk: str | None = Field(default=None, min_length=1, max_length=200)
    resolved_on: date


class AgreeTransitionPlan(Command):
    """Record the transition plan at 18: where each life domain's support goes."""

    continuations: dict[Leefgebied, Continuation] = Field(min_length=1)
    notes: str | None = Field(default=None, min_length=1, max_length=5000)
    agreed_on: date


class RecordTransitionPlanDue(Command):
    """Six months before the month of the 18th birthday (a timer's consequence)."""

    due_on: date  # the last day before that month, from the timer


class RecordAdulthoodReached(Command):
    """The first of a month on or after the 18th birthday (a timer's consequence)."""

    from_on: date


class RecordAgeBandChanged(Command):
    """A birthday that starts the next age band (a timer's consequence)."""

    age_band: AgeBand
    from_on: date


class MakeSubjectRequest(Command):
    """The young person asks for a correction or an erasure of their data (AVG art. 16, 17)."""

    request_id: UUID  # made by the server, so the answer can name the request
    kind: SubjectRequestKind
    text: str | None = Field(default=None, min_length=1, max_length=5000)
    made_on: date  # today, by the server's clock: the deadline counts from receipt


class RecordSubjectRequestOverdue(Command):
    """A request's month passed without an answer (a timer's consequence)."""

    request_id: UUID


class HandleSubjectRequest(Command):
    """The privacy officer answers a request: granted, partly, or refused, with a note."""

    request_id: UUID
    outcome: SubjectRequestOutcome
    note: str | None = Field(default=None, min_length=1, max_length=5000)
    handled_on: date  # today, by the server's clock
    by: str  # the privacy officer's pseudonym, from the token, never the body
