"""Housing commands, declared once: the situation folds without opening a key.

The rules need no addresses or amounts, so the history is folded without touching any key.
What housing learnt of the young person's age from intake's topic joins the folded state, so
each new fact's legal basis follows the age as intake's do (classification.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from services.housing.classification import extensions_for
from services.housing.domain.events import CATALOGUE
from services.housing.domain.model import Housing, decide, evolve
from services.housing.timers import TIMERS
from shared.command_pipeline import CommandPipeline, Outcome
from shared.tenancy import learn_age

if TYPE_CHECKING:
    from shared.events import DomainEvent

__all__ = ["PIPELINE", "Outcome", "execute", "fold", "housing_stream"]


def _extensions(event: DomainEvent, state: Housing, _command: Any) -> dict[str, str]:  # noqa: ANN401 - any housing command
    return extensions_for(
        CATALOGUE.type_name(type(event)),
        state.privacy,
        age_band=state.age_band,
        youth_care_extended=state.youth_care_extended,
    )


PIPELINE = CommandPipeline(
    service="housing",
    category="housing",
    initial=Housing(),
    evolve=evolve,
    decide=decide,
    extensions=_extensions,
    learnt=learn_age,
    # The first week's roof and postal address, and the six weeks' plan (timers.py).
    timers=TIMERS,
)
housing_stream = PIPELINE.stream
fold = PIPELINE.fold
execute = PIPELINE.execute
