"""What a result needs to be compared later: when, which commit, which versions, which machine."""

from __future__ import annotations

import os
import platform
import subprocess
from dataclasses import asdict
from datetime import UTC, datetime
from importlib import metadata
from typing import TYPE_CHECKING, Any

from shared.devstack.processes import PROJECT_ROOT

if TYPE_CHECKING:
    from bench.profile import Profile

_PACKAGES = ("asyncpg", "aiokafka", "pydantic", "fastapi", "uvicorn", "httpx")


def git_commit() -> str | None:
    """The short commit of the checkout, or None outside git (never fails the run)."""
    try:
        done = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],  # noqa: S607 - git from PATH, read-only
            cwd=PROJECT_ROOT,
            capture_output=True,
            text=True,
            check=False,
            timeout=10,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    commit = done.stdout.strip()
    return commit if done.returncode == 0 and commit else None


def run_info(profile: Profile) -> dict[str, Any]:
    """The header of the results, taken as the run starts: date, commit, versions, machine.

    `postgresql` is filled in once the server has been asked.
    """
    packages: dict[str, str | None] = {}
    for name in _PACKAGES:
        try:
            packages[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            packages[name] = None
    return {
        "mode": profile.name,
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "git_commit": git_commit(),
        "python": platform.python_version(),
        "postgresql": None,
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "packages": packages,
        "profile": asdict(profile),
    }
