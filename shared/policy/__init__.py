"""Policies: a service reacting to other services' events with commands of its own domain."""

from shared.policy.erasure import handle_domain_command, record_then_erase
from shared.policy.privacy import (
    WHILE_NOT_SHARED,
    ConfirmErasure,
    ErasurePolicy,
    Privacy,
    PrivacyCommand,
    PrivacyEvents,
    ResumeTimelineSharing,
    SharingPolicy,
    StopTimelineSharing,
    decide_privacy,
)
from shared.policy.reactions import Policy, Reactions, reaction_id

__all__ = [
    "WHILE_NOT_SHARED",
    "ConfirmErasure",
    "ErasurePolicy",
    "Policy",
    "Privacy",
    "PrivacyCommand",
    "PrivacyEvents",
    "Reactions",
    "ResumeTimelineSharing",
    "SharingPolicy",
    "StopTimelineSharing",
    "decide_privacy",
    "handle_domain_command",
    "reaction_id",
    "record_then_erase",
]
