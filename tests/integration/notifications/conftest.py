"""A live bridge (app, fan-out runner, worker) on its own schema, topic prefix and group."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass

import pytest

from services.notifications.bootstrap import create_app
from services.notifications.settings import NotificationsSettings
from tests.support.apps import bearer, platform_settings, serve
from tests.support.cloudevents import Publisher
from tests.support.inbox import applied_count
from tests.support.waiting import eventually

MANAGER = bearer("koppelbeheerder")


def quick_settings(prefix: str, **changes) -> NotificationsSettings:
    """Retries in fractions of a second, so the failure paths run in a test's time.

    Private callbacks are allowed: the test receivers listen on 127.0.0.1.
    """
    values = {
        "allow_private_callbacks": True,
        "schema_name": f"{prefix}_notifications",
        "consumer_group": prefix,
        "max_attempts": 3,
        "backoff_base_s": 0.05,
        "backoff_cap_s": 0.2,
        "timeout_s": 3.0,
        "lease_s": 6.0,
        "poll_interval_s": 0.1,
        **changes,
    }
    return NotificationsSettings(**values)


@dataclass
class Bridge:
    """The running bridge, its HTTP client and a publisher on its topics."""

    client: object
    app: object
    settings: NotificationsSettings
    publisher: Publisher

    async def subscribe(self, url: str, **body) -> dict:
        """Create a subscription as the koppelbeheerder of 0518; the answer holds the secret."""
        response = await self.client.post(
            "/subscriptions", json={"callback_url": url, **body}, headers=MANAGER
        )
        assert response.status_code == 201, response.text
        return response.json()

    async def deliveries(self, subscription_id: str, state: str | None = None) -> list[dict]:
        """What the API says about a subscription's deliveries."""
        params = {"state": state} if state else {}
        response = await self.client.get(
            f"/subscriptions/{subscription_id}/deliveries", params=params, headers=MANAGER
        )
        assert response.status_code == 200, response.text
        return response.json()["deliveries"]

    async def taken_in(self) -> int:
        """Events the fan-out has applied (matched or not), from its inbox."""
        pool = self.app.state.pool
        return await applied_count(pool, self.settings.schema_name, self.settings.consumer_group)


@contextlib.asynccontextmanager
async def running(endpoints, topic_prefix, settings: NotificationsSettings):
    """Start a bridge and wait until its consumer and worker run."""
    platform = platform_settings(endpoints).model_copy(update={"kafka_topic_prefix": topic_prefix})
    app = create_app(platform, settings)
    async with serve(app) as client:
        await eventually(lambda: client.get("/ready"), lambda r: r.status_code == 200)
        yield Bridge(client, app, settings, Publisher(endpoints.kafka_bootstrap, topic_prefix))


@pytest.fixture
async def bridge(endpoints, topic_prefix):
    """One bridge with quick retries and three attempts."""
    async with running(endpoints, topic_prefix, quick_settings(topic_prefix)) as started:
        yield started
