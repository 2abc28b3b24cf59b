"""Is the code's contract still what was released? Breaking changes need a new version.

Readers are both our own code reading old events (backward) and integrators still on the
released schema reading new ones (forward), so a change must keep both working:

- a field removed, retyped or renamed: breaking;
- a new field that is required: breaking; a new optional field: fine;
- a field that became required, or stopped being required: breaking;
- codes removed from an enum: breaking; codes added: fine (readers must tolerate new codes);
- a released type that is gone (removed or renamed): breaking;
- descriptions, titles and examples: never breaking, nor ceasing to forbid extra fields.

A breaking change is allowed only as the next version with an upcaster, and the upcaster is
checked against both schemas: applied to the released fields it must give the new fields.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from shared.event_contracts.upcasting import Add, MapValues, Remove, Rename

if TYPE_CHECKING:
    from collections.abc import Iterable

    from shared.event_contracts.schemas import EventContract
    from shared.event_contracts.upcasting import Step

_ANNOTATIONS = frozenset({"description", "title", "examples", "default"})


@dataclass(frozen=True)
class Problem:
    """One reason the check fails; `fix` says what to do about it."""

    type_name: str
    message: str
    fix: str = ""

    def line(self) -> str:
        """One line for the terminal."""
        fix = f" ({self.fix})" if self.fix else ""
        return f"{self.type_name}: {self.message}{fix}"


def check(released: Iterable[EventContract], code: Iterable[EventContract]) -> list[Problem]:
    """Every problem of the code's contracts against the released snapshots."""
    by_type: dict[str, dict[int, EventContract]] = {}
    for contract in released:
        by_type.setdefault(contract.type_name, {})[contract.version] = contract
    current = {c.type_name: c for c in code}
    problems = [
        Problem(type_name, "released type is gone (removed or renamed)", "restore it")
        for type_name in sorted(by_type.keys() - current.keys())
    ]
    for type_name, contract in sorted(current.items()):
        problems.extend(_check_type(contract, by_type.get(type_name, {})))
    return problems


def _check_type(code: EventContract, versions: dict[int, EventContract]) -> list[Problem]:
    name = code.type_name
    release = "run `python -m contracts release` and commit the snapshot"
    if not versions:
        return [Problem(name, f"v{code.version} is not released yet", release)]
    latest = max(versions)
    if code.version < latest:
        return [Problem(name, f"code is v{code.version}, but v{latest} was released")]
    if code.version > latest + 1:
        return [Problem(name, f"v{code.version} skips v{latest + 1}: one version at a time")]
    if code.version == latest + 1:
        problems = _check_upcaster(versions[latest], code)
        return problems or [Problem(name, f"v{code.version} is not released yet", release)]
    released = versions[latest]
    bump = f"add v{latest + 1} with an upcaster, or undo the change"
    problems = [
        Problem(name, change, bump) for change in schema_changes(released.schema, code.schema)
    ]
    if not problems and _structure(released.schema) != _structure(code.schema):
        message = f"v{latest} has a compatible change that is not released yet"
        problems.append(Problem(name, message, release))
    if released.upcast != code.upcast:
        problems.append(
            Problem(name, f"the upcaster to v{latest} differs from the released one", "undo it")
        )
    return problems


def schema_changes(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    """The breaking differences between two schemas of the same version."""
    return _compare(old, new, old.get("$defs", {}), new.get("$defs", {}), "data")


def _compare(  # noqa: C901, PLR0912 - one walk over a JSON Schema, case by case
    old: Any,  # noqa: ANN401 - any JSON Schema node
    new: Any,  # noqa: ANN401
    old_defs: dict[str, Any],
    new_defs: dict[str, Any],
    where: str,
) -> list[str]:
    old, new = _resolve(old, old_defs), _resolve(new, new_defs)
    if not isinstance(old, dict) or not isinstance(new, dict):
        return [] if old == new else [f"{where}: changed from {old!r} to {new!r}"]
    changes: list[str] = []
    if "properties" in old or "properties" in new:
        changes += _compare_objects(old, new, old_defs, new_defs, where)
    for key in sorted((old.keys() | new.keys()) - _ANNOTATIONS - {"properties", "required"}):
        if key == "$defs":
            continue
        before, after = old.get(key), new.get(key)
        if key == "enum" and isinstance(before, list) and isinstance(after, list):
            gone = [v for v in before if v not in after]
            if gone:
                changes.append(f"{where}: codes removed: {', '.join(map(str, gone))}")
        elif key in {"anyOf", "oneOf", "allOf", "prefixItems"}:
            if not isinstance(before, list) or not isinstance(after, list):
                changes.append(f"{where}: {key} changed")
            elif len(before) != len(after):
                changes.append(f"{where}: type changed ({key} of {len(before)} -> {len(after)})")
            else:
                for i, (b, a) in enumerate(zip(before, after, strict=True)):
                    changes += _compare(b, a, old_defs, new_defs, f"{where}[{i}]")
        elif key == "additionalProperties" and before is False and after in (None, True):
            continue  # no longer forbidding additions relaxes only what readers may expect
        elif key in {"items", "additionalProperties", "x-regie-plain"}:
            changes += _compare(before, after, old_defs, new_defs, f"{where}.{key}")
        elif before != after:
            changes.append(f"{where}: {key} changed from {before!r} to {after!r}")
    return changes


def _compare_objects(
    old: dict[str, Any],
    new: dict[str, Any],
    old_defs: dict[str, Any],
    new_defs: dict[str, Any],
    where: str,
) -> list[str]:
    old_props, new_props = old.get("properties", {}), new.get("properties", {})
    old_req, new_req = set(old.get("required", [])), set(new.get("required", []))
    changes = [f"{where}.{name}: field removed" for name in sorted(old_props.keys() - new_props)]
    changes += [
        f"{where}.{name}: new required field without a default"
        for name in sorted(new_props.keys() - old_props.keys())
        if name in new_req
    ]
    for name in sorted(old_props.keys() & new_props.keys()):
        path = f"{where}.{name}"
        if name in old_req and name not in new_req:
            changes.append(f"{path}: no longer required (readers rely on it)")
        if name in new_req and name not in old_req:
            changes.append(f"{path}: became required (old events lack it)")
        changes += _compare(old_props[name], new_props[name], old_defs, new_defs, path)
    return changes


def _structure(node: Any) -> Any:  # noqa: ANN401 - any JSON Schema node
    """The schema without its annotations: what a reader's validation depends on."""
    if isinstance(node, list):
        return [_structure(item) for item in node]
    if not isinstance(node, dict):
        return node
    return {
        key: {name: _structure(sub) for name, sub in value.items()}
        if key in {"properties", "$defs"} and isinstance(value, dict)
        else _structure(value)
        for key, value in node.items()
        if key not in _ANNOTATIONS
    }


def _resolve(node: Any, defs: dict[str, Any]) -> Any:  # noqa: ANN401 - any JSON Schema node
    """Follow a local `$ref` (pydantic puts nested models and enums under `$defs`)."""
    seen = 0
    while isinstance(node, dict) and "$ref" in node and seen < 20:  # noqa: PLR2004
        target = defs.get(str(node["$ref"]).rsplit("/", 1)[-1], {})
        node = {**target, **{k: v for k, v in node.items() if k != "$ref"}}
        seen += 1
    return node


def _check_upcaster(released: EventContract, code: EventContract) -> list[Problem]:
    """The steps must turn the released fields into the new ones, sealed fields untouched.

    No steps at all is an upcaster too (the catalogue makes every version declare its own):
    the released data reads as the new version as it is. That fits a field sealed where it
    stood (opening passes over a value that is not ciphertext) and codes the old events never
    held; the field names are checked here as for any other upcaster.
    """
    fix = f"fix the upcaster to v{code.version}"
    fields = set(released.schema.get("properties", {}))
    messages: list[str] = []
    for step in code.upcast:
        messages += _walk(step, fields, released.personal)
    required = set(code.schema.get("required", []))
    messages += [f"after upcasting, required {f} is missing" for f in sorted(required - fields)]
    new_fields = set(code.schema.get("properties", {}))
    messages += [f"after upcasting, {f} is not a new field" for f in sorted(fields - new_fields)]
    return [Problem(code.type_name, m, fix) for m in messages]


def _walk(step: Step, fields: set[str], personal: dict[str, str]) -> list[str]:
    """Apply one step to the set of field names; what is wrong with it."""
    match step:
        case Add(field):
            wrong = [f"add {field}: it already exists"] if field in fields else []
            fields.add(field)
        case Rename(old, new):
            wrong = [] if old in fields else [f"rename {old}: no such field"]
            wrong += [f"rename {old}: sealed fields cannot move"] if old in personal else []
            fields.discard(old)
            fields.add(new)
        case Remove(field):
            wrong = [] if field in fields else [f"remove {field}: no such field"]
            fields.discard(field)
        case MapValues(field):
            wrong = [] if field in fields else [f"map {field}: no such field"]
            wrong += [f"map {field}: a sealed field is opaque"] if field in personal else []
    return wrong
