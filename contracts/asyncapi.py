"""`python -m contracts.asyncapi [OUT_DIR]`: write each service's AsyncAPI document as served.

One JSON file per service, `<OUT_DIR>/<service>.json` (default docs/asyncapi/), with sorted
keys so that a change in the code shows as a readable diff; a test fails when they drift.
`python -m contracts.site` writes them too, with the rest of the documentation.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from contracts.apps import served_documents

OUT_DIR = Path(__file__).parent.parent / "docs" / "asyncapi"


def dumps(document: dict[str, Any]) -> str:
    """The committed text of a document: stable whatever order the generator produced."""
    return json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def write(out_dir: Path, documents: dict[str, dict[str, Any]]) -> list[Path]:
    """Write `<service>.json` for each document; the paths written."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for service, document in documents.items():
        path = out_dir / f"{service}.json"
        path.write_text(dumps(document), encoding="utf-8")
        written.append(path)
    return written


def main(argv: list[str]) -> int:
    """Write the documents to `argv[0]` or docs/asyncapi/."""
    out_dir = Path(argv[0]) if argv else OUT_DIR
    documents = {name: asyncapi for name, (asyncapi, _) in served_documents().items()}
    for path in write(out_dir, documents):
        sys.stdout.write(f"wrote {path}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
