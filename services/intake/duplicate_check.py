"""After a registration or an identity verification: is this young person already registered?

The values are indexed in the blind index (`blind_index.py`) and looked up in the young
person's own municipality; each new match is recorded as `PossibleDuplicateFound` in this young
person's stream (through the pipeline, so the rules decide: never a match noted twice, never
one with themselves), for the intake worker's list and the timeline. A match never refuses the
registration: two people may share a name and a birth date.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import structlog

from services.intake.domain.commands import DuplicateCandidate, NotePossibleDuplicates
from services.intake.handlers import execute
from shared.command_handling import Checks
from shared.eventstore import ConcurrencyError
from shared.rules import RuleViolationError

if TYPE_CHECKING:
    import uuid
    from collections.abc import Sequence

    from services.intake.blind_index import BlindIndex, IndexRow, Match
    from shared.command_pipeline import Dependencies, Outcome
    from shared.eventstore import Metadata

log = structlog.get_logger("intake")
_ATTEMPTS = 3

WARNING = {
    "nl": "Mogelijk dubbele inschrijving: deze gegevens komen overeen met een andere"
    " inschrijving in uw gemeente. De inschrijving is vastgelegd; controleer of het dezelfde"
    " jongere is",
    "en": "Possible duplicate registration: these details match another registration in your"
    " municipality. The registration is recorded; check whether it is the same young person",
}
"""The answer's warning when the index found matches, in Dutch and English."""


async def check_for_duplicates(
    deps: Dependencies,
    index: BlindIndex,
    youth_id: uuid.UUID,
    rows: Sequence[IndexRow],
    metadata: Metadata,
) -> tuple[list[Match], Outcome | None]:
    """The young person's index `rows` (written if their append did not), matched and noted.

    The outcome is that of recording `PossibleDuplicateFound` (None when nothing matched, or
    when it could not be recorded: the matches are still returned, and logged).
    """
    matches: list[Match] = []
    for row in rows:
        matches += await index.match(row)
    if not matches:
        return [], None
    command = NotePossibleDuplicates(
        youth_id=youth_id,
        candidates=[
            DuplicateCandidate(other_youth_id=m.youth_id, matched_on=m.matched_on) for m in matches
        ],
    )
    for attempt in range(1, _ATTEMPTS + 1):
        try:
            outcome = await execute(deps, command, metadata, Checks(tenant=metadata.tenant))
        except ConcurrencyError:
            if attempt == _ATTEMPTS:
                log.warning("intake.duplicate_not_noted", reason="concurrent changes")
        except RuleViolationError as error:  # erased meanwhile: nothing to note any more
            log.warning("intake.duplicate_not_noted", reason=error.en)
            return [], None
        else:
            return matches, outcome
    return matches, None
