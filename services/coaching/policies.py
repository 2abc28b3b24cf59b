"""How coaching reacts to other services' events: pure, from a CloudEvent to coaching commands.

- `RodeLoperOnEnrolment`: intake's `programme-enrolled` with programma `rodeloper` starts Rode
  loper's scout phase on the programme's first day, awaiting a coach until one is assigned.
- `EndOnExit`: intake's `programme-exited` that leaves no programme (`still_enrolled_in`
  empty) ends open coaching, with the exit's reason and destination in coaching's own words;
  the rules drop the open goals with it. Without open coaching the rules answer "nothing
  open", which is no failure. Leaving one of two programmes ends nothing: the young person
  goes on being coached in the other. An exit stored before intake named the programmes
  still running lacks the field and reads as the last, as every exit then did: a replay of
  old history asks for what was asked the first time.
- Policy 5: intake erased the young person's data -> `ConfirmErasure`: coaching records
  `ErasureConfirmed`, then destroys its own key for them. Also for a young person coaching never
  heard of: it holds nothing, and the confirmation (and the tombstone that refuses new
  personal data) says so, so an auditor sees every service answer.
- Policy 6: consent to share the timeline withdrawn -> `StopTimelineSharing`; given again
  covering coaching's life domain -> `ResumeTimelineSharing`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from services.coaching.domain.commands import EndCoaching, OpenRodeLoper
from services.coaching.domain.rules import PRIVACY
from shared.policy import ErasurePolicy, SharingPolicy

if TYPE_CHECKING:
    from collections.abc import Sequence

    from pydantic import BaseModel

    from services.coaching.domain.vocabulary import Destination, EndReason
    from shared.envelope import CloudEvent
    from shared.policy import Policy

ENROLLED: Final = "nl.regie.intake.programme-enrolled"
EXITED: Final = "nl.regie.intake.programme-exited"

# intake's exit reasons -> coaching's end reasons.
END_REASONS: Final[dict[str, EndReason]] = {
    "doel_bereikt": "doel_bereikt",
    "verhuisd": "verhuisd",
    "overleden": "overig",
    "niet_verschenen": "uitgevallen",
    "zelf_gestopt": "uitgevallen",
    "niet_passend": "overig",
    "overig": "overig",
}
# intake's destinations -> coaching's ("onderwijs" is "opleiding" here).
DESTINATIONS: Final[dict[str, Destination]] = {
    "werk": "werk",
    "onderwijs": "opleiding",
    "vrijwilligerswerk": "vrijwilligerswerk",
    "dagbesteding": "dagbesteding",
    "zorg": "zorg",
    "geen": "geen",
}


def _leaves_no_programme(event: CloudEvent) -> bool:
    """Whether an exit left the young person in no programme (absent field: yes, see above).

    Anything but a list is a broken trigger: it raises, so the trigger is parked on the
    dead-letter topic rather than ending (or keeping) coaching on a guess.
    """
    remaining = event.data.get("still_enrolled_in", [])
    if not isinstance(remaining, list):
        msg = f"still_enrolled_in is not a list of programmes: {remaining!r}"
        raise TypeError(msg)
    return not remaining


class RodeLoperOnEnrolment:
    """An enrolment in Rode loper starts its scout phase, with or without a coach."""

    name: str = "rodeloper-bij-inschrijving"
    domains: tuple[str, ...] = ("intake",)

    def react(self, event: CloudEvent) -> Sequence[BaseModel]:
        """`OpenRodeLoper` for a Rode loper enrolment; nothing for anything else."""
        if event.name_and_version[0] != ENROLLED or event.data.get("programma") != "rodeloper":
            return []
        return [
            OpenRodeLoper.model_validate(
                {"youth_id": event.data.get("youth_id"), "started_on": event.data.get("start_on")}
            )
        ]


class EndOnExit:
    """Leaving the last programme ends open coaching."""

    name: str = "afsluiten-bij-uitstroom"
    domains: tuple[str, ...] = ("intake",)

    def react(self, event: CloudEvent) -> Sequence[BaseModel]:
        """`EndCoaching` for the last programme exit; nothing for anything else."""
        if event.name_and_version[0] != EXITED or not _leaves_no_programme(event):
            return []
        data = event.data
        return [
            EndCoaching.model_validate(
                {
                    "youth_id": data.get("youth_id"),
                    "reason": END_REASONS.get(str(data.get("reason")), "overig"),
                    "destination": DESTINATIONS.get(str(data.get("destination")), "geen"),
                    "ended_on": data.get("exit_on"),
                }
            )
        ]


POLICIES: tuple[Policy, ...] = (
    RodeLoperOnEnrolment(),
    EndOnExit(),
    ErasurePolicy(PRIVACY.service),
    SharingPolicy(PRIVACY.service, PRIVACY.leefgebied),
)
