"""The debt trajectory's state: what the rules and the views know, folded by `model.evolve`.

Its own module so that the rules (`rules.py`) and the fold (`model.py`) both import it, and
neither imports the other's module for it. The phases are described in `model.py`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from services.debts.domain.refusals import UnknownTrajectoryError
from shared.rules import FrozenMap
from shared.subject_rights import Privacy

if TYPE_CHECKING:
    from datetime import date
    from uuid import UUID

__all__ = ["DeadlineStatus", "Phase", "Trajectory"]

Phase = Literal[
    "geen", "aangemeld", "inventarisatie", "schuldregeling", "fonds", "schuldenvrij", "beeindigd"
]
DeadlineStatus = Literal["op_tijd", "dreigt", "verlopen", "gehaald", "te_laat"]


@dataclass(frozen=True)
class Trajectory:
    """What the rules and the views need to know about the current (or last) debt trajectory.

    Amounts are whole euros. The state holds no names, only debt ids, codes, dates and amounts;
    it is kept in memory only (the events are what is stored, sealed).
    """

    open: bool = False
    trajectory_id: UUID | None = None
    requested_on: date | None = None
    crisis: bool = False
    in_fund: bool = False  # opened for a Jongeren Perspectief Fonds (jpf) young person
    first_conversation_due: date | None = None
    first_conversation_on: date | None = None
    # Recorded by the first-conversation timer when the deadline passed without one.
    first_conversation_missed: bool = False
    debts: FrozenMap[str, int] = field(default_factory=FrozenMap)  # debt id -> euros
    inventory_total: int | None = None  # set once the inventory is complete
    settlement_kind: str | None = None  # of the latest proposal
    responses: FrozenMap[str, str] = field(default_factory=FrozenMap)  # to the latest proposal
    counter_amounts: FrozenMap[str, int] = field(default_factory=FrozenMap)  # current ones
    counterpart_hours: int = 0  # agreed; 0 while none is
    hours_done: int = 0
    counterpart_completed: bool = False
    taken_over: bool = False
    written_off: int = 0
    owed_to_fund: int = 0  # 0 again once settled: paid off
    write_off_revoked: bool = False
    settled: bool = False
    ended_reason: str | None = None
    amounts_erased: bool = False
    closure_blocked: str | None = None  # why it stayed open at the programme's exit, if so
    # Erasure confirmed, timeline sharing (shared/subject_rights.py): apart from the domain.
    privacy: Privacy = field(default_factory=Privacy)

    @property
    def phase(self) -> Phase:
        """Where the trajectory stands, derived from the facts (see `model.py`)."""
        # The first that holds, in the order of the docstring of `model.py`.
        checks: tuple[tuple[bool, Phase], ...] = (
            (self.trajectory_id is None, "geen"),
            (not self.open, "beeindigd"),
            (self.settled, "schuldenvrij"),
            (self.taken_over, "fonds"),
            (self.inventory_total is not None, "schuldregeling"),
            (self.first_conversation_on is not None or bool(self.debts), "inventarisatie"),
        )
        return next((phase for holds, phase in checks if holds), "aangemeld")

    @property
    def debt_total(self) -> int:
        """The sum of the recorded debts, in euros."""
        return sum(self.debts.values())

    @property
    def counterpart_agreed(self) -> bool:
        """Whether a counterpart was agreed (it always has hours)."""
        return self.counterpart_hours > 0

    @property
    def hours_left(self) -> int:
        """Agreed hours of the counterpart not yet done (the rules keep it at 0 or more)."""
        return self.counterpart_hours - self.hours_done

    @property
    def balance(self) -> int:
        """What the young person still owes, in euros.

        Before a takeover: the sum of the debts. After it: what is owed to the fund, plus the
        write-off once it is revoked. 0 once settled (until a revocation un-settles). Never
        negative, by the rules rather than by clamping here (the property tests check it).
        """
        if self.settled:
            return 0
        if not self.taken_over:
            return self.debt_total
        reopened = self.written_off if self.write_off_revoked else 0
        return self.owed_to_fund + reopened

    def deadline_status(self, today: date) -> DeadlineStatus:
        """How the Wgs deadline of the first conversation stands on `today`.

        Once the conversation was held: `gehaald` (on or before the deadline) or `te_laat`.
        Without one: `verlopen` after the deadline (or once its passing was recorded), `dreigt`
        on its day or the day before, `op_tijd` otherwise. Raises `UnknownTrajectoryError` when
        nothing was ever requested.
        """
        due = self.first_conversation_due
        if due is None:
            raise UnknownTrajectoryError
        if self.first_conversation_on is not None:
            return "gehaald" if self.first_conversation_on <= due else "te_laat"
        days_left = (due - today).days
        if days_left < 0 or self.first_conversation_missed:  # the timer's fact, or the date's
            return "verlopen"
        return "dreigt" if days_left <= 1 else "op_tijd"
