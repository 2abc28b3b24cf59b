"""One line of the processing log: who processed whose data, why, and with what result.

Only ids and codes go in: the young person is our opaque `youth_id`, the employee a pseudonym.
"""

from datetime import datetime
from typing import Annotated, Final, Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

Action = Literal["lezen", "aanmaken", "wijzigen", "vernietigen"]
"""What was done with the data (the VNG `actieNaam`, in lower case)."""

Result = Literal["gelukt", "geweigerd", "mislukt"]
"""`geweigerd`: refused by authorisation (401/403); `mislukt`: any other error."""

Vertrouwelijkheid = Literal[
    "openbaar",
    "beperkt_openbaar",
    "intern",
    "zaakvertrouwelijk",
    "vertrouwelijk",
    "confidentieel",
    "geheim",
    "zeer_geheim",
]
"""The ZGW `vertrouwelijkheidaanduiding`, the scale municipalities already classify data on."""

UNKNOWN: Final = "onbekend"
"""Actor, role or tenant of a caller whose token could not be verified."""

ZERO_HASH: Final = "0" * 64
"""The `prev_hash` of a chain's first entry."""

GRONDSLAG_PATTERN: Final = r"^[a-z0-9_]{1,40}$"
"""A legal-basis code such as `jw`, `wmo`, `pw`, `wgs`, `toestemming` or `avg_6_1_e`."""

ACTIVITY_PATTERN: Final = r"^[a-z0-9][a-z0-9_.-]{0,99}$"
"""A processing-activity id from the register (AVG art. 30), e.g. `intake.registratie`."""

Grondslag = Annotated[str, StringConstraints(pattern=GRONDSLAG_PATTERN)]
ActivityId = Annotated[str, StringConstraints(pattern=ACTIVITY_PATTERN)]
ActivityName = Annotated[str, StringConstraints(min_length=1, max_length=242)]
_Short = Annotated[str, StringConstraints(min_length=1, max_length=200)]
_Hash = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]


class ProcessingFacts(BaseModel):
    """What a caller states about one processing; `ProcessingLog.record` validates it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    tenant: _Short
    youth_id: _Short
    actor: _Short
    actor_role: _Short
    action: Action
    activity: ActivityId
    activity_name: ActivityName
    grondslag: Grondslag
    vertrouwelijkheid: Vertrouwelijkheid
    result: Result
    correlation_id: _Short
    method: Annotated[str, StringConstraints(min_length=1, max_length=16)]
    path: Annotated[str, StringConstraints(min_length=1, max_length=500)]
    # The trace the processing was part of (Logboek Dataverwerkingen's trace_id and span_id,
    # W3C trace context; shared/tracing.py), so an entry leads to the command's whole path.
    # Both or neither; none when tracing is off.
    trace_id: Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{32}$")] | None = None
    span_id: Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{16}$")] | None = None


class ProcessingEntry(ProcessingFacts):
    """A recorded entry: the facts plus its place in its young person's hash chain.

    `seq` numbers the entries of one (tenant, youth_id) chain from 1; `hash` is the sha256
    (hex) of the preimage described in `shared.processing_log.chain`, which includes
    `prev_hash`, so changing, removing or inserting an entry breaks the chain.
    """

    entry_id: UUID
    seq: int = Field(gt=0)
    logged_at: datetime
    prev_hash: _Hash
    hash: _Hash
