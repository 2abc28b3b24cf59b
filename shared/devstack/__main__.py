"""`make run`: the whole platform on one machine, on embedded defaults.

Starts PostgreSQL and the broker (unless DATABASE_URL / KAFKA_BOOTSTRAP_SERVERS name others),
every service under `services/` as its own process, seeds demo data where a service ships a
`demo` module (once per data directory), prints the URLs and a development token, and stops
everything on Ctrl-C or SIGTERM. A service process that exits meanwhile is restarted, with
backoff, while the rest keep serving (`shared.devstack.supervision`).
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import threading
from datetime import timedelta
from pathlib import Path

from shared.auth import AuthSettings, mint_token
from shared.devstack.demo_contacts import DEMO_CONTACTS_JSON
from shared.devstack.demo_record import DemoRecord, seed_once
from shared.devstack.processes import PROJECT_ROOT, ServiceProcess
from shared.devstack.servers import free_port
from shared.devstack.stack import STATE_DIR, DevStack
from shared.devstack.supervision import ServiceSupervisor
from shared.life_domains import LIFE_DOMAINS
from shared.logging import configure_logging

# The documented ports, each service's settings' default: a life domain's is its line in
# shared/life_domains.py, the readers' are theirs; a service named in neither gets the next.
READER_PORTS = {"timeline": 8002, "notifications": 8006}
PORTS = {**{domain.name: domain.port for domain in LIFE_DOMAINS}, **READER_PORTS}
DEMO_GEMEENTE = "0518"
DEMO_RETENTION = json.dumps({DEMO_GEMEENTE: 1})  # years, for the destruction list's demo
DEV_ROLES = ("intake", "regisseur", "schuldhulpverlener")
# The comparison across municipalities: the demo municipality and a second one (timeline's
# demo registers its young people) in one programme, published every few seconds.
DEMO_PROGRAMME = "dtj"
DEMO_PROGRAMMES = json.dumps({DEMO_PROGRAMME: [DEMO_GEMEENTE, "0599"]})
DEMO_PUBLISH_INTERVAL_S = "5"


def discover_services() -> list[str]:
    """Every `services/<name>/__main__.py`, found without importing the services.

    In the order of their ports: intake first (the others build on its young people and its
    demo data), the timeline second, then the rest; a service without a port last, by name.
    """
    names = [p.parent.name for p in (PROJECT_ROOT / "services").glob("*/__main__.py")]
    return sorted(names, key=lambda n: (PORTS.get(n, max(PORTS.values()) + 1), n))


def default_ports(names: list[str]) -> dict[str, int]:
    """Each service's documented port; one not documented gets the next after them all."""
    spare = iter(range(max(PORTS.values()) + 1, 65536))
    return {name: PORTS[name] if name in PORTS else next(spare) for name in names}


def main(argv: list[str] | None = None) -> int:
    """Run until interrupted; return non-zero if a service failed to start or seeding failed.

    Until everything is up, a failure stops the lot with its reason (a service that cannot
    start at all is a mistake to fix first); from then on, services are supervised.
    """
    parser = argparse.ArgumentParser(prog="python -m shared.devstack")
    parser.add_argument(
        "--state-dir", type=Path, default=STATE_DIR / "run", help="data and logs of this stack"
    )
    state_dir: Path = parser.parse_args(argv).state_dir
    configure_logging("devstack", json=False)
    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    stack = DevStack(data_dir=state_dir)
    processes: list[ServiceProcess] = []
    try:
        endpoints = stack.start()
        env = {
            "DATABASE_URL": endpoints.database_url,
            "KAFKA_BOOTSTRAP_SERVERS": endpoints.kafka_bootstrap,
            # The demo municipality keeps one year after care ends (the default is the
            # Jeugdwet's 20), so the demo's young person who left over a year ago waits on the
            # destruction list; set INTAKE_RETENTION_YEARS to run with other terms.
            "INTAKE_RETENTION_YEARS": os.environ.get("INTAKE_RETENTION_YEARS", DEMO_RETENTION),
            # How the demo's young people reach their workers on Mijn regie's "Mijn mensen".
            "TIMELINE_CONTACTS": os.environ.get("TIMELINE_CONTACTS", DEMO_CONTACTS_JSON),
            # Which municipalities the programme monitor compares, and how soon the timeline
            # publishes their protected figures after the demo is seeded.
            "TIMELINE_PROGRAMMES": os.environ.get("TIMELINE_PROGRAMMES", DEMO_PROGRAMMES),
            "TIMELINE_FIGURES_PUBLISH_INTERVAL_S": os.environ.get(
                "TIMELINE_FIGURES_PUBLISH_INTERVAL_S", DEMO_PUBLISH_INTERVAL_S
            ),
        }
        urls: dict[str, str] = {}
        for name, default in default_ports(discover_services()).items():
            port = free_port(default)
            urls[name] = f"http://127.0.0.1:{port}"
            env[f"{name.upper()}_PORT"] = str(port)
            env[f"REGIE_{name.upper()}_URL"] = urls[name]
        for name in urls:
            log_path = state_dir / "logs" / f"{name}.log"
            processes.append(ServiceProcess(f"services.{name}", env, log_path).start())
        for process, url in zip(processes, urls.values(), strict=True):
            process.wait_ready(f"{url}/ready")
        _seed(state_dir, env)
        _announce(state_dir, endpoints.database_url, endpoints.kafka_bootstrap, urls)
        supervisor = ServiceSupervisor()
        for name, process in zip(urls, processes, strict=True):
            supervisor.watch(name, process)
        supervisor.run(stop)
    except (OSError, RuntimeError, TimeoutError, subprocess.CalledProcessError) as error:
        print(f"make run: {error}", file=sys.stderr)  # noqa: T201 - the one-line reason
        return 1
    finally:
        (state_dir / "endpoints.json").unlink(missing_ok=True)  # it says "running"
        for process in reversed(processes):
            process.stop()
        stack.stop()
    return 0


def _seed(state_dir: Path, env: dict[str, str]) -> None:
    """Run each service's demo seeder, if it has one, once per data directory.

    Intake first (the others tell their stories on its young people), the timeline last (its
    worklist acts on the signals the others' stories raised).
    """
    found = [n for n in discover_services() if (PROJECT_ROOT / "services" / n / "demo.py").exists()]
    seeders = sorted(found, key=lambda n: n == "timeline")  # stable: intake stays first
    seed_once(state_dir, seeders, {**env, **_token_env()}, PROJECT_ROOT)


def _token(*roles: str, subject: str = "dev-regisseur", programma: str | None = None) -> str:
    return mint_token(
        AuthSettings(),
        subject=subject,
        roles=roles,
        gemeentecode=DEMO_GEMEENTE,
        ttl=timedelta(hours=12),
        programma=programma,
    )


def _token_env() -> dict[str, str]:
    return {"REGIE_DEV_TOKEN": _token(*DEV_ROLES)}


def _announce(state_dir: Path, database_url: str, bootstrap: str, urls: dict[str, str]) -> None:
    token = _token(*DEV_ROLES)
    info = {"database_url": database_url, "kafka": bootstrap, "services": urls, "token": token}
    (state_dir / "endpoints.json").write_text(json.dumps(info, indent=2))
    lines = [
        "",
        "regie is running (Ctrl-C stops everything)",
        f"  postgres   {database_url}",
        f"  kafka      {bootstrap}",
        *(f"  {name:<10} {url}/docs" for name, url in urls.items()),
        *(
            [f"  web view   {urls['timeline']}/ui  (sign in with the token below)"]
            if "timeline" in urls
            else []
        ),
        "",
        f"  dev token ({', '.join(DEV_ROLES)}; gemeente {DEMO_GEMEENTE}); export it as TOKEN:",
        f"  export TOKEN={token}",
        "",
        "  archivaris token (the web view's Vernietigingslijst: one young person waits):",
        f"  {_token('archivaris')}",
        "",
        *_figure_tokens(urls),
        *_young_person_token(state_dir, urls),
    ]
    print("\n".join(lines), flush=True)  # noqa: T201 - what the developer came for


def _figure_tokens(urls: dict[str, str]) -> list[str]:
    """Policy staff's and the programme monitor's tokens, with the pages they open on."""
    web = urls.get("timeline", "")
    monitor = _token("programmamonitor", subject="dev-monitor", programma=DEMO_PROGRAMME)
    return [
        f"  beleidsmedewerker token (figures only, small counts protected): {web}/ui/rapportage",
        f"  {_token('beleidsmedewerker', subject='dev-beleid')}",
        "",
        f"  programmamonitor token ({DEMO_PROGRAMME} in two municipalities): {web}/ui/vergelijking",
        f"  {monitor}",
        "",
    ]


def _young_person_token(state_dir: Path, urls: dict[str, str]) -> list[str]:
    """A token for intake's first demo young person (Sam de Vries) and where Mijn regie opens.

    Their id is only known once intake's seeder created them; the record keeps it, so a second
    run on the same data prints the same young person's token.
    """
    youths = DemoRecord.load(state_dir).youths
    if not youths or "timeline" not in urls:
        return []
    token = mint_token(
        AuthSettings(),
        subject="dev-jongere",
        roles=["jongere"],
        gemeentecode=DEMO_GEMEENTE,
        ttl=timedelta(hours=12),
        youth_id=youths[0],
    )
    return [
        f"  jongere token (Sam de Vries, Mijn regie): {urls['timeline']}/mijn/inloggen",
        f"  {token}",
        "",
    ]


if __name__ == "__main__":
    sys.exit(main())
