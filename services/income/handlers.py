"""Income commands, declared once: the state folds without opening a key.

The rules need no amounts (those are sealed in the events), so history folds untouched.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from services.income.classification import extensions_for
from services.income.domain.model import Income, decide, evolve
from services.income.timers import TIMERS
from shared.command_pipeline import CommandPipeline, Outcome

if TYPE_CHECKING:
    from shared.events import DomainEvent

__all__ = ["PIPELINE", "Outcome", "execute", "fold", "income_stream"]


def _extensions(_event: DomainEvent, state: Income, _command: Any) -> dict[str, str]:  # noqa: ANN401 - any income command
    return extensions_for(state.privacy)


PIPELINE = CommandPipeline(
    service="income",
    category="income",  # one stream per young person's income; benefits follow each other
    initial=Income(),
    evolve=evolve,
    decide=decide,
    extensions=_extensions,
    # The search period's four weeks, ended on their term when nobody ended them (timers.py).
    timers=TIMERS,
)
income_stream = PIPELINE.stream
fold = PIPELINE.fold
execute = PIPELINE.execute
