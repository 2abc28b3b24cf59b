"""Policies: a service reacting to other services' events with commands of its own domain."""

from shared.policy.reactions import Policy, Reactions, reaction_id

__all__ = ["Policy", "Reactions", "reaction_id"]
