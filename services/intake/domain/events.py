"""Facts intake records; they are also its published contract (`nl.regie.intake.*`).

Fields marked ID, FT or SPD are sealed with the young person's key before they are stored;
after erasure they read "gegevens vernietigd", which is why their types admit `Erased`.
"""

from __future__ import annotations

from datetime import date  # noqa: TC003 - pydantic needs it at runtime
from typing import TYPE_CHECKING, Annotated, ClassVar, get_args
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from services.intake.domain.vocabulary import (
    JUSTICE_REFERRERS,
    AftercareEndReason,
    AgeBand,
    BreakthroughOutcome,
    ClearLeefgebied,
    ClearReferrerType,
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
from shared import integrity
from shared.event_contracts.upcasting import Add, MapValues, Remove
from shared.events import DomainEvent, EventCatalogue, open_to_additions
from shared.personal_data import FIN, FT, ID, SPD, Erased

if TYPE_CHECKING:
    from collections.abc import Mapping

    from shared.event_contracts.upcasting import Step

YouthId = Annotated[
    UUID,
    Field(
        description="Opaque id of the young person; never a BSN. Also the CloudEvents subject.",
        examples=["6f0b8c1e-3a52-4d7e-9b1a-2c4d5e6f7a8b"],
    ),
]


class YouthReferred(DomainEvent):
    """A young person was referred (aanmelding), by themselves or by a partner.

    Version 2 keeps a referrer that tells of justice contact (the police, the Veiligheidshuis:
    criminal-law data, AVG art. 10) out of the clear `referrer_type`, which reads `overig`;
    the exact referrer is sealed in `referrer`. Version 1 referrals have no `referrer`.

    Version 3 seals `leefgebieden` where it stood: a referral about `justitie` or `verslaving`
    beside the young person's id told every subscriber of it (AVG art. 9/10). No reader outside
    intake needs them. Older referrals read as they are (their domains were published in clear).
    """

    name = "youth-referred"
    schema_version = 3
    upcasts: ClassVar[Mapping[int, tuple[Step, ...]]] = {
        2: (
            MapValues(
                "referrer_type",
                JUSTICE_REFERRERS,
                why="a referrer that tells of justice contact reads as another partner",
            ),
            Add("referrer", None, why="v1 named the referrer in clear only"),
        ),
        3: (),  # `leefgebieden` sealed where it stood: a v2 list reads as it is
    }

    youth_id: YouthId
    referrer_type: ClearReferrerType = Field(
        description="Who referred; `overig` for another partner, among them those whose name"
        " would tell of justice contact.",
        examples=["wijkteam"],
    )
    referrer: Annotated[ReferrerType | Erased | None, SPD] = Field(
        default=None,
        description="Who referred, exactly (special category, encrypted); absent on referrals"
        " recorded before version 2.",
        examples=["politie_veiligheidshuis"],
    )
    programma: Programma = Field(description="The programme asked for.", examples=["jpf"])
    leefgebieden: Annotated[list[Leefgebied] | Erased, SPD] = Field(
        description="The life domains the referral is about (special category, encrypted: they"
        " may name health, addiction or justice contact).",
        examples=[["wonen", "financien"]],
    )
    crisis: bool = Field(
        description="Whether the situation is a crisis (eviction, cut-off).", examples=[False]
    )
    received_on: date = Field(description="The day the referral came in.", examples=["2026-02-23"])
    reason: Annotated[str | None, FT] = Field(
        default=None,
        description="The referrer's words (free text, encrypted).",
        examples=["Slaapt sinds januari bij vrienden, huurachterstand bij vorige kamer."],
    )


class YouthRegistered(DomainEvent):
    """A young person was registered with the municipality for a programme."""

    name = "youth-registered"

    youth_id: YouthId
    programma: Programma = Field(description="The programme.", examples=["jpf"])
    full_name: Annotated[str, ID] = Field(
        description="Name of the young person (personal data: direct identifier, encrypted).",
        examples=["Sam de Vries"],
    )
    date_of_birth: Annotated[date | Erased, ID] = Field(
        description="Date of birth (personal data: direct identifier, encrypted).",
        examples=["2004-03-14"],
    )
    age_band: AgeBand = Field(
        description="Age band at registration, in clear for reports.", examples=["18-22"]
    )
    registered_on: date = Field(description="The day of registration.", examples=["2026-03-02"])
    phone: Annotated[str | None, ID] = Field(
        default=None, description="Phone (encrypted).", examples=["06-12345678"]
    )
    email: Annotated[str | None, ID] = Field(
        default=None, description="E-mail (encrypted).", examples=["sam@example.org"]
    )


class IdentityVerified(DomainEvent):
    """The young person's identity was established; the BSN lives only here, encrypted."""

    name = "identity-verified"

    youth_id: YouthId
    method: VerificationMethod = Field(
        description="BRP match or an identity document.", examples=["brp"]
    )
    bsn: Annotated[str, ID] = Field(
        description="Burgerservicenummer, passing the elfproef (encrypted).",
        examples=["999993653"],
    )
    verified_on: date = Field(description="The day of verification.", examples=["2026-03-02"])


class ConsentGiven(DomainEvent):
    """The young person consented to a purpose, for some life domains."""

    name = "consent-given"

    youth_id: YouthId
    purpose: ConsentPurpose = Field(
        description="What the consent is for.", examples=["tijdlijn_delen"]
    )
    leefgebieden: list[Leefgebied] = Field(
        description="The life domains it covers.", examples=[["financien", "wonen", "werk"]]
    )
    given_on: date = Field(description="The day it was given.", examples=["2026-03-02"])
    valid_until: date | None = Field(
        default=None, description="When it lapses, if it does.", examples=["2027-03-01"]
    )


class ConsentWithdrawn(DomainEvent):
    """The young person withdrew an earlier consent for some of its life domains, from now on.

    Version 2 names the life domains (`leefgebieden`); the consent still holds for the others.
    Version 1 withdrew the consent as a whole, so it reads as a withdrawal for every domain.
    """

    name = "consent-withdrawn"
    schema_version = 2
    upcasts: ClassVar[Mapping[int, tuple[Step, ...]]] = {
        2: (
            Add(
                "leefgebieden",
                list(get_args(Leefgebied)),
                why="v1 withdrew the whole consent: every life domain it covered",
            ),
        )
    }

    youth_id: YouthId
    purpose: ConsentPurpose = Field(
        description="The consent withdrawn.", examples=["tijdlijn_delen"]
    )
    leefgebieden: list[Leefgebied] = Field(
        min_length=1,
        description="The life domains the consent no longer covers; it holds for the others.",
        examples=[["financien", "wonen"]],
    )
    withdrawn_on: date = Field(description="The day it was withdrawn.", examples=["2026-06-15"])


class FeedbackGiven(DomainEvent):
    """The young person gave their say (Mijn mening): a rating after a contact or a programme.

    Given by the young person themself only (role `jongere`, for their own youth id). The
    rating and what it is about travel in clear for the reports' satisfaction figure, counted
    per programme and protected against small counts there; their own words are sealed.
    """

    name = "feedback-given"

    youth_id: YouthId
    about: FeedbackAbout = Field(
        description="What is rated: a contact with a professional (`contact`) or a programme"
        " as a whole, at its end (`programma`).",
        examples=["contact"],
    )
    programma: Programma | None = Field(
        default=None,
        description="The programme rated, for `programma` (one the young person is or was in);"
        " none for a contact.",
        examples=["rodeloper"],
    )
    rating: Rating = Field(
        description="How satisfied the young person is, from 1 (not at all) to 5 (very).",
        examples=[4],
    )
    comment: Annotated[str | None, FT] = Field(
        default=None,
        description="The young person's own words, if any (free text, encrypted).",
        examples=["Fijn dat ze echt luisterde."],
    )
    given_on: date = Field(description="The day the say was given.", examples=["2026-06-15"])


class SelfRelianceAssessed(DomainEvent):
    """Self-reliance was measured with the ZRM, 1 (acute problems) to 5 (fully self-reliant).

    Version 2 keeps the health, addiction and justice codes out of the clear `scores` by type,
    as the rule always kept their scores in the sealed `sensitive_scores`; a version 1 event
    reads as it is (it never held one there).
    """

    name = "self-reliance-assessed"
    schema_version = 2
    upcasts: ClassVar[Mapping[int, tuple[Step, ...]]] = {
        2: ()  # `scores` narrowed to codes it never held
    }

    youth_id: YouthId
    instrument: str = Field(
        default="zrm", description="The instrument (zelfredzaamheidsmatrix).", examples=["zrm"]
    )
    scores: dict[ClearLeefgebied, Score] = Field(
        description="Scores per life domain that are not special-category data.",
        examples=[{"wonen": 1, "financien": 2, "werk": 3}],
    )
    sensitive_scores: Annotated[dict[Leefgebied, Score] | Erased, SPD] = Field(
        description="Health, addiction and justice scores (special category, encrypted).",
        examples=[{"psychische_gezondheid": 3, "verslaving": 4}],
    )
    assessed_on: date = Field(description="The day of the assessment.", examples=["2026-03-09"])


class ProgrammeEnrolled(DomainEvent):
    """The young person started in a programme."""

    name = "programme-enrolled"

    youth_id: YouthId
    programma: Programma = Field(description="The programme.", examples=["jpf"])
    start_on: date = Field(description="The first day in the programme.", examples=["2026-03-16"])
    plan_due_on: date | None = Field(
        default=None,
        description="The last day the toekomstplan is due in time: the start plus the"
        " municipality's plan period (six weeks unless it set another). Absent when a plan was"
        " already agreed, and on enrolments recorded before this field existed: nothing is due.",
        examples=["2026-04-27"],
    )


class DirectorAssigned(DomainEvent):
    """A jongerenregisseur was assigned: the one fixed contact person, replacing any other."""

    name = "director-assigned"

    youth_id: YouthId
    director_id: str = Field(
        description="The director's employee pseudonym.", examples=["regisseur-17"]
    )
    team: str | None = Field(
        default=None, description="The director's team.", examples=["team-noord"]
    )
    previous_director_id: str | None = Field(
        default=None,
        description="The director replaced, on a reassignment.",
        examples=["regisseur-04"],
    )
    from_on: date = Field(description="The first day of the assignment.", examples=["2026-03-02"])


class PlanGoal(BaseModel):
    """One goal of the toekomstplan, without its text or life domain (both sealed apart)."""

    model_config = ConfigDict(frozen=True, extra="forbid", json_schema_extra=open_to_additions)

    goal_id: str = Field(
        pattern=r"^[a-z0-9-]{1,40}$",
        description="Stable id within the plan.",
        examples=["doel-1"],
    )
    leefgebied: str | None = Field(
        default=None,
        description="Version 1 only: the goal's life domain as version 1 published it, in"
        " clear; null from version 2 on, which seals it in `goal_leefgebieden`.",
        examples=[None],
    )
    owner: str = Field(
        description="Who works on it: an employee pseudonym or a partner.",
        examples=["woonconsulent-3"],
    )
    due_on: date = Field(description="When it should be reached.", examples=["2026-09-01"])


class FuturePlanAgreed(DomainEvent):
    """The toekomstplan was agreed with the young person: the one leading plan.

    Version 2 seals each goal's life domain in `goal_leefgebieden`, by goal id as the texts are:
    a goal in `justitie` or `verslaving` beside the young person's id told every subscriber of
    it (AVG art. 9/10). The goals keep their ids, owners and days in clear (the deadlines).
    Version 1 plans named the domain in each goal, in clear; they read without
    `goal_leefgebieden`.
    """

    name = "future-plan-agreed"
    schema_version = 2
    upcasts: ClassVar[Mapping[int, tuple[Step, ...]]] = {
        2: (
            Add(
                "goal_leefgebieden",
                None,
                why="v1 named each goal's life domain in clear, in `goals`",
            ),
        )
    }

    youth_id: YouthId
    plan_id: str = Field(description="Id of the plan.", examples=["plan-1"])
    goals: list[PlanGoal] = Field(
        description="The goals: who works on each and by when.",
        examples=[
            [
                {
                    "goal_id": "doel-1",
                    "leefgebied": None,
                    "owner": "woonconsulent-3",
                    "due_on": "2026-09-01",
                }
            ]
        ],
    )
    goal_leefgebieden: Annotated[dict[str, Leefgebied] | Erased | None, SPD] = Field(
        default=None,
        description="The life domain of each goal, by goal id (special category, encrypted);"
        " absent on version 1 plans, whose goals name it.",
        examples=[{"doel-1": "wonen"}],
    )
    goal_texts: Annotated[dict[str, str] | Erased, FT] = Field(
        description="The goals in the young person's words, by goal id (encrypted).",
        examples=[{"doel-1": "Een eigen kamer voor de zomer."}],
    )
    agreed_on: date = Field(description="The day of agreement.", examples=["2026-03-30"])
    with_network: bool = Field(description="Whether the network took part.", examples=[True])
    review_due_on: date | None = Field(
        default=None,
        description="The last day the plan's first review is due in time: the agreement plus"
        " the review interval (three months unless set otherwise). Absent on plans recorded"
        " before this field existed: no review is timed.",
        examples=["2026-06-30"],
    )


class FuturePlanReviewed(DomainEvent):
    """The toekomstplan was reviewed: the status of its goals."""

    name = "future-plan-reviewed"

    youth_id: YouthId
    plan_id: str = Field(description="Id of the plan.", examples=["plan-1"])
    statuses: dict[str, GoalStatus] = Field(
        description="Status per goal id.", examples=[{"doel-1": "loopt"}]
    )
    reviewed_on: date = Field(description="The day of the review.", examples=["2026-06-29"])
    review_due_on: date | None = Field(
        default=None,
        description="The last day the next review is due in time: this review plus the review"
        " interval. Absent on reviews recorded before this field existed: none is timed.",
        examples=["2026-09-29"],
    )


class CaseConferenceHeld(DomainEvent):
    """A case conference (casusoverleg) took place with partners around the young person.

    Version 2 seals `participants` where it stood: `politie` among them, beside the young
    person's id, told every subscriber of justice contact (criminal-law data, AVG art. 10). No
    reader outside intake needs them; older conferences read as they are.
    """

    name = "case-conference-held"
    schema_version = 2
    upcasts: ClassVar[Mapping[int, tuple[Step, ...]]] = {
        2: (),  # `participants` sealed where it stood: a v1 list reads as it is
    }

    youth_id: YouthId
    participants: Annotated[list[ConferenceParticipant] | Erased, SPD] = Field(
        description="The organisations present (special category, encrypted: the police among"
        " them would tell of justice contact).",
        examples=[["gemeente", "schuldhulp", "woningcorporatie"]],
    )
    decisions: Annotated[str, FT] = Field(
        description="What was decided (encrypted).",
        examples=["Corporatie schort de ontruiming op zolang de betalingsregeling loopt."],
    )
    held_on: date = Field(description="The day of the conference.", examples=["2026-04-14"])


class CustomisationApplied(DomainEvent):
    """A rule was applied differently for this young person (maatwerk, omgekeerde toets).

    Version 2 seals `deviation`: the regisseur types it (up to 200 characters) about this young
    person's case, and version 1 published it in clear beside their id. A version 1 event reads
    without it, so no reader passes the old clear text on (and a v2 on the wire always fits its
    schema); the rule deviated from stays a code in clear.
    """

    name = "customisation-applied"
    schema_version = 2
    upcasts: ClassVar[Mapping[int, tuple[Step, ...]]] = {
        2: (
            Remove(
                "deviation",
                why="v1 held the regisseur's free text in clear: read as absent, never passed on",
            ),
        )
    }

    youth_id: YouthId
    rule: CustomisedRule = Field(
        description="The rule deviated from.", examples=["kostendelersnorm"]
    )
    deviation: Annotated[str | Erased | None, FT] = Field(
        default=None,
        description="The deviation, in the regisseur's words (encrypted); absent on version 1"
        " events.",
        examples=["Zes maanden niet toegepast."],
    )
    rationale: Annotated[str, FT] = Field(
        description="Why (encrypted).",
        examples=["Woont tijdelijk bij een tante; de norm zou de huur onbetaalbaar maken."],
    )
    applied_on: date = Field(description="The day it was applied.", examples=["2026-04-01"])
    # Optional, so a compatible addition within version 2: absent where no fund pays.
    fund: MaatwerkFund | None = Field(
        default=None,
        description="The fund that pays for this maatwerk trajectory, if one does.",
        examples=["kansfonds"],
    )
    amount: Annotated[int | Erased | None, FIN] = Field(
        default=None,
        description="What the fund pays for it, in whole euros (encrypted); only with `fund`.",
        examples=[10000],
    )


class ProgrammeExited(DomainEvent):
    """The young person left a programme.

    They may still be in others (`still_enrolled_in`): what belongs to the young person as a
    whole, such as a debt trajectory or coaching, ends with the last exit, not with each one.
    """

    name = "programme-exited"

    youth_id: YouthId
    programma: Programma = Field(description="The programme left.", examples=["jpf"])
    reason: ExitReason = Field(description="Why.", examples=["doel_bereikt"])
    destination: Destination = Field(
        description="Where to: work, education, ... or none.", examples=["werk"]
    )
    exit_on: date = Field(description="The last day in the programme.", examples=["2027-02-26"])
    still_enrolled_in: list[Programma] = Field(
        default_factory=list,
        description="The programmes the young person is still enrolled in after this exit;"
        " empty when it was the last. Events recorded before this field existed lack it: read"
        " them as empty, as every reader did then.",
        examples=[["rodeloper"]],
    )


class FollowUp(BaseModel):
    """One follow-up of nazorg: how many months after the exit, and its last day."""

    model_config = ConfigDict(frozen=True, extra="forbid", json_schema_extra=open_to_additions)

    month: int = Field(
        ge=1, le=60, description="Months after the exit: which follow-up.", examples=[3]
    )
    due_on: date = Field(
        description="The last day the follow-up is in time: the exit plus `month` months.",
        examples=["2027-05-26"],
    )


class AftercareStarted(DomainEvent):
    """Nazorg started: the young person left their last programme.

    Follow-ups fall due at the months the municipality set (3, 6 and 12 unless set
    otherwise), each recorded with its outcome or, when its day passes, missed (a timer's).
    """

    name = "aftercare-started"

    youth_id: YouthId
    programma: Programma = Field(description="The last programme left.", examples=["dtj"])
    responsible_worker: str | None = Field(
        description="Employee pseudonym of the worker who follows up: the one the exit named,"
        " else the assigned regisseur; absent when there was neither.",
        examples=["regisseur-17"],
    )
    started_on: date = Field(description="The day of the exit.", examples=["2027-02-26"])
    follow_ups: list[FollowUp] = Field(
        description="The follow-ups due, in order.",
        examples=[[{"month": 3, "due_on": "2027-05-26"}, {"month": 6, "due_on": "2027-08-26"}]],
    )


class FollowUpRecorded(DomainEvent):
    """A nazorg follow-up took place: how the young person is doing, as flags.

    The life domains of a relapse are sealed: health, addiction and justice are special
    category (AVG art. 9/10), so none of them travels in clear.
    """

    name = "follow-up-recorded"

    youth_id: YouthId
    month: int = Field(description="Which follow-up: months after the exit.", examples=[3])
    aftercare_started_on: date = Field(
        description="The day the nazorg it belongs to started (the exit).",
        examples=["2027-02-26"],
    )
    followed_up_on: date = Field(
        description="The day of the follow-up contact.", examples=["2027-05-20"]
    )
    still_housed: bool = Field(description="Still has a place to live.", examples=[True])
    in_work: bool = Field(description="In (paid) work.", examples=[False])
    in_education: bool = Field(description="In education.", examples=[True])
    debt_free: bool = Field(description="Without problematic debts.", examples=[True])
    in_contact: bool = Field(
        description="Still in contact with the worker or the network.", examples=[True]
    )
    relapsed: bool = Field(description="Fell back in some life domain.", examples=[False])
    relapse_leefgebieden: Annotated[list[Leefgebied] | Erased | None, SPD] = Field(
        default=None,
        description="The life domains of the relapse (special category, encrypted); absent"
        " without one.",
        examples=[["justitie"]],
    )


class FollowUpMissed(DomainEvent):
    """A nazorg follow-up's day passed without one recorded (a timer's); it may follow late."""

    name = "follow-up-missed"

    youth_id: YouthId
    month: int = Field(description="Which follow-up: months after the exit.", examples=[3])
    due_on: date = Field(
        description="The last day the follow-up was in time.", examples=["2027-05-26"]
    )
    responsible_worker: str | None = Field(
        description="The worker who was to follow up (as nazorg started).",
        examples=["regisseur-17"],
    )


class AftercareEnded(DomainEvent):
    """Nazorg ended: every follow-up recorded or missed, a new enrolment, or by hand."""

    name = "aftercare-ended"

    youth_id: YouthId
    reason: AftercareEndReason = Field(
        description="`afgerond` after the last follow-up, `heringestroomd` on a new enrolment,"
        " else the reason given.",
        examples=["afgerond"],
    )
    started_on: date = Field(description="The day nazorg started.", examples=["2027-02-26"])
    ended_on: date = Field(description="The day it ended.", examples=["2028-02-27"])
    recorded: list[int] = Field(
        description="The follow-ups recorded by then (months).", examples=[[3, 12]]
    )
    missed: list[int] = Field(
        description="The follow-ups missed and not recorded by then (months).", examples=[[6]]
    )
    cancelled: list[int] = Field(
        default_factory=list,
        description="The follow-ups still to come (months), which no longer fall due: empty"
        " after the last one.",
        examples=[[]],
    )


class DestructionHeld(DomainEvent):
    """Held back from destruction: on the list, not destroyed, until released.

    By the archivaris or the privacy officer, with a reason (encrypted).
    """

    name = "destruction-held"

    youth_id: YouthId
    reason: Annotated[str, FT] = Field(
        description="Why the destruction is held back (encrypted).",
        examples=["Er loopt nog een bezwaarprocedure."],
    )
    held_on: date = Field(description="The day it was held back.", examples=["2046-04-02"])
    held_by: str = Field(
        description="Employee pseudonym of who held it back.", examples=["archivaris-1"]
    )


class DestructionReleased(DomainEvent):
    """A hold on the destruction was lifted: approval may follow."""

    name = "destruction-released"

    youth_id: YouthId
    released_on: date = Field(description="The day the hold ended.", examples=["2046-06-01"])
    released_by: str = Field(
        description="Employee pseudonym of who released it.", examples=["archivaris-1"]
    )


class DestructionApproved(DomainEvent):
    """Approved for destruction from the list: the erasure follows.

    Then `personal-data-erased` (reason `bewaartermijn_verlopen`), which every domain confirms.
    """

    name = "destruction-approved"

    youth_id: YouthId
    approved_on: date = Field(description="The day of approval.", examples=["2046-04-02"])
    approved_by: str = Field(
        description="Employee pseudonym of the archivaris or privacy officer who approved.",
        examples=["archivaris-1"],
    )
    care_ended_on: date = Field(
        description="The end of the last trajectory in any domain: the retention clock's start.",
        examples=["2026-03-01"],
    )
    retention_years: int = Field(
        ge=1, description="The retention period that ended, in years.", examples=[20]
    )
    destroy_from: date = Field(description="The day the period ended.", examples=["2046-03-01"])


class PersonalDataErased(DomainEvent):
    """The young person's personal data was destroyed (crypto-shredding); history remains."""

    name = "personal-data-erased"

    youth_id: YouthId
    reason: ErasureReason = Field(
        description="Why: a request under AVG art. 17, an expired retention period, or"
        " withdrawn consent.",
        examples=["verzoek_art17"],
    )
    erased_on: date = Field(description="The day of erasure.", examples=["2027-03-01"])


class PossibleDuplicateFound(DomainEvent):
    """This young person may already be registered: another registration matches.

    Found on registering or on verifying the identity, without opening sealed data: by a keyed
    blind index per municipality over the normalised name with the birth date, and over the
    BSN. Both registrations are of the same municipality. Not a refusal (two people may share a
    name and a birth date): a signal for the intake worker to check. Carries no personal data
    and no part of the index, only the other young person's opaque id and what matched.
    """

    name = "possible-duplicate-found"

    youth_id: YouthId
    other_youth_id: UUID = Field(
        description="The earlier registration this one matches (opaque id, same municipality).",
        examples=["0c9e2b7a-5d41-4f3e-8a6b-1d2c3e4f5a6b"],
    )
    matched_on: DuplicateMatch = Field(
        description="What matched: the normalised name with the birth date, or the BSN.",
        examples=["naam_geboortedatum"],
    )
    found_on: date = Field(description="The day it was found.", examples=["2026-03-02"])


class FuturePlanOverdue(DomainEvent):
    """No toekomstplan within the plan period after the start (recorded by a durable timer).

    Recorded once per enrolment, when the plan's last day has ended; a late recording still
    names the day it was due.
    """

    name = "future-plan-overdue"

    youth_id: YouthId
    programma: Programma = Field(description="The programme started.", examples=["jpf"])
    due_on: date = Field(
        description="The last day the toekomstplan was still in time.", examples=["2026-04-27"]
    )


class PlanReviewDue(DomainEvent):
    """The toekomstplan was not reviewed within the review interval (recorded by a timer)."""

    name = "plan-review-due"

    youth_id: YouthId
    plan_id: str = Field(description="Id of the plan.", examples=["plan-1"])
    due_on: date = Field(
        description="The last day the review was still in time.", examples=["2026-06-30"]
    )


class GoalOverdue(DomainEvent):
    """A goal of the toekomstplan passed its day unreached and not dropped (recorded by a timer).

    Names the goal by plan and goal id only; its life domain and text stay in the plan,
    sealed. Version 1 named the life domain in clear (a goal in `justitie` told of justice
    contact); it reads without it.
    """

    name = "goal-overdue"
    schema_version = 2
    upcasts: ClassVar[Mapping[int, tuple[Step, ...]]] = {
        2: (
            Remove(
                "leefgebied",
                why="the goal's life domain is special category when it is health, addiction"
                " or justice: it stays sealed in the plan",
            ),
        )
    }

    youth_id: YouthId
    plan_id: str = Field(description="Id of the plan.", examples=["plan-1"])
    goal_id: str = Field(description="Id of the goal within the plan.", examples=["doel-1"])
    due_on: date = Field(
        description="The day the goal was to be reached (the plan's `due_on` of the goal).",
        examples=["2026-09-01"],
    )


class BreakthroughRequested(DomainEvent):
    """The regisseur asked for a Doorbraak: a rule or system blocks the young person's way.

    The organisation holding the rule is asked to break through it (maatwerk, or changing
    the rule); the description is free text, sealed.

    Version 2 seals `organisation` where it stood: `politie` beside the young person's id told
    every subscriber of justice contact (AVG art. 10). Reports count Doorbraken per rule in the
    way (`obstruction`, clear), never per organisation; older requests read as they are.
    """

    name = "breakthrough-requested"
    schema_version = 2
    upcasts: ClassVar[Mapping[int, tuple[Step, ...]]] = {
        2: (),  # `organisation` sealed where it stood: a v1 code reads as it is
    }

    youth_id: YouthId
    breakthrough_id: UUID = Field(
        description="Id of this Doorbraak; its resolution names the same id.",
        examples=["3b7e0c2a-9f14-4d6b-8a5e-2c1d0f9e8b7a"],
    )
    obstruction: Obstruction = Field(
        description="The rule or system in the way.", examples=["kostendelersnorm"]
    )
    organisation: Annotated[ConferenceParticipant | Erased, SPD] = Field(
        description="The organisation that holds the rule (special category, encrypted: the"
        " police would tell of justice contact).",
        examples=["gemeente"],
    )
    description: Annotated[str, FT] = Field(
        description="What blocks the way, in the regisseur's words (encrypted).",
        examples=["Woont bij tante; de kostendelersnorm maakt de eigen kamer onbetaalbaar."],
    )
    requested_on: date = Field(description="The day it was asked.", examples=["2026-04-02"])


class BreakthroughResolved(DomainEvent):
    """The Doorbraak was settled: broken through by maatwerk or a changed rule, or not.

    Version 2 seals `maatwerk`: it is the regisseur's free text about this young person's case,
    which version 1 published in clear beside their id. A version 1 event reads without it, so
    no reader passes the old clear text on (and a v2 on the wire always fits its schema); the
    reports need only the outcome and the request's obstructing rule, both codes in clear.
    """

    name = "breakthrough-resolved"
    schema_version = 2
    upcasts: ClassVar[Mapping[int, tuple[Step, ...]]] = {
        2: (
            Remove(
                "maatwerk",
                why="v1 held the regisseur's free text in clear: read as absent, never passed on",
            ),
        )
    }

    youth_id: YouthId
    breakthrough_id: UUID = Field(
        description="The Doorbraak settled.", examples=["3b7e0c2a-9f14-4d6b-8a5e-2c1d0f9e8b7a"]
    )
    outcome: BreakthroughOutcome = Field(
        description="How it ended.", examples=["opgelost_maatwerk"]
    )
    maatwerk: Annotated[str | Erased | None, FT] = Field(
        default=None,
        description="What was done, in the regisseur's words (encrypted); absent on version 1"
        " events.",
        examples=["Kostendelersnorm zes maanden niet toegepast."],
    )
    resolved_on: date = Field(description="The day it was settled.", examples=["2026-04-20"])


class TransitionPlanDue(DomainEvent):
    """A transition plan is to be agreed before the month of the 18th birthday (a timer's).

    Only for a young person registered under 18 who has no transition plan yet; recorded on
    the first of the month six months before. Months, never the birthday: the birth date
    stays sealed in intake.
    """

    name = "transition-plan-due"

    youth_id: YouthId
    due_on: date = Field(
        description="The last day before the month of the 18th birthday: agreed by then is"
        " agreed in time.",
        examples=["2027-07-31"],
    )
    signalled_on: date = Field(
        description="The day it was recorded: the first of a month.", examples=["2027-02-01"]
    )


class TransitionPlanAgreed(DomainEvent):
    """The regisseur agreed with the young person what continues after 18 and who takes over.

    Per life domain where its support goes (jeugdhulp extended to 23, Wmo, Participatiewet,
    adult GGZ, ...): codes, yet sealed as special-category data, since a domain with its
    destination tells of health or justice. Whether youth care is extended is in clear: it
    keeps the Jeugdwet the legal basis of the young person's events up to 23.
    """

    name = "transition-plan-agreed"

    youth_id: YouthId
    continuations: Annotated[dict[Leefgebied, Continuation] | Erased, SPD] = Field(
        description="Where each life domain's support goes at 18 (special category, encrypted).",
        examples=[{"wonen": "wmo", "psychische_gezondheid": "ggz_volwassenen"}],
    )
    youth_care_extended: bool = Field(
        description="Whether jeugdhulp continues up to 23 (verlengde jeugdhulp): the events'"
        " legal basis stays `jw` until the 23rd birthday.",
        examples=[False],
    )
    notes: Annotated[str | None, FT] = Field(
        default=None,
        description="What was agreed, in the regisseur's words (free text, encrypted).",
        examples=["Begeleiding wonen gaat over naar het wijkteam (Wmo)."],
    )
    agreed_on: date = Field(description="The day of agreement.", examples=["2027-01-15"])
    agreed_before_18: bool = Field(
        description="Whether the young person was under 18 on the day of agreement (decided"
        " in intake from the sealed birth date).",
        examples=[True],
    )


class AdulthoodReached(DomainEvent):
    """The young person has turned 18 (recorded by a timer on the first of the month after).

    Only for a young person registered under 18; the legal basis of their events is the
    adult one from here on, unless jeugdhulp was extended. Recorded on the first of a month
    on or after the birthday, never on it, so that its time does not publish the birth date.
    """

    name = "adulthood-reached"

    youth_id: YouthId
    transition_plan_agreed: bool = Field(
        description="Whether a transition plan has been agreed (by this day).", examples=[True]
    )
    agreed_before_18: bool = Field(
        description="Whether it was agreed before the 18th birthday: in time.", examples=[True]
    )
    youth_care_extended: bool = Field(
        description="Whether jeugdhulp continues up to 23, as the transition plan agreed.",
        examples=[False],
    )
    from_on: date = Field(
        description="The first of the month on or after the 18th birthday: from here the"
        " young person counts as adult.",
        examples=["2027-09-01"],
    )


class AgeBandChanged(DomainEvent):
    """The young person entered the next age band (a timer after the 18th and 23rd birthday).

    How the read side counts by the age at each fact without opening the birth date: the band
    holds from `from_on`, the first of a month on or after the birthday, until the next one.
    """

    name = "age-band-changed"

    youth_id: YouthId
    age_band: AgeBand = Field(description="The band entered.", examples=["18-22"])
    from_on: date = Field(
        description="The first of the month on or after the birthday from which the band"
        " holds: facts from this day count in it.",
        examples=["2027-09-01"],
    )


RequestId = Annotated[
    UUID,
    Field(
        description="Id of the young person's request; its answer and its deadline name it.",
        examples=["9d2c4e6a-1b3f-4a5c-8e7d-0f1a2b3c4d5e"],
    ),
]


class SubjectRequestMade(DomainEvent):
    """The young person asked for a correction (AVG art. 16) or an erasure (art. 17) of their data.

    Asked by the young person themself on Mijn regie (role `jongere`), never by a professional
    in their name. The privacy officer answers within one month of receipt (art. 12(3)):
    `due_on`, watched by a durable timer. What the young person wrote is sealed.
    """

    name = "subject-request-made"

    youth_id: YouthId
    request_id: RequestId
    kind: SubjectRequestKind = Field(
        description="`correctie` (art. 16) or `verwijdering` (art. 17).", examples=["correctie"]
    )
    text: Annotated[str | Erased | None, FT] = Field(
        default=None,
        description="What is wrong, or why erase, in the young person's words (encrypted);"
        " optional for an erasure.",
        examples=["Mijn adres klopt niet: ik woon sinds maart bij mijn zus."],
    )
    made_on: date = Field(description="The day the request came in.", examples=["2026-05-04"])
    due_on: date = Field(
        description="The last day of the month to answer in (AVG art. 12(3)).",
        examples=["2026-06-04"],
    )


class SubjectRequestOverdue(DomainEvent):
    """A request of the young person was not answered within the month (recorded by a timer)."""

    name = "subject-request-overdue"

    youth_id: YouthId
    request_id: RequestId
    kind: SubjectRequestKind = Field(description="What was asked.", examples=["verwijdering"])
    due_on: date = Field(
        description="The last day the answer was still in time.", examples=["2026-06-04"]
    )


class SubjectRequestHandled(DomainEvent):
    """The privacy officer answered a request of the young person: granted, partly, or refused.

    The correction or erasure itself is recorded by its own facts (an erasure as
    `personal-data-erased`); this is the answer, with a note to the young person (encrypted).
    """

    name = "subject-request-handled"

    youth_id: YouthId
    request_id: RequestId
    kind: SubjectRequestKind = Field(description="What was asked.", examples=["correctie"])
    outcome: SubjectRequestOutcome = Field(
        description="`toegewezen`, `deels_toegewezen` or `afgewezen`.", examples=["toegewezen"]
    )
    note: Annotated[str | Erased | None, FT] = Field(
        default=None,
        description="The answer's explanation to the young person (encrypted).",
        examples=["Je adres is aangepast."],
    )
    handled_on: date = Field(description="The day it was answered.", examples=["2026-05-20"])
    handled_by: str = Field(
        description="Employee pseudonym of the privacy officer who answered.",
        examples=["privacy-1"],
    )
    in_time: bool = Field(
        description="Answered on or before the request's `due_on`.", examples=[True]
    )


class ChainsVerified(integrity.ChainsVerified):
    """intake recomputed what was added to its hash chains since the last pass: all holds."""


class ChainVerificationFailed(integrity.ChainVerificationFailed):
    """intake found events or log entries altered, removed or inserted: each one named."""


CATALOGUE = EventCatalogue(
    "intake",
    [
        YouthReferred,
        YouthRegistered,
        IdentityVerified,
        ConsentGiven,
        ConsentWithdrawn,
        FeedbackGiven,
        SelfRelianceAssessed,
        ProgrammeEnrolled,
        DirectorAssigned,
        FuturePlanAgreed,
        FuturePlanReviewed,
        CaseConferenceHeld,
        CustomisationApplied,
        ProgrammeExited,
        AftercareStarted,
        FollowUpRecorded,
        FollowUpMissed,
        AftercareEnded,
        DestructionHeld,
        DestructionReleased,
        DestructionApproved,
        PersonalDataErased,
        PossibleDuplicateFound,
        FuturePlanOverdue,
        PlanReviewDue,
        GoalOverdue,
        BreakthroughRequested,
        BreakthroughResolved,
        TransitionPlanDue,
        TransitionPlanAgreed,
        AdulthoodReached,
        AgeBandChanged,
        SubjectRequestMade,
        SubjectRequestOverdue,
        SubjectRequestHandled,
        ChainsVerified,
        ChainVerificationFailed,
    ],
)
