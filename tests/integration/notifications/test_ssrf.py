"""Webhooks never reach inside the network (issue 16): at subscribing, after DNS, via redirects.

Also: integers beyond a bigint and NUL characters are refused with the field, never a 500.
"""

import asyncio
import contextlib
import ipaddress
import os
import subprocess
import sys
import uuid

import pytest

from services.notifications import destinations
from shared.devstack.processes import PROJECT_ROOT
from tests.integration.notifications.conftest import MANAGER, quick_settings, running
from tests.support.receiver import Receiver
from tests.support.waiting import eventually
from tests.unit.notifications.test_destinations import INTERNAL_URLS

DEBT = "nl.regie.debts.debt-recorded"
PUBLIC = "https://zaaksysteem.example.nl/regie"
BIGINT_MAX = 2**63 - 1


@pytest.fixture
async def strict_bridge(endpoints, topic_prefix):
    """A bridge as production runs it: private callbacks refused."""
    settings = quick_settings(topic_prefix, allow_private_callbacks=False)
    async with running(endpoints, topic_prefix, settings) as started:
        yield started


@pytest.fixture
def rebinding_dns(monkeypatch):
    """`rebind.example` resolves to 127.0.0.1 (as a rebinding name does once it has passed).

    Requested before the bridge: its worker takes the resolver when it starts.
    """
    real = destinations.system_resolve

    async def resolve(host: str, port: int) -> list:
        if host == "rebind.example":
            return [ipaddress.ip_address("127.0.0.1")]
        return await real(host, port)

    monkeypatch.setattr(destinations, "system_resolve", resolve)


def errors_of(response) -> list[dict]:
    assert response.status_code == 422, response.text
    return response.json()["detail"]


async def test_internal_callbacks_are_refused_when_subscribing(strict_bridge):
    """Every spelling of an internal host: 422 on callback_url, in Dutch and English."""
    client = strict_bridge.client
    for url in INTERNAL_URLS:
        response = await client.post("/subscriptions", json={"callback_url": url}, headers=MANAGER)
        [error] = errors_of(response)
        assert error["loc"] == ["body", "callback_url"], url
        assert "geen adres binnen het netwerk" in error["msg"], url
        assert "no address inside the network" in error["msg"], url
    assert (await client.get("/subscriptions", headers=MANAGER)).json() == []
    accepted = await strict_bridge.subscribe(PUBLIC)
    assert accepted["callback_url"] == PUBLIC


async def test_a_name_resolving_inside_the_network_is_refused_at_delivery(
    rebinding_dns, strict_bridge
):
    """DNS rebinding, and a row stored before the check: retried, then dead; nothing sent."""
    async with Receiver() as receiver:
        rebound = await strict_bridge.subscribe(f"http://rebind.example:{receiver.port}/events")
        legacy = await strict_bridge.subscribe(PUBLIC)
        await strict_bridge.app.state.pool.execute(
            f"UPDATE {strict_bridge.settings.schema_name}.subscriptions SET callback_url = $2"
            " WHERE id = $1",
            uuid.UUID(legacy["id"]),
            f"http://2130706433:{receiver.port}/events",
        )
        await strict_bridge.publisher.publish(strict_bridge.publisher.event(DEBT, "youth-ssrf", {}))
        [first] = await eventually(
            lambda: strict_bridge.deliveries(rebound["id"], "dead"), lambda r: len(r) == 1
        )
        [second] = await eventually(
            lambda: strict_bridge.deliveries(legacy["id"], "dead"), lambda r: len(r) == 1
        )

    assert (first["attempts"], first["last_status"]) == (3, None)
    assert first["last_error"] == (
        "refused destination: rebind.example resolves to 127.0.0.1 (loopback)"
    )
    assert (second["attempts"], second["last_status"]) == (3, None)
    assert second["last_error"] == "refused destination: 2130706433 is refused (loopback)"
    assert receiver.received == []


async def test_the_connection_goes_to_the_resolved_address_and_keeps_the_name(
    rebinding_dns, bridge
):
    """Allowed private callbacks: the POST reaches the address checked, `Host` still the name.

    `rebind.example` exists in no DNS: it arrives only because the connection is pinned to
    the address the bridge's own lookup returned.
    """
    async with Receiver() as receiver:
        await bridge.subscribe(f"http://rebind.example:{receiver.port}/events")
        await bridge.publisher.publish(bridge.publisher.event(DEBT, "youth-pin", {}))
        [arrived] = await eventually(lambda: _async(receiver.delivered()), lambda r: len(r) == 1)
    assert arrived.headers["host"] == f"rebind.example:{receiver.port}"


async def test_a_redirect_to_an_internal_address_is_not_followed(bridge):
    """A 307 to another address counts as a failure each time; its target receives nothing."""
    async with Receiver() as internal, redirecting(f"{internal.url}?leak=1") as redirector:
        created = await bridge.subscribe(redirector.url)
        await bridge.publisher.publish(bridge.publisher.event(DEBT, "youth-redirect", {}))
        [dead] = await eventually(
            lambda: bridge.deliveries(created["id"], "dead"), lambda r: len(r) == 1
        )
    assert (dead["attempts"], dead["last_status"]) == (3, 307)
    assert dead["last_error"] == "HTTP 307: redirect not followed"
    assert redirector.requests == 3
    assert internal.received == []


async def test_integers_beyond_a_bigint_and_nul_characters_are_refused_by_field(bridge):
    """422 naming the field, never a 500 from the database."""
    client = bridge.client
    created = await bridge.subscribe(PUBLIC)
    path = f"/subscriptions/{created['id']}/deliveries"
    too_far = await client.get(path, params={"after": 2**63}, headers=MANAGER)
    assert ["query", "after"] in [e["loc"] for e in errors_of(too_far)]
    last = await client.get(path, params={"after": BIGINT_MAX}, headers=MANAGER)
    assert (last.status_code, last.json()["deliveries"]) == (200, [])
    for delivery_id, expected in [(2**63, 422), (-1, 422), (BIGINT_MAX, 404)]:
        retried = await client.post(f"{path}/{delivery_id}/retry", headers=MANAGER)
        assert retried.status_code == expected, (delivery_id, retried.text)
        if expected == 422:
            assert ["path", "delivery_id"] in [e["loc"] for e in errors_of(retried)]

    state = await client.get(path, params={"state": "dead\x00"}, headers=MANAGER)
    assert state.status_code == 422, state.text
    assert "state" in state.text
    bodies = [
        ({"callback_url": f"{PUBLIC}\x00"}, "callback_url"),
        ({"callback_url": PUBLIC, "auth": "Bearer \x00"}, "auth"),
        ({"callback_url": PUBLIC, "auth": "Bearer x\r\nX-Extra: 1"}, "auth"),
        ({"callback_url": PUBLIC, "type_prefixes": ["nl.regie.\x00"]}, "type_prefixes"),
    ]
    for body, field in bodies:
        refused = await client.post("/subscriptions", json=body, headers=MANAGER)
        assert refused.status_code == 422, (body, refused.text)
        assert field in refused.text, body
    listed = (await client.get("/subscriptions", headers=MANAGER)).json()
    assert [s["id"] for s in listed] == [created["id"]]


def test_production_refuses_to_start_with_private_callbacks_allowed():
    """`python -m services.notifications` exits 2 with one line naming the setting."""
    env = {**os.environ, "REGIE_ENV": "production", "NOTIFICATIONS_ALLOW_PRIVATE_CALLBACKS": "true"}
    done = subprocess.run(
        [sys.executable, "-m", "services.notifications", "migrate"],
        env=env, cwd=PROJECT_ROOT, capture_output=True, text=True, check=False, timeout=60,
    )  # fmt: skip
    assert done.returncode == 2, done.stderr
    [line] = done.stderr.splitlines()
    assert "NOTIFICATIONS_ALLOW_PRIVATE_CALLBACKS is refused when REGIE_ENV=production" in line


class Redirector:
    """Answers every request with a 307 to `location`; counts the requests."""

    def __init__(self, location: str) -> None:
        """Redirect to `location`."""
        self.location = location
        self.requests = 0
        self.port = 0

    @property
    def url(self) -> str:
        """Where to subscribe."""
        return f"http://127.0.0.1:{self.port}/events"

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        """Read one request (head and body), answer 307, close."""
        head = await reader.readuntil(b"\r\n\r\n")
        length = next(
            (int(line.split(b":", 1)[1]) for line in head.split(b"\r\n")
             if line.lower().startswith(b"content-length:")), 0,
        )  # fmt: skip
        await reader.readexactly(length)
        self.requests += 1
        writer.write(
            b"HTTP/1.1 307 Temporary Redirect\r\nLocation: " + self.location.encode()
            + b"\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
        )  # fmt: skip
        await writer.drain()
        writer.close()


@contextlib.asynccontextmanager
async def redirecting(location: str):
    """A bare HTTP server that redirects every POST to `location`."""
    redirector = Redirector(location)
    server = await asyncio.start_server(redirector.handle, "127.0.0.1", 0)
    redirector.port = server.sockets[0].getsockname()[1]
    async with server:
        yield redirector


async def _async(value):
    return value
