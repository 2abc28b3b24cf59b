"""The processing log in the shape of the VNG Verwerkingenlogging API v0.9 (`verwerkingsacties`).

So a municipality can hand our entries to tools built for that standard. The young person is
identified by our opaque id (`soortObjectId` "regie-jongere-id"), never by BSN: resolving it is
a separate step of an access request. `resultaat`, `grondslag`, `traceId` and
`spanId` are our own additions (the last two as the Logboek Dataverwerkingen has them).
"""

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Final, Literal

from pydantic import BaseModel, ConfigDict
from pydantic.alias_generators import to_camel

from shared.processing_log.entry import ProcessingEntry, Result, Vertrouwelijkheid

_CORRELATION_NAMESPACE: Final = uuid.UUID("3b8f5d2e-7c41-4a96-b0e3-9d1f6a2c8e57")
"""Turns a correlation id that is not a UUID into a stable `verwerkingId`."""

_NORMAAL: Final[frozenset[Vertrouwelijkheid]] = frozenset(
    {"openbaar", "beperkt_openbaar", "intern"}
)

VngVertrouwelijkheid = Literal["normaal", "vertrouwelijk"]


class _Vng(BaseModel):
    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, frozen=True)


class SoortGegeven(_Vng):
    """A kind of data processed; we do not itemise these yet."""

    soort_gegeven: str


class VerwerktObject(_Vng):
    """Whose data: always one young person, by our opaque id."""

    objecttype: str = "persoon"
    soort_object_id: str = "regie-jongere-id"
    object_id: str
    betrokkenheid: str = "Jongere"
    verwerkte_soorten_gegevens: list[SoortGegeven] = []


class Verwerkingsactie(_Vng):
    """One entry, in the VNG field names (camelCase when serialised by alias)."""

    actie_id: uuid.UUID
    actie_naam: str
    handeling_naam: str
    verwerking_naam: str
    verwerking_id: uuid.UUID
    verwerkingsactiviteit_id: str
    vertrouwelijkheid: VngVertrouwelijkheid
    bewaartermijn: str
    uitvoerder: str
    systeem: str
    gebruiker: str
    gegevensbron: str
    tijdstip: datetime
    tijdstip_registratie: datetime
    verwerkte_objecten: list[VerwerktObject]
    resultaat: Result
    grondslag: str
    # Logboek Dataverwerkingen's link to the trace (W3C ids), where the processing was traced.
    trace_id: str | None = None
    span_id: str | None = None


class Verwerkingsacties(_Vng):
    """The answer of `GET /processing-log?format=vng`."""

    verwerkingsacties: list[Verwerkingsactie]


@dataclass(frozen=True)
class VngSource:
    """What the standard asks about the log's origin that an entry does not hold."""

    uitvoerder: str
    """OIN of the organisation that processed."""
    systeem: str
    gegevensbron: str
    bewaartermijn: str = "P20Y"
    """ISO 8601 duration; the Jeugdwet keeps youth-care records 20 years."""


def verwerkingsactie(entry: ProcessingEntry, source: VngSource) -> Verwerkingsactie:
    """Map one entry; `tijdstip` and `tijdstipRegistratie` are both the moment it was logged."""
    return Verwerkingsactie(
        actie_id=entry.entry_id,
        actie_naam=entry.action.capitalize(),
        handeling_naam=entry.activity_name,
        verwerking_naam=entry.activity_name,
        verwerking_id=verwerking_id(entry.correlation_id),
        verwerkingsactiviteit_id=entry.activity,
        vertrouwelijkheid="normaal" if entry.vertrouwelijkheid in _NORMAAL else "vertrouwelijk",
        bewaartermijn=source.bewaartermijn,
        uitvoerder=source.uitvoerder,
        systeem=source.systeem,
        gebruiker=entry.actor,
        gegevensbron=source.gegevensbron,
        tijdstip=entry.logged_at,
        tijdstip_registratie=entry.logged_at,
        verwerkte_objecten=[VerwerktObject(object_id=entry.youth_id)],
        resultaat=entry.result,
        grondslag=entry.grondslag,
        trace_id=entry.trace_id,
        span_id=entry.span_id,
    )


def verwerking_id(correlation_id: str) -> uuid.UUID:
    """The request's correlation id as the processing's UUID (derived when it is no UUID)."""
    try:
        return uuid.UUID(correlation_id)
    except ValueError:
        return uuid.uuid5(_CORRELATION_NAMESPACE, correlation_id)
