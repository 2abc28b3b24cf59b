"""No published schema carries special-category codes in clear (AVG art. 9/10).

Walks every event type as published: the newest released snapshot under `contracts/` and
each service's code catalogue, with the CloudEvents extensions each type states. A field whose
codes include one that tells of health, addiction or justice contact must be sealed (`SPD`,
published as ciphertext), and no extension, which travels outside `data` and unencrypted,
may carry such a code at all.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from contracts.registry import CATALOGUES
from contracts.services import declarations
from shared.event_contracts.schemas import contracts_of
from shared.event_contracts.snapshots import load_all

CONTRACTS = Path(__file__).resolve().parents[3] / "contracts"
SPECIAL_CODES = frozenset({
    "gezondheid", "lichamelijke_gezondheid", "psychische_gezondheid", "psychische_klachten",
    "verslaving", "verslavingszorg", "ggz", "lvb",
    "justitie", "justitiecontact", "politie_veiligheidshuis",
    "detentie",  # a benefit suspended or ended for detention tells of it (AVG art. 10)
    "politie",  # the police at a case conference, or holding a rule in the way, tell of it too
})  # fmt: skip
# Each commanding service's published extensions, as its declaration names them.
EXTENSIONS = {name: d.extensions for name, d in declarations().items()}
# The life domains a consent covers name what may be shared, offered for every domain alike;
# they say nothing of the young person's health or justice contact.
CONSENT_SCOPES = frozenset({
    ("nl.regie.intake.consent-given", "leefgebieden"),
    ("nl.regie.intake.consent-withdrawn", "leefgebieden"),
})  # fmt: skip
# Still in clear, each to be sealed or coarsened in its next version. Empty since issue 19,
# item 5 (goal-set v3, future-plan-agreed v2, goal-overdue v2, self-reliance-assessed v2,
# youth-referred v3); kept so that the test names any new one, and one fixed but still listed.
STILL_IN_CLEAR: frozenset[tuple[str, str]] = frozenset()


def special_codes(node: Any) -> set[str]:
    """The special-category codes anywhere in a schema node's enums and constants."""
    found: set[str] = set()
    if isinstance(node, dict):
        codes = [*node.get("enum", []), node.get("const")]
        found |= SPECIAL_CODES & {c for c in codes if isinstance(c, str)}
        for key, sub in node.items():
            if key not in {"examples", "description", "title", "default"}:
                found |= special_codes(sub)
    elif isinstance(node, list):
        for sub in node:
            found |= special_codes(sub)
    return found


def clear_fields(type_name: str, schema: dict[str, Any]) -> set[tuple[str, str]]:
    """(type, field) of each unsealed field of `schema` that can hold a special code."""
    defs = schema.get("$defs", {})
    found = set()
    for name, prop in schema.get("properties", {}).items():
        if "x-regie-personal" in prop:
            continue
        refs = [r.rsplit("/", 1)[-1] for r in _refs(prop)]
        if special_codes(prop) or any(special_codes(defs.get(r)) for r in refs):
            found.add((type_name, name))
    return found


def _refs(node: Any) -> list[str]:
    if isinstance(node, dict):
        own = [node["$ref"]] if isinstance(node.get("$ref"), str) else []
        return own + [r for sub in node.values() for r in _refs(sub)]
    if isinstance(node, list):
        return [r for sub in node for r in _refs(sub)]
    return []


def released_newest() -> dict[str, dict[str, Any]]:
    """The schema of the newest released version of every type."""
    newest: dict[str, tuple[int, dict[str, Any]]] = {}
    for contract in load_all(CONTRACTS):
        if contract.version > newest.get(contract.type_name, (0, {}))[0]:
            newest[contract.type_name] = (contract.version, contract.schema)
    return {name: schema for name, (_, schema) in newest.items()}


def in_code() -> dict[str, dict[str, Any]]:
    """The schema of every type as the code publishes it now."""
    return {c.type_name: c.schema for cat in CATALOGUES.values() for c in contracts_of(cat)}


@pytest.mark.parametrize("source", [released_newest, in_code], ids=["released", "code"])
def test_no_unsealed_field_holds_a_special_category_code(source):
    """Sealed, or not a code list of health, addiction or justice: nothing in between."""
    schemas = source()
    assert len(schemas) > 50
    found = set().union(*(clear_fields(name, schema) for name, schema in schemas.items()))
    assert found - CONSENT_SCOPES == STILL_IN_CLEAR


def test_no_extension_carries_a_special_category_code():
    """Extensions travel unencrypted, beside the youth id: a relapse in justitie not among them."""
    found = {
        (catalogue.type_name(cls), extension, code)
        for domain, catalogue in CATALOGUES.items()
        for cls in catalogue
        for extension, stated in EXTENSIONS[domain](catalogue.type_name(cls)).items()
        for code in stated.values
        if code in SPECIAL_CODES
    }
    assert found == set()


def test_the_walk_finds_a_special_code_list_wherever_it_hides():
    """The detector itself: inline, in a list, as object keys and behind a `$ref`."""
    schema = {
        "$defs": {"Obstacle": {"enum": ["taal", "justitiecontact"]}},
        "properties": {
            "inline": {"enum": ["wonen", "verslaving"]},
            "listed": {"items": {"enum": ["ggz"]}},
            "keys": {"propertyNames": {"enum": ["psychische_gezondheid"]}},
            "referenced": {"additionalProperties": {"$ref": "#/$defs/Obstacle"}},
            "sealed": {"type": "string", "x-regie-personal": "SPD", "x-regie-plain": {
                "enum": ["justitie"]}},
            "harmless": {"enum": ["wonen"], "examples": ["verslaving"]},
        },
    }  # fmt: skip
    assert clear_fields("t", schema) == {
        ("t", "inline"),
        ("t", "listed"),
        ("t", "keys"),
        ("t", "referenced"),
    }
