"""How debts reacts to other services' events: pure, from a CloudEvent to debt commands.

Each policy reads the trigger's type and data as published (never another service's classes)
and asks for commands of debts' own domain; `shared.policy.Reactions` runs them with the
trigger as cause. The rules decide: a refusal that means "already so" (an open trajectory, a
crisis already) or "nothing open" is the domain saying there is nothing to do.

- `JpfDebtHelp`: intake's `programme-enrolled` with programma `jpf` asks for debt help
  (the Jongeren Perspectief Fonds is about debts), on the first day of the programme.
- `EvictionCrisis`: housing's `eviction-threatened` for rent arrears (huurachterstand) is a
  threatening situation (Wgs art. 4): a crisis request, or the open trajectory made a crisis.
- `CloseOnExit`: intake's `programme-exited` that leaves no programme (`still_enrolled_in`
  empty) ends the trajectory when nothing is owed, and otherwise signals the
  jongerenregisseur. Leaving one of two programmes closes nothing: the debts are the young
  person's, not the programme's. An exit stored before intake named the programmes still
  running lacks the field and reads as the last, as every exit then did: a replay of old
  history asks for what was asked the first time.
- Policy 5: intake erased the young person's data -> `ConfirmErasure`: debts records
  `ErasureConfirmed`, then destroys its own key for them. Also for a young person debts never
  heard of: it holds nothing, and the confirmation (and the tombstone that refuses new
  personal data) says so, so an auditor sees every service answer.
- Policy 6: consent to share the timeline withdrawn -> `StopTimelineSharing`; given again
  covering debts's life domain -> `ResumeTimelineSharing`.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Final

from services.debts.domain.commands import CloseForExit, RequestCrisisHelp, RequestDebtHelp
from services.debts.domain.rules import PRIVACY
from shared.policy import ErasurePolicy, SharingPolicy

if TYPE_CHECKING:
    from collections.abc import Sequence

    from pydantic import BaseModel

    from services.debts.domain.vocabulary import OutflowReason
    from shared.envelope import CloudEvent
    from shared.policy import Policy

ENROLLED: Final = "nl.regie.intake.programme-enrolled"
EXITED: Final = "nl.regie.intake.programme-exited"
EVICTION: Final = "nl.regie.housing.eviction-threatened"
_TRAJECTORIES = uuid.UUID("0c9a6a3e-5d1b-4f0e-9a57-3b1f2de4c8a1")

# intake's exit reasons -> the DDAS outflow reason of a trajectory ended without debts.
# `doel_bereikt` is the programme's goal, not the trajectory's: 'afgerond' needs settled debts.
OUTFLOW: Final[dict[str, OutflowReason]] = {
    "doel_bereikt": "overig",
    "verhuisd": "verhuisd",
    "overleden": "overleden",
    "niet_verschenen": "niet_verschenen",
    "zelf_gestopt": "zelf",
    "niet_passend": "niet_passend",
    "overig": "overig",
}


def trajectory_for(trigger: uuid.UUID) -> uuid.UUID:
    """The id of a trajectory a trigger opens: the same on every delivery of it."""
    return uuid.uuid5(_TRAJECTORIES, str(trigger))


def _type(event: CloudEvent) -> str:
    return event.name_and_version[0]


def _leaves_no_programme(event: CloudEvent) -> bool:
    """Whether an exit left the young person in no programme (absent field: yes, see above).

    Anything but a list is a broken trigger: it raises, so the trigger is parked on the
    dead-letter topic rather than closing (or keeping open) a trajectory on a guess.
    """
    remaining = event.data.get("still_enrolled_in", [])
    if not isinstance(remaining, list):
        msg = f"still_enrolled_in is not a list of programmes: {remaining!r}"
        raise TypeError(msg)
    return not remaining


class JpfDebtHelp:
    """A JPF enrolment opens a debt trajectory (not a crisis), requested on its start day."""

    name: str = "schuldhulp-bij-jpf"
    domains: tuple[str, ...] = ("intake",)

    def react(self, event: CloudEvent) -> Sequence[BaseModel]:
        """`RequestDebtHelp` for a JPF enrolment; nothing for anything else."""
        if _type(event) != ENROLLED or event.data.get("programma") != "jpf":
            return []
        return [
            RequestDebtHelp.model_validate(
                {
                    "youth_id": event.data.get("youth_id"),
                    "trajectory_id": trajectory_for(event.id),
                    "requested_on": event.data.get("start_on"),
                    "programma": "jpf",
                }
            )
        ]


class EvictionCrisis:
    """An eviction threatened for rent arrears makes the debt help a crisis."""

    name: str = "crisis-bij-huisuitzetting"
    domains: tuple[str, ...] = ("housing",)

    def react(self, event: CloudEvent) -> Sequence[BaseModel]:
        """`RequestCrisisHelp` (trigger 'ontruiming') for huurachterstand; else nothing."""
        if _type(event) != EVICTION or event.data.get("reason") != "huurachterstand":
            return []
        return [
            RequestCrisisHelp.model_validate(
                {
                    "youth_id": event.data.get("youth_id"),
                    "trajectory_id": trajectory_for(event.id),
                    "crisis_trigger": "ontruiming",
                    "signalled_on": event.data.get("signalled_on"),
                }
            )
        ]


class CloseOnExit:
    """Leaving the last programme closes what debts can close, and signals what it cannot."""

    name: str = "afsluiten-bij-uitstroom"
    domains: tuple[str, ...] = ("intake",)

    def react(self, event: CloudEvent) -> Sequence[BaseModel]:
        """`CloseForExit` for the last programme exit (the rules see whether anything is open)."""
        if _type(event) != EXITED or not _leaves_no_programme(event):
            return []
        return [
            CloseForExit.model_validate(
                {
                    "youth_id": event.data.get("youth_id"),
                    "reason": OUTFLOW.get(str(event.data.get("reason")), "overig"),
                    "exited_on": event.data.get("exit_on"),
                }
            )
        ]


POLICIES: tuple[Policy, ...] = (
    JpfDebtHelp(),
    EvictionCrisis(),
    CloseOnExit(),
    ErasurePolicy(PRIVACY.service),
    SharingPolicy(PRIVACY.service, PRIVACY.leefgebied),
)
