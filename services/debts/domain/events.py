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
    OutflowReason,
    RevocationReason,
    SolutionKind,
)
from shared.events import DomainEvent, EventCatalogue
from shared.policy import privacy
from shared.privacy import FIN, FT, ID, Erased

YouthId = Annotated[UUID, Field(description="Opaque id of the young person (from intake).")]
Euros = Annotated[int | Erased, FIN]


class DebtHelpRequested(DomainEvent):
    """The young person asked for debt help (aanmelding schuldhulpverlening)."""

    name = "debt-help-requested"

    youth_id: YouthId
    trajectory_id: UUID = Field(description="Id of this debt trajectory.")
    requested_on: date = Field(
        description="The day of the request; the Wgs deadline counts from it."
    )
    crisis: bool = Field(description="A threatening situation: the 3-working-day deadline applies.")
    crisis_trigger: CrisisTrigger | None = Field(
        default=None, description="What makes it a crisis."
    )
    first_conversation_due: date = Field(description="The Wgs deadline for the first conversation.")


class FirstConversationHeld(DomainEvent):
    """The first conversation took place (what the Wgs deadline is about)."""

    name = "first-conversation-held"

    youth_id: YouthId
    trajectory_id: UUID
    held_on: date
    within_deadline: bool = Field(description="Whether it met the Wgs deadline.")


class DebtRecorded(DomainEvent):
    """One debt was recorded in the inventory."""

    name = "debt-recorded"

    youth_id: YouthId
    trajectory_id: UUID
    debt_id: str = Field(description="Id of the debt within the trajectory.")
    creditor_type: CreditorType = Field(description="DDAS schuldensoort.")
    creditor_name: Annotated[str, ID] = Field(description="The creditor (encrypted).")
    amount: Euros = Field(description="Amount owed in whole euros (encrypted).")
    recorded_on: date


class DebtInventoryCompleted(DomainEvent):
    """The inventory of debts is complete (schuldenoverzicht vastgesteld)."""

    name = "debt-inventory-completed"

    youth_id: YouthId
    trajectory_id: UUID
    total: Euros = Field(description="Sum of all recorded debts in whole euros (encrypted).")
    creditor_count: int = Field(ge=0, description="Number of debts in the inventory.")
    completed_on: date


class SettlementProposed(DomainEvent):
    """A settlement was proposed to the creditors."""

    name = "settlement-proposed"

    youth_id: YouthId
    trajectory_id: UUID
    solution_kind: SolutionKind = Field(description="DDAS oplossingssoort.")
    proposed_on: date


class CreditorResponded(DomainEvent):
    """A creditor answered the proposal: agreed, refused, or a counter-proposal."""

    name = "creditor-responded"

    youth_id: YouthId
    trajectory_id: UUID
    debt_id: str
    response: CreditorResponse
    counter_amount: Annotated[int | Erased | None, FIN] = Field(
        default=None, description="The creditor's counter-proposal in euros (encrypted)."
    )
    responded_on: date


class CounterpartAgreed(DomainEvent):
    """The young person agreed a counterpart (maatschappelijke stage) for the fund's help."""

    name = "counterpart-agreed"

    youth_id: YouthId
    trajectory_id: UUID
    kind: CounterpartKind
    hours: int = Field(gt=0, description="Hours agreed.")
    goals: Annotated[str | None, FT] = Field(
        default=None, description="Contract goals (encrypted)."
    )
    agreed_on: date


class DebtTakenOverByFund(DomainEvent):
    """The Jongeren Perspectief Fonds bought the debts: a share written off, the rest owed to it."""

    name = "debt-taken-over-by-fund"

    youth_id: YouthId
    trajectory_id: UUID
    total_bought: Euros = Field(description="What the fund paid the creditors (encrypted).")
    written_off: Euros = Field(description="The share written off, if the contract holds.")
    remaining_to_fund: Euros = Field(description="What the young person owes the fund.")
    taken_over_on: date


class CounterpartHoursLogged(DomainEvent):
    """Hours of the counterpart were done."""

    name = "counterpart-hours-logged"

    youth_id: YouthId
    trajectory_id: UUID
    hours: int = Field(gt=0)
    logged_on: date


class CounterpartCompleted(DomainEvent):
    """Every agreed hour of the counterpart was done."""

    name = "counterpart-completed"

    youth_id: YouthId
    trajectory_id: UUID
    completed_on: date


class WriteOffRevoked(DomainEvent):
    """The contract was broken: the write-off is revoked and what it covered is owed again."""

    name = "write-off-revoked"

    youth_id: YouthId
    trajectory_id: UUID
    reason: RevocationReason
    reopened: Euros = Field(description="The amount owed again (encrypted).")
    revoked_on: date


class DebtsSettled(DomainEvent):
    """The young person is debt-free (schuldenvrij)."""

    name = "debts-settled"

    youth_id: YouthId
    trajectory_id: UUID
    solution_kind: SolutionKind
    amount_settled: Euros = Field(description="Amount settled in euros (encrypted).")
    settled_on: date


class DebtTrajectoryEnded(DomainEvent):
    """The debt trajectory ended (DDAS uitstroomreden)."""

    name = "debt-trajectory-ended"

    youth_id: YouthId
    trajectory_id: UUID
    reason: OutflowReason
    ended_on: date


class TrajectoryMarkedCrisis(DomainEvent):
    """The open trajectory became a crisis: the Wgs 3-working-day deadline now applies."""

    name = "trajectory-marked-crisis"

    youth_id: YouthId
    trajectory_id: UUID
    crisis_trigger: CrisisTrigger = Field(description="What makes it a crisis.")
    marked_on: date = Field(description="The day the threatening situation was signalled.")
    first_conversation_due: date = Field(
        description="The new Wgs deadline: the earlier of the old one and 3 working days."
    )


class DebtClosureBlocked(DomainEvent):
    """Left the programme while debts are owed: the trajectory stays open (aandacht nodig).

    A signal for the jongerenregisseur; it names what stands open by a code, never an amount.
    """

    name = "debt-closure-blocked"

    youth_id: YouthId
    trajectory_id: UUID
    reason: ClosureBlockedReason = Field(description="What stands open.")
    signalled_on: date = Field(description="The day the young person left the programme.")


class ErasureConfirmed(privacy.ErasureConfirmed):
    """debts destroyed its key for the young person: nothing of theirs opens here any more."""


class TimelineSharingStopped(privacy.TimelineSharingStopped):
    """Consent to share the timeline was withdrawn: debts's later events say `delen: nee`."""


class TimelineSharingResumed(privacy.TimelineSharingResumed):
    """Consent covers debts's life domain again: its later events are shared."""


PRIVACY_EVENTS = (ErasureConfirmed, TimelineSharingStopped, TimelineSharingResumed)

CATALOGUE = EventCatalogue(
    "debts",
    [
        DebtHelpRequested,
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
        ErasureConfirmed,
        TimelineSharingStopped,
        TimelineSharingResumed,
    ],
)
