"""`make run` seeds its demo data once per data directory, and remembers what it created.

A second run on the same data must start: replaying the stories is refused where a young person
has moved on since (coaching will not go back a phase), and intake's list may by then hold
young people someone else registered. So `demo.json` in the data directory records which
seeders finished and which young people intake's demo created; a later run skips what is
recorded, and the story seeders only ever look at those young people (`REGIE_DEMO_YOUTHS`).
A data directory seeded before this record existed is recognised by intake's demo young people
being listed before intake's seeder ran.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING

from shared.devstack.seeding import DEMO_YOUTHS_ENV, intake_reader, youth_summaries

if TYPE_CHECKING:
    from pathlib import Path

RECORD_FILE = "demo.json"
# What intake's demo prints per young person: "  demo: <name> (<story>) -> youth <uuid>".
_CREATED = re.compile(r"-> youth ([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})")


@dataclass
class DemoRecord:
    """Which seeders finished on this data directory, and intake's demo young people."""

    path: Path
    seeded: list[str] = field(default_factory=list)
    youths: list[str] = field(default_factory=list)
    found: bool = False

    @classmethod
    def load(cls, state_dir: Path) -> DemoRecord:
        """The record of `state_dir`, empty if nothing was seeded there yet."""
        path = state_dir / RECORD_FILE
        if not path.exists():
            return cls(path)
        try:
            saved = json.loads(path.read_text())
            return cls(path, list(saved["seeded"]), list(saved["youths"]), found=True)
        except (ValueError, KeyError, TypeError):
            # Unreadable (edited by hand?): as if absent. Seeded data is still recognised
            # by intake's demo young people being listed already.
            return cls(path)

    def save(self) -> None:
        """Write it whole, replacing the old one only once the new one is complete."""
        kept = {k: v for k, v in asdict(self).items() if k in ("seeded", "youths")}
        partial = self.path.with_suffix(".tmp")
        partial.write_text(json.dumps(kept, indent=2))
        partial.replace(self.path)


def seed_once(state_dir: Path, seeders: list[str], env: dict[str, str], project_root: Path) -> None:
    """Run each service's demo seeder (`services.<name>.demo`) unless the record says it ran.

    `seeders` starts with intake: the others tell their stories on its young people. `env`
    names the services (`REGIE_<NAME>_URL`) and holds the seeders' `REGIE_DEV_TOKEN`. Intake's
    seeder failing raises `CalledProcessError` (the others need its young people); another
    failing is reported in one line and left unrecorded, so the next run tries it again.
    """
    record = DemoRecord.load(state_dir)
    if all(name in record.seeded for name in seeders):
        print(f"  demo data: seeded by an earlier run ({record.path}); not again")  # noqa: T201
        return
    for name in seeders:
        if name in record.seeded:
            continue
        if name == "intake":
            listed = {
                y["youth_id"] for y in youth_summaries(env["REGIE_INTAKE_URL"], intake_reader())
            }
            record.youths = _run(name, env, project_root)
            if not record.youths:
                raise RuntimeError("intake's demo named no young people it created")
            if not record.found and set(record.youths) <= listed:
                print("  demo data: seeded by an earlier run; not again")  # noqa: T201
                record.seeded = list(seeders)
                record.save()
                return
        else:
            try:
                _run(name, {**env, DEMO_YOUTHS_ENV: ",".join(record.youths)}, project_root)
            except subprocess.CalledProcessError as error:
                # One domain's demo stories are a convenience: the platform keeps serving,
                # and the next run tries that seeder again (it is not recorded as done).
                print(  # noqa: T201 - the one-line reason
                    f"make run: demo {name} not seeded (tried again next run): {error}",
                    file=sys.stderr,
                )
                continue
        record.seeded.append(name)
        record.save()


def _run(name: str, env: dict[str, str], project_root: Path) -> list[str]:
    """Run one seeder, passing its output on; return the young people it says it created."""
    env = {**os.environ, **env}
    argv = [sys.executable, "-m", f"services.{name}.demo"]
    created: list[str] = []
    with subprocess.Popen(  # noqa: S603 - our own interpreter and module
        argv, env=env, cwd=project_root, stdout=subprocess.PIPE, text=True
    ) as seeder:
        assert seeder.stdout is not None  # noqa: S101 - piped above
        for line in seeder.stdout:
            print(line, end="", flush=True)  # noqa: T201 - the seeder's own progress lines
            created += _CREATED.findall(line)
    if seeder.returncode != 0:
        raise subprocess.CalledProcessError(seeder.returncode, argv)
    return created
