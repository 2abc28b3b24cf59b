"""Settings every process reads from its environment (pydantic-settings)."""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class PlatformSettings(BaseSettings):
    """Where the shared infrastructure is; the defaults are the embedded dev stack's ports."""

    model_config = SettingsConfigDict(extra="ignore")

    database_url: str = "postgresql://postgres@127.0.0.1:55432/postgres"
    kafka_bootstrap_servers: str = "127.0.0.1:59092"
    # Namespaces every topic (e.g. "acc" -> "acc.intake.events"); empty in most deployments.
    kafka_topic_prefix: str = Field(default="", pattern=r"^[a-z0-9-]*$")
    kafka_partitions: int = Field(default=4, ge=1)
    # A group join takes half this on the embedded broker; production may want 45 s.
    kafka_session_timeout_ms: int = Field(default=6000, ge=1000)
    # Latency over throughput: a fetch is held this long when no data is waiting.
    kafka_fetch_max_wait_ms: int = Field(default=20, ge=1)
    kafka_linger_ms: int = Field(default=5, ge=0)
    # The organisation identification number (OIN) that CloudEvents `source` names.
    oin: str = Field(default="00000099999999999999", pattern=r"^\d{20}$")
    # Ends sessions that sit idle in a transaction, which would hold the relay's barrier.
    idle_in_transaction_timeout_ms: int = Field(default=10_000, ge=0)
    log_json: bool | None = None
    log_level: str = "info"
