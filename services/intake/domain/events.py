"""Facts intake records; they are also its published contract (`nl.regie.intake.*`)."""

from __future__ import annotations

from datetime import date  # noqa: TC003 - pydantic needs it at runtime
from typing import Literal
from uuid import UUID  # noqa: TC003 - pydantic needs it at runtime

from pydantic import Field

from shared.events import DomainEvent, EventCatalogue

Programma = Literal["jpf", "dtj", "toekomstgesprek", "rodeloper", "regulier"]
AgeBand = Literal["16-17", "18-22", "23-27"]


class YouthRegistered(DomainEvent):
    """A young person was registered with the municipality for a programme."""

    name = "youth-registered"

    youth_id: UUID = Field(description="Opaque id of the young person; never a BSN or a name.")
    programma: Programma = Field(description="The programme.", examples=["jpf"])
    full_name: str = Field(
        description="Name of the young person (personal data: direct identifier).",
        examples=["Sam de Vries"],
    )
    date_of_birth: date = Field(description="Date of birth (personal data: direct identifier).")
    age_band: AgeBand = Field(description="Age band at registration, in clear for reports.")
    registered_on: date = Field(description="The day of registration.")


CATALOGUE = EventCatalogue("intake", [YouthRegistered])
