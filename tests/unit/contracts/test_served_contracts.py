"""Each service serves its contract: `/events` lists every type, `/asyncapi.json` describes each.

The apps are built but not started: both documents are computed when an app is built, so no
database or broker is needed to read them, and none is needed for an integrator either.
"""

from __future__ import annotations

import json

import httpx
import pytest

from contracts import asyncapi
from contracts.apps import SERVICE_APPS
from contracts.registry import CATALOGUES
from contracts.services import declarations
from shared.envelope import cloudevent_type
from shared.event_contracts.schemas import data_schema
from shared.personal_data import personal_fields

# Each commanding service's published extensions, as its declaration names them.
EXTENSIONS = {name: d.extensions for name, d in declarations().items()}
REGENERATE = "python -m contracts.site   (or: make docs)"


async def get(service: str, path: str) -> httpx.Response:
    """GET `path` from the service's app, without a token and without starting it."""
    transport = httpx.ASGITransport(app=SERVICE_APPS[service]())
    async with httpx.AsyncClient(transport=transport, base_url="http://service") as client:
        return await client.get(path)


@pytest.mark.parametrize("service", sorted(CATALOGUES))
async def test_events_lists_every_published_type_with_its_schema(service):
    """One entry per catalogue type: CloudEvents type, name, version, meaning, data schema."""
    response = await get(service, "/events")
    assert response.status_code == 200
    body = response.json()
    catalogue = CATALOGUES[service]
    assert body["topic"] == f"{service}.events"
    entries = {entry["name"]: entry for entry in body["events"]}
    assert list(entries) == [catalogue.type_name(cls) for cls in catalogue]
    for cls in catalogue:
        entry = entries[catalogue.type_name(cls)]
        assert entry["type"] == cloudevent_type(entry["name"], cls.schema_version)
        assert entry["version"] == cls.schema_version
        assert entry["meaning"] == " ".join((cls.__doc__ or "").split("\n\n")[0].split())
        assert entry["data_schema"] == data_schema(cls)


@pytest.mark.parametrize("service", sorted(CATALOGUES))
async def test_events_marks_personal_fields_as_encrypted_with_their_category(service):
    """Each sealed field is listed with its category; no other field is."""
    body = (await get(service, "/events")).json()
    catalogue = CATALOGUES[service]
    for entry, cls in zip(body["events"], catalogue, strict=True):
        expected = {name: marker.category for name, marker in personal_fields(cls).items()}
        assert {k: v["category"] for k, v in entry["personal"].items()} == expected
        assert all(v["encrypted"] for v in entry["personal"].values())


@pytest.mark.parametrize("service", sorted(CATALOGUES))
async def test_events_states_the_extensions_each_type_carries(service):
    """The classification's statement per type, with its codes and when they apply."""
    body = (await get(service, "/events")).json()
    for entry in body["events"]:
        stated = EXTENSIONS[service](entry["name"])
        assert entry["extensions"] == {name: stated[name].to_json() for name in sorted(stated)}
        assert {"grondslag", "vertrouwelijkheid"} <= set(entry["extensions"])


async def test_the_timeline_publishes_no_catalogue():
    """The timeline records no events of its own: nothing to list."""
    assert (await get("timeline", "/events")).status_code == 404


@pytest.mark.parametrize("service", sorted(SERVICE_APPS))
async def test_served_asyncapi_is_the_committed_document(service):
    """What a service serves is the file under docs/asyncapi/, so the committed docs are true."""
    served = (await get(service, "/asyncapi.json")).json()
    committed = asyncapi.OUT_DIR / f"{service}.json"
    assert committed.exists(), f"docs/asyncapi/{service}.json is missing: run {REGENERATE}"
    assert served == json.loads(committed.read_text(encoding="utf-8")), (
        f"docs/asyncapi/{service}.json drifted from the code: run {REGENERATE}"
    )
