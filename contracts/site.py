"""`python -m contracts.site [OUT_DIR]`: the event documentation as static HTML (default docs/).

Generated from what the services serve (their `/events` catalogue and `/asyncapi.json`, built
from the code), the envelope model and the upcaster steps: an index of services and types,
a page per service with every type's fields, the envelope, how versions evolve, and the
processing register (contracts/processing_register.py). Plain HTML and one stylesheet,
readable from the file system; deterministic, so a test can fail when the committed docs/
drift from the code. The AsyncAPI documents are written alongside.
"""

from __future__ import annotations

import inspect
import json
import re
import sys
import uuid
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape

from contracts import asyncapi
from contracts.apps import served_documents
from contracts.processing_register import (
    Register,
    RegisterGapsError,
    build_register,
    built_apps,
)
from contracts.schema_table import FieldRow, field_rows
from shared.envelope import CONTENT_TYPE, CloudEvent, source_of
from shared.event_contracts.catalogue import CATEGORIES
from shared.event_contracts.upcasting import Add, MapValues, Remove, Rename
from shared.subject_rights import SHARING_EXTENSION, WHILE_NOT_SHARED

OUT_DIR = Path(__file__).parent.parent / "docs"
TEMPLATES = Path(__file__).parent / "templates"
# The attributes CloudEvents 1.0 itself defines (`sequence` is its sequence extension).
STANDARD = {"specversion", "id", "source", "type", "subject", "time", "datacontenttype", "data"}
# Extensions the CloudEvents project defines itself, rather than regie.
CLOUDEVENTS_EXTENSIONS = {"traceparent": "CloudEvents extension (distributed tracing)"}
EXAMPLE_OIN = "00000099999999999999"
EXAMPLE_SEALED = "enc:v1:…"  # what a sealed field looks like; real ones are base64 ciphertext


def render_site(
    documents: dict[str, tuple[dict[str, Any], dict[str, Any] | None]],
    register: Register | None = None,
) -> dict[str, str]:
    """Every file of the site by its path under the output directory.

    `register` defaults to the processing register of every service's app, built anew.
    """
    register = register or build_register(built_apps())
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["ticks"] = ticks
    services = [_service(name, spec, catalogue) for name, (spec, catalogue) in documents.items()]
    events = sorted((e for s in services for e in s["events"]), key=lambda e: e["type"])
    common = {"services": [s["name"] for s in services], "categories": CATEGORIES}
    files = {
        "index.html": env.get_template("index.html").render(
            common, title="Event contracts", service_list=services, all_events=events
        ),
        "envelope.html": env.get_template("envelope.html").render(common, **_envelope()),
        "versions.html": env.get_template("versions.html").render(
            common,
            title="How versions evolve",
            steps=_steps(),
            upcast_events=[e for e in events if e["version"] > 1],
        ),
        "register.html": env.get_template("register.html").render(
            common,
            title="Verwerkingsregister (processing register, AVG art. 30)",
            register_services=list(dict.fromkeys(row.service for row in register.activities)),
            activities=register.activities,
            events=register.events,
            read_models=register.read_models,
            not_processing=register.not_processing,
        ),
        "style.css": (TEMPLATES / "style.css").read_text(encoding="utf-8"),
    }
    for service in services:
        page = env.get_template("service.html")
        files[f"{service['name']}.html"] = page.render(
            common, title=f"{service['name']}: events", service=service
        )
    for name, (spec, _) in documents.items():
        files[f"asyncapi/{name}.json"] = asyncapi.dumps(spec)
    return files


def _service(name: str, spec: dict[str, Any], catalogue: dict[str, Any] | None) -> dict[str, Any]:
    """A service's page: its topic, the topics it reads, and its types."""
    operations = spec.get("operations", {}).values()
    reads = [
        spec["channels"][op["channel"]["$ref"].rsplit("/", 1)[1]]
        for op in operations
        if op["action"] == "receive"
    ]
    return {
        "name": name,
        "topic": catalogue["topic"] if catalogue else None,
        "content_type": catalogue["content_type"] if catalogue else None,
        "reads": sorted(reads, key=lambda channel: channel["address"]),
        "events": [_event(name, entry) for entry in (catalogue or {}).get("events", [])],
    }


def _event(service: str, entry: dict[str, Any]) -> dict[str, Any]:
    rows = field_rows(entry["data_schema"])
    return {
        **entry,
        "service": service,
        "anchor": entry["name"].rsplit(".", 1)[1],
        "rows": rows,
        "upcast": json.dumps(entry["upcast_from_previous"], indent=2, ensure_ascii=False),
        "example": _pretty(example_message(service, entry, rows)),
    }


def example_message(service: str, entry: dict[str, Any], rows: list[FieldRow]) -> dict[str, Any]:
    """A message of the type as it travels: field examples as data, sealed fields ciphertext."""
    data = {
        row.name: EXAMPLE_SEALED if row.personal else _json_value(entry["data_schema"], row.name)
        for row in rows
        if "." not in row.name  # nested rows are part of their parent's example
    }
    extensions = {
        name: ext["values"][0]
        for name, ext in entry["extensions"].items()
        if name != SHARING_EXTENSION  # the usual case: consent to share is there
    }
    return _envelope_example(service, entry["type"], data, extensions)


def _json_value(schema: dict[str, Any], field: str) -> Any:  # noqa: ANN401 - any JSON value
    examples = schema["properties"][field].get("examples") or [None]
    return examples[0]


def _envelope_example(
    service: str, ce_type: str, data: dict[str, Any], extensions: dict[str, str]
) -> dict[str, Any]:
    youth = data.get("youth_id", "6f0b8c1e-3a52-4d7e-9b1a-2c4d5e6f7a8b")
    return {
        "specversion": "1.0",
        "id": str(uuid.uuid5(uuid.NAMESPACE_URL, ce_type)),
        "source": source_of(EXAMPLE_OIN, service),
        "type": ce_type,
        "subject": youth,
        "time": "2026-03-02T09:30:00.123456Z",
        "datacontenttype": "application/json",
        "sequence": "00000000000000000815-00000000000000000042",
        "streamid": f"{service}-{youth}",
        "streamversion": 3,
        "gemeentecode": "0518",
        "actor": "medewerker-17",
        "actorrole": service,
        "correlationid": "c1d2e3f4-a5b6-4c7d-8e9f-0a1b2c3d4e5f",
        **extensions,
        "prevhash": "9f2c" + "0" * 56 + "a1b2",
        "traceparent": "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
        "data": data,
    }


def _envelope() -> dict[str, Any]:
    schema = CloudEvent.model_json_schema()
    required = set(schema["required"])
    attributes = [
        {
            "name": row.name,
            "kind": "CloudEvents"
            if row.name in STANDARD
            else CLOUDEVENTS_EXTENSIONS.get(row.name, "regie extension"),
            "type": row.type,
            "required": row.name in required,
            "description": row.description,
        }
        for row in field_rows(schema)
    ]
    example = _envelope_example(
        "intake", "nl.regie.intake.programme-enrolled",
        {"youth_id": "6f0b8c1e-3a52-4d7e-9b1a-2c4d5e6f7a8b", "programma": "jpf",
         "start_on": "2026-03-16"},
        {"grondslag": "pw", "vertrouwelijkheid": "vertrouwelijk", "programma": "jpf"},
    )  # fmt: skip
    return {
        "title": "The envelope: CloudEvents 1.0, NL GOV profile",
        "content_type": CONTENT_TYPE,
        "attributes": attributes,
        "sharing": WHILE_NOT_SHARED,
        "example": _pretty(example),
    }


def _steps() -> list[dict[str, str]]:
    return [
        {"name": step.__name__, "meaning": inspect.getdoc(step) or ""}
        for step in (Add, Rename, Remove, MapValues)
    ]


def ticks(text: str) -> Markup:
    """Escaped text with `code` in backticks as <code>, as the docstrings write it."""
    return Markup(re.sub(r"`([^`]+)`", r"<code>\1</code>", str(escape(text))))  # noqa: S704 - escaped first


def _pretty(document: dict[str, Any]) -> str:
    return json.dumps(document, indent=2, ensure_ascii=False)


def write_site(out_dir: Path, files: dict[str, str]) -> None:
    """Write every file under `out_dir` (creating folders as needed)."""
    for relative, text in files.items():
        path = out_dir / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def main(argv: list[str]) -> int:
    """Write the site to `argv[0]` or docs/."""
    out_dir = Path(argv[0]) if argv else OUT_DIR
    try:
        files = render_site(served_documents())
    except RegisterGapsError as gaps:
        sys.stderr.write(f"the processing register has gaps (services/<s>/register.py):\n{gaps}\n")
        return 1
    write_site(out_dir, files)
    sys.stdout.write(f"wrote {len(files)} files to {out_dir}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
