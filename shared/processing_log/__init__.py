"""The processing log (verwerkingenlogging): AVG accountability for each use of youth data.

Each HTTP read or write of a young person's data leaves one entry: when, who (pseudonym and
role), which municipality, which young person (our opaque id), what was done, under which
processing activity and legal basis, and whether it succeeded. Entries hold ids and codes only.
The table is append-only and hash-chained per young person, so `verify` can show it is intact.

Wiring, in a service's composition root:
- apply `processing_log_migration()`, `processing_log_trace_migration()` and
  `processing_log_prunes_migration()` with the service's other migrations;
- run `pruning_of(...)` beside the service: entries past their retention are destroyed;
- keep `ProcessingLog(pool, schema)` on `app.state` and hand routes a getter for it;
- put `Depends(processing(...), scope="function")` first in each route's dependencies;
- include `build_processing_log_router(getter, authenticator)`.
"""

from shared.processing_log.chain import chain_problems, entry_hash, preimage
from shared.processing_log.dependency import (
    Identify,
    ProcessingDependency,
    RouteProcessing,
    declared_processing,
    identify_by_token,
    note_processing,
    processing,
)
from shared.processing_log.entry import (
    UNKNOWN,
    ZERO_HASH,
    Action,
    ProcessingEntry,
    Result,
    Vertrouwelijkheid,
)
from shared.processing_log.pruning import (
    Pruned,
    Pruning,
    processing_log_prunes_migration,
    prune_expired,
    pruning_of,
)
from shared.processing_log.router import READER_ROLES, build_processing_log_router
from shared.processing_log.store import (
    ProcessingLog,
    processing_log_migration,
    processing_log_trace_migration,
    verify,
)
from shared.processing_log.vng import Verwerkingsactie, Verwerkingsacties, VngSource

__all__ = [
    "READER_ROLES",
    "UNKNOWN",
    "ZERO_HASH",
    "Action",
    "Identify",
    "ProcessingDependency",
    "ProcessingEntry",
    "ProcessingLog",
    "Pruned",
    "Pruning",
    "Result",
    "RouteProcessing",
    "Vertrouwelijkheid",
    "Verwerkingsactie",
    "Verwerkingsacties",
    "VngSource",
    "build_processing_log_router",
    "chain_problems",
    "declared_processing",
    "entry_hash",
    "identify_by_token",
    "note_processing",
    "preimage",
    "processing",
    "processing_log_migration",
    "processing_log_prunes_migration",
    "processing_log_trace_migration",
    "prune_expired",
    "pruning_of",
    "verify",
]
