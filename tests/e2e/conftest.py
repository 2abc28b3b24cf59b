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
