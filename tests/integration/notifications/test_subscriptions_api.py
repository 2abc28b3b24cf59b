"""Subscriptions over HTTP: validation, roles, one municipality's view, write-only secrets."""

import uuid

import pytest

from tests.integration.notifications.conftest import MANAGER
from tests.support.apps import bearer

URL = "https://zaaksysteem.example.nl/regie"


@pytest.mark.parametrize(
    ("body", "location"),
    [
        ({"callback_url": "ftp://example.nl/x"}, ["body", "callback_url"]),
        ({"callback_url": "not a url"}, ["body", "callback_url"]),
        ({"callback_url": "https://user:pw@example.nl/x"}, ["body", "callback_url"]),
        ({"callback_url": URL, "type_prefixes": ["com.example."]}, ["body", "type_prefixes", 0]),
        ({"callback_url": URL, "type_prefixes": ["nl.regie.debts.", "NL.REGIE."]},
         ["body", "type_prefixes", 1]),
        ({"callback_url": URL, "type_prefixes": ["nl.regie.zorg."]},
         ["body", "type_prefixes", 0]),
        ({"callback_url": URL, "gemeentecode": "518"}, ["body", "gemeentecode"]),
        ({"callback_url": URL, "auth": ""}, ["body", "auth"]),
        ({"callback_url": URL, "secret": "mine"}, ["body", "secret"]),
        ({}, ["body", "callback_url"]),
    ],
)  # fmt: skip
async def test_bad_input_is_refused_with_the_field_that_is_wrong(bridge, body, location):
    """422 names each wrong field; nothing is stored."""
    response = await bridge.client.post("/subscriptions", json=body, headers=MANAGER)
    assert response.status_code == 422, response.text
    assert location in [error["loc"] for error in response.json()["detail"]]
    assert (await bridge.client.get("/subscriptions", headers=MANAGER)).json() == []


async def test_the_secret_is_shown_once_and_the_auth_value_never(bridge):
    """Creation returns the secret; reads show neither it nor the Authorization value."""
    created = await bridge.subscribe(URL, auth="Bearer very-secret", type_prefixes=["nl.regie."])
    assert len(created["secret"]) >= 40
    assert created["auth_configured"] is True
    assert created["gemeentecode"] == "0518"
    assert created["created_by"] == "medewerker-1"
    shown = await bridge.client.get(f"/subscriptions/{created['id']}", headers=MANAGER)
    listed = await bridge.client.get("/subscriptions", headers=MANAGER)
    for text in (shown.text, listed.text):
        assert created["secret"] not in text
        assert "very-secret" not in text
        assert "secret" not in shown.json()
    assert [s["id"] for s in listed.json()] == [created["id"]]
    # At rest too: the columns hold ciphertext, not the values.
    row = await bridge.app.state.pool.fetchrow(
        f"SELECT secret_sealed, auth_sealed FROM {bridge.settings.schema_name}.subscriptions"
    )
    assert created["secret"].encode() not in row["secret_sealed"]
    assert b"very-secret" not in row["auth_sealed"]


async def test_another_municipality_neither_sees_nor_touches_it(bridge):
    """0363's administrator: an empty list, 404 on the id, 404 on delete and deliveries."""
    created = await bridge.subscribe(URL)
    other = bearer("koppelbeheerder", gemeente="0363")
    client = bridge.client
    assert (await client.get("/subscriptions", headers=other)).json() == []
    assert (await client.get(f"/subscriptions/{created['id']}", headers=other)).status_code == 404
    deliveries = await client.get(f"/subscriptions/{created['id']}/deliveries", headers=other)
    assert deliveries.status_code == 404
    assert (
        await client.delete(f"/subscriptions/{created['id']}", headers=other)
    ).status_code == 404
    assert (await client.get(f"/subscriptions/{created['id']}", headers=MANAGER)).status_code == 200


async def test_the_municipality_is_the_token_s_own(bridge):
    """Naming another gemeentecode is refused (403); naming one's own is the same as none."""
    refused = await bridge.client.post(
        "/subscriptions", json={"callback_url": URL, "gemeentecode": "0363"}, headers=MANAGER
    )
    assert refused.status_code == 403
    own = await bridge.subscribe(URL, gemeentecode="0518")
    assert own["gemeentecode"] == "0518"


async def test_roles_decide_who_manages_and_who_reads(bridge):
    """Without a token 401; a domain worker 403; an auditor reads but cannot subscribe."""
    created = await bridge.subscribe(URL)
    client = bridge.client
    assert (await client.get("/subscriptions")).status_code == 401
    assert (await client.get("/subscriptions", headers=bearer("intake"))).status_code == 403
    auditor = bearer("auditor")
    assert [s["id"] for s in (await client.get("/subscriptions", headers=auditor)).json()] == [
        created["id"]
    ]
    refused = await client.post("/subscriptions", json={"callback_url": URL}, headers=auditor)
    assert refused.status_code == 403
    assert (
        await client.delete(f"/subscriptions/{created['id']}", headers=auditor)
    ).status_code == 403


async def test_a_deleted_subscription_is_gone(bridge):
    """DELETE answers 204, then the subscription is unknown; a second DELETE is 404."""
    created = await bridge.subscribe(URL)
    path = f"/subscriptions/{created['id']}"
    assert (await bridge.client.delete(path, headers=MANAGER)).status_code == 204
    assert (await bridge.client.get(path, headers=MANAGER)).status_code == 404
    assert (await bridge.client.delete(path, headers=MANAGER)).status_code == 404
    unknown = await bridge.client.get(f"/subscriptions/{uuid.uuid4()}", headers=MANAGER)
    assert unknown.status_code == 404


async def test_deliveries_filter_by_state_and_refuse_an_unknown_one(bridge):
    """`state` must be pending, delivered or dead; retrying an unknown delivery is 404."""
    created = await bridge.subscribe(URL)
    path = f"/subscriptions/{created['id']}/deliveries"
    bad = await bridge.client.get(path, params={"state": "lost"}, headers=MANAGER)
    assert bad.status_code == 422
    assert (await bridge.deliveries(created["id"], "dead")) == []
    retry = await bridge.client.post(f"{path}/12345/retry", headers=MANAGER)
    assert retry.status_code == 404
