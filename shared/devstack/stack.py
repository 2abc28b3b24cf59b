"""The stack `make run` and the tests stand on: embedded servers, unless the env names others."""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Self

from shared.devstack.servers import KafkaBroker, PostgresServer

PROJECT_ROOT = Path(__file__).resolve().parents[2]
STATE_DIR = PROJECT_ROOT / ".regie"


@dataclass(frozen=True)
class Endpoints:
    """Where the database and the broker are."""

    database_url: str
    kafka_bootstrap: str


@dataclass
class DevStack:
    """Start what is not given by `DATABASE_URL` / `KAFKA_BOOTSTRAP_SERVERS`; stop what it started.

    `ephemeral` stacks (tests, benchmarks) delete their data directory when stopped.
    """

    data_dir: Path = field(default_factory=lambda: STATE_DIR / "run")
    ephemeral: bool = False
    durable: bool = True
    postgres: PostgresServer | None = None
    broker: KafkaBroker | None = None
    endpoints: Endpoints | None = None

    def start(self) -> Endpoints:
        """Bring both servers up (or take the configured ones) and return their endpoints."""
        database_url = os.environ.get("DATABASE_URL")
        bootstrap = os.environ.get("KAFKA_BOOTSTRAP_SERVERS")
        try:
            if not database_url:
                self.postgres = PostgresServer(self.data_dir / "postgres", durable=self.durable)
                database_url = self.postgres.start()
            if not bootstrap:
                self.broker = KafkaBroker(self.data_dir / "broker")
                bootstrap = self.broker.start()
        except BaseException:
            self.stop()
            raise
        self.endpoints = Endpoints(database_url, bootstrap)
        return self.endpoints

    def restart_broker(self) -> str:
        """Stop and start the embedded broker on the same port (it comes back empty)."""
        assert self.broker is not None, "the broker is external; it cannot be restarted here"  # noqa: S101
        self.broker.stop()
        self.broker.preferred_port = self.broker.port
        return self.broker.start()

    def stop(self) -> None:
        """Stop what this stack started; remove its data if it is ephemeral."""
        if self.broker:
            self.broker.stop()
        if self.postgres:
            self.postgres.stop()
        if self.ephemeral:
            shutil.rmtree(self.data_dir, ignore_errors=True)

    def __enter__(self) -> Self:
        """Start on entering the block."""
        self.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        """Stop on leaving it, whatever happened inside."""
        self.stop()
