"""What intake shows about a young person: state for every reader, personal data for some."""

from __future__ import annotations

import uuid  # noqa: TC003 - pydantic needs it at runtime
from datetime import date  # noqa: TC003 - pydantic needs it at runtime
from typing import TYPE_CHECKING

from pydantic import BaseModel, Field

from services.intake.domain.events import CATALOGUE, YouthRegistered
from services.intake.domain.toekomstgesprek import Criterion  # noqa: TC001 - pydantic needs it
from services.intake.handlers import fold

if TYPE_CHECKING:
    from services.intake.domain.state import Aftercare
    from shared.auth import Principal
    from shared.eventstore import RecordedEvent
    from shared.privacy import Sealer


class PersonalData(BaseModel):
    """Direct identifiers, decrypted; "gegevens vernietigd" after erasure."""

    full_name: str
    date_of_birth: date | str
    phone: str | None
    email: str | None


class Exit(BaseModel):
    """A programme the young person left."""

    programma: str
    reason: str
    destination: str
    exit_on: date


class FollowUpView(BaseModel):
    """One follow-up of nazorg and where it stands: `open`, `vastgelegd` or `gemist`."""

    month: int
    due_on: date
    status: str


class AftercareView(BaseModel):
    """Nazorg after the last exit: who follows up, the follow-ups, and its end if it ended."""

    started_on: date
    responsible_worker: str | None
    follow_ups: list[FollowUpView]
    ended: str | None  # the reason, once ended


class YouthView(BaseModel):
    """The young person as intake knows them."""

    youth_id: uuid.UUID
    gemeentecode: str
    referred: bool
    registered: bool
    erased: bool
    programma: str | None
    age_band: str | None
    identity_verified: bool
    active_programmes: list[str]
    exits: list[Exit]
    aftercare: AftercareView | None = None  # the latest nazorg, open or ended
    director_id: str | None
    consents: dict[str, list[str]]
    plan_id: str | None
    goal_statuses: dict[str, str]
    last_assessed_on: date | None
    version: int
    # Only for intake workers and the young person's own jongerenregisseur.
    personal: PersonalData | None
    toekomstgesprek: Criterion | None = Field(
        default=None,
        description="In the toekomstgesprek: whether its criterion (on bijstand for more than"
        " two years) is met, by what income told intake; absent for other programmes.",
    )


def may_see_personal_data(principal: Principal, director_id: str | None) -> bool:
    """Intake holds the identifiers; the assigned director needs them to do their work."""
    return principal.has_any("intake") or (
        principal.has_any("regisseur") and principal.actor == director_id
    )


async def youth_view(
    sealer: Sealer, youth_id: uuid.UUID, recorded: list[RecordedEvent], principal: Principal
) -> YouthView:
    """Fold the state; open the registration's personal fields only for those allowed."""
    state = await fold(sealer, recorded)
    personal = None
    if state.registered and may_see_personal_data(principal, state.director_id):
        personal = await _personal(sealer, recorded)
    return YouthView(
        youth_id=youth_id,
        gemeentecode=recorded[0].metadata.tenant,
        referred=state.referred,
        registered=state.registered,
        erased=state.erased,
        programma=state.programma,
        age_band=state.age_band,
        identity_verified=state.identity_verified,
        active_programmes=sorted(state.active_programmes),
        exits=[
            Exit(programma=p, reason=r, destination=d, exit_on=on) for p, r, d, on in state.exits
        ],
        aftercare=_aftercare(state.aftercare),
        director_id=state.director_id,
        consents={purpose: sorted(domains) for purpose, domains in state.consents.items()},
        plan_id=state.plan_id,
        goal_statuses=dict(state.goal_statuses),
        last_assessed_on=state.last_assessed_on,
        version=len(recorded),
        personal=personal,
    )


def _follow_up_status(care: Aftercare, month: int) -> str:
    """Recorded beats missed: a follow-up missed and then recorded late is recorded."""
    if month in care.recorded:
        return "vastgelegd"
    return "gemist" if month in care.missed else "open"


def _aftercare(care: Aftercare | None) -> AftercareView | None:
    if care is None:
        return None
    follow_ups = [
        FollowUpView(month=month, due_on=due_on, status=_follow_up_status(care, month))
        for month, due_on in sorted(care.due.items())
    ]
    return AftercareView(
        started_on=care.started_on,
        responsible_worker=care.worker,
        follow_ups=follow_ups,
        ended=care.ended,
    )


async def _personal(sealer: Sealer, recorded: list[RecordedEvent]) -> PersonalData | None:
    registered = CATALOGUE.type_name(YouthRegistered)
    record = next((r for r in recorded if r.event_type == registered), None)
    event = await sealer.open(record) if record else None
    if not isinstance(event, YouthRegistered):
        return None
    return PersonalData(
        full_name=event.full_name,
        date_of_birth=event.date_of_birth,
        phone=event.phone,
        email=event.email,
    )
