"""Fixtures shared by every test layer: the real servers, started once per test session."""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import asyncpg
import pytest

from shared.devstack import DevStack, Endpoints
from shared.devstack.stack import STATE_DIR


@pytest.fixture(scope="session")
def stack():
    """Real PostgreSQL and broker for the session (or the ones the environment names)."""
    data_dir = STATE_DIR / f"test-{os.getpid()}"
    with DevStack(data_dir=data_dir, ephemeral=True, durable=False) as started:
        yield started


@pytest.fixture(scope="session")
def endpoints(stack: DevStack) -> Endpoints:
    """Where the test servers listen."""
    assert stack.endpoints is not None
    return stack.endpoints


@pytest.fixture(scope="session")
async def pool(endpoints: Endpoints):
    """One connection pool for the session."""
    async with asyncpg.create_pool(endpoints.database_url, min_size=2, max_size=40) as created:
        yield created


@pytest.fixture
def schema() -> str:
    """A fresh schema name per test, so tests never see each other's data."""
    return f"t_{uuid.uuid4().hex[:12]}"


@pytest.fixture
def topic_prefix() -> str:
    """A fresh topic prefix per test."""
    return f"t{uuid.uuid4().hex[:10]}"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark tests by their folder so a developer can run one layer (`-m integration`)."""
    for item in items:
        parts = Path(str(item.fspath)).parts
        for layer in ("integration", "e2e"):
            if layer in parts:
                item.add_marker(getattr(pytest.mark, layer))
