"""The one clock: the municipality's day, and the lint rule that keeps every other one out."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, date, datetime
from pathlib import Path

from shared.clock import MUNICIPAL_ZONE, FixedClock, SystemClock

ROOT = Path(__file__).resolve().parents[3]


def test_the_system_clock_counts_days_in_amsterdam_not_utc():
    before = datetime.now(MUNICIPAL_ZONE).date()
    today = SystemClock().today()
    after = datetime.now(MUNICIPAL_ZONE).date()
    assert today in {before, after}
    assert MUNICIPAL_ZONE.key == "Europe/Amsterdam"
    # Just after midnight in Amsterdam, UTC still has the day before.
    moment = datetime(2026, 6, 30, 22, 30, tzinfo=UTC)
    assert moment.astimezone(MUNICIPAL_ZONE).date() == date(2026, 7, 1)


def test_a_fixed_clock_stays_on_its_day():
    assert FixedClock(date(2030, 2, 3)).today() == date(2030, 2, 3)


def test_the_services_may_not_ask_the_system_for_the_day(tmp_path):
    """Ruff's banned-api rule refuses date.today() in services/ and shared/."""
    probe = tmp_path / "probe.py"
    probe.write_text('"""Probe."""\n\nfrom datetime import date\n\nDAY = date.today()\n')
    ruff = [sys.executable, "-m", "ruff", "check", "--config", str(ROOT / "pyproject.toml")]
    found = subprocess.run(
        [*ruff, "--select", "TID251", str(probe)],
        capture_output=True, text=True, check=False, cwd=ROOT,
    )  # fmt: skip
    assert found.returncode == 1
    assert "datetime.date.today" in found.stdout
