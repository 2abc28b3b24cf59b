"""`make bench` writes its table as markdown and its charts as PNG beside the JSON."""

from __future__ import annotations

from bench.pictures import write_pictures
from bench.results import Row, Target, WorkloadResult
from bench.stats import quantiles_ms

INFO = {"mode": "full", "date": "2026-12-03", "git_commit": "abc1234", "cpus": 2,
        "postgresql": "18.6", "python": "3.11.7"}  # fmt: skip
PNG = b"\x89PNG\r\n\x1a\n"


def _appends(name: str, per_writer: dict[int, tuple[float, float]]) -> WorkloadResult:
    result = WorkloadResult(name)
    result.raw["median_events_per_s"] = {
        str(w): {"ours": ours, "raw": raw} for w, (ours, raw) in per_writer.items()
    }
    for writers, (ours, raw) in per_writer.items():
        result.rows.append(Row(f"append 1 ev/tx, {writers} writers", ours, raw, "ev/s"))
    return result


def _latency() -> WorkloadResult:
    result = WorkloadResult("latency")
    ours = [0.010 + i / 10_000 for i in range(200)]
    raw = [0.002 + i / 100_000 for i in range(200)]
    result.raw = {
        "rate_per_s": 200,
        "ours": {"row_quantiles_ms": quantiles_ms(ours)},
        "raw_kafka_quantiles_ms": quantiles_ms(raw),
    }
    target = Target("p99 < 50 ms", "below", 50.0)
    result.rows.append(Row("HTTP command → timeline row @200/s p99", 29.8, 3.9, "ms", target, "x"))
    return result


def test_the_table_and_both_charts_are_written_beside_the_json(tmp_path):
    """A markdown row per table row with ratio and verdict; two PNG files that are pictures."""
    output = tmp_path / "bench-results.json"
    results = [
        _appends("appends-single", {1: (900.0, 1000.0), 8: (1400.0, 1600.0)}),
        _latency(),
        WorkloadResult("relay", error="RuntimeError: broker gone"),
    ]

    written = write_pictures(output, results, INFO)

    names = [path.name for path in written]
    assert names == [
        "bench-results.md",
        "bench-results-throughput.png",
        "bench-results-latency.png",
    ]
    table = (tmp_path / "bench-results.md").read_text()
    assert "| append 1 ev/tx, 8 writers | 1,400 ev/s | 1,600 ev/s | 88 % |" in table
    assert (
        "| HTTP command → timeline row @200/s p99 | 29.8 ms | 3.9 ms | 7.6x | p99 < 50 ms | met |"
        in table
    )
    assert "| relay | FAILED |" in table
    assert "commit abc1234" in table
    for name in names[1:]:
        picture = (tmp_path / name).read_bytes()
        assert picture.startswith(PNG), name
        assert len(picture) > 5_000, name  # axes, bars and labels, not an empty canvas


def test_a_run_without_appends_or_latency_writes_only_the_table(tmp_path):
    """`--only relay`: nothing to chart, and no chart pretends otherwise."""
    relay = WorkloadResult("relay")
    relay.rows.append(Row("relay 50,000 events", 12_000.0, 17_000.0, "ev/s"))

    written = write_pictures(tmp_path / "out.json", [relay], INFO)

    assert [path.name for path in written] == ["out.md"]
    assert not list(tmp_path.glob("*.png"))


def test_quantiles_are_the_distribution_in_milliseconds():
    """The curve the latency chart draws: 1 % to 99.9 %, rising, in ms."""
    curve = quantiles_ms([i / 1000 for i in range(1, 1001)])  # 1 ms .. 1,000 ms

    assert list(curve) == ["1.0", "5.0", "10.0", "25.0", "50.0", "75.0", "90.0", "95.0", "99.0",
                           "99.9"]  # fmt: skip
    assert curve["50.0"] == 500.5
    assert list(curve.values()) == sorted(curve.values())
