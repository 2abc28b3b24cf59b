"""The domain ring is pure: importing a domain loads no I/O, logging, web or crypto package.

Each import runs in a fresh interpreter, so what another test loaded cannot hide what a domain
module pulls in. The import-linter contracts in pyproject.toml say the same about the code;
this checks what actually happens at import time (a package `__init__` that imports more
than its name suggests, say).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOMAINS = sorted(init.parts[-3] for init in (ROOT / "services").glob("*/domain/__init__.py"))
# What a domain must never load, however indirectly.
FORBIDDEN = (
    "aiokafka",
    "asyncpg",
    "cryptography",
    "fastapi",
    "faststream",
    "httpx",
    "jwt",
    "prometheus_client",
    "pydantic_settings",
    "starlette",
    "structlog",
    "uvicorn",
)
# The pure kernel of shared: all of shared a domain may load.
PURE_SHARED = {
    "shared",
    "shared.event_contracts",
    "shared.event_contracts.extensions",
    "shared.event_contracts.upcasting",
    "shared.events",
    "shared.integrity",
    "shared.life_domains",
    "shared.personal_data",
    "shared.rules",
    "shared.subject_rights",
}
# Imports each module of the domain in turn; prints, per module, what it loaded first.
_PROBE = """
import importlib, json, pkgutil, sys
package = importlib.import_module(sys.argv[1])
new = {sys.argv[1]: sorted(sys.modules)}
for module in pkgutil.iter_modules(package.__path__, package.__name__ + "."):
    before = set(sys.modules)
    importlib.import_module(module.name)
    new[module.name] = sorted(set(sys.modules) - before)
print(json.dumps(new))
"""


def _loaded_by(domain: str) -> dict[str, list[str]]:
    """Per module of the domain, the modules its import loaded first, in a fresh interpreter."""
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, f"services.{domain}.domain"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    loaded: dict[str, list[str]] = json.loads(done.stdout)
    return loaded


def test_every_commanding_service_has_a_domain():
    """The four life domains with commands each have a `domain` package to check."""
    assert {"coaching", "debts", "housing", "intake"} <= set(DOMAINS)


def _unwanted(name: str) -> bool:
    """A forbidden package (or part of one), or a part of shared outside the pure kernel."""
    top = name.split(".", 1)[0]
    return top in FORBIDDEN or (top == "shared" and name not in PURE_SHARED)


@pytest.mark.parametrize("domain", DOMAINS)
def test_a_domain_loads_no_io_package_and_only_the_pure_parts_of_shared(domain):
    """No module of the domain loads a forbidden package, or of shared more than its kernel."""
    loaded = _loaded_by(domain)
    unwanted = {
        module: found
        for module, names in loaded.items()
        if (found := list(filter(_unwanted, names)))
    }

    assert len(loaded) > 1  # the package and its modules
    assert unwanted == {}
