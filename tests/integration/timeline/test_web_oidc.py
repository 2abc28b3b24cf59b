"""Signing in through a real OpenID Connect provider (issue 23): /mijn and /ui, over HTTP.

The provider (tests/support/oidc_provider.py) listens on 127.0.0.1 and is reached by the
timeline over the network, as a municipality's would be; intake and the timeline run
in-process over the real servers, and the timeline asks intake for the young person's youth id
by their BSN (`POST /identities/lookup`). The failure paths are the point: each way a forged,
replayed or foreign sign-in could get in is refused with a page, never a session, never a 5xx.
"""

from __future__ import annotations

import json
from datetime import date
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from pydantic import SecretStr

from services.timeline.web.oidc.identities import IdentityLookup
from services.timeline.web.oidc.provider import OidcProvider
from services.timeline.web.oidc.routes import FLOW_COOKIE, OidcSignIn
from services.timeline.web.oidc.settings import OidcSettings
from shared.auth import AuthSettings
from tests.integration.intake.test_plan_api import TEXTS, youth_with_a_plan
from tests.integration.timeline.test_web_mijn import answering, log_of
from tests.integration.timeline.test_web_plan import closed_port, web  # noqa: F401 - fixture
from tests.support.apps import bearer
from tests.support.oidc_provider import CLIENT_ID, CLIENT_SECRET, UNPUBLISHED, TestProvider

KEY = "lookup-key-of-the-sign-in-service-for-tests-only"
BSN = "999993653"
UNKNOWN_BSN = "111222333"
# The provider shares the test's event loop with intake and the timeline: on a loaded machine
# an answer took over httpx's 5 s (a full run beside other work timed out once).
LOADED_S = 30.0
BASE = "http://localhost"  # as registered at the provider; the app is reached in-process


@pytest.fixture
async def idp():
    provider = TestProvider()
    async with provider.serving() as serving:
        yield serving


def oidc_settings(issuer: str, acr_values: tuple[str, ...] = ()) -> OidcSettings:
    return OidcSettings(
        issuer=issuer, client_id=CLIENT_ID, client_secret=SecretStr(CLIENT_SECRET),
        redirect_base=BASE, gemeentecode="0518", role_map={"regie-regisseurs": "regisseur"},
        identity_lookup_key=SecretStr(KEY), jwks_refetch_s=0, acr_values=list(acr_values),
        http_timeout_s=LOADED_S,
    )  # fmt: skip


def wire(apps, issuer: str, acr_values: tuple[str, ...] = ()) -> OidcSignIn:
    """Turn sign-in through the provider on, with intake reachable in-process."""
    intake_app, timeline_app = apps
    answering(apps)
    intake_app.state.identity_lookup_key = SecretStr(KEY)
    settings = oidc_settings(issuer, acr_values)
    client = httpx.AsyncClient(transport=httpx.ASGITransport(app=intake_app), timeout=5)
    lookup = IdentityLookup("http://intake", settings.identity_lookup_key, client)
    sign_in = OidcSignIn(settings, AuthSettings(), OidcProvider(settings), lookup)
    timeline_app.state.oidc = sign_in
    return sign_in


async def verified(intake, youth: str, bsn: str = BSN) -> None:
    answer = await intake.post(
        f"/youths/{youth}/identity-verification",
        json={"method": "brp", "bsn": bsn, "verified_on": date.today().isoformat()},
        headers=bearer("intake"),
    )
    assert answer.status_code == 201, answer.text


async def to_provider(timeline, start: str = "/mijn/inloggen/oidc") -> str:
    """Start signing in; the provider approves; the callback path it sends the browser to."""
    answer = await timeline.get(start)
    assert answer.status_code == 303, answer.text
    sent = urlsplit(answer.headers["location"])
    asked = parse_qs(sent.query)
    assert asked["code_challenge_method"] == ["S256"]
    assert {"state", "nonce", "code_challenge"} <= asked.keys()
    async with httpx.AsyncClient(timeout=LOADED_S) as browser:
        approved = await browser.get(answer.headers["location"])
    assert approved.status_code == 302, approved.text
    back = approved.headers["location"]
    assert back.startswith(f"{BASE}{start.removesuffix('/oidc')}/terug?")
    return back.removeprefix(BASE)


async def sign_in_through(timeline, start: str = "/mijn/inloggen/oidc") -> httpx.Response:
    return await timeline.get(await to_provider(timeline, start))


def refused(answer: httpx.Response, code: int, words: str) -> None:
    assert answer.status_code == code, answer.text
    assert words in answer.text
    assert "Inloggen is niet gelukt" in answer.text
    assert "regie_mijn" not in answer.headers.get("set-cookie", "")
    assert "regie_sessie" not in answer.headers.get("set-cookie", "")


async def young_person(intake, *, bsn: str = BSN) -> str:
    youth = await youth_with_a_plan(intake, exchange=[])
    await verified(intake, youth, bsn)
    return youth


async def test_a_young_person_signs_in_with_digid_and_sees_their_own_plan(web, idp):  # noqa: F811
    """Redirect, approval, callback: the session cookie is set and /mijn/plan is theirs."""
    intake, timeline, apps = web
    wire(apps, idp.issuer)
    youth = await young_person(intake)
    idp.behaviour.claims = {"bsn": BSN}

    form = await timeline.get("/mijn/inloggen")
    assert 'href="/mijn/inloggen/oidc"' in form.text
    answer = await sign_in_through(timeline)

    assert answer.status_code == 200, answer.text
    assert '<meta http-equiv="refresh" content="0;url=/mijn/plan">' in answer.text
    assert "regie_mijn=" in answer.headers["set-cookie"]
    assert "HttpOnly" in answer.headers["set-cookie"]
    assert timeline.cookies.get(FLOW_COOKIE) is None
    page = await timeline.get("/mijn/plan")
    assert page.status_code == 200, page.text
    assert all(text in page.text for text in TEXTS.values())
    entries = await log_of(intake, youth)
    lookups = [e for e in entries if e["activity"] == "intake.inloggen"]
    assert [(e["actor_role"], e["grondslag"], e["result"]) for e in lookups] == [
        ("jongere", "avg_15", "gelukt")
    ]
    assert BSN not in json.dumps(entries)


async def test_the_button_shows_only_when_the_provider_is_configured(web):  # noqa: F811
    """Without OIDC_* the form is the pasted token's only; the routes say it is not offered."""
    _, timeline, _ = web
    form = await timeline.get("/mijn/inloggen")
    assert "/mijn/inloggen/oidc" not in form.text
    answer = await timeline.get("/mijn/inloggen/oidc")
    assert answer.status_code == 404
    assert "niet ingesteld" in answer.text


async def test_a_callback_with_another_state_is_refused_before_the_code_is_used(web, idp):  # noqa: F811
    """Login CSRF: a code sent with a state this browser did not start is never exchanged."""
    intake, timeline, apps = web
    wire(apps, idp.issuer)
    await young_person(intake)
    idp.behaviour.claims = {"bsn": BSN}
    back = await to_provider(timeline)
    forged = back.replace("state=", "state=x", 1)

    refused(await timeline.get(forged), 400, "niet in deze browser begonnen")
    assert idp.token_requests == 0


async def test_a_callback_without_the_flow_cookie_is_refused(web, idp):  # noqa: F811
    """Another browser (the attacker's link) has no flow cookie: refused, nothing exchanged."""
    intake, timeline, apps = web
    wire(apps, idp.issuer)
    await young_person(intake)
    idp.behaviour.claims = {"bsn": BSN}
    back = await to_provider(timeline)
    timeline.cookies.clear()

    refused(await timeline.get(back), 400, "niet in deze browser begonnen")
    assert idp.token_requests == 0


async def test_a_replayed_callback_and_a_replayed_code_are_refused(web, idp):  # noqa: F811
    """The same callback twice: refused here; and where this process forgot it, by the provider."""
    intake, timeline, apps = web
    sign_in = wire(apps, idp.issuer)
    await young_person(intake)
    idp.behaviour.claims = {"bsn": BSN}
    back = await to_provider(timeline)
    flow = timeline.cookies.get(FLOW_COOKIE)
    assert (await timeline.get(back)).status_code == 200

    timeline.cookies.set(FLOW_COOKIE, flow, domain="service.local", path="/mijn/inloggen")
    refused(await timeline.get(back), 400, "al gebruikt")
    assert idp.token_requests == 1

    sign_in.used_states.clear()  # another replica: only the provider knows the code was used
    timeline.cookies.set(FLOW_COOKIE, flow, domain="service.local", path="/mijn/inloggen")
    refused(await timeline.get(back), 400, "al gebruikt")
    assert idp.token_requests == 2


@pytest.mark.parametrize(
    ("change", "value"),
    [
        ("nonce", "a-nonce-of-another-sign-in"),
        ("audience", "another-client"),
        ("issued_ago_s", 3600),
        ("unsigned", True),
    ],
    ids=["wrong nonce", "wrong audience", "expired", "alg none"],
)
async def test_an_id_token_that_is_not_for_this_sign_in_is_refused(web, idp, change, value):  # noqa: F811
    """Each of nonce, audience, expiry and signature is checked: 403, no session."""
    intake, timeline, apps = web
    wire(apps, idp.issuer)
    await young_person(intake)
    idp.behaviour.claims = {"bsn": BSN}
    setattr(idp.behaviour, change, value)

    refused(await sign_in_through(timeline), 403, "kon niet worden gecontroleerd")
    assert (await timeline.get("/mijn/plan", follow_redirects=False)).status_code == 303


async def test_a_token_signed_by_a_key_the_provider_does_not_publish_is_refused(web, idp):  # noqa: F811
    """An unknown `kid` fetches the keys once more, then refuses; rotated in, it is accepted.

    Two keys are trusted at once during a rotation, and no service is restarted for it.
    """
    intake, timeline, apps = web
    wire(apps, idp.issuer)
    await young_person(intake)
    idp.behaviour.claims = {"bsn": BSN}
    idp.behaviour.signing_key, idp.behaviour.kid = UNPUBLISHED, "key-2"

    refused(await sign_in_through(timeline), 403, "kon niet worden gecontroleerd")
    assert idp.jwks_fetches == 2  # the first fetch, and once again for the unknown kid

    idp.behaviour.published.append(("key-2", UNPUBLISHED))  # the provider rotates
    answer = await sign_in_through(timeline)
    assert answer.status_code == 200, answer.text
    assert idp.jwks_fetches == 3


async def test_an_unknown_bsn_is_told_in_words_and_the_lookup_is_logged(web, idp):  # noqa: F811
    """DigiD knows them, intake does not: a page "We kennen je nog niet", no session."""
    intake, timeline, apps = web
    wire(apps, idp.issuer)
    await young_person(intake)
    idp.behaviour.claims = {"bsn": UNKNOWN_BSN}

    answer = await sign_in_through(timeline)

    refused(answer, 404, "We kennen je nog niet")
    assert "We do not know you yet" in answer.text
    entries = await intake.get(
        "/processing-log", params={"youth_id": "onbekend"}, headers=bearer("auditor")
    )
    assert entries.status_code == 200, entries.text
    assert UNKNOWN_BSN not in entries.text


async def test_a_professional_signs_in_with_a_mapped_group_and_not_without(web, idp):  # noqa: F811
    """Group regie-regisseurs is role regisseur; a group mapping to no role is refused (403)."""
    _, timeline, apps = web
    wire(apps, idp.issuer)
    idp.behaviour.claims = {"groups": ["iets-anders"]}

    form = await timeline.get("/ui/inloggen")
    assert "/ui/inloggen/oidc" in form.text
    refused(await sign_in_through(timeline, "/ui/inloggen/oidc"), 403, "geen rol in regie")

    idp.behaviour.claims = {"groups": ["regie-regisseurs", "iets-anders"]}
    answer = await sign_in_through(timeline, "/ui/inloggen/oidc")
    assert answer.status_code == 200, answer.text
    assert "regie_sessie=" in answer.headers["set-cookie"]
    assert (await timeline.get("/ui/jongeren")).status_code == 200
    # A professional's sign-in never opens Mijn regie, and a young person's flow not /ui's.
    assert (await timeline.get("/mijn/plan", follow_redirects=False)).status_code == 303


async def test_policy_staff_signed_in_through_the_provider_land_on_the_report(web, idp):  # noqa: F811
    """As with a pasted token: a role that reads figures only opens on the report page."""
    _, timeline, apps = web
    sign_in = wire(apps, idp.issuer)
    role_map = {"regie-beleid": "beleidsmedewerker"}
    timeline_settings = sign_in.settings.model_copy(update={"role_map": role_map})
    sign_in.settings = timeline_settings
    idp.behaviour.claims = {"groups": "regie-beleid"}

    answer = await sign_in_through(timeline, "/ui/inloggen/oidc")

    assert answer.status_code == 200, answer.text
    assert '<meta http-equiv="refresh" content="0;url=/ui/rapportage">' in answer.text


async def test_an_unreachable_provider_is_a_page_not_a_5xx(web):  # noqa: F811
    """Discovery fails: the young person reads that signing in is not possible right now."""
    _, timeline, apps = web
    wire(apps, f"http://127.0.0.1:{closed_port()}")

    answer = await timeline.get("/mijn/inloggen/oidc")

    refused(answer, 424, "lukt nu niet")


async def test_a_token_endpoint_or_intake_that_fails_is_a_page_not_a_5xx(web, idp):  # noqa: F811
    """After the provider's approval: its token endpoint down, or intake unreachable: a 424."""
    intake, timeline, apps = web
    sign_in = wire(apps, idp.issuer)
    await young_person(intake)
    idp.behaviour.claims = {"bsn": BSN}
    idp.behaviour.token_endpoint_down = True
    refused(await sign_in_through(timeline), 424, "lukt nu niet")

    idp.behaviour.token_endpoint_down = False
    sign_in.identities = IdentityLookup(f"http://127.0.0.1:{closed_port()}", SecretStr(KEY))
    refused(await sign_in_through(timeline), 424, "lukt nu niet")


async def test_the_lookup_opens_to_the_service_key_only(web):  # noqa: F811
    """No key, a wrong one, a token of any role: 401; the key opens no other route.

    A bad BSN is a 422 naming the field without echoing it; unconfigured, the route is a 404.
    """
    intake, _, apps = web
    youth = await young_person(intake)
    body = {"bsn": BSN, "gemeentecode": "0518"}
    answer = await intake.post("/identities/lookup", json=body, headers=bearer("intake"))
    assert answer.status_code == 404  # not configured in intake

    apps[0].state.identity_lookup_key = SecretStr(KEY)
    key = {"Authorization": f"Bearer {KEY}"}
    for headers in ({}, {"Authorization": "Bearer wrong"}, bearer("intake"), bearer("auditor")):
        answer = await intake.post("/identities/lookup", json=body, headers=headers)
        assert answer.status_code == 401, (headers, answer.text)
    assert (await intake.get(f"/youths/{youth}", headers=key)).status_code == 401
    assert (await intake.get("/processing-log", headers=key)).status_code == 401

    wrong = await intake.post("/identities/lookup", json={**body, "bsn": "999993654"},
                              headers=key)  # fmt: skip
    assert wrong.status_code == 422, wrong.text
    assert wrong.json()["detail"][0]["loc"] == ["body", "bsn"]
    assert "999993654" not in wrong.text
    other = await intake.post("/identities/lookup", json={**body, "gemeentecode": "0599"},
                              headers=key)  # fmt: skip
    assert other.status_code == 404  # another municipality's index holds nobody of ours
    found = await intake.post("/identities/lookup", json=body, headers=key)
    assert found.status_code == 200, found.text
    assert found.json() == {"youth_id": youth}


SUBSTANTIEEL = "urn:oasis:names:tc:SAML:2.0:ac:classes:MobileTwoFactorContract"
BASIS = "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport"


@pytest.mark.parametrize(("acr", "opens"), [(SUBSTANTIEEL, True), (BASIS, False), (None, False)])
async def test_mijn_regie_asks_for_and_requires_the_level_of_assurance_set(web, idp, acr, opens):  # noqa: F811
    """OIDC_ACR_VALUES: asked for in the request, and the signed `acr` must be one of them."""
    intake, timeline, apps = web
    wire(apps, idp.issuer, acr_values=(SUBSTANTIEEL,))
    await young_person(intake)
    idp.behaviour.claims = {"bsn": BSN, **({"acr": acr} if acr else {})}

    start = await timeline.get("/mijn/inloggen/oidc")
    assert parse_qs(urlsplit(start.headers["location"]).query)["acr_values"] == [SUBSTANTIEEL]
    answer = await sign_in_through(timeline)

    if opens:
        assert answer.status_code == 200, answer.text
        assert "regie_mijn=" in answer.headers["set-cookie"]
    else:
        refused(answer, 403, "DigiD op niveau Substantieel")
