"""Debt commands, declared once: the trajectory folds from its decrypted history.

Unlike intake's rules, the debt rules need the amounts, which are sealed: folding opens them.
After erasure they read "gegevens vernietigd" and the rules refuse what depends on them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from services.debts.classification import extensions_for
from services.debts.domain.model import Trajectory, decide, evolve
from services.debts.timers import TIMERS
from shared.command_pipeline import CommandPipeline, Outcome

if TYPE_CHECKING:
    from shared.events import DomainEvent

__all__ = ["PIPELINE", "Outcome", "execute", "fold", "trajectory_stream"]


def _extensions(_event: DomainEvent, state: Trajectory, _command: Any) -> dict[str, str]:  # noqa: ANN401 - any debts command
    return extensions_for(state)


PIPELINE = CommandPipeline(
    service="debts",
    category="debts",  # one stream per young person's debts; trajectories follow each other
    initial=Trajectory(),
    evolve=evolve,
    decide=decide,
    extensions=_extensions,
    opens_sealed=True,
    # The Wgs deadline of the first conversation, recorded when it passes (timers.py).
    timers=TIMERS,
)
trajectory_stream = PIPELINE.stream
fold = PIPELINE.fold
execute = PIPELINE.execute
