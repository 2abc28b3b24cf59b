"""The README's promises, run as written: `make run`'s launcher and the "Try it" block."""

from __future__ import annotations

import json
import os
import re
import subprocess

from shared.devstack.processes import PROJECT_ROOT

# Collected from tests/e2e/test_make_run.py (make test distributes whole files): `make run`
# picks the documented ports where free, and two launchers at once would race for them.

README = PROJECT_ROOT / "README.md"


def bash_blocks(heading: str) -> list[str]:
    """The ```bash blocks in the README section under `heading`."""
    section = README.read_text().split(f"## {heading}\n", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```bash\n(.*?)```", section, re.DOTALL)


def test_readme_opens_with_the_two_setup_commands():
    """The first code block is `make run` and `make test`, and CI calls the same test command."""
    first = re.search(r"```bash\n(.*?)```", README.read_text(), re.DOTALL)
    assert first is not None
    commands = [line.split("#")[0].strip() for line in first.group(1).splitlines()]
    assert commands == ["make run", "make test"]
    assert "make test" in (PROJECT_ROOT / ".ci" / "run").read_text()


def audit_holds(verified: str, incremental: str) -> None:
    """The audit block: verify, anchor, the timeline's log; then the scheduled pass."""
    verify_intake, anchored, verify_timeline = verified.strip().splitlines()
    assert verify_intake == "verify: every chain in intake holds"
    assert anchored.startswith("anchor "), anchored
    assert " of intake: " in anchored
    assert verify_timeline == "verify: every chain in timeline holds"
    assert "added since the last pass recomputed" in incremental
    assert incremental.strip().endswith("verify: every chain in housing holds"), incremental


def test_readme_blocks_work_against_make_run(make_run):
    """`make run` with demo data; then "Try it", "Privacy and audit" and "Webhooks" work.

    Webhooks: subscribe, list the dead deliveries, rotate the secret. On the module's own
    `make run` (its first run's log names the demo), not one of its own: a launcher start is
    half a minute of a loaded CI, and these blocks only add a young person of their own.
    """
    running = make_run.running
    services = running["services"]
    first_run = (make_run.state_dir / "launcher-1.log").read_text()
    assert "demo: Sam de Vries (jpf: refer, assess, enrol, director, consent, exchange, plan)" in (
        first_run
    )

    webhooks = bash_blocks("Webhooks (notification bridge)")
    blocks = bash_blocks("Try it") + bash_blocks("Privacy and audit") + webhooks
    script = "\necho ---\n".join(blocks)
    script = script.replace("http://127.0.0.1:8001", services["intake"])
    script = script.replace("http://127.0.0.1:8002", services["timeline"])
    script = script.replace("http://127.0.0.1:8006", services["notifications"])
    done = subprocess.run(
        ["/bin/bash", "-euo", "pipefail", "-c", script],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        # A dozen commands, each a Python start beside the other worker's tests: a loaded
        # CI took over 60 s once, an idle machine about 20.
        timeout=240,
        check=False,
        env={**os.environ, "DATABASE_URL": running["database_url"]},
    )
    assert done.returncode == 0, done.stderr
    outputs = done.stdout.split("---\n")
    (timeline, erased, verified, incremental, processing_log, pruned, subscribed, dead,
     rotated) = outputs  # fmt: skip
    first, *later = json.loads(timeline)["entries"]
    assert first["headline"] == "Ingeschreven voor Jongeren Perspectief Fonds (leeftijd 18-22)"
    # The example registers a second Sam de Vries with the demo's birth date: intake warns
    # (possible_duplicates) and records it, which the timeline shows once it has arrived.
    assert all(e["headline"].startswith("Mogelijk dubbel ingeschreven") for e in later), later
    assert json.loads(erased)["erased"] is True
    audit_holds(verified, incremental)
    actions = [a["actieNaam"] for a in json.loads(processing_log)["verwerkingsacties"]]
    assert actions == ["Aanmaken", "Vernietigen"]
    assert pruned.startswith("prune: 0 entr(y/ies) of 0 chain(s) in intake past 20 years")
    subscription = json.loads(subscribed)
    assert subscription["secret"]
    assert subscription["type_prefixes"] == ["nl.regie.debts."]
    assert (subscription["gemeentecode"], subscription["auth_configured"]) == ("0518", True)
    assert json.loads(dead) == {"deliveries": [], "next_after": None}
    rotation = json.loads(rotated)
    assert rotation["id"] == subscription["id"]
    assert rotation["secret"] not in ("", subscription["secret"])
    assert rotation["previous_secret_valid_until"]
