"""The web view against forged posts and hostile hosts; strict headers on every service's answers.

Intake and the timeline run in-process against the real servers, as in test_web_view.
"""

from __future__ import annotations

import contextlib
import uuid

import pytest

from services.intake.bootstrap import create_app as create_intake
from services.intake.settings import IntakeSettings
from services.timeline.bootstrap import create_app as create_timeline
from services.timeline.settings import TimelineSettings
from services.timeline.web.csrf import FIELD
from shared.security_headers import DATA_POLICY, PAGE_POLICY
from tests.integration.timeline.story import DIRECTOR
from tests.integration.timeline.web_session import form_token, log_in
from tests.support.apps import bearer, platform_settings, serve, token
from tests.support.waiting import eventually

CROSS_SITE = [
    {"Origin": "https://evil.example"},
    {"Origin": "null"},
    {"Referer": "https://evil.example/aanval.html"},
    {"Sec-Fetch-Site": "cross-site"},
    {"Sec-Fetch-Site": "same-site", "Origin": "http://service"},
]
"""What a browser sends along with a form another site submits (each alone suffices)."""

HEADERS = {
    "x-frame-options": "DENY",
    "x-content-type-options": "nosniff",
    "referrer-policy": "strict-origin-when-cross-origin",
    "cache-control": "no-store",
}


@pytest.fixture(scope="module")
async def served(endpoints):
    """Intake and the timeline, each on its own schema and ready: one pair for the module.

    The tests keep no data of their own, only cookies, which each test starts without.
    """
    topic_prefix = f"t{uuid.uuid4().hex[:10]}"
    settings = platform_settings(endpoints).model_copy(update={"kafka_topic_prefix": topic_prefix})
    intake = create_intake(
        settings,
        IntakeSettings(schema_name=f"{topic_prefix}_intake", summaries_group=f"{topic_prefix}-i"),
    )
    timeline = create_timeline(
        settings,
        TimelineSettings(schema_name=f"{topic_prefix}_timeline", consumer_group=topic_prefix),
    )
    async with contextlib.AsyncExitStack() as stack:
        intake_client = await stack.enter_async_context(serve(intake))
        timeline_client = await stack.enter_async_context(serve(timeline))
        for client in (intake_client, timeline_client):
            await eventually(lambda c=client: c.get("/ready"), lambda r: r.status_code == 200)
        yield intake_client, timeline_client


@pytest.fixture
def apps(served):
    """The module's pair, with no session or form cookie left from another test."""
    for client in served:
        client.cookies.clear()
    return served


def refused_as_forged(response) -> None:
    """403, a page saying so in Dutch and in English; never a 5xx."""
    assert response.status_code == 403, response.text
    assert "Dit formulier kwam niet van deze site of is verlopen." in response.text
    assert "This form did not come from this site or has expired." in response.text


def signed_in_as(response) -> bool:
    return any("regie_sessie=ey" in c for c in response.headers.get_list("set-cookie"))


async def test_login_refuses_a_cross_site_post(apps):
    """No token, another browser's token, or another site's Origin: 403, and nobody signed in."""
    _, timeline = apps
    login = {"token": token("regisseur", sub=DIRECTOR), "volgende": "/ui/jongeren"}

    bare = await timeline.post("/ui/inloggen", data=login)
    refused_as_forged(bare)
    assert not signed_in_as(bare)

    valid = await form_token(timeline)
    for headers in CROSS_SITE:
        forged = await timeline.post("/ui/inloggen", data={**login, FIELD: valid}, headers=headers)
        refused_as_forged(forged)
        assert not signed_in_as(forged), headers

    # The token is bound to this browser's cookie: without the cookie, or with another, it fails.
    timeline.cookies.clear()
    refused_as_forged(await timeline.post("/ui/inloggen", data={**login, FIELD: valid}))
    await form_token(timeline)  # a new cookie, to which the old token does not belong
    refused_as_forged(await timeline.post("/ui/inloggen", data={**login, FIELD: valid}))


async def test_login_from_our_own_form_works_and_renews_the_token(apps):
    """Same origin with the form's token: signed in; the token from before signing in is spent."""
    _, timeline = apps
    before = await form_token(timeline)
    response = await timeline.post(
        "/ui/inloggen",
        data={"token": token("regisseur", sub=DIRECTOR), "volgende": "/ui/jongeren", FIELD: before},
        headers={"Origin": "http://service", "Sec-Fetch-Site": "same-origin"},
    )
    assert response.status_code == 303, response.text
    assert signed_in_as(response)
    assert (await timeline.get("/ui/jongeren")).status_code == 200
    refused_as_forged(await timeline.post("/ui/uitloggen", data={FIELD: before}))


async def test_logout_refuses_a_cross_site_post_and_works_from_our_page(apps):
    """A forged logout leaves the employee signed in; the page's own button signs them out."""
    _, timeline = apps
    await log_in(timeline, token("regisseur", sub=DIRECTOR))
    refused_as_forged(await timeline.post("/ui/uitloggen"))
    valid = await form_token(timeline, "/ui/jongeren")
    refused_as_forged(
        await timeline.post(
            "/ui/uitloggen", data={FIELD: valid}, headers={"Origin": "https://evil.example"}
        )
    )
    assert (await timeline.get("/ui/jongeren")).status_code == 200  # still signed in

    out = await timeline.post(
        "/ui/uitloggen", data={FIELD: valid}, headers={"Referer": "http://service/ui/jongeren"}
    )
    assert out.status_code == 303
    assert out.headers["location"] == "/ui/inloggen?uitgelogd=1"
    assert (await timeline.get("/ui/jongeren")).status_code == 303  # to the login form


async def test_the_host_header_never_reaches_a_page(apps):
    """`Host: evil.example` is not echoed in the stylesheet link or anywhere else."""
    _, timeline = apps
    evil = {"Host": "evil.example"}
    login_form = await timeline.get("/ui/inloggen", headers=evil)
    assert login_form.status_code == 200
    assert "evil.example" not in login_form.text
    assert 'href="/ui/static/regie.css"' in login_form.text
    await log_in(timeline, token("regisseur", sub=DIRECTOR))
    for path in ("/ui/jongeren", "/ui/rapportage", "/ui/bestaat-niet"):
        page = await timeline.get(path, headers=evil)
        assert "evil.example" not in page.text, path
        assert "<html" in page.text


async def test_pages_send_strict_security_headers(apps):
    """The login form and a signed-in page: a strict CSP and the rest; the stylesheet caches."""
    _, timeline = apps
    login_form = await timeline.get("/ui/inloggen")
    await log_in(timeline, token("regisseur", sub=DIRECTOR))
    mine = await timeline.get("/ui/jongeren")
    for page in (login_form, mine):
        assert page.status_code == 200, page.url
        assert page.headers["content-security-policy"] == PAGE_POLICY
        assert {name: page.headers.get(name) for name in HEADERS} == HEADERS, page.url
    policy = PAGE_POLICY.split("; ")
    assert "default-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "form-action 'self'" in policy
    assert any(p.startswith("base-uri") for p in policy)
    assert "unsafe-inline" not in PAGE_POLICY
    css = await timeline.get("/ui/static/regie.css")
    assert css.status_code == 200
    assert "cache-control" not in css.headers  # a static file holds no personal data
    assert css.headers["x-content-type-options"] == "nosniff"


async def test_json_answers_of_the_timeline_and_intake_send_strict_headers(apps):
    """The timeline's report and intake's list, their refusals too: no framing, no storing."""
    intake, timeline = apps
    answers = [
        await timeline.get("/reports", params={"from": "2025-01", "until": "2025-02"},
                           headers=bearer("auditor")),
        await timeline.get("/reports", params={"from": "2025-01", "until": "2025-02"}),
        await intake.get("/youths", headers=bearer("intake")),
        await intake.get("/youths"),
    ]  # fmt: skip
    assert [a.status_code for a in answers] == [200, 401, 200, 401]
    for answer in answers:
        assert answer.headers["content-type"].startswith("application/json")
        assert answer.headers["content-security-policy"] == DATA_POLICY
        assert {name: answer.headers.get(name) for name in HEADERS} == HEADERS


async def test_the_api_docs_still_load_swagger_ui_under_their_own_policy(apps):
    """/docs may load Swagger UI from jsDelivr and run its one inline script, by hash only."""
    _, timeline = apps
    docs = await timeline.get("/docs")
    assert docs.status_code == 200
    policy = docs.headers["content-security-policy"]
    assert "script-src https://cdn.jsdelivr.net 'sha256-" in policy
    assert "'unsafe-inline'" not in policy.split("script-src")[1].split(";")[0]
    assert "frame-ancestors 'none'" in policy
    assert docs.headers["x-frame-options"] == "DENY"
    assert (await timeline.get("/openapi.json")).status_code == 200
