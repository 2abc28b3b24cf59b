"""Fixtures for in-process integration tests of more than one service."""

from __future__ import annotations

import contextlib

import pytest

from services.intake.bootstrap import create_app as create_intake
from services.intake.settings import IntakeSettings
from services.timeline.bootstrap import create_app as create_timeline
from services.timeline.settings import TimelineSettings
from tests.support.apps import platform_settings, serve


@pytest.fixture
async def platform(endpoints, topic_prefix):
    """Intake (with its relay) and the timeline, isolated by schema, topic prefix and group."""
    settings = platform_settings(endpoints).model_copy(update={"kafka_topic_prefix": topic_prefix})
    # Every consumer its own group: members of one group share a topic's partitions.
    intake = create_intake(
        settings,
        IntakeSettings(
            schema_name=f"{topic_prefix}_intake", summaries_group=f"{topic_prefix}-intake"
        ),
    )
    timeline = create_timeline(
        settings,
        TimelineSettings(schema_name=f"{topic_prefix}_timeline", consumer_group=topic_prefix),
    )
    async with contextlib.AsyncExitStack() as stack:
        intake_client = await stack.enter_async_context(serve(intake))
        timeline_client = await stack.enter_async_context(serve(timeline))
        yield intake_client, timeline_client, timeline
