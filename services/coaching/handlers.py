"""Coaching commands, declared once: the coaching folds without opening a key.

The rules need no free text and no kind of care, so the history is folded without any key.
What coaching learnt of the young person's age from intake's topic joins the folded state, so
each new fact's legal basis follows the age as intake's do (classification.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from services.coaching.classification import extensions_for
from services.coaching.domain.model import Coaching, decide, evolve
from shared.command_pipeline import CommandPipeline, Outcome
from shared.tenancy import learn_age

if TYPE_CHECKING:
    from shared.events import DomainEvent

__all__ = ["PIPELINE", "Outcome", "coaching_stream", "execute", "fold"]


def _extensions(event: DomainEvent, state: Coaching, _command: Any) -> dict[str, str]:  # noqa: ANN401 - any coaching command
    return extensions_for(event, state)


PIPELINE = CommandPipeline(
    service="coaching",
    category="coaching",
    initial=Coaching(),
    evolve=evolve,
    decide=decide,
    extensions=_extensions,
    learnt=learn_age,
)
coaching_stream = PIPELINE.stream
fold = PIPELINE.fold
execute = PIPELINE.execute
