"""What intake shows about a young person: state plus personal data for those allowed to see it."""

from __future__ import annotations

import uuid  # noqa: TC003 - pydantic needs it at runtime
from datetime import date  # noqa: TC003 - pydantic needs it at runtime
from typing import TYPE_CHECKING

from pydantic import BaseModel

from services.intake.domain.events import CATALOGUE, YouthRegistered
from services.intake.handlers import fold

if TYPE_CHECKING:
    from shared.eventstore import RecordedEvent
    from shared.privacy import Sealer


class YouthView(BaseModel):
    """The young person as intake knows them; erased fields read "gegevens vernietigd"."""

    youth_id: uuid.UUID
    gemeentecode: str
    registered: bool
    erased: bool
    programma: str | None
    full_name: str | None
    date_of_birth: date | str | None
    version: int


async def youth_view(
    sealer: Sealer, youth_id: uuid.UUID, recorded: list[RecordedEvent]
) -> YouthView:
    """Fold the state and open the registration's personal fields (decrypting them)."""
    state = fold(sealer, recorded)
    registered = CATALOGUE.type_name(YouthRegistered)
    registration = next((r for r in recorded if r.event_type == registered), None)
    opened = await sealer.open(registration) if registration else None
    personal = opened if isinstance(opened, YouthRegistered) else None
    return YouthView(
        youth_id=youth_id,
        gemeentecode=recorded[0].metadata.tenant,
        registered=state.registered,
        erased=state.erased,
        programma=state.programma,
        full_name=personal.full_name if personal else None,
        date_of_birth=personal.date_of_birth if personal else None,
        version=len(recorded),
    )
