"""deploy/compose.yaml: each service with its migration one-shot and health check; Kafka; secrets.

Kafka is a 3-broker KRaft cluster with replication 3 and min.insync.replicas 2; no secret is
written in the file itself (env files, made from the committed examples).
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
SERVICES = sorted(p.name for p in (ROOT / "services").iterdir() if (p / "__main__.py").exists())
# The timeline and the webhook bridge read the domain topics and publish none of their own.
DOMAINS = [s for s in SERVICES if s not in ("timeline", "notifications")]
COMPOSE = yaml.safe_load((DEPLOY / "compose.yaml").read_text())


def looped_over(script: str, variable: str) -> set[str]:
    found = re.search(rf"^\s*for {variable} in ([a-z ]+); do$", script, re.MULTILINE)
    assert found, f"no loop over {variable}"
    return set(found.group(1).split())


def test_every_service_runs_from_the_image_with_a_health_check_after_its_migration():
    services = COMPOSE["services"]
    for name in SERVICES:
        service = services[name]
        assert service["command"] == [f"services.{name}"]
        assert service["healthcheck"]["test"][0] in ("CMD", "CMD-SHELL")
        assert "/ready" in " ".join(service["healthcheck"]["test"])
        assert service["env_file"] == [f"env/{name}.env"]
        assert service["depends_on"][f"{name}-migrate"] == {
            "condition": "service_completed_successfully"
        }
        assert service["depends_on"]["topics"] == {"condition": "service_completed_successfully"}
        migrate = services[f"{name}-migrate"]
        assert migrate["command"] == [f"services.{name}", "migrate"]
        assert migrate["image"] == service["image"]
        assert migrate["restart"] == "no"
        assert (DEPLOY / "env" / f"{name}.env.example").exists()


def test_kafka_is_three_kraft_brokers_with_replication_three_and_two_in_sync():
    brokers = {n: s for n, s in COMPOSE["services"].items() if n.startswith("kafka-")}
    assert len(brokers) == 3
    voters = {b["environment"]["KAFKA_CONTROLLER_QUORUM_VOTERS"] for b in brokers.values()}
    assert voters == {"1@kafka-1:9093,2@kafka-2:9093,3@kafka-3:9093"}
    for broker in brokers.values():
        env = broker["environment"]
        assert broker["image"].startswith("apache/kafka:")
        assert broker["image"].split(":")[1][0].isdigit(), "pin the Kafka image"
        assert env["KAFKA_PROCESS_ROLES"] == "broker,controller"
        assert (env["KAFKA_DEFAULT_REPLICATION_FACTOR"], env["KAFKA_MIN_INSYNC_REPLICAS"]) == (
            "3", "2",
        )  # fmt: skip
        assert env["KAFKA_AUTO_CREATE_TOPICS_ENABLE"] == "false"
        assert "healthcheck" in broker
    script = COMPOSE["services"]["topics"]["command"][0]
    assert looped_over(script, "domain") == set(DOMAINS)
    event_topic = script.split('"$$domain.events.dlq"')[0]
    assert "retention.ms=-1" in event_topic
    assert "retention.bytes=-1" in event_topic


def test_postgres_has_a_database_and_role_per_service():
    script = (DEPLOY / "postgres" / "init-databases.sh").read_text()
    assert looped_over(script, "service") == set(SERVICES)
    mounted = COMPOSE["services"]["postgres"]["volumes"]
    assert any("init-databases.sh:/docker-entrypoint-initdb.d/" in v for v in mounted)
    for name in SERVICES:
        example = (DEPLOY / "env" / f"{name}.env.example").read_text()
        assert f"DATABASE_URL=postgresql://{name}:" in example
        assert example.rstrip().endswith(tuple("abcdefghijklmnopqrstuvwxyz0123456789-"))


def test_no_secret_is_written_in_the_compose_file():
    text = (DEPLOY / "compose.yaml").read_text()
    assert not re.search(r"(PASSWORD|SECRET|SIGNING_KEY|MASTER_KEY)\s*[:=]", text)
    assert not re.search(r"postgresql://[^@\s]+:[^@\s]+@", text)
    ignored = (DEPLOY / "env" / ".gitignore").read_text()
    assert "*.env" in ignored.split()
