"""Orders given to intake, in the imperative."""

from __future__ import annotations

from datetime import date  # noqa: TC003 - pydantic needs it at runtime
from uuid import UUID  # noqa: TC003 - pydantic needs it at runtime

from pydantic import BaseModel, ConfigDict

from services.intake.domain.events import (  # noqa: TC001 - pydantic needs them
    ErasureReason,
    Programma,
)


class RegisterYouth(BaseModel):
    """Register a young person for a programme in a municipality."""

    model_config = ConfigDict(frozen=True)

    youth_id: UUID
    gemeentecode: str
    programma: Programma
    full_name: str
    date_of_birth: date


class EraseYouth(BaseModel):
    """Destroy a young person's personal data; the history without it remains."""

    model_config = ConfigDict(frozen=True)

    youth_id: UUID
    reason: ErasureReason
