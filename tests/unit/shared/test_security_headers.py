"""The security headers middleware on a small app: pages, data, static files and the API docs."""

from __future__ import annotations

import base64
import hashlib
import re

import httpx
import pytest
from fastapi import FastAPI
from fastapi.responses import HTMLResponse, PlainTextResponse, StreamingResponse
from fastapi.staticfiles import StaticFiles

from shared.http import install_request_context
from shared.security_headers import DATA_POLICY, PAGE_POLICY, script_hashes


@pytest.fixture
async def client(tmp_path):
    (tmp_path / "site.css").write_text("body { color: black; }")
    app = FastAPI()
    install_request_context(app)
    app.mount("/static", StaticFiles(directory=tmp_path), name="static")

    @app.get("/page", response_class=HTMLResponse)
    async def page() -> str:
        return "<!doctype html><p>hallo</p>"

    @app.get("/data")
    async def data() -> dict[str, str]:
        return {"naam": "Sam"}

    @app.get("/own")
    async def own() -> PlainTextResponse:
        return PlainTextResponse("x", headers={"Cache-Control": "max-age=60"})

    @app.get("/stream")
    async def stream() -> StreamingResponse:
        return StreamingResponse(iter([b"a", b"b"]), media_type="text/csv")

    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://service") as client:
        yield client


async def test_a_page_gets_the_strict_policy_and_every_other_header(client):
    response = await client.get("/page")
    assert response.headers["content-security-policy"] == PAGE_POLICY
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "strict-origin-when-cross-origin"
    assert response.headers["cache-control"] == "no-store"
    assert "x-correlation-id" in response.headers


async def test_data_errors_and_streams_get_the_minimal_policy(client):
    for response in (
        await client.get("/data"),
        await client.get("/nergens"),
        await client.get("/stream"),
    ):
        assert response.headers["content-security-policy"] == DATA_POLICY
        assert response.headers["cache-control"] == "no-store"
        assert response.headers["x-frame-options"] == "DENY"
    assert (await client.get("/stream")).text == "ab"


async def test_a_static_file_may_be_cached_and_a_route_s_own_header_stays(client):
    css = await client.get("/static/site.css")
    assert css.status_code == 200
    assert "cache-control" not in css.headers
    assert css.headers["x-content-type-options"] == "nosniff"
    assert (await client.get("/own")).headers["cache-control"] == "max-age=60"


async def test_the_docs_allow_the_cdn_and_exactly_their_own_inline_script(client):
    docs = await client.get("/docs")
    policy = docs.headers["content-security-policy"]
    inline = re.search(r"<script>(.*?)</script>", docs.text, re.DOTALL)
    assert inline is not None
    digest = base64.b64encode(hashlib.sha256(inline[1].encode()).digest()).decode()
    assert f"script-src https://cdn.jsdelivr.net 'sha256-{digest}';" in policy
    assert "frame-ancestors 'none'" in policy
    assert "cache-control" not in docs.headers  # public, no personal data
    redirect = (await client.get("/docs/oauth2-redirect")).headers["content-security-policy"]
    assert "'sha256-" in redirect
    redoc = (await client.get("/redoc")).headers["content-security-policy"]
    assert "script-src https://cdn.jsdelivr.net" in redoc
    assert (await client.get("/openapi.json")).headers["content-security-policy"] == DATA_POLICY


def test_script_hashes_cover_inline_scripts_only():
    body = b'<script src="https://cdn.example/x.js"></script><script>run()</script>'
    digest = base64.b64encode(hashlib.sha256(b"run()").digest()).decode()
    assert script_hashes(body) == f"'sha256-{digest}'"
