"""Rotating a subscription's secret: both sign during the grace period, then only the new one."""

import asyncio
import time
import uuid
from datetime import UTC, datetime, timedelta

import pytest
import structlog

from services.notifications.signature import signature_of, verify
from tests.integration.notifications.conftest import MANAGER, quick_settings, running
from tests.support.apps import bearer
from tests.support.receiver import Receiver
from tests.support.waiting import eventually

DEBT = "nl.regie.debts.debt-recorded"
URL = "https://zaaksysteem.example.nl/regie"
UNKNOWN = {"detail": {"nl": "Onbekend abonnement", "en": "Unknown subscription"}}


async def rotate(bridge, subscription_id: str, headers=MANAGER):
    return await bridge.client.post(f"/subscriptions/{subscription_id}/secret", headers=headers)


async def rotated(bridge, subscription_id: str) -> dict:
    response = await rotate(bridge, subscription_id)
    assert response.status_code == 200, response.text
    return response.json()


async def one_delivery(bridge, receiver, subject: str):
    """Publish one event for `subject` and return the request that carried it."""
    await bridge.publisher.publish(bridge.publisher.event(DEBT, subject, {}))
    [request] = await eventually(lambda: _async(receiver.delivered()), lambda r: len(r) == 1)
    return request


async def _async(value):
    return value


def verifies(secret: str, request) -> bool:
    header = request.headers["x-regie-signature"]
    return verify(secret, header, request.body, now=int(time.time()))


async def test_during_the_grace_period_a_post_verifies_with_the_new_secret_and_the_old(bridge):
    """`t=<t>,v1=<new>,v1=<old>`: a receiver on either secret accepts, so none is refused."""
    async with Receiver() as receiver:
        created = await bridge.subscribe(receiver.url)
        before = datetime.now(UTC)
        new = await rotated(bridge, created["id"])
        request = await one_delivery(bridge, receiver, "youth-grace")

    old_secret, new_secret = created["secret"], new["secret"]
    assert new_secret != old_secret
    assert len(new_secret) >= 40
    until = datetime.fromisoformat(new["previous_secret_valid_until"])
    assert before + timedelta(days=1) <= until <= datetime.now(UTC) + timedelta(days=1)
    assert verifies(new_secret, request)
    assert verifies(old_secret, request)
    assert not verifies("another-secret", request)
    timestamp, *v1 = request.headers["x-regie-signature"].split(",")
    t = int(timestamp.removeprefix("t="))
    assert v1 == [f"v1={signature_of(s, t, request.body)}" for s in (new_secret, old_secret)]


@pytest.mark.parametrize("grace_s", [0, 1])
async def test_without_or_after_the_grace_period_only_the_new_secret_verifies(
    endpoints, topic_prefix, grace_s
):
    """Grace 0 ends the old secret at once; a grace of 1 s ends it a second after rotating."""
    settings = quick_settings(topic_prefix, secret_rotation_grace_s=grace_s)
    async with running(endpoints, topic_prefix, settings) as bridge, Receiver() as receiver:
        created = await bridge.subscribe(receiver.url)
        new = await rotated(bridge, created["id"])
        until = datetime.fromisoformat(new["previous_secret_valid_until"])
        await asyncio.sleep((until - datetime.now(UTC)).total_seconds() + 0.1)  # it runs out
        request = await one_delivery(bridge, receiver, "youth-after")

    assert verifies(new["secret"], request)
    assert not verifies(created["secret"], request)
    assert request.headers["x-regie-signature"].count("v1=") == 1


async def test_rotating_again_keeps_only_the_secret_it_replaces(bridge):
    """Secrets 0, 1, 2: during the second grace period 2 and 1 sign; 0 no longer does."""
    async with Receiver() as receiver:
        created = await bridge.subscribe(receiver.url)
        first = await rotated(bridge, created["id"])
        second = await rotated(bridge, created["id"])
        request = await one_delivery(bridge, receiver, "youth-twice")

    assert request.headers["x-regie-signature"].count("v1=") == 2
    assert verifies(second["secret"], request)
    assert verifies(first["secret"], request)
    assert not verifies(created["secret"], request)


async def test_the_old_secret_is_never_shown_again_nor_stored_or_logged_in_the_clear(bridge):
    """The answer holds only the new secret; reads and logs hold neither; at rest, ciphertext."""
    created = await bridge.subscribe(URL)
    with structlog.testing.capture_logs() as logs:
        answer = await rotate(bridge, created["id"])
    new = answer.json()
    shown = await bridge.client.get(f"/subscriptions/{created['id']}", headers=MANAGER)
    listed = await bridge.client.get("/subscriptions", headers=MANAGER)
    row = await bridge.app.state.pool.fetchrow(
        f"SELECT secret_sealed, previous_secret_sealed FROM {bridge.settings.schema_name}"
        ".subscriptions WHERE id = $1",
        uuid.UUID(created["id"]),
    )

    assert created["secret"] not in answer.text
    assert {k: v for k, v in new.items() if k not in ("secret", "previous_secret_valid_until")} == {
        k: v for k, v in created.items() if k != "secret"
    }
    for text in (shown.text, listed.text, repr(logs)):
        assert created["secret"] not in text
        assert new["secret"] not in text
    [line] = [line for line in logs if line["event"] == "http_request"]
    assert (line["subscription_id"], line["status"]) == (created["id"], 200)
    assert created["secret"].encode() not in row["previous_secret_sealed"]
    assert new["secret"].encode() not in row["secret_sealed"]


async def test_an_unknown_or_another_municipality_s_subscription_is_404_and_roles_are_checked(
    bridge,
):
    """404 as on the other routes, also for another municipality's; 401 and 403 by role.

    Without a token 401; the auditor and a domain worker 403. None of them changes the secret.
    """
    created = await bridge.subscribe(URL)
    sealed = f"SELECT secret_sealed, previous_secret_sealed FROM {bridge.settings.schema_name}"
    sealed += ".subscriptions WHERE id = $1"
    before = await bridge.app.state.pool.fetchrow(sealed, uuid.UUID(created["id"]))

    unknown = await rotate(bridge, str(uuid.uuid4()))
    other = await rotate(bridge, created["id"], bearer("koppelbeheerder", gemeente="0363"))
    anonymous = await bridge.client.post(f"/subscriptions/{created['id']}/secret")
    auditor = await rotate(bridge, created["id"], bearer("auditor"))
    worker = await rotate(bridge, created["id"], bearer("intake"))

    assert (unknown.status_code, unknown.json()) == (404, UNKNOWN)
    assert (other.status_code, other.json()) == (404, UNKNOWN)
    assert [r.status_code for r in (anonymous, auditor, worker)] == [401, 403, 403]
    after = await bridge.app.state.pool.fetchrow(sealed, uuid.UUID(created["id"]))
    assert dict(after) == dict(before)
    assert after["previous_secret_sealed"] is None
