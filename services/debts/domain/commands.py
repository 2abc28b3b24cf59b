"""Orders given to the debts service, in the imperative. Shapes only; rules in model.py."""

from __future__ import annotations

from datetime import date  # noqa: TC003 - pydantic needs it at runtime
from typing import ClassVar
from uuid import UUID  # noqa: TC003 - pydantic needs it at runtime

from pydantic import BaseModel, ConfigDict, Field

from services.debts.domain.vocabulary import (
    MAX_EUROS,
    CounterpartKind,
    CreditorResponse,
    CreditorType,
    CrisisTrigger,
    FundProgramme,
    OutflowReason,
    RevocationReason,
    SolutionKind,
)

# A goal of the young person's toekomstplan, as intake names it (its `PlanGoal.goal_id`).
PLAN_GOAL_ID = r"^[a-z0-9-]{1,40}$"


class Command(BaseModel):
    """Base: frozen, and about one young person's debt trajectory."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    youth_id: UUID


class RequestDebtHelp(Command):
    """Open a debt trajectory."""

    # The server makes this id for the new thing; a client does not send it.
    generated_ids: ClassVar[tuple[str, ...]] = ("trajectory_id",)
    trajectory_id: UUID
    requested_on: date
    crisis: bool = False
    crisis_trigger: CrisisTrigger | None = None
    plan_goal_id: str | None = Field(
        default=None,
        pattern=PLAN_GOAL_ID,
        description="The toekomstplan's goal this serves (its `goal_id` in intake), if any.",
        examples=["doel-1"],
    )
    programma: FundProgramme | None = Field(
        default=None,
        description="`jpf` for a young person in the Jongeren Perspectief Fonds (a jpf"
        " enrolment asks for it): the fund's counterpart and takeover apply only then.",
        examples=["jpf"],
    )


class HoldFirstConversation(Command):
    """Record the first conversation."""

    held_on: date


class RecordDebt(Command):
    """Add a debt to the inventory."""

    debt_id: str = Field(pattern=r"^[a-z0-9-]{1,40}$")
    creditor_type: CreditorType
    creditor_name: str = Field(min_length=1, max_length=200)
    amount: int = Field(gt=0, le=MAX_EUROS, description="Whole euros.")
    recorded_on: date


class CompleteInventory(Command):
    """Close the inventory; the total must equal the sum of the recorded debts."""

    total: int = Field(ge=0, le=MAX_EUROS * 100, description="Whole euros.")
    completed_on: date


class ProposeSettlement(Command):
    """Propose a settlement to the creditors."""

    solution_kind: SolutionKind
    proposed_on: date


class RecordCreditorResponse(Command):
    """Record a creditor's answer to the proposal."""

    debt_id: str
    response: CreditorResponse
    counter_amount: int | None = Field(default=None, gt=0, le=MAX_EUROS)
    responded_on: date


class AgreeCounterpart(Command):
    """Agree the counterpart (maatschappelijke stage) for the fund's help."""

    kind: CounterpartKind
    hours: int = Field(gt=0, le=2000)
    goals: str | None = Field(default=None, max_length=2000)
    agreed_on: date


class TakeOverByFund(Command):
    """The fund buys the debts: what it paid, what it writes off, what is owed to it."""

    total_bought: int = Field(gt=0, le=MAX_EUROS * 100)
    written_off: int = Field(ge=0, le=MAX_EUROS * 100)
    taken_over_on: date


class LogCounterpartHours(Command):
    """Record hours of the counterpart done."""

    hours: int = Field(gt=0, le=2000)
    logged_on: date


class CompleteCounterpart(Command):
    """Record that every agreed hour was done."""

    completed_on: date


class RevokeWriteOff(Command):
    """The contract was broken: revoke the write-off."""

    reason: RevocationReason
    revoked_on: date


class SettleDebts(Command):
    """Record that the young person is debt-free."""

    solution_kind: SolutionKind
    # 0 is a settlement too: after a full write-off nothing is left, and that is debt-free.
    amount_settled: int = Field(ge=0, le=MAX_EUROS * 100)
    settled_on: date


class EndTrajectory(Command):
    """End the debt trajectory, with the DDAS outflow reason."""

    reason: OutflowReason
    ended_on: date


class RequestCrisisHelp(Command):
    """A threatening situation: open a crisis trajectory, or make the open one a crisis.

    One command, so the rules choose on the history: whichever of a plain request and this
    arrives first, the young person ends with one open crisis trajectory.
    """

    trajectory_id: UUID = Field(description="The id of the trajectory, if one is opened.")
    crisis_trigger: CrisisTrigger
    signalled_on: date


class CloseForExit(Command):
    """The young person left their programme: end the trajectory, or signal what stands open."""

    reason: OutflowReason = Field(description="The outflow reason when nothing is owed.")
    exited_on: date


class RecordFirstConversationMissed(Command):
    """The Wgs deadline of the first conversation passed without one (a timer's consequence).

    Given by the first-conversation timer when its moment passes, never by a person: the
    deadline is the trajectory's own, so the command names only the trajectory.
    """

    trajectory_id: UUID
