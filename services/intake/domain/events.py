"""Facts intake records; they are also its published contract (`nl.regie.intake.*`)."""

from __future__ import annotations

from datetime import date  # noqa: TC003 - pydantic needs it at runtime
from typing import Annotated, Literal
from uuid import UUID  # noqa: TC003 - pydantic needs it at runtime

from pydantic import Field

from shared.events import DomainEvent, EventCatalogue
from shared.privacy import ID, Erased

Programma = Literal["jpf", "dtj", "toekomstgesprek", "rodeloper", "regulier"]
AgeBand = Literal["16-17", "18-22", "23-27"]
ErasureReason = Literal["verzoek_art17", "bewaartermijn_verlopen", "toestemming_ingetrokken"]


class YouthRegistered(DomainEvent):
    """A young person was registered with the municipality for a programme."""

    name = "youth-registered"

    youth_id: UUID = Field(description="Opaque id of the young person; never a BSN or a name.")
    programma: Programma = Field(description="The programme.", examples=["jpf"])
    full_name: Annotated[str, ID] = Field(
        description="Name of the young person (personal data: direct identifier, encrypted).",
        examples=["Sam de Vries"],
    )
    date_of_birth: Annotated[date | Erased, ID] = Field(
        description="Date of birth (personal data: direct identifier, encrypted)."
    )
    age_band: AgeBand = Field(description="Age band at registration, in clear for reports.")
    registered_on: date = Field(description="The day of registration.")


class PersonalDataErased(DomainEvent):
    """The young person's personal data was destroyed (crypto-shredding); history remains."""

    name = "personal-data-erased"

    youth_id: UUID = Field(description="Opaque id of the young person.")
    reason: ErasureReason = Field(
        description="Why: a request under AVG art. 17, an expired retention period, or"
        " withdrawn consent.",
        examples=["verzoek_art17"],
    )
    erased_on: date = Field(description="The day of erasure.")


CATALOGUE = EventCatalogue("intake", [YouthRegistered, PersonalDataErased])
