"""End-to-end fixtures: a private platform per test, stopped whatever the outcome."""

from __future__ import annotations

import pytest

from tests.e2e.platform import Platform


@pytest.fixture
def platform():
    started = Platform.start_stack()
    try:
        yield started
    finally:
        started.stop()


# The longest-running modules, started first: the fuzz stage (one xdist group, minutes long)
# finishing alone at the end of a run leaves the other worker idle meanwhile.
FIRST = ("tests/e2e/test_fuzz.py", "tests/e2e/test_make_run.py", "tests/e2e/test_bench_smoke.py")


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Put the longest modules first; last of the hooks, so after pytest-randomly's shuffle."""

    def rank(item: pytest.Item) -> int:
        path = item.path.as_posix()
        return next((i for i, end in enumerate(FIRST) if path.endswith(end)), len(FIRST))

    items.sort(key=rank)
