"""How income reacts to other services' events: pure, from a CloudEvent to income commands.

- Policy 5: intake erased the young person's data -> `ConfirmErasure`: income records
  `ErasureConfirmed`, then destroys its own key for them (the amounts read "gegevens
  vernietigd" from then on).
- Policy 6: consent to share the timeline withdrawn -> `StopTimelineSharing`; given again
  covering income's life domain (financien) -> `ResumeTimelineSharing`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from services.income.domain.rules import PRIVACY
from shared.policy import ErasurePolicy, SharingPolicy

if TYPE_CHECKING:
    from shared.policy import Policy

POLICIES: tuple[Policy, ...] = (
    ErasurePolicy(PRIVACY.service),
    SharingPolicy(PRIVACY.service, PRIVACY.leefgebied),
)
