"""The live timeline fixtures, for replaying history into a timeline."""

from tests.integration.timeline.conftest import live, platform_for

__all__ = ["live", "platform_for"]
