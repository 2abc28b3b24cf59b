"""The Kafka value: a CloudEvents 1.0 JSON document following the NL GOV profile.

Context attributes never carry personal data: `subject` is the young person's opaque id, the
extensions are codes. Event types are stable names plus a schema version, never import paths.
"""

from __future__ import annotations

import functools
import re
from datetime import datetime  # noqa: TC003 - pydantic needs it at runtime
from typing import TYPE_CHECKING, Annotated, Any, Literal
from uuid import UUID  # noqa: TC003 - pydantic needs it at runtime

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, StringConstraints
from pydantic_core import to_json

if TYPE_CHECKING:
    from shared.eventstore.records import RecordedEvent

CONTENT_TYPE = "application/cloudevents+json; charset=UTF-8"
TYPE_PREFIX = "nl.regie."
_TYPE = re.compile(r"^nl\.regie\.([a-z]+)\.([a-z0-9]+(?:-[a-z0-9]+)*)(?:\.v([2-9]|[1-9][0-9]+))?$")

Code = Annotated[str, StringConstraints(pattern=r"^[a-z0-9_]{1,40}$")]


def cloudevent_type(name: str, schema_version: int) -> str:
    """`nl.regie.<domain>.<kebab-name>`, with a `.vN` suffix only for a breaking version N > 1."""
    return name if schema_version == 1 else f"{name}.v{schema_version}"


@functools.lru_cache(maxsize=1024)
def split_cloudevent_type(ce_type: str) -> tuple[str, int]:
    """Inverse of `cloudevent_type`: the stable name and the schema version.

    Kept per type (there are a few dozen; a refused one is not kept): every consumer asks
    this of every event, several times, and the regular expression was a tenth of the
    timeline projection's CPU.
    """
    match = _TYPE.fullmatch(ce_type)
    if match is None:
        raise ValueError(f"not a regie event type: {ce_type!r}")
    name = ce_type if match[3] is None else ce_type.rsplit(".", 1)[0]
    return name, int(match[3] or 1)


def source_of(oin: str, service: str) -> str:
    """The NL GOV `source`: the organisation (OIN) and the system that produced the event."""
    return f"urn:nld:oin:{oin}:systeem:regie-{service}"


class CloudEvent(BaseModel):
    """What integrators and our own consumers read from `<service>.events`."""

    model_config = ConfigDict(frozen=True, extra="allow")

    specversion: Literal["1.0"] = Field(description="CloudEvents version; always 1.0.")
    id: UUID = Field(description="The event id; consumers deduplicate on it.")
    source: Annotated[
        str, StringConstraints(pattern=r"^urn:nld:oin:\d{20}:systeem:regie-[a-z]+$")
    ] = Field(
        description="NL GOV source: the municipality's OIN and the producing system.",
        examples=["urn:nld:oin:00000099999999999999:systeem:regie-intake"],
    )
    type: Annotated[str, StringConstraints(pattern=_TYPE.pattern)] = Field(
        description="`nl.regie.<domain>.<kebab-name>`, with `.vN` from schema version 2.",
        examples=["nl.regie.intake.youth-registered"],
    )
    subject: Annotated[str, StringConstraints(min_length=1, max_length=64)] = Field(
        description="The young person's opaque id; also the Kafka key."
    )
    time: AwareDatetime = Field(description="When the event was recorded (not when it occurred).")
    datacontenttype: Literal["application/json"] = Field(description="`data` is JSON.")
    sequence: Annotated[str, StringConstraints(pattern=r"^\d{20}-\d{20}$")] = Field(
        description="Position in the service's commit-ordered log; string order is log order."
    )
    streamid: Annotated[str, StringConstraints(min_length=1, max_length=200)] = Field(
        description="The stream within the service: `<category>-<young person's id>`."
    )
    streamversion: int = Field(
        ge=1, description="Position in the stream, from 1 without gaps; the order to apply."
    )
    gemeentecode: Annotated[str, StringConstraints(pattern=r"^\d{4}$")] = Field(
        description="CBS code of the municipality responsible (verwerkingsverantwoordelijke)."
    )
    actor: Annotated[str, StringConstraints(min_length=1, max_length=100)] = Field(
        description="Who caused it: an employee pseudonym, or `beleid.<policy>` for a reaction."
    )
    actorrole: Code = Field(description="The actor's role, e.g. `intake` or `systeem`.")
    correlationid: Annotated[str, StringConstraints(min_length=1, max_length=100)] = Field(
        description="Shared by every event one request or one chain of reactions caused."
    )
    causationid: Annotated[str, StringConstraints(min_length=1, max_length=100)] | None = Field(
        default=None, description="The id of the event that caused this one, for a reaction."
    )
    programma: Code | None = Field(default=None, description="The programme, where known.")
    leefgebied: Code | None = Field(default=None, description="The life domain, where it has one.")
    grondslag: Code | None = Field(
        default=None, description="The legal basis for processing (e.g. `wgs`, `pw`, `wmo`)."
    )
    vertrouwelijkheid: Code | None = Field(
        default=None, description="Confidentiality (ZGW), e.g. `vertrouwelijk`, `confidentieel`."
    )
    prevhash: Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")] | None = Field(
        default=None, description="Hash of the previous event in the stream (tamper evidence)."
    )
    traceparent: str | None = Field(
        default=None,
        description=(
            "W3C trace context of the command that recorded the event (CloudEvents"
            " distributed-tracing extension): `00-<trace id>-<span id>-<flags>`. Present only"
            " when the producer traced the command; a consumer that traces continues it."
        ),
        examples=["00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"],
    )
    data: dict[str, Any] = Field(
        description="The facts, per `type`; personal fields are ciphertext (`enc:v1:`)."
    )

    @property
    def name_and_version(self) -> tuple[str, int]:
        """The stable type name and schema version."""
        return split_cloudevent_type(self.type)


def encode(event: RecordedEvent, source: str) -> bytes:
    """Serialise a stored event without parsing its payload: the stored JSON is spliced in."""
    meta = event.metadata
    attributes: dict[str, Any] = {
        "specversion": "1.0",
        "id": str(event.event_id),
        "source": source,
        "type": cloudevent_type(event.event_type, event.schema_version),
        "subject": event.subject,
        "time": _iso(event.recorded_at),
        "datacontenttype": "application/json",
        "sequence": event.checkpoint.as_sequence(),
        "streamid": event.stream_id,
        "streamversion": event.stream_version,
        "gemeentecode": meta.tenant,
        "actor": meta.actor,
        "actorrole": meta.actor_role,
        "correlationid": meta.correlation_id,
    }
    if meta.causation_id:
        attributes["causationid"] = meta.causation_id
    if event.prev_hash:
        attributes["prevhash"] = event.prev_hash
    if meta.traceparent:
        attributes["traceparent"] = meta.traceparent
    attributes.update(meta.extensions)
    head = to_json(attributes)
    return head[:-1] + b',"data":' + event.data.encode() + b"}"


def _iso(moment: datetime) -> str:
    return moment.isoformat().replace("+00:00", "Z")
