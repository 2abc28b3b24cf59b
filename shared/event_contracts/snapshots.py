"""Released contracts on disk: `<root>/<domain>/<kebab-name>.v<N>.json`, one per type and version.

A snapshot is what was promised to integrators when that version was released. Files are
written with sorted keys and a trailing newline so that a release shows as a readable diff.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from shared.event_contracts.schemas import EventContract
from shared.event_contracts.upcasting import step_from_json, step_to_json

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable
    from pathlib import Path


def to_json(contract: EventContract) -> dict[str, Any]:
    """The snapshot document of one contract."""
    return {
        "type": contract.type_name,
        "version": contract.version,
        "cloudevent_type": contract.cloudevent_type,
        "meaning": contract.meaning,
        "personal": contract.personal,
        "upcast_from_previous": [step_to_json(s) for s in contract.upcast],
        "schema": contract.schema,
    }


def from_json(document: dict[str, Any]) -> EventContract:
    """Inverse of `to_json`."""
    return EventContract(
        type_name=document["type"],
        version=int(document["version"]),
        meaning=document.get("meaning", ""),
        schema=document["schema"],
        personal=dict(document.get("personal", {})),
        upcast=tuple(step_from_json(s) for s in document.get("upcast_from_previous", [])),
    )


def file_name(contract: EventContract) -> str:
    """`<domain>/<kebab-name>.v<N>.json`."""
    return f"{contract.domain}/{contract.type_name.rsplit('.', 1)[1]}.v{contract.version}.json"


def dumps(contract: EventContract) -> str:
    """The snapshot file's text."""
    return json.dumps(to_json(contract), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def write(root: Path, contract: EventContract) -> Path:
    """Write (or overwrite) the snapshot of `contract` under `root`."""
    path = root / file_name(contract)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(dumps(contract), encoding="utf-8")
    return path


def load_all(root: Traversable) -> list[EventContract]:
    """Every snapshot under `root` (a directory or a package's resources), in a stable order."""
    domains = sorted((d for d in root.iterdir() if d.is_dir()), key=lambda d: d.name)
    return [
        from_json(json.loads(item.read_text(encoding="utf-8")))
        for domain in domains
        for item in sorted(domain.iterdir(), key=lambda f: f.name)
        if item.name.endswith(".json")
    ]
