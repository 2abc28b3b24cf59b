"""How debts reacts to other services' events: pure, from a CloudEvent to debts's commands.

Run by shared/policy's `Reactions` (exactly once per trigger, with causation) through
`handlers.execute`, as if a person had given the command.

- Policy 5: intake erased the young person's data -> `ConfirmErasure`: debts records
  `ErasureConfirmed`, then destroys its own key for them. Also for a young person debts never
  heard of: it holds nothing, and the confirmation (and the tombstone that refuses new
  personal data) says so, so an auditor sees every service answer.
- Policy 6: consent to share the timeline withdrawn -> `StopTimelineSharing`; given again
  covering debts's life domain -> `ResumeTimelineSharing`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from services.debts.domain.rules import PRIVACY
from shared.policy import ErasurePolicy, SharingPolicy

if TYPE_CHECKING:
    from shared.policy import Policy

POLICIES: tuple[Policy, ...] = (
    ErasurePolicy(PRIVACY.service),
    SharingPolicy(PRIVACY.service, PRIVACY.leefgebied),
)
