"""Settings every process reads from its environment (pydantic-settings)."""

from __future__ import annotations

from datetime import time  # noqa: TC003 - pydantic reads it at runtime
from typing import Literal

from pydantic import AliasChoices, Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class PlatformSettings(BaseSettings):
    """Where the shared infrastructure is; the defaults are the embedded dev stack's ports."""

    model_config = SettingsConfigDict(extra="ignore")

    database_url: str = "postgresql://postgres@127.0.0.1:55432/postgres"
    kafka_bootstrap_servers: str = "127.0.0.1:59092"
    # Namespaces every topic (e.g. "acc" -> "acc.intake.events"); empty in most deployments.
    kafka_topic_prefix: str = Field(default="", pattern=r"^[a-z0-9-]*$")
    kafka_partitions: int = Field(default=4, ge=1)
    # Production: topics are declared (Strimzi KafkaTopic, the compose one-shot) and a service's
    # Kafka user may not create them; replication 3 with min.insync.replicas=2.
    kafka_create_topics: bool = True
    kafka_replication_factor: int = Field(default=1, ge=1)
    # A cluster with authentication: SASL SCRAM over TLS (Strimzi KafkaUser), CA from a file.
    kafka_security_protocol: Literal["PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL"] = "PLAINTEXT"
    kafka_sasl_mechanism: Literal["SCRAM-SHA-512", "SCRAM-SHA-256", "PLAIN"] = "SCRAM-SHA-512"
    kafka_username: str = ""
    kafka_password: SecretStr = SecretStr("")
    kafka_ca_file: str = ""
    # A group join takes half this on the embedded broker; production may want 45 s.
    kafka_session_timeout_ms: int = Field(default=6000, ge=1000)
    # Latency over throughput: a fetch is held this long when no data is waiting.
    kafka_fetch_max_wait_ms: int = Field(default=20, ge=1)
    kafka_linger_ms: int = Field(default=5, ge=0)
    # The organisation identification number (OIN) that CloudEvents `source` names.
    oin: str = Field(default="00000099999999999999", pattern=r"^\d{20}$")
    # Ends sessions that sit idle in a transaction, which would hold the relay's barrier.
    idle_in_transaction_timeout_ms: int = Field(default=10_000, ge=0)
    # Development applies migrations at startup; production runs `python -m services.<name>
    # migrate` as a step of its own first and sets this false (see shared/schema_gate.py).
    migrate_on_start: bool = True
    # A life domain answers a command for a young person intake registered a moment ago once
    # the registration has reached it: it waits this long before refusing (shared/tenancy).
    # Request bodies over this are refused with 413 before they are read (shared/http_input).
    max_body_bytes: int = Field(default=1024 * 1024, ge=1024)
    registration_wait_s: float = Field(default=3.0, ge=0, le=30)
    log_json: bool | None = None
    log_level: str = "info"
    # Traces (shared/tracing.py): exported over OTLP/HTTP to this base URL (the collector's,
    # e.g. http://otel-collector:4318) when set; empty leaves tracing off, at no cost.
    tracing_endpoint: str = Field(
        default="",
        validation_alias=AliasChoices("tracing_endpoint", "otel_exporter_otlp_endpoint"),
    )
    # The share of new traces kept; a trace continued from a caller keeps the caller's choice.
    tracing_sample_ratio: float = Field(default=1.0, ge=0, le=1)
    # Every commanding service anchors its streams' heads this often (shared/audit/anchors.py),
    # so a tail cut off a stream is named by verify; 0 leaves it to `python -m shared.audit
    # anchor` run by a scheduler.
    anchor_interval_s: float = Field(default=300.0, ge=0, le=86_400)
    # Every commanding service verifies what was added to its hash chains since the last pass
    # this often, and records the result as an event (shared/audit/verifying.py); 0 leaves it
    # to `python -m shared.audit verify --incremental` run by a scheduler. Nightly by default.
    verify_interval_s: float = Field(default=86_400.0, ge=0, le=7 * 86_400)
    # Or daily at this local (Amsterdam) time, e.g. "03:00", instead of the interval from the
    # service's start; unset (the default) keeps the interval. VERIFY_INTERVAL_S=0 still stops it.
    verify_at: time | None = None
    # Processing-log entries are destroyed this many years after they were logged (their VNG
    # bewaartermijn), on the verification's schedule (shared/processing_log/pruning.py).
    # Default: as long as the Jeugdwet keeps the dossier; NEN 7513 asks at least 5.
    processing_log_retention_years: int = Field(default=20, ge=5, le=100)


class CommandingServiceSettings(BaseSettings):
    """What every commanding service's own settings hold; each sets its env prefix and defaults.

    `read_model_group` names the consumer group (and inbox key) of the service's read model,
    under the field name the service has always used (e.g. DEBTS_TRAJECTORIES_GROUP).
    """

    model_config = SettingsConfigDict(extra="ignore")

    host: str = "127.0.0.1"
    port: int = 8000
    schema_name: str = ""
    # Run the relay inside the service process; a deployment may run it separately.
    embedded_relay: bool = True
    # The consumer group (and inbox key) of the service's policies (policies.py), if any.
    policies_group: str = ""
    # The consumer group (and inbox key) that learns young people from intake (shared/tenancy);
    # empty for intake itself.
    registrations_group: str = ""
    # Durable timers (shared/timers), for a service that declares them. The worker runs inside
    # the app unless this is false: then `python -m services.<name> timers` runs it apart (as
    # many as wanted; their claims never overlap).
    timers_in_app: bool = True
    # A claim's lease: a worker that dies holding it delays those timers this long.
    timers_lease_s: float = Field(default=30.0, gt=0, le=3600)
    timers_batch: int = Field(default=100, ge=1, le=10_000)
    # The wait between passes that found less than a full batch due.
    timers_poll_s: float = Field(default=1.0, gt=0, le=300)
    # Claims of a timer whose firing keeps failing before it is dead (never fires again unless
    # scheduled anew); 409/404 settle it and count no failure.
    timers_max_attempts: int = Field(default=10, ge=1)

    @property
    def read_model_group(self) -> str:
        """The read model's consumer group: each service names its field."""
        raise NotImplementedError
