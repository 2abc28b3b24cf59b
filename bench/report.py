"""The printed table and `bench-results.json`: every figure next to its reference and target."""

from __future__ import annotations

import json
import math
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pathlib import Path

    from bench.results import Row, WorkloadResult

# (title, width, alignment) of each column.
_COLUMNS = (
    ("workload", 46, "<"),
    ("ours", 13, ">"),
    ("reference", 13, ">"),
    ("ratio", 7, ">"),
    ("target", 17, "<"),
    ("", 7, "<"),
)


def render(results: list[WorkloadResult], info: dict[str, Any]) -> str:
    """The table, then the notes that say how each figure was taken."""
    header = (
        f"regie bench ({info['mode']}) {info['date']}  commit {info['git_commit'] or '?'}  "
        f"Python {info['python']}  PostgreSQL {info['postgresql']}  {info['cpus']} CPUs"
    )
    lines = [header, "", _line([title for title, _, _ in _COLUMNS]), _rule()]
    for result in results:
        if result.error:
            lines.append(_line([result.name, "FAILED", "", "", "", ""]))
        lines.extend(_line(_cells(row)) for row in result.rows)
    lines += [_rule(), "reference = raw asyncpg / aiokafka on the same servers, in this run"]
    if info["mode"] == "quick":
        lines.append("quick run: small counts, one repetition - a smoke test, not a measurement")
    lines.append("")
    notes = [note for result in results for note in result.notes]
    errors = [f"{result.name} FAILED: {result.error}" for result in results if result.error]
    lines += [f"- {note}" for note in [*notes, *errors]]
    return "\n".join(lines)


def write_json(path: Path, results: list[WorkloadResult], info: dict[str, Any]) -> None:
    """All raw numbers with the run's date, commit and versions (NaN written as null)."""
    document = {
        **info,
        "rows": [row.as_json() for result in results for row in result.rows],
        "workloads": {
            result.name: {"raw": result.raw, "notes": result.notes, "error": result.error}
            for result in results
        },
    }
    path.write_text(json.dumps(_finite(document), indent=2, default=str, ensure_ascii=False) + "\n")


def markdown(results: list[WorkloadResult], info: dict[str, Any]) -> str:
    """The same table as `render`, as markdown fit for the README or a closing note."""
    titles = [title or "verdict" for title, _, _ in _COLUMNS]
    lines = [
        (
            f"regie bench ({info['mode']}), {info['date']}, commit {info['git_commit'] or '?'}, "
            f"{info['cpus']} CPUs, PostgreSQL {info['postgresql']}"
        ),
        "",
        "| " + " | ".join(titles) + " |",
        "|" + "|".join("---:" if align == ">" else "---" for _, _, align in _COLUMNS) + "|",
    ]
    for result in results:
        if result.error:
            lines.append(f"| {result.name} | FAILED | | | | |")
        lines.extend(
            "| " + " | ".join(cell.replace("|", "\\|") for cell in _cells(row)) + " |"
            for row in result.rows
        )
    lines += ["", "reference = raw asyncpg / aiokafka on the same servers, in this run", ""]
    return "\n".join(lines)


def _cells(row: Row) -> list[str]:
    met = row.met
    verdict = "" if met is None or row.target is None else ("met" if met else "NOT met")
    if row.target is not None and met is None:
        verdict = "n/a"
    return [
        row.workload,
        _figure(row.ours, row.unit),
        _figure(row.reference, row.unit),
        _ratio(row),
        row.target.label if row.target else "",
        verdict,
    ]


def _figure(value: float | None, unit: str) -> str:
    if value is None or math.isnan(value):
        return "-"
    if unit == "ms":
        return f"{value:.1f} ms"
    return f"{value:,.0f} {unit}"


def _ratio(row: Row) -> str:
    ratio = row.ratio
    if ratio is None:
        return "-"
    return f"{ratio:.1f}x" if row.ratio_as == "x" else f"{ratio * 100:.0f} %"


def _line(cells: list[str]) -> str:
    parts = [
        f"{cell:{align}{width}}" for cell, (_, width, align) in zip(cells, _COLUMNS, strict=True)
    ]
    return "  ".join(parts).rstrip()


def _rule() -> str:
    return "-" * (sum(width for _, width, _ in _COLUMNS) + 2 * (len(_COLUMNS) - 1))


def _finite(value: Any) -> Any:  # noqa: ANN401 - walks any JSON-shaped value
    """JSON has no NaN: missing figures become null. Keys become strings, as JSON needs."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {str(key): _finite(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_finite(item) for item in value]
    return value
