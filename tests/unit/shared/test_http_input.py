"""The edge's input rules: size before parsing, no NUL anywhere, every 422 in two languages."""

from __future__ import annotations

from datetime import date  # noqa: TC003 - pydantic resolves the annotation at runtime
from typing import Annotated

import httpx
import pytest
from fastapi import FastAPI, Query
from pydantic import BaseModel, Field

from shared.http import install_request_context

LIMIT = 4096


class Person(BaseModel):
    """A body with a bounded text, a date and nested texts."""

    full_name: str = Field(max_length=200)
    date_of_birth: date
    tags: list[dict[str, str]] = []


def app_with_counter() -> tuple[FastAPI, dict[str, int]]:
    app = FastAPI()
    install_request_context(app, max_body_bytes=LIMIT)
    seen = {"routes": 0}

    @app.post("/people")
    async def create(person: Person) -> dict[str, str]:
        seen["routes"] += 1
        return {"name": person.full_name}

    @app.get("/log")
    async def log(youth_id: Annotated[str, Query()] = "") -> dict[str, str]:
        seen["routes"] += 1
        return {"youth_id": youth_id}

    return app, seen


@pytest.fixture
async def edge():
    app, seen = app_with_counter()
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://edge") as client:
        yield client, seen


async def test_a_body_declared_too_large_is_refused_with_413_before_any_route(edge):
    client, seen = edge
    big = b'{"full_name": "' + b"x" * (LIMIT * 4) + b'", "date_of_birth": "2004-03-14"}'
    answer = await client.post("/people", content=big, headers={"content-type": "application/json"})
    assert answer.status_code == 413
    assert answer.json()["detail"]["nl"].startswith("Verzoek te groot")
    assert str(LIMIT) in answer.json()["detail"]["en"]
    assert seen["routes"] == 0


async def test_a_streamed_body_without_length_is_cut_off_at_the_limit(edge):
    client, seen = edge

    async def chunks():
        for _ in range(20):
            yield b"x" * 1024

    answer = await client.post(
        "/people", content=chunks(), headers={"content-type": "application/json"}
    )
    assert answer.status_code == 413
    assert seen["routes"] == 0


async def test_a_body_within_the_limit_reaches_the_route_whole(edge):
    client, _seen = edge
    answer = await client.post(
        "/people", json={"full_name": "Sam de Vries", "date_of_birth": "2004-03-14"}
    )
    assert answer.status_code == 200
    assert answer.json() == {"name": "Sam de Vries"}


@pytest.mark.parametrize("query", ["youth_id=%00", "youth_id=a%00b", "youth_id=ok&youth_id=%00"])
async def test_nul_in_a_query_is_a_422_naming_the_parameter(edge, query):
    client, seen = edge
    answer = await client.get(f"/log?{query}")
    assert answer.status_code == 422
    [problem] = answer.json()["detail"]
    assert problem["loc"] == ["query", "youth_id"]
    assert "NUL" in problem["msg"]
    assert "NUL" in problem["msg_en"]
    assert seen["routes"] == 0


async def test_nul_deep_in_a_json_body_is_a_422_naming_the_field(edge):
    client, seen = edge
    body = {"full_name": "Sam", "date_of_birth": "2004-03-14", "tags": [{"k": "a\x00"}]}
    answer = await client.post("/people", json=body)
    assert answer.status_code == 422
    assert answer.json()["detail"][0]["loc"] == ["body", "tags", 0, "k"]
    assert seen["routes"] == 0


async def test_a_wrong_date_says_what_is_expected_in_both_languages(edge):
    client, _seen = edge
    answer = await client.post("/people", json={"full_name": "Sam", "date_of_birth": "14-03-2004"})
    assert answer.status_code == 422
    [problem] = answer.json()["detail"]
    assert problem["loc"] == ["body", "date_of_birth"]
    assert "JJJJ-MM-DD" in problem["msg"]
    assert "YYYY-MM-DD" in problem["msg_en"]
    assert problem["input"] == "14-03-2004"


async def test_a_missing_field_and_malformed_json_are_explained_in_dutch_too(edge):
    client, _seen = edge
    missing = await client.post("/people", json={"full_name": "Sam"})
    malformed = await client.post(
        "/people", content=b'{"full_name": ', headers={"content-type": "application/json"}
    )
    assert missing.json()["detail"][0]["msg"] == "Verplicht veld ontbreekt"
    assert missing.json()["detail"][0]["loc"] == ["body", "date_of_birth"]
    assert malformed.status_code == 422
    assert malformed.json()["detail"][0]["msg"] == "Ongeldige JSON"
    assert malformed.json()["detail"][0]["msg_en"] == "Invalid JSON"


async def test_a_refusal_echoes_only_a_short_excerpt_of_a_long_value(edge):
    client, _seen = edge
    body = {"full_name": "y" * 3000, "date_of_birth": "2004-03-14"}
    answer = await client.post("/people", json=body)
    assert answer.status_code == 422
    [problem] = answer.json()["detail"]
    assert problem["msg"] == "Te lang: hoogstens 200 tekens"
    assert len(problem["input"]) <= 81
    assert len(answer.content) < 1000


async def test_a_body_that_is_not_utf8_is_a_bilingual_422_not_a_400(edge):
    client, seen = edge
    answer = await client.post(
        "/people", content=b"<\xfb", headers={"content-type": "application/json"}
    )
    assert answer.status_code == 422
    assert answer.json()["detail"][0]["msg_en"] == "Invalid JSON: the text is not UTF-8"
    assert seen["routes"] == 0


def test_the_openapi_document_lists_every_refusal_with_its_body():
    app, _seen = app_with_counter()
    document = app.openapi()
    create = document["paths"]["/people"]["post"]["responses"]
    log = document["paths"]["/log"]["get"]["responses"]
    assert {"409", "413", "422"} <= set(create)
    assert "404" not in create  # no resource in the path
    assert create["422"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/Refusal"
    }
    assert "422" in log
    assert "Refusal" in document["components"]["schemas"]
