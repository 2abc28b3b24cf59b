"""Mijn regie in a real headless Chromium: the young person's whole path, on a phone, by keyboard.

Intake and the timeline on loopback ports (test_web_browser.py's `site`), the young person's
own token through the sign-in form. Every page of /mijn is checked by axe-core at 320 and 1280
px, must not scroll sideways at 320 px, and is saved as a 320 px screenshot in test-artifacts/
(mijn-*.png). Every form is filled and sent by keyboard alone: Tab, Space, arrows and Enter.
"""

from __future__ import annotations

import json
import uuid
from typing import TYPE_CHECKING

from shared.auth import AuthSettings, mint_token
from tests.integration.timeline.accessibility import PHONE, Audit, assert_focus_visible
from tests.integration.timeline.story import DIRECTOR, publish_domains, register_assigned
from tests.integration.timeline.test_web_browser import (  # noqa: F401 - the fixtures
    _count_after_reload,
    agree_plan,
    browser,
    csp_violations,
    profile,
    site,
    tab_until,
)
from tests.support.apps import bearer, token
from tests.support.waiting import eventually

if TYPE_CHECKING:
    from playwright.async_api import Page

HOUSING_SHOWN = "li.gebeurtenis[data-domein=housing]:not(.gebeurtenis--afgeschermd)"
HOUSING_SHIELDED = "li.gebeurtenis--afgeschermd[data-domein=housing]"


def young_token(youth_id: str) -> str:
    """The token `python -m shared.auth mint` gives a young person (role jongere, own id)."""
    return mint_token(AuthSettings(), subject=f"jongere-{youth_id[:8]}", roles=["jongere"],
                      gemeentecode="0518", youth_id=youth_id)  # fmt: skip


async def press_on(page: Page, predicate: str, key: str = "Enter") -> None:
    """Tab to the element the JS `predicate` picks (it reads `el`), see it focused, press `key`."""
    assert await tab_until(page, predicate, limit=60), f"Tab never reached: {predicate}"
    await assert_focus_visible(page)
    await page.keyboard.press(key)


async def follow(page: Page, predicate: str) -> None:
    """`press_on` with Enter, waiting for the page it sends to (a form may answer in place)."""
    async with page.expect_navigation():
        await press_on(page, predicate)


def button(text: str) -> str:
    """The `tab_until` predicate of the button that reads `text`."""
    return f"return el.tagName === 'BUTTON' && el.textContent.trim() === {json.dumps(text)};"


async def _text_after_reload(page: Page) -> str:
    await page.goto(page.url, wait_until="load")
    return await page.locator("main").inner_text()


async def sign_in_by_keyboard(
    page: Page, base: str, token_text: str, audit: Audit | None = None
) -> None:
    """/mijn opens on the sign-in form: paste the code, Tab to the button, Enter."""
    await page.goto(f"{base}/mijn")
    assert page.url == f"{base}/mijn/inloggen"
    if audit is not None:
        await audit.check(page, "inloggen", shot="mijn-01-inloggen")
    assert await tab_until(page, "return el.id === 'token';")
    await page.keyboard.insert_text(token_text)  # as a paste: a token is not typed by hand
    await follow(page, button("Inloggen"))


async def ask_and_get_an_answer(
    page: Page, officer: Page, base: str, youth_id: str, audit: Audit
) -> None:
    """A correction asked by keyboard reaches the privacy officer, whose answer comes back.

    The request is a signal on the officer's worklist; the answer, given by keyboard on
    Verzoeken, is what the young person then reads in Mijn verzoeken.
    """
    await page.goto(f"{base}/mijn/verzoeken")
    assert await tab_until(page, "return el.id === 'tekst-correctie';", limit=60)
    await page.keyboard.type("Mijn adres klopt niet.")
    await follow(page, button("Vraag om verbetering"))
    await page.wait_for_url("**/mijn/verzoeken?verstuurd=1")
    assert (await page.get_by_role("status").inner_text()).startswith("Je verzoek is verstuurd.")
    await audit.check(page, "verzoeken, verstuurd", shot="mijn-20-verzoek-verstuurd")

    signed_in = token("privacy_officer", sub="privacy-1")
    await officer.context.add_cookies([{"name": "regie_sessie", "url": f"{base}/ui",
                                        "value": signed_in}])  # fmt: skip
    await officer.goto(f"{base}/ui/signalen?jongere={youth_id}")
    link = officer.get_by_role("link", name="Verzoek beantwoorden")
    await eventually(lambda: _count_after_reload(officer, link), lambda n: n == 1)
    await audit.check(officer, "signalen van de privacy officer")
    await follow(officer, "return el.textContent.trim() === 'Verzoek beantwoorden';")
    await officer.wait_for_url(f"{base}/ui/verzoeken?jongere={youth_id}")
    assert "Mijn adres klopt niet." in await officer.locator("main").inner_text()
    await press_on(officer, "return el.name === 'uitkomst';", "ArrowRight")  # deels toegewezen
    assert await tab_until(officer, "return el.name === 'toelichting';")
    await officer.keyboard.type("Je adres is aangepast; je oude adres bewaren we nog.")
    await follow(officer, button("Antwoord versturen"))
    await officer.wait_for_url("**beantwoord=1")
    await audit.check(officer, "verzoeken, beantwoord door de privacy officer")

    await page.goto(f"{base}/mijn/verzoeken")
    answered = await page.locator("main").inner_text()
    assert "We hebben een deel gedaan van wat je vroeg." in answered
    assert "je oude adres bewaren we nog" in answered
    await audit.check(page, "verzoeken, beantwoord", shot="mijn-21-verzoek-beantwoord")


async def test_a_young_person_walks_their_whole_path_by_keyboard_on_a_phone(  # noqa: PLR0915 - one path, the issue's done-when
    site,  # noqa: F811
    browser,  # noqa: F811
    endpoints,
    topic_prefix,
    tmp_path,
):
    """Sign in, plan, timeline, who looked, withdraw a consent, download, ask, rate a contact.

    The withdrawal is confirmed in a second step and the regisseur's view of the young
    person, open in another tab, then shows housing's entries afgeschermd. The download holds
    the young person's own events, opened, the withdrawal among them. A correction request
    reaches the privacy officer's worklist and their answer comes back. Each page passes axe.
    """
    base, intake = site
    youth_id = await register_assigned(intake)  # the regisseur may see wonen
    await agree_plan(intake, youth_id)
    await publish_domains(endpoints.kafka_bootstrap, topic_prefix, youth_id)
    regisseur = await browser.new_page()
    await browser.add_cookies([{"name": "regie_sessie", "url": f"{base}/ui",
                                "value": token("regisseur", sub=DIRECTOR)}])  # fmt: skip
    await regisseur.goto(f"{base}/ui/jongeren/{youth_id}")
    shown = regisseur.locator(HOUSING_SHOWN)
    await eventually(lambda: _count_after_reload(regisseur, shown), lambda n: n == 3)

    page = await browser.new_page()
    await page.set_viewport_size(PHONE)
    blocked = csp_violations(page)
    audit = Audit()
    await sign_in_by_keyboard(page, base, young_token(youth_id), audit)
    await page.wait_for_url(f"{base}/mijn/plan")

    # Mijn plan: every goal in my own words, also the one the regisseur may not read.
    main = page.locator("main")
    assert "Een eigen kamer voor de zomer" in await main.inner_text()
    assert "Mijn schulden op een rij" in await main.inner_text()
    await audit.check(page, "plan", shot="mijn-02-plan")
    await page.goto(f"{base}/mijn/tijdlijn")
    # The timeline learns housing's facts from its topic: a moment later under load.
    seen = await eventually(lambda: _text_after_reload(page), lambda text: "Wonen" in text)
    assert "Toekomstplan vastgesteld" in seen
    assert DIRECTOR not in seen
    await audit.check(page, "tijdlijn", shot="mijn-03-tijdlijn")
    await page.goto(f"{base}/mijn/verwerkingen")
    looked = await main.inner_text()
    assert "Je jongerenregisseur" in looked  # the regisseur's read of my timeline, just now
    assert DIRECTOR not in looked
    await audit.check(page, "verwerkingen", shot="mijn-04-verwerkingen")
    await page.goto(f"{base}/mijn/mensen")
    assert "Jongerenteam Den Haag" in await main.inner_text()
    await audit.check(page, "mensen", shot="mijn-05-mensen")
    await page.goto(f"{base}/mijn/wat-komt")
    await audit.check(page, "wat-komt", shot="mijn-06-wat-komt")

    # Mijn toestemming: untick wonen with Space, read what changes, confirm with Enter.
    await page.goto(f"{base}/mijn/toestemming")
    await audit.check(page, "toestemming", shot="mijn-07-toestemming")
    wonen = page.locator("#tijdlijn_delen-wonen")
    assert await wonen.is_checked()
    await press_on(page, "return el.id === 'tijdlijn_delen-wonen';", "Space")
    assert not await wonen.is_checked()
    await follow(page, "return el.type === 'submit' && el.form.doel.value === 'tijdlijn_delen';")
    await page.wait_for_url("**/mijn/toestemming/controleren")
    assert "ziet vanaf nu niet meer wat er gebeurt bij: Wonen." in await main.inner_text()
    await audit.check(page, "toestemming, controleren", shot="mijn-08-toestemming-controleren")
    await follow(page, button("Ja, zo wil ik het"))
    await page.wait_for_url("**/mijn/toestemming?opgeslagen=1")
    assert await page.get_by_role("status").inner_text() == "Je keuze is opgeslagen."
    assert not await wonen.is_checked()
    await audit.check(page, "toestemming, opgeslagen", shot="mijn-09-toestemming-opgeslagen")

    # The regisseur's view changes: housing's entries are afgeschermd now.
    shielded = regisseur.locator(HOUSING_SHIELDED)
    await eventually(lambda: _count_after_reload(regisseur, shielded), lambda n: n == 3)
    assert await regisseur.locator(HOUSING_SHOWN).count() == 0

    # Mijn verzoeken, Al mijn gegevens, and the file: links followed with Enter.
    await page.goto(f"{base}/mijn/verzoeken")
    await audit.check(page, "verzoeken", shot="mijn-10-verzoeken")
    await follow(page, "return el.textContent.trim() === 'Bekijk al mijn gegevens';")
    await page.wait_for_url(f"{base}/mijn/verzoeken/gegevens")
    assert "Sam de Vries" in await main.inner_text()  # my name, sealed at intake, opened
    await audit.check(page, "gegevens", shot="mijn-11-gegevens")
    async with page.expect_download() as downloading:
        await press_on(page, "return el.getAttribute('href') === '/mijn/verzoeken/gegevens.json';")
    download = await downloading.value
    assert download.suggested_filename == "mijn-gegevens.json"
    saved = tmp_path / download.suggested_filename
    await download.save_as(saved)
    mine = json.loads(saved.read_text(encoding="utf-8"))["diensten"]["intake"]
    types = [event["type"].rsplit(".", 1)[-1] for event in mine]
    assert {"youth-registered", "director-assigned", "consent-withdrawn"} <= set(types)
    [registered] = [e for e in mine if e["type"].endswith("youth-registered")]
    assert registered["data"]["full_name"] == "Sam de Vries"
    await ask_and_get_an_answer(page, regisseur, base, youth_id, audit)

    # Mijn mening: sent empty first (the 422 names what is missing), then by keyboard.
    await page.goto(f"{base}/mijn/mijn-mening")
    await audit.check(page, "mijn-mening", shot="mijn-12-mijn-mening")
    await follow(page, button("Verstuur"))
    await page.wait_for_load_state("load")
    assert "Kies een cijfer van 1 tot en met 5." in await main.inner_text()
    await audit.check(page, "mijn-mening, fout", shot="mijn-13-mijn-mening-fout")
    await press_on(page, "return el.id === 'over-contact';", "Space")
    await press_on(page, "return el.name === 'cijfer';", "ArrowRight")  # from 1 to 2
    for _ in range(2):
        await page.keyboard.press("ArrowRight")  # to 4
    assert await page.locator("#cijfer-4").is_checked()
    assert await tab_until(page, "return el.id === 'woorden';")
    await page.keyboard.type("Fijn gesprek.")
    await follow(page, button("Verstuur"))
    await page.wait_for_url("**/mijn/mijn-mening?bedankt=1")
    assert await page.get_by_role("status").inner_text() == "Bedankt! Je mening is opgeslagen."
    await audit.check(page, "mijn-mening, bedankt", shot="mijn-14-mijn-mening-bedankt")
    log = await intake.get("/processing-log", params={"youth_id": youth_id},
                           headers=bearer("auditor"))  # fmt: skip
    rated = [(e["actor_role"], e["result"]) for e in log.json()
             if e["activity"] == "intake.mening"]  # fmt: skip
    assert rated == [("jongere", "gelukt")]  # recorded once, the empty form never reached it

    await page.goto(f"{base}/mijn/tijdlijn?eerder=geen-plek")
    await audit.check(page, "422-pagina", shot="mijn-15-422")
    await follow(page, button("Uitloggen"))
    await page.wait_for_url(f"{base}/mijn/inloggen?uitgelogd=1")
    await audit.check(page, "uitgelogd", shot="mijn-16-uitgelogd")
    # A professional's token: the sign-in form refuses it; as a cookie, the 403 page.
    await sign_in_by_keyboard(page, base, token("regisseur", sub=DIRECTOR))
    await page.wait_for_load_state("load")
    assert "alleen voor jongeren" in await page.get_by_role("alert").inner_text()
    await audit.check(page, "inloggen, geweigerd", shot="mijn-17-inloggen-geweigerd")
    await browser.add_cookies([{"name": "regie_mijn", "url": f"{base}/mijn",
                                "value": token("regisseur", sub=DIRECTOR)}])  # fmt: skip
    await page.goto(f"{base}/mijn/plan")
    assert await page.get_by_role("heading", level=1).inner_text() == "Geen toegang"
    await audit.check(page, "403-pagina", shot="mijn-18-403")
    await browser.add_cookies([{"name": "regie_mijn", "url": f"{base}/mijn",
                                "value": young_token(str(uuid.uuid4()))}])  # fmt: skip
    await page.goto(f"{base}/mijn/plan")
    assert await page.get_by_role("heading", level=1).inner_text() == "Niet gevonden"
    await audit.check(page, "404-pagina", shot="mijn-19-404")

    audit.assert_clean()
    assert len(audit.pages) == 23
    assert blocked == []


async def test_the_sign_in_refusal_pages_of_both_page_sets_pass_axe_at_320_px(site, browser):  # noqa: F811
    """The OpenID Connect sign-in's own pages (its refusals) meet the same WCAG 2.1 AA rules.

    Where the provider is not configured, the sign-in routes answer with the page every
    refusal uses (mijn/inloggen_oidc.html, inloggen_oidc.html), in words, with a way back.
    """
    base, _intake = site
    audit = Audit()
    page = await browser.new_page()
    await page.set_viewport_size(PHONE)
    for prefix, label in (
        ("/mijn", "mijn, inloggen via de gemeente"),
        ("/ui", "inloggen via de gemeente"),
    ):
        answer = await page.goto(f"{base}{prefix}/inloggen/oidc")
        assert answer is not None
        assert answer.status == 404
        assert "Inloggen is niet gelukt" in await page.locator("main").inner_text()
        await audit.check(page, label, shot=f"{prefix.strip('/')}-inloggen-oidc-geweigerd")
    audit.assert_clean()
