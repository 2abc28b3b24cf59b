"""The soak's report: figures as JSON, a markdown summary and one chart over time.

The chart has four panels on one time axis (commands acknowledged per 10 s, command latency
p50/p99 per 10 s, timeline lag, resident memory per service) with every fault window shaded
and named, so a reader sees what each fault did to throughput, latency, lag and memory.
"""

from __future__ import annotations

import json
import statistics
from collections import defaultdict
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pathlib import Path

    from soak.checks import Check
    from soak.run import Soak

BUCKET_S = 10.0


def figures(soak: Soak, checks: list[Check]) -> dict[str, Any]:
    """Everything the report states, as plain data."""
    assert soak.load is not None  # noqa: S101
    per_kind: dict[str, list[float]] = defaultdict(list)
    for r in soak.load.requests:
        if 200 <= r.status < 300:  # noqa: PLR2004
            per_kind[r.kind].append(r.seconds * 1000)
    return {
        "minutes": soak.minutes,
        "elapsed_s": round(soak.elapsed, 1),
        "stories_per_s": soak.stories_per_s,
        "reads_per_s": soak.reads_per_s,
        "acknowledged": len(soak.load.acks),
        "requests": len(soak.load.requests),
        "latency_ms": {k: _percentiles(v) for k, v in sorted(per_kind.items())},
        "faults": [
            {
                "name": f.name,
                "started_s": round(f.started, 1),
                "ended_s": round(f.ended, 1),
                "caught_up_after_s": None
                if f.caught_up is None
                else round(f.caught_up - f.ended, 1),
            }
            for f in soak.faults
        ],
        "checks": [{"name": c.name, "passed": c.passed, "detail": c.detail} for c in checks],
    }


def _percentiles(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)

    def pick(q: float) -> float:
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))]

    return {"n": len(ordered), "p50": round(pick(0.5), 1), "p99": round(pick(0.99), 1)}


def markdown(found: dict[str, Any]) -> str:
    """The summary: checks first, then faults, then latency."""
    lines = [
        (
            f"# Soak: {found['minutes']} min planned, {found['elapsed_s']} s run, "
            f"{found['acknowledged']} commands acknowledged"
        ),
        "",
        "| check | result | detail |",
        "|---|---|---|",
    ]
    lines += [
        f"| {c['name']} | {'ok' if c['passed'] else 'FAILED'} | {c['detail']} |"
        for c in found["checks"]
    ]
    lines += [
        "",
        "| fault | at (s) | window (s) | timeline caught up after (s) |",
        "|---|---|---|---|",
    ]
    lines += [
        f"| {f['name']} | {f['started_s']} | {f['ended_s'] - f['started_s']:.1f} | "
        f"{f['caught_up_after_s']} |"
        for f in found["faults"]
    ]
    lines += ["", "| call | n | p50 ms | p99 ms |", "|---|---|---|---|"]
    lines += [
        f"| {k} | {v['n']} | {v['p50']} | {v['p99']} |" for k, v in found["latency_ms"].items()
    ]
    return "\n".join(lines) + "\n"


def write(soak: Soak, checks: list[Check], out: Path) -> Path:
    """`soak.json`, `soak.md` and `soak.png` in `out`; the markdown's path."""
    out.mkdir(parents=True, exist_ok=True)
    found = figures(soak, checks)
    (out / "soak.json").write_text(json.dumps(found, indent=2))
    (out / "soak.md").write_text(markdown(found))
    _chart(soak, out / "soak.png")
    return out / "soak.md"


def _chart(soak: Soak, path: Path) -> None:
    import matplotlib as mpl  # noqa: PLC0415 - a bench extra, loaded only to draw

    mpl.use("Agg")
    import matplotlib.pyplot as plt  # noqa: PLC0415

    assert soak.load is not None  # noqa: S101
    figure, axes = plt.subplots(4, 1, figsize=(11, 11), sharex=True)
    acked: dict[int, int] = defaultdict(int)
    for ack in soak.load.acks:
        acked[int(ack.at // BUCKET_S)] += 1
    buckets = sorted(acked)
    axes[0].bar(
        [b * BUCKET_S for b in buckets],
        [acked[b] / BUCKET_S for b in buckets],
        width=BUCKET_S * 0.9,
        align="edge",
    )
    axes[0].set_ylabel("acknowledged/s")
    latency: dict[int, list[float]] = defaultdict(list)
    for r in soak.load.requests:
        if r.kind.startswith("command") and 200 <= r.status < 300:  # noqa: PLR2004
            latency[int(r.at // BUCKET_S)].append(r.seconds * 1000)
    keys = sorted(latency)
    for q, label in ((0.5, "p50"), (0.99, "p99")):
        axes[1].plot(
            [k * BUCKET_S for k in keys],
            [
                statistics.quantiles(latency[k], n=100)[int(q * 100) - 1]
                if len(latency[k]) > 1
                else latency[k][0]
                for k in keys
            ],
            label=label,
        )
    axes[1].set_ylabel("command ms")
    axes[1].set_yscale("log")
    axes[1].legend()
    axes[2].plot([s.at for s in soak.samples], [s.lag for s in soak.samples])
    axes[2].set_ylabel("not yet on timeline")
    names = sorted({n for s in soak.samples for n in s.rss_mib})
    for name in names:
        axes[3].plot(
            [s.at for s in soak.samples if name in s.rss_mib],
            [s.rss_mib[name] for s in soak.samples if name in s.rss_mib],
            label=name,
        )
    axes[3].set_ylabel("RSS MiB")
    axes[3].set_xlabel("seconds")
    axes[3].legend(fontsize="small", ncol=4)
    for ax in axes:
        for fault in soak.faults:
            ax.axvspan(fault.started, fault.ended, color="tab:red", alpha=0.15)
    for fault in soak.faults:
        axes[0].annotate(
            fault.name,
            (fault.started, 0),
            rotation=90,
            fontsize=7,
            va="bottom",
            xytext=(1, 2),
            textcoords="offset points",
        )
    figure.tight_layout()
    figure.savefig(path, dpi=90)
    plt.close(figure)
