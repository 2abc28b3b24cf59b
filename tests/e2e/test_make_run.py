"""`make run` as a developer lives with it: a crashed service comes back, a second run starts.

One launcher (`python -m shared.devstack`, real processes) on a data directory of its own serves
both tests; each test leaves it running, so they pass in either order.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import threading
import time
import uuid
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING

import httpx
import psutil
import pytest

from shared.auth import AuthSettings, decode_token
from shared.devstack.processes import ServiceProcess
from shared.devstack.stack import STATE_DIR
from tests.support.apps import bearer

if TYPE_CHECKING:
    from pathlib import Path

# Embedded servers even where the environment names others: the second run is on the same data.
# A short session timeout lets a restarted service take over its dead predecessor's partitions.
LAUNCHER_ENV = {
    "DATABASE_URL": "",
    "KAFKA_BOOTSTRAP_SERVERS": "",
    "KAFKA_SESSION_TIMEOUT_MS": "3000",
}


# `make run` picks the documented ports where free: two launchers at once would race for them.
# `make test` distributes whole files (--dist loadfile), so every test that launches it lives
# here, the README's checks imported, and they run on one worker, one after the other.
from tests.e2e.readme_checks import (  # noqa: E402 - after the comment that says why
    test_readme_blocks_work_against_make_run,
    test_readme_opens_with_the_two_setup_commands,
)

__all__ = [
    "test_readme_blocks_work_against_make_run",
    "test_readme_opens_with_the_two_setup_commands",
]


@dataclass
class Launcher:
    """`make run` on `state_dir`, started and stopped as a developer does (Ctrl-C is SIGINT)."""

    state_dir: Path
    runs: int = 0
    process: ServiceProcess | None = None
    running: dict = field(default_factory=dict)

    def start(self) -> None:
        """Start it; return once it announced its endpoints (every service ready, demo seeded)."""
        self.runs += 1
        self.process = ServiceProcess(
            "shared.devstack", LAUNCHER_ENV, self.state_dir / f"launcher-{self.runs}.log"
        )
        self.process.args = ["--state-dir", str(self.state_dir)]
        self.process.start()
        endpoints = self.state_dir / "endpoints.json"
        deadline = time.monotonic() + 120
        while not endpoints.exists():
            assert self.process.is_running(), self.process.tail()
            assert time.monotonic() < deadline, self.process.tail()
            time.sleep(0.2)
        self.running = json.loads(endpoints.read_text())

    def interrupt(self) -> int | None:
        """Ctrl-C; the launcher's exit code once it stopped everything."""
        assert self.process is not None
        assert self.process.process is not None
        self.process.process.send_signal(signal.SIGINT)
        try:
            return self.process.process.wait(60)
        finally:
            self.process.kill()

    def log(self) -> str:
        """What the current run printed and logged."""
        assert self.process is not None
        return self.process.log_path.read_text()

    def child(self, marker: str) -> psutil.Process | None:
        """The launcher's live child whose command line ends in (a server's: starts with) it."""
        assert self.process is not None
        for child in psutil.Process(self.process.pid).children():
            try:
                argv = child.cmdline()
            except psutil.Error:  # exited meanwhile, or a zombie not yet reaped
                continue
            if argv and (argv[-1] == marker or argv[0].endswith(marker)):
                return child
        return None

    def child_within(self, marker: str, seconds: float = 60) -> psutil.Process | None:
        """The child, waiting while the launcher (re)starts it.

        On a loaded machine a service may be between a crash and its restart when a test looks.
        """
        deadline = time.monotonic() + seconds
        while (found := self.child(marker)) is None and time.monotonic() < deadline:
            time.sleep(0.5)
        return found

    def url(self, service: str) -> str:
        """Where `service` listens."""
        return str(self.running["services"][service])


@pytest.fixture(scope="module")
def make_run():
    launcher = Launcher(STATE_DIR / f"make-run-{uuid.uuid4().hex[:8]}")
    try:
        launcher.start()
        yield launcher
    finally:
        if launcher.process is not None:
            launcher.process.stop()
        shutil.rmtree(launcher.state_dir, ignore_errors=True)


def status(url: str) -> int:
    try:
        return httpx.get(url, timeout=5).status_code
    except httpx.HTTPError:
        return 0


def listening(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), 1).close()
    except OSError:
        return False
    return True


def test_a_killed_service_comes_back_while_the_others_keep_serving(make_run):
    """`kill -9` of debts: a new debts process answers on the same port; intake never stopped."""
    debts = make_run.child_within("services.debts")
    postgres, broker = make_run.child_within("postgres"), make_run.child_within("tansu")
    assert debts is not None, make_run.log()
    assert postgres is not None
    assert broker is not None
    answers: list[int] = []
    done = threading.Event()

    def poll_intake() -> None:
        while not done.is_set():
            answers.append(status(f"{make_run.url('intake')}/ready"))
            time.sleep(0.1)

    poller = threading.Thread(target=poll_intake)
    poller.start()
    try:
        os.kill(debts.pid, signal.SIGKILL)
        deadline = time.monotonic() + 60
        while (restarted := make_run.child("services.debts")) in (None, debts) or status(
            f"{make_run.url('debts')}/ready"
        ) != 200:
            assert time.monotonic() < deadline, make_run.log()
            time.sleep(0.2)
    finally:
        done.set()
        poller.join()
    assert restarted is not None
    assert restarted.pid != debts.pid
    assert len(answers) > 5
    assert set(answers) == {200}, answers
    assert postgres.is_running()
    assert broker.is_running()
    assert make_run.child("postgres") == postgres
    assert make_run.child("tansu") == broker
    assert listening(int(make_run.running["database_url"].rsplit(":", 1)[1].split("/")[0]))
    assert listening(int(make_run.running["kafka"].rsplit(":", 1)[1]))
    log = make_run.log()
    assert "service_exited" in log
    assert "killed by SIGKILL" in log
    assert "service_restarted" in log


def test_the_demo_shows_a_worklist_and_a_plan_from_three_domains(make_run):
    """Missed deadlines (timers fired), one acknowledged, nazorg with a follow-up coming, a plan.

    Each of the plans shown spans three life domains in itself, not only all of them together.
    """
    headers = {"Authorization": f"Bearer {make_run.running['token']}"}
    worklist = httpx.get(
        f"{make_run.url('timeline')}/signals",
        params=[("state", "open"), ("state", "erkend"), ("per_page", "100")],
        headers=headers,
        timeout=10,
    ).json()["items"]
    states = {(signal["kind"], signal["state"]) for signal in worklist}
    assert {("termijn_verstreken", "open"), ("termijn_verstreken", "erkend")} <= states, states
    # Lotte Smit turns 18 in four months: her transition plan is asked for.
    asked = _eventually_signalled(make_run.url("timeline"), headers, "overgangsplan_nodig")
    assert asked["state"] == "open"
    youths = _settled(make_run.url("intake"), at_least=14)
    # Fatima Ouali left eighty days ago: in nazorg, her three-month follow-up is coming up.
    coming = _follow_ups_coming(make_run.url("intake"), youths, within_days=31)
    assert coming, "no young person in nazorg with a follow-up due in the coming month"
    plans = [
        httpx.get(f"{make_run.url('intake')}/youths/{youth}/plan", headers=headers, timeout=10)
        for youth in youths
    ]
    shown = [plan.json() for plan in plans if plan.status_code == 200]
    assert shown, [plan.status_code for plan in plans]
    per_plan = [{a["leefgebied"] for a in plan["leefgebieden"] if a["goals"]} for plan in shown]
    assert any({"financien", "wonen", "werk"} <= domains for domains in per_plan), per_plan
    goals = [goal for plan in shown for area in plan["leefgebieden"] for goal in area["goals"]]
    assert any(goal["text_open"] for goal in goals)
    assert any(goal["progress"] for goal in goals)
    # dtj's programme monitor compares 0518 with the second demo municipality: 0599's eight
    # registrations last month exact, its three the month before as "<5".
    assert {8, "<5"} <= set(_compared(make_run.url("timeline"), "0599")), "no comparison"


def test_make_run_prints_a_young_persons_token_that_opens_only_their_own_plan(make_run):
    """The printed jongere token names the first demo young person: their plan, no other's."""
    printed = (make_run.state_dir / "launcher-1.log").read_text()
    url, token = printed.split("jongere token (Sam de Vries, Mijn regie): ", 1)[1].split()[:2]
    assert url == f"{make_run.url('timeline')}/mijn/inloggen"
    own = decode_token(AuthSettings(), token).young_person
    headers = {"Authorization": f"Bearer {token}"}
    plan = httpx.get(f"{make_run.url('intake')}/youths/{own}/plan", headers=headers, timeout=10)
    assert plan.status_code == 200, plan.text
    others = [y for y in _settled(make_run.url("intake"), at_least=14) if y != own]
    other = httpx.get(f"{make_run.url('intake')}/youths/{others[0]}/plan", headers=headers,
                      timeout=10)  # fmt: skip
    assert other.status_code == 404, other.text


def test_a_second_run_on_the_same_data_starts_and_does_not_seed_again(make_run):
    """After a first run (and a young person registered by hand), `make run` starts again."""
    token = make_run.running["token"]
    registered = httpx.post(
        f"{make_run.url('intake')}/youths",
        json={"gemeentecode": "0518", "programma": "jpf", "full_name": "Iemand Anders",
              "date_of_birth": "2005-05-05"},
        headers={"Authorization": f"Bearer {token}"},
        timeout=10,
    )  # fmt: skip
    assert registered.status_code == 201, registered.text
    before = _settled(make_run.url("intake"), at_least=15)

    assert make_run.interrupt() == 0
    assert not (make_run.state_dir / "endpoints.json").exists()
    make_run.start()

    second = make_run.log()
    assert "make run:" not in second
    assert "demo data: seeded by an earlier run" in second
    assert "demo: " not in second
    assert _settled(make_run.url("intake"), len(before)) == before
    for service in make_run.running["services"]:
        assert status(f"{make_run.url(service)}/ready") == 200, service


def _compared(timeline: str, gemeente: str) -> list[object]:
    """A municipality's registrations per month of the last three, once both have published."""
    from shared.auth import AuthSettings, mint_token  # noqa: PLC0415 - only this check mints one

    monitor = mint_token(AuthSettings(), subject="monitor", roles=["programmamonitor"],
                         gemeentecode="0518", programma="dtj")  # fmt: skip
    first = (date.today().replace(day=1) - timedelta(days=40)).replace(day=1)
    period = {"from": f"{first:%Y-%m}", "until": f"{date.today():%Y-%m}"}
    deadline = time.monotonic() + 60
    while True:
        body = httpx.get(f"{timeline}/comparisons", params=period, timeout=10,
                         headers={"Authorization": f"Bearer {monitor}"}).json()  # fmt: skip
        counts = [m["counts"][gemeente] for f in body["figures"] if f["metric"] == "inschrijving"
                  for m in f["months"]]  # fmt: skip
        if 8 in counts or time.monotonic() > deadline:
            return counts
        time.sleep(2)


def _eventually_signalled(timeline: str, headers: dict[str, str], kind: str) -> dict:
    """The first signal of `kind` on the worklist, waiting for the timers and the topic."""
    deadline = time.monotonic() + 60
    while True:
        items = httpx.get(f"{timeline}/signals", params={"per_page": "100"}, headers=headers,
                          timeout=10).json()["items"]  # fmt: skip
        found = [item for item in items if item["kind"] == kind]
        if found or time.monotonic() > deadline:
            assert found, sorted({item["kind"] for item in items})
            return dict(found[0])
        time.sleep(0.5)


def _follow_ups_coming(intake: str, youths: list[str], within_days: int) -> list[dict]:
    """The open follow-ups of open nazorg falling due from today to `within_days` ahead."""
    today = date.today()
    last = today + timedelta(days=within_days)
    coming = []
    for youth in youths:
        shown = httpx.get(f"{intake}/youths/{youth}", headers=bearer("intake"), timeout=10)
        care = shown.json().get("aftercare") if shown.status_code == 200 else None
        if care is None or care["ended"] is not None:
            continue
        coming += [
            f | {"youth_id": youth}
            for f in care["follow_ups"]
            if f["status"] == "open" and today <= date.fromisoformat(f["due_on"]) <= last
        ]
    return coming


def _settled(intake: str, at_least: int) -> list[str]:
    """Intake's young people once its list holds `at_least` of them (slow under a loaded CI)."""
    deadline = time.monotonic() + 120
    while len(ids := _youth_ids(intake)) < at_least:
        assert time.monotonic() < deadline, ids
        time.sleep(0.2)
    return ids


def _youth_ids(intake: str) -> list[str]:
    """Every young person on intake's list, page by page."""
    ids: list[str] = []
    params: dict[str, str] = {"limit": "200"}
    while True:
        page = httpx.get(f"{intake}/youths", params=params, headers=bearer("intake")).json()
        ids += [item["youth_id"] for item in page["items"]]
        if not page["next_after"]:
            return ids
        params["after"] = page["next_after"]
