"""Policies: a service reacting to other services' events with commands of its own domain.

The runtime: `Reactions` runs policies over the topics (structlog, the event store) and the
erasure step destroys keys. The rules a domain decides privacy commands by are pure and live
apart, in `shared.subject_rights`, so the domain ring never loads this package.
"""

from shared.policy.erasure import record_then_erase
from shared.policy.follow_intake import ErasurePolicy, SharingPolicy
from shared.policy.reactions import Policy, Reactions, reaction_id

__all__ = [
    "ErasurePolicy",
    "Policy",
    "Reactions",
    "SharingPolicy",
    "reaction_id",
    "record_then_erase",
]
