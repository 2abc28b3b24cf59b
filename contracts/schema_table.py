"""A JSON Schema of `data` as table rows for people: name, type, required, meaning, example.

The catalogue's schemas are written for validators; a reader wants one line per field, with
nested objects (a plan's goals) flattened to `goals[].goal_id` and sealed fields named as such.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

REF = "#/$defs/"


@dataclass(frozen=True)
class FieldRow:
    """One field of `data` as the documentation shows it."""

    name: str
    type: str
    required: bool
    description: str
    example: str
    personal: str  # the category (ID, FIN, SPD, FT) of a sealed field, else ""


def field_rows(schema: dict[str, Any]) -> list[FieldRow]:
    """Every field of an object schema, nested objects' fields after their parent."""
    return list(_rows(schema, schema.get("$defs", {}), prefix=""))


def _rows(schema: dict[str, Any], defs: dict[str, Any], prefix: str) -> Any:  # noqa: ANN401
    required = set(schema.get("required", []))
    for name, prop in schema.get("properties", {}).items():
        plain = prop.get("x-regie-plain")
        shown = plain if plain is not None else prop
        yield FieldRow(
            name=prefix + name,
            type=(
                f"ciphertext; plaintext {type_label(plain, defs)}"
                if plain is not None
                else type_label(prop, defs)
            ),
            required=name in required,
            description=prop.get("description", ""),
            example=_example(shown),
            personal=prop.get("x-regie-personal", ""),
        )
        nested, suffix = _nested_object(shown, defs)
        if nested is not None:
            yield from _rows(nested, defs, f"{prefix}{name}{suffix}.")


def type_label(prop: dict[str, Any], defs: dict[str, Any]) -> str:  # noqa: PLR0911 - one per form
    """A short reading of a property's schema: `date`, `one of: a, b`, `list of uuid`, ..."""
    if "$ref" in prop:
        target = defs[prop["$ref"].removeprefix(REF)]
        return target.get("title", "object") if target.get("type") == "object" else (
            type_label(target, defs)
        )  # fmt: skip
    if "anyOf" in prop:
        return " or ".join(type_label(option, defs) for option in prop["anyOf"])
    if "const" in prop:
        return json.dumps(prop["const"], ensure_ascii=False)
    if "enum" in prop:
        return "one of: " + ", ".join(str(value) for value in prop["enum"])
    kind = prop.get("type")
    if kind == "array":
        return f"list of {type_label(prop.get('items', {}), defs)}"
    if kind == "object":
        keys = prop.get("propertyNames")
        values = prop.get("additionalProperties")
        key = type_label(keys, defs) if isinstance(keys, dict) else "string"
        value = type_label(values, defs) if isinstance(values, dict) else "any"
        return f"map of ({key}) to ({value})"
    return _scalar(prop, kind)


def _scalar(prop: dict[str, Any], kind: object) -> str:
    label = prop.get("format") or (kind if isinstance(kind, str) else "any")
    bounds = [
        f"{sign} {prop[key]}"
        for key, sign in (("minimum", "≥"), ("exclusiveMinimum", ">"), ("maxLength", "length ≤"))
        if key in prop
    ]
    if "pattern" in prop:
        bounds.append(f"pattern {prop['pattern']}")
    return f"{label} ({', '.join(bounds)})" if bounds else str(label)


def _nested_object(prop: dict[str, Any], defs: dict[str, Any]) -> tuple[dict[str, Any] | None, str]:
    """The object schema inside a property (itself, or a list's items), with `[]` for a list."""
    for option in [prop, *prop.get("anyOf", [])]:
        items, suffix = (option.get("items", {}), "[]") if option.get("type") == "array" else (
            option, ""
        )  # fmt: skip
        if "$ref" in items:
            target = defs[items["$ref"].removeprefix(REF)]
            if target.get("type") == "object" and "properties" in target:
                return target, suffix
    return None, ""


def _example(prop: dict[str, Any]) -> str:
    examples = prop.get("examples") or []
    if not examples:
        return ""
    value = examples[0]
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
