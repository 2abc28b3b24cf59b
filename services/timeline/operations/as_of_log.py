"""As-of reads in the timeline's processing log, with the auditor who ran them as actor.

An as-of read opens a young person's timeline (or a municipality's figures) as they were: a
read like any other, so it is on record in the hash-chained processing log, whoever it was
"seen as" (`--role`, `--actor` name the viewer whose sight is replayed; `--by` the person
reading). A refused one (unknown then, not theirs to open) is recorded as `geweigerd`.
"""

from __future__ import annotations

import getpass
import uuid
from typing import TYPE_CHECKING

from services.timeline.read_model.access import AUDITOR
from shared.processing_log.entry import UNKNOWN

if TYPE_CHECKING:
    from datetime import datetime

    from shared.processing_log import ProcessingLog
    from shared.processing_log.entry import Result

ACTIVITY = "timeline.tijdreis"
ACTIVITY_NAME = "Tijdreis: tijdlijn of rapportage zoals bekend op een moment"
# Accountability for processing (AVG art. 5(2), 24): the audit is a legal obligation.
GRONDSLAG = "avg_6_1_c"


def default_reader() -> str:
    """Who runs the command, when `--by` does not say: the operating-system account."""
    try:
        return f"os:{getpass.getuser()}"
    except (KeyError, OSError):  # no account name in this environment
        return UNKNOWN


async def log_as_of(  # noqa: PLR0913 - each fact of the entry is named at the call site
    log: ProcessingLog,
    *,
    by: str,
    tenant: str | None,
    youth_id: str | None,
    instant: datetime,
    seen_as: str,
    result: Result,
    role: str = AUDITOR,
    method: str = "CLI",
) -> None:
    """Record one as-of read (`result`: gelukt or geweigerd).

    From the command line (`method` CLI) the reader is an auditor; from the web view's Tijdreis
    (`method` GET) the signed-in auditor or privacy officer, by their own `role`.
    """
    await log.record(
        actor=by[:200] or UNKNOWN,
        actor_role=role,
        tenant=tenant or UNKNOWN,
        youth_id=youth_id or UNKNOWN,
        action="lezen",
        activity=ACTIVITY,
        activity_name=ACTIVITY_NAME,
        grondslag=GRONDSLAG,
        vertrouwelijkheid="vertrouwelijk",
        result=result,
        correlation_id=str(uuid.uuid4()),
        method=method,
        path=f"as-of {instant.isoformat()} {seen_as}"[:500],
    )
