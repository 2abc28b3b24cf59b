"""What debts, housing and coaching do alike when intake erases or a consent changes (pure).

Intake owns the young person's privacy decisions; every other domain follows them:

- erasure (policy 5): the domain confirms it holds nothing decryptable any more
  (`ErasureConfirmed`, recorded before its own key is destroyed, see `erasure.py`);
- consent to share the timeline (policy 6): withdrawn for the domain's life domain, the
  domain stops sharing (`TimelineSharingStopped`) and its later events carry `delen: nee`;
  given again for its life domain, it resumes (`TimelineSharingResumed`).

The contract names are the same in each domain (`nl.regie.<domain>.erasure-confirmed`, ...);
each domain registers its own subclass in its own catalogue, so its contract stays its own.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date  # noqa: TC003 - pydantic needs it at runtime
from typing import TYPE_CHECKING, Annotated, Any, ClassVar
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from shared.contracts.extensions import sometimes
from shared.events import DomainEvent
from shared.rules import AlreadyDoneError

if TYPE_CHECKING:
    from collections.abc import Sequence

    from shared.envelope import CloudEvent

ERASED_TYPE = "nl.regie.intake.personal-data-erased"
CONSENT_GIVEN_TYPE = "nl.regie.intake.consent-given"
CONSENT_WITHDRAWN_TYPE = "nl.regie.intake.consent-withdrawn"
SHARING_PURPOSE = "tijdlijn_delen"
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
