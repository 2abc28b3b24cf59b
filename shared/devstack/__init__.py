"""Development stack: real PostgreSQL and a Kafka-protocol broker on 127.0.0.1, or existing ones."""

from shared.devstack.servers import KafkaBroker, PostgresServer, ServerStartError
from shared.devstack.stack import DevStack, Endpoints

__all__ = ["DevStack", "Endpoints", "KafkaBroker", "PostgresServer", "ServerStartError"]
