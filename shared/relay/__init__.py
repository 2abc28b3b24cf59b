"""The outbox relay: committed events to Kafka in log order, never skipping a late commit."""

from shared.relay.checkpoint import RelayCheckpoints, RelayPosition
from shared.relay.relay import Relay, RelayOptions

__all__ = ["Relay", "RelayCheckpoints", "RelayOptions", "RelayPosition"]
