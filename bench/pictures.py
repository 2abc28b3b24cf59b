"""Charts and a markdown table beside `bench-results.json`, for the README and closing notes.

A table of ratios hides how throughput grows with writers and where latency's tail begins;
the charts show both against the raw references measured in the same run. matplotlib is a
bench extra (pyproject.toml), drawn without a display (the Agg backend).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bench.report import markdown

if TYPE_CHECKING:
    from pathlib import Path

    from bench.results import WorkloadResult

# Workloads whose raw numbers hold median events/s per writer count, ours and raw.
_BY_WRITERS = {
    "appends-single": "1 event per transaction",
    "appends-batched": "100 per transaction",
}
_OURS, _RAW = "#1f5fa8", "#9a9a9a"


def write_pictures(output: Path, results: list[WorkloadResult], info: dict[str, Any]) -> list[Path]:
    """Write `<stem>.md`, and the charts the run has data for, next to `output`; their paths."""
    written = [output.with_suffix(".md")]
    written[0].write_text(markdown(results, info), encoding="utf-8")
    by_name = {result.name: result for result in results if not result.error}
    throughput = [(name, by_name[name]) for name in _BY_WRITERS if name in by_name]
    if throughput:
        path = output.with_name(f"{output.stem}-throughput.png")
        _throughput_chart(path, throughput, info)
        written.append(path)
    latency = by_name.get("latency")
    if latency is not None and "row_quantiles_ms" in latency.raw.get("ours", {}):
        path = output.with_name(f"{output.stem}-latency.png")
        _latency_chart(path, latency, info)
        written.append(path)
    return written


def _throughput_chart(
    path: Path, workloads: list[tuple[str, WorkloadResult]], info: dict[str, Any]
) -> None:
    """Events per second against writers, ours beside raw asyncpg, one panel per workload."""
    plt = _pyplot()
    figure, axes = plt.subplots(1, len(workloads), figsize=(5.5 * len(workloads), 4), squeeze=False)
    for axis, (name, result) in zip(axes[0], workloads, strict=True):
        medians = result.raw["median_events_per_s"]
        writers = sorted(medians, key=int)
        positions = range(len(writers))
        axis.bar([p - 0.2 for p in positions], [medians[w]["ours"] for w in writers], 0.4,
                 label="regie", color=_OURS)  # fmt: skip
        axis.bar([p + 0.2 for p in positions], [medians[w]["raw"] for w in writers], 0.4,
                 label="raw asyncpg", color=_RAW)  # fmt: skip
        axis.set_xticks(list(positions), [str(w) for w in writers])
        axis.set_xlabel("writers")
        axis.set_ylabel("events/s")
        axis.set_title(f"append, {_BY_WRITERS[name]}")
        axis.legend()
    figure.suptitle(_subtitle(info), fontsize=9)
    figure.tight_layout()
    figure.savefig(path, dpi=100)
    plt.close(figure)


def _latency_chart(path: Path, result: WorkloadResult, info: dict[str, Any]) -> None:
    """Command-to-timeline-row latency by quantile, ours against raw Kafka end to end."""
    plt = _pyplot()
    figure, axis = plt.subplots(figsize=(7, 4))
    curves = (
        ("regie: HTTP command → timeline row", result.raw["ours"]["row_quantiles_ms"], _OURS),
        ("raw aiokafka: produce → consume", result.raw.get("raw_kafka_quantiles_ms", {}), _RAW),
    )
    for label, quantiles, colour in curves:
        if quantiles:
            points = sorted((float(q), ms) for q, ms in quantiles.items() if ms is not None)
            axis.plot([q for q, _ in points], [ms for _, ms in points], marker="o",
                      label=label, color=colour)  # fmt: skip
    axis.set_yscale("log")
    plain = _ticker().FuncFormatter(lambda value, _position: f"{value:g}")
    axis.yaxis.set_major_formatter(plain)
    axis.yaxis.set_minor_formatter(plain)
    axis.set_xlabel("quantile (%)")
    axis.set_ylabel("milliseconds (log)")
    axis.set_title(f"latency at {result.raw['rate_per_s']} commands/s")
    axis.axhline(50, linestyle="--", color="#b00020", linewidth=1, label="target p99 < 50 ms")
    axis.legend()
    figure.suptitle(_subtitle(info), fontsize=9)
    figure.tight_layout()
    figure.savefig(path, dpi=100)
    plt.close(figure)


def _subtitle(info: dict[str, Any]) -> str:
    return f"regie bench ({info['mode']}) {info['date']}, commit {info['git_commit'] or '?'}"


def _pyplot() -> Any:  # noqa: ANN401 - matplotlib's pyplot module
    """Matplotlib's pyplot on the Agg backend: files only, no display needed."""
    import matplotlib as mpl  # noqa: PLC0415 - a bench extra, loaded when charts are drawn

    mpl.use("Agg")
    import matplotlib.pyplot as plt  # noqa: PLC0415

    return plt


def _ticker() -> Any:  # noqa: ANN401 - matplotlib's ticker module
    import matplotlib.ticker  # noqa: PLC0415 - a bench extra

    return matplotlib.ticker
