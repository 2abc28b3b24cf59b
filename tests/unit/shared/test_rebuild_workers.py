"""The rebuild's bulk workers: who may run side by side, and the operator's `--workers`."""

from __future__ import annotations

from dataclasses import replace

import pytest

from shared.projection.command import rebuild_parser
from shared.projection.rebuild import MAX_WORKERS, parallel_bulk
from shared.projection.spec import ProjectionSpec


def spec(**changes: object) -> ProjectionSpec:
    """A projection of young people's rows, one subject per event."""
    base = ProjectionSpec(
        name="timeline", schema="timeline", consumer="timeline", domains=("intake",),
        migrations=(), tables=("entries",), build=lambda _schema: None,  # type: ignore[arg-type,return-value]
        subject_column="youth_id",
    )  # fmt: skip
    return replace(base, **changes)  # type: ignore[arg-type]


def test_only_projections_of_one_subject_per_event_are_applied_side_by_side() -> None:
    assert parallel_bulk(spec())
    assert not parallel_bulk(spec(subject_column=None))  # rows shared across subjects
    assert not parallel_bulk(spec(aggregates=frozenset({"entries"})))  # sums over subjects
    assert not parallel_bulk(spec(dead_letters=True))  # several groups park out of order


def test_workers_are_taken_from_1_to_the_maximum() -> None:
    parser = rebuild_parser("python -m services.timeline", ["timeline"])
    assert parser.parse_args(["timeline", "--workers", "2"]).workers == 2
    assert parser.parse_args(["timeline"]).workers is None  # one per core, decided later


@pytest.mark.parametrize("given", ["0", str(MAX_WORKERS + 1), "two"])
def test_a_bad_worker_count_is_refused_in_one_line_with_exit_2(
    given: str, capsys: pytest.CaptureFixture[str]
) -> None:
    parser = rebuild_parser("python -m services.timeline", ["timeline"])
    with pytest.raises(SystemExit) as stopped:
        parser.parse_args(["timeline", "--workers", given])
    assert stopped.value.code == 2
    [line] = capsys.readouterr().err.strip().splitlines()
    assert "--workers" in line
