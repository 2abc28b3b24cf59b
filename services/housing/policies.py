"""How housing reacts to other services' events: pure, from a CloudEvent to housing commands.

- `SignalOnExit`: intake's `programme-exited`. An eviction threat, a shelter stay or
  homelessness cannot be closed by leaving a programme, so housing asks its rules whether
  anything stands open; if so they record a signal for the jongerenregisseur
  (`HousingAttentionNeeded`), and otherwise nothing ("nothing open" is no failure).
- Policy 5: intake erased the young person's data -> `ConfirmErasure`: housing records
  `ErasureConfirmed`, then destroys its own key for them. Also for a young person housing never
  heard of: it holds nothing, and the confirmation (and the tombstone that refuses new
  personal data) says so, so an auditor sees every service answer.
- Policy 6: consent to share the timeline withdrawn -> `StopTimelineSharing`; given again
  covering housing's life domain -> `ResumeTimelineSharing`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from services.housing.domain.commands import ReviewForExit
from services.housing.domain.rules import PRIVACY
from shared.policy import ErasurePolicy, SharingPolicy

if TYPE_CHECKING:
    from collections.abc import Sequence

    from pydantic import BaseModel

    from shared.envelope import CloudEvent
    from shared.policy import Policy

EXITED: Final = "nl.regie.intake.programme-exited"


class SignalOnExit:
    """Leaving the programme: signal what stands open in housing."""

    name: str = "signaal-bij-uitstroom"
    domains: tuple[str, ...] = ("intake",)

    def react(self, event: CloudEvent) -> Sequence[BaseModel]:
        """`ReviewForExit` for every programme exit; nothing for anything else."""
        if event.name_and_version[0] != EXITED:
            return []
        return [
            ReviewForExit.model_validate(
                {"youth_id": event.data.get("youth_id"), "exited_on": event.data.get("exit_on")}
            )
        ]


POLICIES: tuple[Policy, ...] = (
    SignalOnExit(),
    ErasurePolicy(PRIVACY.service),
    SharingPolicy(PRIVACY.service, PRIVACY.leefgebied),
)
