"""JSON Schemas for the Strimzi and CloudNativePG resources in deploy/k8s: a hand-written subset.

No registry package ships the operators' CRD schemas (nor kubeconform), so these are written
from the Strimzi (kafka.strimzi.io/v1beta2) and CloudNativePG (postgresql.cnpg.io/v1) API
references. What they check: apiVersion and kind, the required fields, the name and type of
every field the manifests use (additionalProperties false, so a misspelt field fails), and the
enumerations (listener types, authentication, ACL resource types and operations, node roles,
pattern types). What they do not: fields the manifests do not use are unknown to them, and
cross-field rules the operators enforce at admission are not modelled.
"""

from __future__ import annotations

from typing import Any

Schema = dict[str, Any]


def obj(properties: Schema, required: tuple[str, ...] = ()) -> Schema:
    """A closed object: only the named properties, `required` among them."""
    return {
        "type": "object",
        "properties": properties,
        "required": list(required),
        "additionalProperties": False,
    }


STRING: Schema = {"type": "string"}
INT: Schema = {"type": "integer"}
BOOL: Schema = {"type": "boolean"}
NAME: Schema = {"type": "string", "pattern": r"^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$"}
LABELS: Schema = {"type": "object", "additionalProperties": {"type": "string"}}
QUANTITY: Schema = {"type": "string", "pattern": r"^[0-9.]+(m|Ki|Mi|Gi|Ti)?$"}
RESOURCES = obj({"requests": {"type": "object", "properties": {"cpu": QUANTITY, "memory": QUANTITY},
                              "additionalProperties": False},
                 "limits": {"type": "object", "properties": {"cpu": QUANTITY, "memory": QUANTITY},
                            "additionalProperties": False}})  # fmt: skip
# Topic and broker config: Kafka's own keys, values string, number or boolean.
KAFKA_CONFIG: Schema = {
    "type": "object",
    "propertyNames": {"pattern": r"^[a-z]+(\.[a-z]+)+$"},
    "additionalProperties": {"type": ["string", "integer", "boolean"]},
}


def resource(api_version: str, kind: str, spec: Schema, *, cluster_label: bool = False) -> Schema:
    """A namespaced custom resource; Strimzi's children name their cluster in a label."""
    labels = LABELS
    if cluster_label:
        labels = {**LABELS, "required": ["strimzi.io/cluster"]}
    metadata = obj(
        {"name": NAME, "namespace": NAME, "labels": labels,
         "annotations": {"type": "object", "additionalProperties": {"type": "string"}}},
        ("name",),
    )  # fmt: skip
    return obj(
        {"apiVersion": {"const": api_version}, "kind": {"const": kind}, "metadata": metadata,
         "spec": spec},
        ("apiVersion", "kind", "metadata", "spec"),
    )  # fmt: skip


STRIMZI = "kafka.strimzi.io/v1beta2"
CNPG = "postgresql.cnpg.io/v1"

KAFKA = resource(STRIMZI, "Kafka", obj({
    "kafka": obj({
        "version": {"type": "string", "pattern": r"^\d+\.\d+\.\d+$"},
        "metadataVersion": {"type": "string", "pattern": r"^\d+\.\d+-IV\d+$"},
        "listeners": {"type": "array", "minItems": 1, "items": obj({
            "name": {"type": "string", "pattern": r"^[a-z0-9]{1,11}$"},
            "port": {"type": "integer", "minimum": 9092},
            "type": {"enum": ["internal", "route", "loadbalancer", "nodeport", "ingress",
                              "cluster-ip"]},
            "tls": BOOL,
            "authentication": obj({"type": {"enum": ["tls", "scram-sha-512", "oauth",
                                                     "custom"]}}, ("type",)),
        }, ("name", "port", "type", "tls"))},
        "authorization": obj({"type": {"enum": ["simple", "opa", "keycloak", "custom"]}},
                             ("type",)),
        "config": KAFKA_CONFIG,
    }, ("listeners",)),
    "entityOperator": obj({"topicOperator": {"type": "object"},
                           "userOperator": {"type": "object"}}),
}, ("kafka",)))  # fmt: skip

KAFKA_NODE_POOL = resource(STRIMZI, "KafkaNodePool", obj({
    "replicas": {"type": "integer", "minimum": 0},
    "roles": {"type": "array", "minItems": 1, "uniqueItems": True,
              "items": {"enum": ["controller", "broker"]}},
    "storage": obj({
        "type": {"enum": ["jbod", "persistent-claim", "ephemeral"]},
        "volumes": {"type": "array", "items": obj({
            "id": INT, "type": {"enum": ["persistent-claim", "ephemeral"]}, "size": QUANTITY,
            "deleteClaim": BOOL, "kraftMetadata": {"enum": ["shared"]},
        }, ("type",))},
    }, ("type",)),
    "resources": RESOURCES,
}, ("replicas", "roles", "storage")), cluster_label=True)  # fmt: skip

KAFKA_TOPIC = resource(STRIMZI, "KafkaTopic", obj({
    "topicName": STRING,
    "partitions": {"type": "integer", "minimum": 1},
    "replicas": {"type": "integer", "minimum": 1, "maximum": 32767},
    "config": KAFKA_CONFIG,
}), cluster_label=True)  # fmt: skip

ACL_OPERATIONS = ["Read", "Write", "Create", "Delete", "Alter", "Describe", "ClusterAction",
                  "AlterConfigs", "DescribeConfigs", "IdempotentWrite", "All"]  # fmt: skip
KAFKA_USER = resource(STRIMZI, "KafkaUser", obj({
    "authentication": obj({"type": {"enum": ["tls", "tls-external", "scram-sha-512"]}},
                          ("type",)),
    "authorization": obj({
        "type": {"const": "simple"},
        "acls": {"type": "array", "items": obj({
            "resource": obj({
                "type": {"enum": ["topic", "group", "cluster", "transactionalId"]},
                "name": STRING,
                "patternType": {"enum": ["literal", "prefix"]},
            }, ("type",)),
            "operations": {"type": "array", "minItems": 1, "uniqueItems": True,
                           "items": {"enum": ACL_OPERATIONS}},
            "host": STRING,
            "type": {"enum": ["allow", "deny"]},
        }, ("resource", "operations"))},
    }, ("type", "acls")),
}), cluster_label=True)  # fmt: skip

ROLE = obj({"name": NAME, "ensure": {"enum": ["present", "absent"]}, "login": BOOL,
            "passwordSecret": obj({"name": NAME}, ("name",))}, ("name",))  # fmt: skip
CNPG_CLUSTER = resource(CNPG, "Cluster", obj({
    "instances": {"type": "integer", "minimum": 1},
    "imageName": {"type": "string", "pattern": r"^[^:]+:[0-9][^:]*$"},
    "primaryUpdateStrategy": {"enum": ["unsupervised", "supervised"]},
    "storage": obj({"size": QUANTITY, "storageClass": STRING}, ("size",)),
    "postgresql": obj({
        "parameters": {"type": "object", "additionalProperties": {"type": "string"}},
        "pg_hba": {"type": "array", "items": STRING},
    }),
    "managed": obj({"roles": {"type": "array", "items": ROLE}}),
    "monitoring": obj({"enablePodMonitor": BOOL}),
}, ("instances", "storage")))  # fmt: skip

CNPG_DATABASE = resource(CNPG, "Database", obj({
    "name": NAME, "owner": NAME, "cluster": obj({"name": NAME}, ("name",)),
    "ensure": {"enum": ["present", "absent"]},
    "databaseReclaimPolicy": {"enum": ["retain", "delete"]},
}, ("name", "owner", "cluster")))  # fmt: skip

SCHEMAS: dict[tuple[str, str], Schema] = {
    (STRIMZI, "Kafka"): KAFKA,
    (STRIMZI, "KafkaNodePool"): KAFKA_NODE_POOL,
    (STRIMZI, "KafkaTopic"): KAFKA_TOPIC,
    (STRIMZI, "KafkaUser"): KAFKA_USER,
    (CNPG, "Cluster"): CNPG_CLUSTER,
    (CNPG, "Database"): CNPG_DATABASE,
}
