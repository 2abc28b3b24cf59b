"""How housing reacts to other services' events: pure, from a CloudEvent to housing commands.

- `SignalOnExit`: intake's `programme-exited` that leaves no programme (`still_enrolled_in`
  empty). An eviction threat, a shelter stay or homelessness cannot be closed by leaving a
  programme, so housing asks its rules whether anything stands open; if so they record a
  signal for the jongerenregisseur (`HousingAttentionNeeded`), and otherwise nothing
  ("nothing open" is no failure). While another programme runs, the young person is still
  supported and nothing is left behind: no signal. An exit stored before intake named the
  programmes still running lacks the field and reads as the last, as every exit then did: a
  replay of old history asks for what was asked the first time.
- `WoontoelageYieldsToHuurtoeslag`: income's `allowance-granted` for a huurtoeslag ends the
  woontoelage running that day (`EndHousingAllowance`): housing owns the woontoelage, which
  stood in for the huurtoeslag the young person could not get (issue 21); none running is no
  failure. Other allowances, and a huurtoeslag refused, ask nothing.
- Policy 5: intake erased the young person's data -> `ConfirmErasure`: housing records
  `ErasureConfirmed`, then destroys its own key for them. Also for a young person housing never
  heard of: it holds nothing, and the confirmation (and the tombstone that refuses new
  personal data) says so, so an auditor sees every service answer.
- Policy 6: consent to share the timeline withdrawn -> `StopTimelineSharing`; given again
  covering housing's life domain -> `ResumeTimelineSharing`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from services.housing.domain.commands import EndHousingAllowance, ReviewForExit
from services.housing.domain.rules import PRIVACY
from shared.policy import ErasurePolicy, SharingPolicy

if TYPE_CHECKING:
    from collections.abc import Sequence

    from pydantic import BaseModel

    from shared.envelope import CloudEvent
    from shared.policy import Policy

EXITED: Final = "nl.regie.intake.programme-exited"
ALLOWANCE_GRANTED: Final = "nl.regie.income.allowance-granted"


def _leaves_no_programme(event: CloudEvent) -> bool:
    """Whether an exit left the young person in no programme (absent field: yes, see above).

    Anything but a list is a broken trigger: it raises, so the trigger is parked on the
    dead-letter topic rather than signalling (or staying silent) on a guess.
    """
    remaining = event.data.get("still_enrolled_in", [])
    if not isinstance(remaining, list):
        msg = f"still_enrolled_in is not a list of programmes: {remaining!r}"
        raise TypeError(msg)
    return not remaining


class SignalOnExit:
    """Leaving the last programme: signal what stands open in housing."""

    name: str = "signaal-bij-uitstroom"
    domains: tuple[str, ...] = ("intake",)

    def react(self, event: CloudEvent) -> Sequence[BaseModel]:
        """`ReviewForExit` for the last programme exit; nothing for anything else."""
        if event.name_and_version[0] != EXITED or not _leaves_no_programme(event):
            return []
        return [
            ReviewForExit.model_validate(
                {"youth_id": event.data.get("youth_id"), "exited_on": event.data.get("exit_on")}
            )
        ]


class WoontoelageYieldsToHuurtoeslag:
    """A huurtoeslag granted in income: the woontoelage that stood in for it ends that day."""

    name: str = "woontoelage-wijkt-voor-huurtoeslag"
    domains: tuple[str, ...] = ("income",)

    def react(self, event: CloudEvent) -> Sequence[BaseModel]:
        """`EndHousingAllowance` on the grant's day for a huurtoeslag; nothing otherwise."""
        if event.name_and_version[0] != ALLOWANCE_GRANTED:
            return []
        if event.data.get("kind") != "huurtoeslag":
            return []
        return [
            EndHousingAllowance.model_validate(
                {"youth_id": event.data.get("youth_id"), "ended_on": event.data.get("granted_on")}
            )
        ]


POLICIES: tuple[Policy, ...] = (
    SignalOnExit(),
    WoontoelageYieldsToHuurtoeslag(),
    ErasurePolicy(PRIVACY.service),
    SharingPolicy(PRIVACY.service, PRIVACY.leefgebied),
)
