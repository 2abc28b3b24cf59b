"""How housing reacts to other services' events: pure, from a CloudEvent to housing commands.

- `SignalOnExit`: intake's `programme-exited`. An eviction threat, a shelter stay or
  homelessness cannot be closed by leaving a programme, so housing asks its rules whether
  anything stands open; if so they record a signal for the jongerenregisseur
  (`HousingAttentionNeeded`), and otherwise nothing ("nothing open" is no failure).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from services.housing.domain.commands import ReviewForExit

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


POLICIES: tuple[Policy, ...] = (SignalOnExit(),)
