"""Policies 5 and 6: debts, housing and coaching follow intake's privacy decisions.

Each is pure: from intake's CloudEvent to the commands of `shared/subject_rights.py` (usually
none). `shared/policy/reactions.py` runs them; each domain decides them with
`decide_privacy`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from shared.subject_rights import ConfirmErasure, ResumeTimelineSharing, StopTimelineSharing

if TYPE_CHECKING:
    from collections.abc import Sequence

    from pydantic import BaseModel

    from shared.envelope import CloudEvent

__all__ = [
    "CONSENT_GIVEN_TYPE",
    "CONSENT_WITHDRAWN_TYPE",
    "ERASED_TYPE",
    "SHARING_PURPOSE",
    "ErasurePolicy",
    "SharingPolicy",
]

ERASED_TYPE = "nl.regie.intake.personal-data-erased"
CONSENT_GIVEN_TYPE = "nl.regie.intake.consent-given"
CONSENT_WITHDRAWN_TYPE = "nl.regie.intake.consent-withdrawn"
SHARING_PURPOSE = "tijdlijn_delen"


@dataclass  # not frozen: `Policy` names settable attributes
class ErasurePolicy:
    """Policy 5: intake erased the young person's data -> confirm and destroy our key too.

    `name` carries the service: reaction ids derive from it and the trigger, and the timeline
    keys entries by event id, so two services' reactions to one trigger must differ in it.
    """

    service: str
    name: str = ""
    domains: tuple[str, ...] = ("intake",)

    def __post_init__(self) -> None:
        """Name the policy after its service."""
        self.name = self.name or f"{self.service}.erasure"

    def react(self, event: CloudEvent) -> Sequence[BaseModel]:
        """`ConfirmErasure` for intake's `personal-data-erased`; nothing for anything else."""
        if event.name_and_version[0] != ERASED_TYPE:
            return []
        return [ConfirmErasure(youth_id=event.subject, erased_on=_day(event, "erased_on"))]


@dataclass  # not frozen: `Policy` names settable attributes
class SharingPolicy:
    """Policy 6: consent to share withdrawn for `leefgebied` -> stop; given for it -> resume."""

    service: str
    leefgebied: str
    name: str = ""
    domains: tuple[str, ...] = ("intake",)

    def __post_init__(self) -> None:
        """Name the policy after its service (see `ErasurePolicy`)."""
        self.name = self.name or f"{self.service}.timeline-sharing"

    def react(self, event: CloudEvent) -> Sequence[BaseModel]:
        """Stop or resume for a `tijdlijn_delen` consent; nothing for anything else."""
        kind, data = event.name_and_version[0], event.data
        if data.get("purpose") != SHARING_PURPOSE:
            return []
        covers = self.leefgebied in (data.get("leefgebieden") or [])
        if kind == CONSENT_WITHDRAWN_TYPE and covers:
            # Version 2 names the life domains withdrawn; a version-1 withdrawal arrives
            # upcast to every life domain (contracts/intake/consent-withdrawn.v2.json).
            return [
                StopTimelineSharing(youth_id=event.subject, stopped_on=_day(event, "withdrawn_on"))
            ]
        if kind == CONSENT_GIVEN_TYPE and covers:
            return [
                ResumeTimelineSharing(youth_id=event.subject, resumed_on=_day(event, "given_on"))
            ]
        return []


def _day(event: CloudEvent, field: str) -> Any:  # noqa: ANN401 - pydantic parses the ISO date
    """The trigger's date field, or the day it was recorded when it has none."""
    return event.data.get(field) or event.time.date()
