"""The Grafana dashboard reads every metric the services export, and only those."""

from __future__ import annotations

import json
import re
from pathlib import Path

from prometheus_client import Counter, Histogram

from shared import metrics

DASHBOARD = Path(__file__).resolve().parents[2] / "deploy" / "grafana" / "regie-dashboard.json"


def exported() -> dict[str, str]:
    """Metric family name -> the series name a query uses (counters end in _total)."""
    found = {}
    for value in vars(metrics).values():
        if isinstance(value, Counter):
            found[value._name] = f"{value._name}_total"
        elif isinstance(value, Histogram):
            found[value._name] = f"{value._name}_bucket"
        elif hasattr(value, "_name") and value.__class__.__module__.startswith("prometheus"):
            found[value._name] = value._name
    return found


def test_every_panel_queries_an_exported_series_and_every_metric_has_a_panel():
    dashboard = json.loads(DASHBOARD.read_text())
    queried = {
        name
        for panel in dashboard["panels"]
        for target in panel["targets"]
        for name in re.findall(r"\b(regie_[a-z_]+)", target["expr"])
    }
    series = exported()
    assert len(series) >= 10
    allowed = set(series.values()) | {f"{n}_count" for n in series}
    assert queried <= allowed, queried - allowed
    assert {name for name, used in series.items() if used not in queried} == set()
    assert len({p["id"] for p in dashboard["panels"]}) == len(dashboard["panels"])
