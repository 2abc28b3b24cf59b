"""What debts, housing and coaching do alike when intake erases or a consent changes: the rules.

Intake owns the young person's privacy decisions (the data subject's rights: erasure, consent);
every other domain follows them:

- erasure (policy 5): the domain confirms it holds nothing decryptable any more
  (`ErasureConfirmed`, recorded before its own key is destroyed, see
  `shared/policy/erasure.py`);
- consent to share the timeline (policy 6): withdrawn for the domain's life domain, the
  domain stops sharing (`TimelineSharingStopped`) and its later events carry `delen: nee`;
  given again for its life domain, it resumes (`TimelineSharingResumed`).

The contract names are the same in each domain (`nl.regie.<domain>.erasure-confirmed`, ...);
each domain registers its own subclass in its own catalogue, so its contract stays its own.

Pure (standard library, pydantic and pure parts of `shared`): the domain ring imports it. The
policies that turn intake's events into these commands are `shared/policy/follow_intake.py`.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date  # noqa: TC003 - pydantic needs it at runtime
from typing import Annotated, ClassVar
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from shared.event_contracts.extensions import sometimes
from shared.events import DomainEvent
from shared.rules import AlreadyDoneError

__all__ = [
    "NOT_SHARED",
    "SHARING_EXTENSION",
    "WHILE_NOT_SHARED",
    "ConfirmErasure",
    "ErasureAlreadyConfirmedError",
    "ErasureConfirmed",
    "Privacy",
    "PrivacyCommand",
    "PrivacyEvents",
    "ResumeTimelineSharing",
    "SharingAlreadyOnError",
    "SharingAlreadyStoppedError",
    "StopTimelineSharing",
    "TimelineSharingResumed",
    "TimelineSharingStopped",
    "YouthId",
    "decide_privacy",
]
# The CloudEvents extension on events recorded while the domain does not share them.
SHARING_EXTENSION = "delen"
NOT_SHARED = {SHARING_EXTENSION: "nee"}
# What the catalogue says of it, for each type of a domain that follows policy 6.
WHILE_NOT_SHARED = {
    SHARING_EXTENSION: sometimes(
        "nee",
        when="while the young person's consent to share the timeline is withdrawn; absent"
        " otherwise",
    )
}


class PrivacyCommand(BaseModel):
    """Base: frozen, about one young person; only the policies below give these."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    youth_id: UUID


class ConfirmErasure(PrivacyCommand):
    """Destroy this domain's key for the young person, and say so."""

    erased_on: date


class StopTimelineSharing(PrivacyCommand):
    """Stop sharing new detail with the timeline."""

    stopped_on: date


class ResumeTimelineSharing(PrivacyCommand):
    """Share new detail with the timeline again."""

    resumed_on: date


YouthId = Annotated[
    UUID,
    Field(
        description="Opaque id of the young person (from intake); also the CloudEvents subject.",
        examples=["6f0b8c1e-3a52-4d7e-9b1a-2c4d5e6f7a8b"],
    ),
]


class ErasureConfirmed(DomainEvent):
    """This domain holds nothing decryptable of the young person any more."""

    name: ClassVar[str] = "erasure-confirmed"

    youth_id: YouthId
    service: str = Field(description="The service that destroyed its key.", examples=["debts"])
    erased_on: date = Field(
        description="The day intake erased the young person's data.", examples=["2027-03-01"]
    )


class TimelineSharingStopped(DomainEvent):
    """The young person withdrew consent: this domain's later events are not shared."""

    name: ClassVar[str] = "timeline-sharing-stopped"

    youth_id: YouthId
    stopped_on: date = Field(
        description="The day the consent was withdrawn (from intake's event).",
        examples=["2026-06-15"],
    )


class TimelineSharingResumed(DomainEvent):
    """Consent covers this domain again: its later events are shared."""

    name: ClassVar[str] = "timeline-sharing-resumed"

    youth_id: YouthId
    resumed_on: date = Field(
        description="The day the consent was given again (from intake's event).",
        examples=["2026-09-01"],
    )


@dataclass(frozen=True)
class PrivacyEvents:
    """One domain's own classes of the three events, and its service and life domain."""

    service: str
    leefgebied: str
    confirmed: type[ErasureConfirmed]
    stopped: type[TimelineSharingStopped]
    resumed: type[TimelineSharingResumed]


@dataclass(frozen=True)
class Privacy:
    """The part of a domain's state these rules need."""

    erasure_confirmed: bool = False
    timeline_shared: bool = True

    def evolve(self, event: DomainEvent) -> Privacy:
        """Fold one event; other events leave it as it is."""
        if isinstance(event, ErasureConfirmed):
            return replace(self, erasure_confirmed=True)
        if isinstance(event, TimelineSharingStopped | TimelineSharingResumed):
            return replace(self, timeline_shared=isinstance(event, TimelineSharingResumed))
        return self

    @property
    def extensions(self) -> dict[str, str]:
        """The CloudEvents extensions the domain's next event carries because of this state."""
        return {} if self.timeline_shared else dict(NOT_SHARED)


class ErasureAlreadyConfirmedError(AlreadyDoneError):
    """The erasure was confirmed before: nothing to record (the key is destroyed again)."""

    default_nl = "De vernietiging is al bevestigd"
    default_en = "The erasure was confirmed already"


class SharingAlreadyStoppedError(AlreadyDoneError):
    """The domain does not share already."""

    default_nl = "Delen met de tijdlijn is al gestopt"
    default_en = "Sharing with the timeline has stopped already"


class SharingAlreadyOnError(AlreadyDoneError):
    """The domain shares already."""

    default_nl = "Delen met de tijdlijn loopt al"
    default_en = "Sharing with the timeline is on already"


def decide_privacy(
    state: Privacy, command: PrivacyCommand, events: PrivacyEvents
) -> list[DomainEvent]:
    """The event a privacy command yields, or a refusal meaning "already so".

    Heard in any state of the domain, also for a young person it never heard of: nothing
    held is confirmed as such, and a later first event still knows not to share.
    """
    if isinstance(command, ConfirmErasure):
        if state.erasure_confirmed:
            raise ErasureAlreadyConfirmedError
        confirmed = events.confirmed(
            youth_id=command.youth_id, service=events.service, erased_on=command.erased_on
        )
        return [confirmed]
    if isinstance(command, StopTimelineSharing):
        if not state.timeline_shared:
            raise SharingAlreadyStoppedError
        return [events.stopped(youth_id=command.youth_id, stopped_on=command.stopped_on)]
    if isinstance(command, ResumeTimelineSharing):
        if state.timeline_shared:
            raise SharingAlreadyOnError
        return [events.resumed(youth_id=command.youth_id, resumed_on=command.resumed_on)]
    raise TypeError(f"no privacy rules for {type(command).__name__}")
