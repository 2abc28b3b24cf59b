"""Facts of the debt trajectory; also its published contract (`nl.regie.debts.*`).

Amounts and creditor names are personal data (FIN, ID): sealed with the young person's key,
so `debts.events` carries them as ciphertext; after erasure they read "gegevens vernietigd".
"""

from __future__ import annotations

from datetime import date  # noqa: TC003 - pydantic needs it at runtime
from typing import Annotated
from uuid import UUID

from pydantic import Field

from services.debts.domain.vocabulary import (  # noqa: TC001 - pydantic needs them
    ClosureBlockedReason,
    CounterpartKind,
    CreditorResponse,
    CreditorType,
    CrisisTrigger,
    FundProgramme,
    OutflowReason,
    RevocationReason,
    SolutionKind,
)
from shared import integrity, subject_rights
from shared.events import DomainEvent, EventCatalogue
from shared.personal_data import FIN, FT, ID, Erased

YouthId = Annotated[
    UUID,
    Field(
        description="Opaque id of the young person (from intake); also the CloudEvents subject.",
        examples=["6f0b8c1e-3a52-4d7e-9b1a-2c4d5e6f7a8b"],
    ),
]
TrajectoryId = Annotated[
    UUID,
    Field(
        description="Id of the debt trajectory the event belongs to.",
        examples=["2b7e4c1a-9f3d-4e21-8a6b-5c0d1e2f3a4b"],
    ),
]
DebtId = Annotated[
    str, Field(description="Id of the debt within the trajectory.", examples=["schuld-1"])
]
Euros = Annotated[int | Erased, FIN]
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


class DebtHelpRequested(DomainEvent):
    """The young person asked for debt help (aanmelding schuldhulpverlening)."""

    name = "debt-help-requested"

    youth_id: YouthId
    trajectory_id: UUID = Field(
        description="Id of this debt trajectory.", examples=["2b7e4c1a-9f3d-4e21-8a6b-5c0d1e2f3a4b"]
    )
    requested_on: date = Field(
        description="The day of the request; the Wgs deadline counts from it.",
        examples=["2026-03-16"],
    )
    crisis: bool = Field(
        description="A threatening situation: the 3-working-day deadline applies.",
        examples=[False],
    )
    crisis_trigger: CrisisTrigger | None = Field(
        default=None, description="What makes it a crisis.", examples=["ontruiming"]
    )
    first_conversation_due: date = Field(
        description="The Wgs deadline for the first conversation.", examples=["2026-04-13"]
    )
    plan_goal_id: PlanGoalId = None
    programma: FundProgramme | None = Field(
        default=None,
        description="`jpf` when the trajectory serves the Jongeren Perspectief Fonds (opened for"
        " a jpf enrolment): only then do the fund's counterpart and takeover apply. Absent"
        " otherwise, and on requests recorded before this field existed.",
        examples=["jpf"],
    )


class TrajectoryJoinedFund(DomainEvent):
    """An open trajectory became the Jongeren Perspectief Fonds's: the young person enrolled in jpf.

    For debt help opened before the enrolment (a crisis, a worker's request); from now on the
    fund's counterpart and takeover apply to it, as to one opened for the enrolment.
    """

    name = "trajectory-joined-fund"

    youth_id: YouthId
    trajectory_id: UUID = Field(
        description="Id of the debt trajectory.", examples=["2b7e4c1a-9f3d-4e21-8a6b-5c0d1e2f3a4b"]
    )
    joined_on: date = Field(
        description="The day it joined: the first day in the jpf programme.",
        examples=["2026-03-16"],
    )


class FirstConversationHeld(DomainEvent):
    """The first conversation took place (what the Wgs deadline is about)."""

    name = "first-conversation-held"

    youth_id: YouthId
    trajectory_id: TrajectoryId
    held_on: date = Field(description="The day of the conversation.", examples=["2026-03-30"])
    within_deadline: bool = Field(description="Whether it met the Wgs deadline.", examples=[True])


class DebtRecorded(DomainEvent):
    """One debt was recorded in the inventory."""

    name = "debt-recorded"

    youth_id: YouthId
    trajectory_id: TrajectoryId
    debt_id: DebtId
    creditor_type: CreditorType = Field(description="DDAS schuldensoort.", examples=["zorg"])
    creditor_name: Annotated[str, ID] = Field(
        description="The creditor (encrypted).", examples=["Zorgverzekeraar Noord"]
    )
    amount: Euros = Field(description="Amount owed in whole euros (encrypted).", examples=[1450])
    recorded_on: date = Field(description="The day it was recorded.", examples=["2026-04-02"])


class DebtInventoryCompleted(DomainEvent):
    """The inventory of debts is complete (schuldenoverzicht vastgesteld)."""

    name = "debt-inventory-completed"

    youth_id: YouthId
    trajectory_id: TrajectoryId
    total: Euros = Field(
        description="Sum of all recorded debts in whole euros (encrypted).", examples=[6830]
    )
    creditor_count: int = Field(ge=0, description="Number of debts in the inventory.", examples=[4])
    completed_on: date = Field(
        description="The day the inventory was completed.", examples=["2026-04-20"]
    )


class SettlementProposed(DomainEvent):
    """A settlement was proposed to the creditors."""

    name = "settlement-proposed"

    youth_id: YouthId
    trajectory_id: TrajectoryId
    solution_kind: SolutionKind = Field(
        description="DDAS oplossingssoort.", examples=["schuldbemiddeling"]
    )
    proposed_on: date = Field(
        description="The day the proposal went to the creditors.", examples=["2026-05-04"]
    )


class CreditorResponded(DomainEvent):
    """A creditor answered the proposal: agreed, refused, or a counter-proposal."""

    name = "creditor-responded"

    youth_id: YouthId
    trajectory_id: TrajectoryId
    debt_id: DebtId
    response: CreditorResponse = Field(
        description="Agreed, refused, or a counter-proposal.", examples=["tegenvoorstel"]
    )
    counter_amount: Annotated[int | Erased | None, FIN] = Field(
        default=None,
        description="The creditor's counter-proposal in euros (encrypted).",
        examples=[900],
    )
    responded_on: date = Field(
        description="The day the creditor answered.", examples=["2026-05-18"]
    )


class CounterpartAgreed(DomainEvent):
    """The young person agreed a counterpart (maatschappelijke stage) for the fund's help."""

    name = "counterpart-agreed"

    youth_id: YouthId
    trajectory_id: TrajectoryId
    kind: CounterpartKind = Field(
        description="What the young person does in return.", examples=["maatschappelijke_stage"]
    )
    hours: int = Field(gt=0, description="Hours agreed.", examples=[80])
    goals: Annotated[str | None, FT] = Field(
        default=None,
        description="Contract goals (encrypted).",
        examples=["Stage bij de voedselbank, daarna een startkwalificatie halen."],
    )
    agreed_on: date = Field(description="The day it was agreed.", examples=["2026-05-25"])


class DebtTakenOverByFund(DomainEvent):
    """The Jongeren Perspectief Fonds bought the debts: a share written off, the rest owed to it."""

    name = "debt-taken-over-by-fund"

    youth_id: YouthId
    trajectory_id: TrajectoryId
    total_bought: Euros = Field(
        description="What the fund paid the creditors (encrypted).", examples=[4200]
    )
    written_off: Euros = Field(
        description="The share written off, if the contract holds (encrypted).", examples=[2100]
    )
    remaining_to_fund: Euros = Field(
        description="What the young person owes the fund (encrypted).", examples=[2100]
    )
    taken_over_on: date = Field(
        description="The day the fund took the debts over.", examples=["2026-06-01"]
    )


class CounterpartHoursLogged(DomainEvent):
    """Hours of the counterpart were done."""

    name = "counterpart-hours-logged"

    youth_id: YouthId
    trajectory_id: TrajectoryId
    hours: int = Field(gt=0, description="Hours done in this period.", examples=[16])
    logged_on: date = Field(description="The day they were logged.", examples=["2026-06-26"])


class CounterpartCompleted(DomainEvent):
    """Every agreed hour of the counterpart was done."""

    name = "counterpart-completed"

    youth_id: YouthId
    trajectory_id: TrajectoryId
    completed_on: date = Field(
        description="The day the last agreed hour was done.", examples=["2026-09-11"]
    )


class WriteOffRevoked(DomainEvent):
    """The contract was broken: the write-off is revoked and what it covered is owed again."""

    name = "write-off-revoked"

    youth_id: YouthId
    trajectory_id: TrajectoryId
    reason: RevocationReason = Field(
        description="Why the contract counts as broken.", examples=["stage_niet_afgerond"]
    )
    reopened: Euros = Field(description="The amount owed again (encrypted).", examples=[2100])
    revoked_on: date = Field(description="The day of revocation.", examples=["2026-10-05"])


class DebtsSettled(DomainEvent):
    """The young person is debt-free (schuldenvrij)."""

    name = "debts-settled"

    youth_id: YouthId
    trajectory_id: TrajectoryId
    solution_kind: SolutionKind = Field(
        description="DDAS oplossingssoort that settled the debts.", examples=["schuldbemiddeling"]
    )
    amount_settled: Euros = Field(
        description="Amount settled in euros (encrypted).", examples=[6830]
    )
    settled_on: date = Field(
        description="The day the young person became debt-free.", examples=["2026-11-30"]
    )


class DebtTrajectoryEnded(DomainEvent):
    """The debt trajectory ended (DDAS uitstroomreden)."""

    name = "debt-trajectory-ended"

    youth_id: YouthId
    trajectory_id: TrajectoryId
    reason: OutflowReason = Field(description="DDAS uitstroomreden.", examples=["afgerond"])
    ended_on: date = Field(description="The day the trajectory ended.", examples=["2026-12-07"])


class TrajectoryMarkedCrisis(DomainEvent):
    """The open trajectory became a crisis: the Wgs 3-working-day deadline now applies."""

    name = "trajectory-marked-crisis"

    youth_id: YouthId
    trajectory_id: TrajectoryId
    crisis_trigger: CrisisTrigger = Field(
        description="What makes it a crisis.", examples=["ontruiming"]
    )
    marked_on: date = Field(
        description="The day the threatening situation was signalled.", examples=["2026-03-18"]
    )
    first_conversation_due: date = Field(
        description="The new Wgs deadline: the earlier of the old one and 3 working days.",
        examples=["2026-03-23"],
    )


class DebtClosureBlocked(DomainEvent):
    """Left the programme while debts are owed: the trajectory stays open (aandacht nodig).

    A signal for the jongerenregisseur; it names what stands open by a code, never an amount.
    """

    name = "debt-closure-blocked"

    youth_id: YouthId
    trajectory_id: TrajectoryId
    reason: ClosureBlockedReason = Field(
        description="What stands open.", examples=["schulden_openstaand"]
    )
    signalled_on: date = Field(
        description="The day the young person left the programme.", examples=["2027-02-26"]
    )


class FirstConversationDeadlineMissed(DomainEvent):
    """The Wgs deadline passed without a first conversation (recorded by a durable timer).

    Recorded once, when the deadline's day has ended; a late recording (no timer worker ran)
    still names the day it was due and the day it became missed, not the day it was noticed.
    """

    name = "first-conversation-deadline-missed"

    youth_id: YouthId
    trajectory_id: TrajectoryId
    first_conversation_due: date = Field(
        description="The Wgs deadline that passed: the last day the conversation was due.",
        examples=["2026-04-13"],
    )
    missed_on: date = Field(
        description="The first day past the deadline: the day it became missed.",
        examples=["2026-04-14"],
    )


class ErasureConfirmed(subject_rights.ErasureConfirmed):
    """debts destroyed its key for the young person: nothing of theirs opens here any more."""

    service: str = Field(description="The service that destroyed its key.", examples=["debts"])


class TimelineSharingStopped(subject_rights.TimelineSharingStopped):
    """Consent to share the timeline was withdrawn: debts's later events say `delen: nee`."""


class TimelineSharingResumed(subject_rights.TimelineSharingResumed):
    """Consent covers debts's life domain again: its later events are shared."""


PRIVACY_EVENTS = (ErasureConfirmed, TimelineSharingStopped, TimelineSharingResumed)


class ChainsVerified(integrity.ChainsVerified):
    """debts recomputed what was added to its hash chains since the last pass: all holds."""


class ChainVerificationFailed(integrity.ChainVerificationFailed):
    """debts found events or log entries altered, removed or inserted: each one named."""


CATALOGUE = EventCatalogue(
    "debts",
    [
        DebtHelpRequested,
        TrajectoryJoinedFund,
        FirstConversationHeld,
        DebtRecorded,
        DebtInventoryCompleted,
        SettlementProposed,
        CreditorResponded,
        CounterpartAgreed,
        DebtTakenOverByFund,
        CounterpartHoursLogged,
        CounterpartCompleted,
        WriteOffRevoked,
        DebtsSettled,
        DebtTrajectoryEnded,
        TrajectoryMarkedCrisis,
        DebtClosureBlocked,
        FirstConversationDeadlineMissed,
        ErasureConfirmed,
        TimelineSharingStopped,
        TimelineSharingResumed,
        ChainsVerified,
        ChainVerificationFailed,
    ],
)
