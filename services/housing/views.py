"""What the housing service shows: the situation; addresses for the housing consultant only."""

from __future__ import annotations

import uuid  # noqa: TC003 - pydantic needs it at runtime
from datetime import date  # noqa: TC003 - pydantic needs it at runtime
from typing import TYPE_CHECKING

from pydantic import BaseModel

from services.housing.domain.events import Housed, PostalAddressArranged
from services.housing.handlers import fold

if TYPE_CHECKING:
    from shared.auth import Principal
    from shared.eventstore import RecordedEvent
    from shared.privacy import Sealer


class HousingView(BaseModel):
    """A young person's housing situation."""

    youth_id: uuid.UUID
    status: str
    homeless: bool
    homeless_since: date | None
    days_homeless: int | None
    in_shelter: bool
    shelter_type: str | None
    housed: bool
    housed_form: str | None
    eviction_stage: str | None
    breaches: list[str]
    addresses: dict[str, str] | None
    version: int


def sees_addresses(principal: Principal) -> bool:
    """Addresses are direct identifiers: for the housing consultant only."""
    return principal.has_any("woonconsulent")


async def housing_view(
    sealer: Sealer,
    youth_id: uuid.UUID,
    recorded: list[RecordedEvent],
    principal: Principal,
    today: date,
) -> HousingView:
    """Fold the situation; open the addresses only for those who may see them."""
    state = await fold(sealer, recorded)
    addresses = await _addresses(sealer, recorded) if sees_addresses(principal) else None
    days = (today - state.homeless_since).days if state.homeless and state.homeless_since else None
    return HousingView(
        youth_id=youth_id,
        status=state.status,
        homeless=state.homeless,
        homeless_since=state.homeless_since,
        days_homeless=days,
        in_shelter=state.open_stay_id is not None,
        shelter_type=state.shelter_type,
        housed=state.housed,
        housed_form=state.housed_form,
        eviction_stage=state.eviction_stage,
        breaches=sorted(state.breaches(today)),
        addresses=addresses,
        version=len(recorded),
    )


async def _addresses(sealer: Sealer, recorded: list[RecordedEvent]) -> dict[str, str]:
    """The latest postal address and home address, decrypted ("gegevens vernietigd" if erased)."""
    found: dict[str, str] = {}
    for record in recorded:
        if record.event_type.endswith((".postal-address-arranged", ".housed")):
            event = await sealer.open(record)
            if isinstance(event, PostalAddressArranged):
                found["briefadres"] = event.address
            elif isinstance(event, Housed):
                found["woonadres"] = event.address
    return found
