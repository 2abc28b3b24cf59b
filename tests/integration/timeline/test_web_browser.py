"""The web view in a real headless Chromium, against intake and the timeline on loopback ports.

Debian's chromium (`make test` installs it when missing) driven by Playwright with
`executable_path`; screenshots go to test-artifacts/ for a human to look at, each taken after
axe-core found no WCAG 2.1 A/AA violation on the page (tests/integration/timeline/accessibility.py).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import socket
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import uvicorn
from aiokafka import AIOKafkaProducer
from openpyxl import load_workbook
from playwright.async_api import BrowserContext, Locator, Page, async_playwright
from playwright.async_api import Error as PlaywrightError

from services.intake.bootstrap import create_app as create_intake
from services.intake.settings import IntakeSettings
from services.timeline.bootstrap import create_app as create_timeline
from services.timeline.settings import TimelineSettings
from shared.devstack.demo_contacts import DEMO_CONTACTS
from shared.kafka import events_topic
from tests.integration.timeline.accessibility import (
    Audit,
    assert_accessible,
    assert_focus_visible,
)
from tests.integration.timeline.story import (
    DIRECTOR,
    NAME,
    SOURCE,
    cloudevent,
    publish_domains,
    register_assigned,
)
from tests.support.apps import bearer, platform_settings, token
from tests.support.waiting import eventually

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts"
FLAGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--lang=nl-NL",
]  # fmt: skip


def bound_socket() -> socket.socket:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    return sock


@contextlib.asynccontextmanager
async def listening(app, sock):
    """Serve `app` with uvicorn on an already bound loopback socket, in this event loop."""
    server = uvicorn.Server(uvicorn.Config(app, log_config=None, access_log=False))
    task = asyncio.create_task(server.serve(sockets=[sock]))
    await eventually(lambda: asyncio.sleep(0, server.started), bool, within=60)
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    finally:
        server.should_exit = True
        await task


@pytest.fixture
async def site(endpoints, topic_prefix):
    """Intake and the timeline on real ports; the timeline asks intake for names.

    Mijn mensen shows the demo municipality's contacts (0518), as `make run` sets them.
    """
    settings = platform_settings(endpoints).model_copy(update={"kafka_topic_prefix": topic_prefix})
    intake_sock, timeline_sock = bound_socket(), bound_socket()
    intake_url = f"http://127.0.0.1:{intake_sock.getsockname()[1]}"
    intake = create_intake(
        settings,
        IntakeSettings(schema_name=f"{topic_prefix}_intake", summaries_group=f"{topic_prefix}-i"),
    )
    timeline = create_timeline(
        settings,
        TimelineSettings(schema_name=f"{topic_prefix}_timeline", consumer_group=topic_prefix,
                         intake_url=intake_url, programmes={"dtj": ["0518"]},
                         figures_publish_interval_s=1, figures_months=1,
                         contacts=DEMO_CONTACTS),
    )  # fmt: skip
    async with contextlib.AsyncExitStack() as stack:
        await stack.enter_async_context(listening(intake, intake_sock))
        base = await stack.enter_async_context(listening(timeline, timeline_sock))
        intake_client = await stack.enter_async_context(serve_remote(intake_url))
        yield base, intake_client


@contextlib.asynccontextmanager
async def serve_remote(url):
    import httpx  # noqa: PLC0415 - only this fixture talks to a remote app

    async with httpx.AsyncClient(base_url=url, timeout=10) as client:
        yield client


@pytest.fixture
def profile(tmp_path):
    """A fresh user data dir, and the check that Debian's chromium is there."""
    assert CHROMIUM.exists(), "make test installs Debian's chromium; run it, or apt-get it"
    return tmp_path / "profiel"


@pytest.fixture
async def browser(profile):
    """A fresh headless Chromium profile; nothing reaches the network but loopback."""
    async with async_playwright() as playwright:
        context = await playwright.chromium.launch_persistent_context(
            profile, executable_path=str(CHROMIUM), headless=True, args=FLAGS,
            viewport={"width": 1280, "height": 900}, locale="nl-NL",
        )  # fmt: skip
        try:
            yield context
        finally:
            await context.close()


async def shot(page, name):
    """A screenshot for a human to look at, once axe-core found no violation on the page."""
    await assert_accessible(page)
    await page.screenshot(path=ARTIFACTS / f"{name}.png", full_page=True)


async def tab_until(page: Page, predicate: str, limit: int = 40) -> bool:
    """Press Tab until the focused element satisfies the JS `predicate`; True if it did."""
    for _ in range(limit):
        await page.keyboard.press("Tab")
        if await page.evaluate(f"(() => {{ const el = document.activeElement; {predicate} }})()"):
            return True
    return False


async def press_button(page: Page, name: str) -> None:
    """Tab from where the focus is to the control reading `name`, see it focused, press Enter.

    Waits for the page it sends to: a form that answers on its own address too.
    """
    found = f"return el.textContent.trim() === {json.dumps(name)};"
    assert await tab_until(page, found, limit=80), f"Tab never reached {name!r}"
    await assert_focus_visible(page)
    async with page.expect_navigation():
        await page.keyboard.press("Enter")


async def log_in(page, base):
    """Through the login form: the skip link first, a refused token, then a valid one."""
    await page.goto(f"{base}/ui/jongeren")
    assert page.url.startswith(f"{base}/ui/inloggen?volgende=")
    await page.keyboard.press("Tab")
    skip = await page.evaluate("document.activeElement.textContent.trim()")
    assert skip == "Naar de inhoud"
    assert (await page.locator(".skiplink").bounding_box())["y"] >= 0  # visible when focused
    await page.get_by_label("Token").fill("niet-geldig")
    await press_button(page, "Inloggen")
    assert await page.get_by_role("alert").inner_text() == (
        "Inloggen is niet gelukt. Dit token is ongeldig of verlopen. Vraag een nieuw token aan."
    )
    await shot(page, "01-inloggen-fout")
    await page.get_by_label("Token").fill(token("regisseur", sub=DIRECTOR))
    await press_button(page, "Inloggen")
    await page.wait_for_url(f"{base}/ui/jongeren", wait_until="load")


async def test_a_director_signs_in_opens_a_young_person_and_filters_the_timeline(
    site, browser, endpoints, topic_prefix
):
    """Login, my young people (name from intake), summary, filter by keyboard, the report."""
    base, intake = site
    ARTIFACTS.mkdir(exist_ok=True)
    youth_id = await register_assigned(intake)
    await publish_domains(endpoints.kafka_bootstrap, topic_prefix, youth_id)
    page = await browser.new_page()
    blocked = csp_violations(page)

    await log_in(page, base)

    link = page.get_by_role("link", name=NAME)
    await eventually(lambda: _count_after_reload(page, link), lambda n: n == 1)
    await shot(page, "02-mijn-jongeren")

    await link.click()
    await eventually(
        lambda: _count_after_reload(page, page.locator("li.gebeurtenis")), lambda n: n == 7
    )
    assert await page.get_by_role("heading", level=1).inner_text() == NAME
    cards = page.locator("[data-overzicht] > li")
    assert await cards.count() == 3
    assert "Gehuisvest" in await cards.filter(has_text="Wonen").inner_text()
    assert await page.locator("li.gebeurtenis--afgeschermd").count() == 2
    await shot(page, "03-jongere")

    # Filter with the keyboard only: Tab into the form, untick, type a date, submit with Enter.
    assert await tab_until(page, "return el.closest('#filter') !== null;")
    await page.get_by_label("Intake en regie").uncheck()
    await page.get_by_label("Schulden").uncheck()
    await page.get_by_label("Van").fill("2025-02-01")
    await page.get_by_role("button", name="Filter toepassen").focus()
    await page.keyboard.press("Enter")
    await page.wait_for_url("**van=2025-02-01**")
    shown = await page.locator("li.gebeurtenis").evaluate_all(
        "els => els.map(e => [e.dataset.domein, e.dataset.datum])"
    )
    assert shown == [["housing", "2025-02-15"], ["housing", "2025-04-01"]]
    assert await page.get_by_label("Wonen").is_checked()
    assert not await page.get_by_label("Schulden").is_checked()
    await shot(page, "04-gefilterd")

    await page.get_by_role("link", name="Rapportage").click()
    assert await page.get_by_role("heading", level=1).inner_text() == "Rapportage"
    charts = page.locator("svg.grafiek[role=img]")
    await eventually(lambda: _count_after_reload(page, charts), lambda n: n >= 2)
    titles = await charts.evaluate_all("els => els.map(e => e.querySelector('title').textContent)")
    assert titles == ["Instroom per maand", "Nu actief per fase"]
    assert await page.locator("section[data-grafiek-kaart]").count() == 6
    await page.get_by_text("Toon als tabel").first.click()
    assert await page.get_by_role("table").first.is_visible()
    await shot(page, "05-rapportage")

    # The header's button signs out: its form carries the CSRF token, so it is not refused.
    await page.get_by_role("button", name="Uitloggen").click()
    await page.wait_for_url(f"{base}/ui/inloggen?uitgelogd=1")
    assert await page.get_by_role("status").inner_text() == "U bent uitgelogd."
    assert blocked == []  # the pages' strict CSP blocked nothing they need


async def agree_plan(intake, youth_id: str) -> None:
    """The director agrees a plan over two life domains; words shared on wonen only.

    The exchange consent covers wonen, so financien's text stays closed.
    """
    director = bearer("regisseur", sub=DIRECTOR)
    steps = [
        ("consents", {"purpose": "gegevens_uitwisselen", "leefgebieden": ["wonen"],
                      "given_on": date.today().isoformat()}),
        ("future-plan", {"plan_id": "plan-1", "agreed_on": date.today().isoformat(),
                         "with_network": True,
                         "goals": [{"goal_id": "g1", "leefgebied": "wonen", "owner": "woon-1",
                                    "due_on": "2031-01-01"},
                                   {"goal_id": "g2", "leefgebied": "financien",
                                    "owner": "schuld-1", "due_on": "2031-06-01"}],
                         "goal_texts": {"g1": "Een eigen kamer voor de zomer",
                                        "g2": "Mijn schulden op een rij"}}),
    ]  # fmt: skip
    for path, body in steps:
        answer = await intake.post(f"/youths/{youth_id}/{path}", json=body, headers=director)
        assert answer.status_code in {200, 201}, answer.text


async def publish_missed(bootstrap: str, prefix: str, youth_id: str) -> None:
    """Debts' timer recorded the missed first conversation (version 3 after the story's two)."""
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap)
    await producer.start()
    try:
        value = cloudevent(
            "debts", "first-conversation-deadline-missed", youth_id, 3,
            {"trajectory_id": str(uuid.uuid4()), "first_conversation_due": "2025-02-07"},
        )  # fmt: skip
        await producer.send_and_wait(events_topic("debts", prefix), value, youth_id.encode())
    finally:
        await producer.stop()


async def test_a_director_reads_the_plan_and_acknowledges_a_signal(
    site, browser, endpoints, topic_prefix
):
    """The shared plan, words shown where consent covers them; the worklist, acted on."""
    base, intake = site
    ARTIFACTS.mkdir(exist_ok=True)
    youth_id = await register_assigned(intake)
    await agree_plan(intake, youth_id)
    await publish_domains(endpoints.kafka_bootstrap, topic_prefix, youth_id)
    await publish_missed(endpoints.kafka_bootstrap, topic_prefix, youth_id)
    page = await browser.new_page()
    blocked = csp_violations(page)
    await log_in(page, base)

    await page.goto(f"{base}/ui/jongeren/{youth_id}", wait_until="load")
    plan_link = page.get_by_role("link", name="Toekomstplan bekijken")
    # The timeline learns the young person from intake's topic: under load, a moment later.
    await eventually(lambda: _count_after_reload(page, plan_link), lambda n: n == 1)
    await plan_link.click()
    assert (await page.get_by_role("heading", level=1).inner_text()).startswith("Toekomstplan")
    wonen = page.locator("section[data-leefgebied=wonen]")
    financien = page.locator("section[data-leefgebied=financien]")
    assert "Een eigen kamer voor de zomer" in await wonen.text_content()
    assert "Afgeschermd" in await financien.text_content()
    assert "Mijn schulden op een rij" not in await page.content()
    await shot(page, "06-toekomstplan")

    await page.get_by_role("link", name="Signalen").first.click()
    signal = page.locator("li.signaal[data-soort=termijn_verstreken]")
    await eventually(lambda: _count_after_reload(page, signal), lambda n: n == 1)
    # Consent covers wonen only: the regisseur sees that a debts deadline passed, not which.
    assert "Een termijn bij schulden is verstreken" in await signal.text_content()
    assert "schuldhulpgesprek" not in await signal.text_content()
    await signal.get_by_label("Wat doet u eraan?").fill("Gesprek ingepland voor maandag")
    await press_button(page, "Erkennen")
    acknowledged = page.locator("li.signaal[data-soort=termijn_verstreken]")
    assert "Erkend door regisseur-web: Gesprek ingepland voor maandag" in (
        await acknowledged.text_content()
    )
    assert await acknowledged.get_by_role("button", name="Erkennen").count() == 0
    await shot(page, "07-signalen")
    assert await page.get_by_role("link", name="Tijdreis").count() == 0  # not in their menu
    await page.goto(f"{base}/ui/tijdreis")
    assert await page.get_by_role("heading", level=1).inner_text() == "Geen toegang"

    seen_at = datetime.now(UTC).replace(microsecond=0)
    await asyncio.sleep(1.1)  # the withdrawal is recorded after the moment asked about
    withdrawn = await intake.post(
        f"/youths/{youth_id}/consent-withdrawals",
        json={"purpose": "tijdlijn_delen", "withdrawn_on": date.today().isoformat()},
        headers=bearer("intake"),
    )
    assert withdrawn.status_code in {200, 201}, withdrawn.text
    await publish_tampered(endpoints.kafka_bootstrap, topic_prefix)
    await audit(page, base, youth_id, seen_at)
    assert blocked == []


async def publish_tampered(bootstrap: str, prefix: str) -> None:
    """Housing's scheduled verification found an altered event (shared/integrity.py)."""
    problem = (
        f"events: housing-{uuid.uuid4()} v2 (position 7): content does not match its hash: altered"
    )
    value = json.dumps({
        "specversion": "1.0", "id": str(uuid.uuid4()), "source": SOURCE.format("housing"),
        "type": "nl.regie.housing.chain-verification-failed", "subject": "integriteit-0518",
        "time": datetime.now(UTC).isoformat(), "datacontenttype": "application/json",
        "sequence": f"{1:020d}-{0:020d}", "streamid": "integrity-0518", "streamversion": 1,
        "gemeentecode": "0518", "actor": "beleid.integriteitscontrole", "actorrole": "systeem",
        "correlationid": str(uuid.uuid4()),
        "data": {"service": "housing", "events_checked": 12, "log_entries_checked": 30,
                 "problem_count": 1, "problems": [problem]},
    }).encode()  # fmt: skip
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap)
    await producer.start()
    try:
        await producer.send_and_wait(events_topic("housing", prefix), value, b"integriteit-0518")
    finally:
        await producer.stop()


async def audit(page, base, youth_id, seen_at):
    """The auditor: what the regisseur saw before the withdrawal, the reads, the broken chain."""
    await page.get_by_role("button", name="Uitloggen").click()
    await page.wait_for_url(f"{base}/ui/inloggen?uitgelogd=1")
    await page.goto(f"{base}/ui/tijdreis")
    await page.get_by_label("Token").fill(token("auditor", sub="auditor-1"))
    await press_button(page, "Inloggen")
    await page.wait_for_url(f"{base}/ui/tijdreis")

    moment = seen_at.astimezone(ZoneInfo("Europe/Amsterdam")).strftime("%Y-%m-%dT%H:%M:%S")
    await page.get_by_label("Kenmerk van de jongere").fill(youth_id)
    await page.get_by_label("Moment (Nederlandse tijd)").fill(moment)
    await page.get_by_label("Gezien als rol").select_option("regisseur")
    await page.get_by_label("Gezien als persoon").fill(DIRECTOR)
    await press_button(page, "Vergelijken")
    housing = page.locator("table[data-gebeurtenissen] tr[data-domein=housing]")
    # Then the consent covered wonen: shown; today it is withdrawn: shielded, so marked.
    await eventually(
        lambda: _marks_after_reload(page, housing), lambda marks: marks == ["gewijzigd"] * 3
    )
    cells = housing.last.locator("td")
    assert await cells.nth(2).inner_text() != "afgeschermd"  # toen
    assert await cells.nth(3).inner_text() == "afgeschermd"  # vandaag
    card = page.locator("table[data-leefgebieden] tr[data-domein=housing]")
    assert await card.get_attribute("data-verschil") == "gewijzigd"
    await shot(page, "08-tijdreis")

    await page.get_by_role("link", name="Verwerkingen").click()
    await page.get_by_label("Kenmerk van de jongere").fill(youth_id)
    await press_button(page, "Tonen")
    rows = page.locator("table[data-verwerkingen] tbody tr")
    services = set(await rows.evaluate_all("els => els.map(e => e.dataset.dienst)"))
    assert services == {"intake", "timeline"}
    activities = await rows.evaluate_all("els => els.map(e => e.dataset.activiteit)")
    assert "timeline.tijdreis" in activities  # the auditor's own as-of read, just made
    tijdreis = rows.filter(has=page.locator("code", has_text="timeline.tijdreis")).first
    assert "auditor-1" in await tijdreis.text_content()  # the reader, not who was seen as
    assert "timeline.inzien" in activities  # the regisseur's read of the timeline
    assert await page.locator("[data-niet-gelezen]").count() == 0
    await shot(page, "09-verwerkingen")

    await page.get_by_role("link", name="Integriteit").click()
    housing_row = page.locator("table[data-integriteit] tr[data-dienst=housing]")
    await eventually(
        lambda: _attribute_after_reload(page, housing_row, "data-uitkomst"),
        lambda outcome: outcome == "geschonden",
    )
    problems = page.locator("section[data-problemen=housing]")
    assert "gewijzigd" in await problems.text_content()
    assert "content does not match its hash" in await problems.text_content()
    await shot(page, "10-integriteit")

    await page.goto(f"{base}/ui/signalen")
    raised = page.locator("li.signaal[data-soort=integriteit_geschonden]")
    await eventually(lambda: _count_after_reload(page, raised), lambda n: n == 1)


async def _marks_after_reload(page, locator):
    await page.reload(wait_until="load")
    return await locator.evaluate_all("els => els.map(e => e.dataset.verschil)")


async def _attribute_after_reload(page, locator, name):
    await page.reload(wait_until="load")
    return await locator.get_attribute(name) if await locator.count() else None


def csp_violations(page) -> list[str]:
    """What the page's Content-Security-Policy blocked, as Chromium reports it on the console."""
    blocked: list[str] = []
    page.on(
        "console",
        lambda message: (
            blocked.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return blocked


# Stands in for Swagger UI's bundle from jsDelivr (no network here): it only says it ran.
FAKE_SWAGGER = """
window.SwaggerUIBundle = function (config) { document.title = "booted " + config.url; };
window.SwaggerUIBundle.presets = {apis: {}};
window.SwaggerUIStandalonePreset = {};
"""


async def _downloaded(page, url, folder):
    """The report's .xlsx as the page offers it now (the report store learns from the topic)."""
    await page.goto(url, wait_until="load")
    async with page.expect_download() as downloading:
        await page.get_by_role("link", name="Download als spreadsheet (.xlsx)").click()
    download = await downloading.value
    saved = folder / f"{uuid.uuid4()}-{download.suggested_filename}"
    await download.save_as(saved)
    return download.suggested_filename, load_workbook(saved, read_only=True)


async def test_policy_staff_download_the_report_as_a_spreadsheet_protected_as_on_the_page(
    site, browser, tmp_path
):
    """A beleidsmedewerker's .xlsx holds the page's figures, small counts hidden, rule stated."""
    base, intake = site
    for _ in range(2):
        await register_assigned(intake)
    this_month = datetime.now(ZoneInfo("Europe/Amsterdam")).strftime("%Y-%m")
    report = f"{base}/ui/rapportage?van={this_month}&tot={this_month}"
    page = await browser.new_page()
    blocked = csp_violations(page)
    await page.goto(report)
    await page.get_by_label("Token").fill(token("beleidsmedewerker", sub="beleid-1"))
    await press_button(page, "Inloggen")
    await page.wait_for_url(report, wait_until="load")
    # Both registrations this month, once the report store has them: a small count.
    name, book = await eventually(
        lambda: _downloaded(page, report, tmp_path),
        lambda found: "Inschrijvingen" in found[1].sheetnames,
    )
    assert name == f"rapport-0518-{this_month}-{this_month}.xlsx"
    rows = list(book["Inschrijvingen"].iter_rows(values_only=True))
    stated = {row[0]: row[1] for row in rows[1:5]}
    assert stated["Gemeente"] == "0518"
    assert str(stated["Afscherming"]).startswith("Aantallen van 1 tot en met 4 staan als <5")
    counts = [row[4] for row in rows[6:] if row[0] == this_month and row[1] != "totaal"]
    assert counts == ["<5"]  # one row (dtj, this month), protected as on the page, never 2
    assert 2 not in [cell for row in rows[6:] for cell in row]
    assert blocked == []


async def _compared(page, url):
    """The comparison page as it stands now (published once the report store has the facts)."""
    await page.goto(url, wait_until="load")
    return await page.locator(
        '[data-vergelijking="inschrijving"] td[data-gemeente="0518"]'
    ).all_text_contents()


async def test_a_programme_monitor_compares_its_municipalities_protected_and_downloads_them(
    site, browser, tmp_path
):
    """0518's registrations this month reach dtj's monitor as "<5", on the page and in the .xlsx."""
    from shared.auth import AuthSettings, mint_token  # noqa: PLC0415 - only this test mints one

    base, intake = site
    for _ in range(2):
        await register_assigned(intake)
    this_month = datetime.now(ZoneInfo("Europe/Amsterdam")).strftime("%Y-%m")
    url = f"{base}/ui/vergelijking?van={this_month}&tot={this_month}"
    page = await browser.new_page()
    blocked = csp_violations(page)
    await page.goto(f"{base}/ui/")
    monitor = mint_token(AuthSettings(), subject="monitor-1", roles=["programmamonitor"],
                         gemeentecode="0518", programma="dtj")  # fmt: skip
    await page.get_by_label("Token").fill(monitor)
    await press_button(page, "Inloggen")
    await page.wait_for_url(f"{base}/ui/vergelijking", wait_until="load")
    assert await page.get_by_role("link", name="Vergelijking").count() == 1
    assert await page.get_by_role("link", name="Mijn jongeren").count() == 0
    cells = await eventually(lambda: _compared(page, url), lambda found: found == ["<5"])
    assert cells == ["<5"]  # two registrations, never "2"
    await shot(page, "vergelijking")
    name, book = await _downloaded(page, url, tmp_path)
    assert name == f"vergelijking-dtj-{this_month}-{this_month}.xlsx"
    rows = list(book["Inschrijvingen"].iter_rows(values_only=True))
    assert rows[5][:2] == ("maand", "0518")
    assert rows[6][:2] == (this_month, "<5")
    assert str(rows[3][1]).startswith("0518: Aantallen van 1 tot en met 4 staan als <5")
    assert blocked == []


async def test_the_api_docs_run_swagger_ui_under_their_csp(site, browser):
    """/docs: the CDN's script and FastAPI's inline one (allowed by hash) run; nothing blocked."""
    base, _ = site
    page = await browser.new_page()
    blocked = csp_violations(page)

    async def cdn(route):
        if route.request.url.endswith(".js"):
            await route.fulfill(body=FAKE_SWAGGER, content_type="text/javascript")
        else:
            await route.fulfill(body="", content_type="text/css")

    await page.route("https://cdn.jsdelivr.net/**", cdn)
    await page.route("https://fastapi.tiangolo.com/**", lambda route: route.abort())
    await page.goto(f"{base}/docs", wait_until="load")
    assert await page.title() == "booted /openapi.json"
    assert blocked == []


async def _count_after_reload(page: Page, locator: Locator) -> int | str:
    """Load the page afresh and count; a navigation Chromium drops mid-way is tried again.

    Chromium may swap a page's renderer just after a redirect, and a reload sent in that
    moment fails with "Not attached to an active page"; the count still has to arrive.
    """
    try:
        await page.goto(page.url, wait_until="load")
    except PlaywrightError as error:
        return f"navigation failed: {error.message.splitlines()[0]}"
    return await locator.count()


async def signed_in_as(
    context: BrowserContext, base: str, token_text: str, path: str = "/ui"
) -> None:
    """The session cookie the sign-in form would set (the form itself is tested above)."""
    await context.clear_cookies()
    cookie = "regie_sessie" if path == "/ui" else "regie_mijn"
    await context.add_cookies([{"name": cookie, "value": token_text, "url": f"{base}{path}"}])


async def _visit(page: Page, url: str, audit: Audit, label: str) -> None:
    await page.goto(url, wait_until="load")
    await audit.check(page, label)


async def answer_a_request_by_keyboard(page: Page, ui: str, intake, youth_id: str, audit: Audit):
    """Verzoeken: the young person's request, refused without an outcome, then answered."""
    from shared.auth import AuthSettings, mint_token  # noqa: PLC0415 - the young person's token

    mine = mint_token(AuthSettings(), subject="jongere-1", roles=["jongere"],
                      gemeentecode="0518", youth_id=youth_id)  # fmt: skip
    made = await intake.post(f"/youths/{youth_id}/subject-requests",
                             json={"kind": "verwijdering", "text": "Haal mijn oude adres weg."},
                             headers={"Authorization": f"Bearer {mine}"})  # fmt: skip
    assert made.status_code == 201, made.text
    await _visit(page, f"{ui}/verzoeken", audit, "verzoeken")
    await _visit(page, f"{ui}/verzoeken?jongere={youth_id}", audit, "verzoeken van een jongere")
    await press_button(page, "Antwoord versturen")
    assert "veld: uitkomst" in await page.locator("main").inner_text()
    await audit.check(page, "verzoeken, antwoord zonder uitkomst")
    assert await tab_until(page, "return el.name === 'uitkomst';", limit=60)
    await page.keyboard.press("Space")  # the first: toegewezen
    await press_button(page, "Antwoord versturen")
    await page.wait_for_url("**beantwoord=1")
    assert await page.locator("[data-uitkomst=toegewezen]").count() == 1
    await audit.check(page, "verzoeken, beantwoord")


@pytest.fixture
def one_year_in_0518(monkeypatch):
    """Intake keeps 0518's young people one year after care ends (set before `site` starts)."""
    monkeypatch.setenv("INTAKE_RETENTION_YEARS", '{"0518": 1}')


async def left_two_years_ago(intake) -> str:
    """A young person whose care ended two years ago: on the destruction list, one year kept."""
    youth_id = await register_assigned(intake, consent=False)
    ago = date.today() - timedelta(days=3 * 365)
    left = {"programma": "dtj", "reason": "doel_bereikt", "destination": "werk",
            "exit_on": (ago + timedelta(days=365)).isoformat()}  # fmt: skip
    for path, body in (("enrolments", {"programma": "dtj", "start_on": ago.isoformat()}),
                       ("exits", left)):  # fmt: skip
        answer = await intake.post(f"/youths/{youth_id}/{path}", json=body,
                                   headers=bearer("intake"))  # fmt: skip
        assert answer.status_code in {200, 201}, answer.text
    return youth_id


async def hold_back_by_keyboard(page: Page, ui: str, audit: Audit) -> None:
    """Vernietigingslijst with someone on it: held back by keyboard, then shown held."""
    listed = page.locator("tr[data-status=wacht]")
    await page.goto(f"{ui}/vernietigingslijst")
    await eventually(lambda: _count_after_reload(page, listed), lambda n: n == 1)
    await audit.check(page, "vernietigingslijst met een jongere")
    assert await tab_until(page, "return el.name === 'reden';", limit=60)
    await assert_focus_visible(page)
    await page.keyboard.type("Bezwaar loopt nog")
    async with page.expect_navigation():  # back to the same address, the list afresh
        await page.keyboard.press("Enter")
    # The list is intake's projection of its own facts: held a moment after the answer.
    held = page.locator("tr[data-status=aangehouden]")
    await eventually(lambda: _count_after_reload(page, held), lambda n: n == 1)
    await audit.check(page, "vernietigingslijst, aangehouden")


async def test_every_professional_page_passes_axe_and_fits_a_320_px_screen(
    one_year_in_0518, site, browser, endpoints, topic_prefix
):
    """Every page of /ui, each role's, error pages too: axe-core finds nothing, 320 px fits.

    No WCAG 2.1 A/AA violation at 1280 and at 320 px, and at 320 px nothing scrolls sideways
    (a wide table scrolls inside its own region, which takes keyboard focus).
    """
    from shared.auth import AuthSettings, mint_token  # noqa: PLC0415 - as the monitor's test

    base, intake = site
    youth_id = await register_assigned(intake)
    await agree_plan(intake, youth_id)
    await publish_domains(endpoints.kafka_bootstrap, topic_prefix, youth_id)
    await publish_missed(endpoints.kafka_bootstrap, topic_prefix, youth_id)
    await left_two_years_ago(intake)
    page = await browser.new_page()
    blocked = csp_violations(page)
    audit = Audit()
    ui = f"{base}/ui"

    await _visit(page, f"{ui}/inloggen", audit, "inloggen")
    await signed_in_as(browser, base, token("regisseur", sub=DIRECTOR))
    await page.goto(f"{ui}/jongeren/{youth_id}")
    entries = page.locator("li.gebeurtenis")
    await eventually(lambda: _count_after_reload(page, entries), lambda n: n >= 7)
    await audit.check(page, "jongere")
    signal = page.locator("li.signaal[data-soort=termijn_verstreken]")
    await page.goto(f"{ui}/signalen")
    await eventually(lambda: _count_after_reload(page, signal), lambda n: n == 1)
    await audit.check(page, "signalen")
    for path, label in [
        ("/jongeren", "mijn jongeren"),
        ("/jongeren?zoek=niemand", "mijn jongeren, niets gevonden"),
        (f"/jongeren/{youth_id}?van=gisteren", "jongere, filter ongeldig"),
        (f"/jongeren/{youth_id}/plan", "toekomstplan"),
        ("/rapportage", "rapportage"),
        ("/tijdreis", "403-pagina"),
        (f"/jongeren/{uuid.uuid4()}", "404-pagina"),
        ("/jongeren/geen-kenmerk", "422-pagina"),
    ]:
        await _visit(page, ui + path, audit, label)

    await signed_in_as(browser, base, token("auditor", sub="auditor-1"))
    moment = datetime.now(ZoneInfo("Europe/Amsterdam")).strftime("%Y-%m-%dT%H:%M:%S")
    asked = f"jongere={youth_id}&moment={moment}&rol=regisseur&persoon={DIRECTOR}"
    for path, label in [
        ("/tijdreis", "tijdreis"),
        (f"/tijdreis?{asked}", "tijdreis, vergeleken"),
        ("/verwerkingen", "verwerkingen"),
        (f"/verwerkingen?jongere={youth_id}", "verwerkingen van een jongere"),
        ("/integriteit", "integriteit"),
    ]:
        await _visit(page, ui + path, audit, label)
    assert await page.locator("table[data-gebeurtenissen]").count() == 0  # not on integriteit
    await signed_in_as(browser, base, token("privacy_officer", sub="privacy-1"))
    await _visit(page, f"{ui}/vernietigingslijst", audit, "vernietigingslijst")
    await answer_a_request_by_keyboard(page, ui, intake, youth_id, audit)
    await hold_back_by_keyboard(page, ui, audit)
    await signed_in_as(browser, base, token("beleidsmedewerker", sub="beleid-1"))
    await _visit(page, f"{ui}/rapportage?programma=onbekend", audit, "rapportage, ongeldig")
    monitor = mint_token(AuthSettings(), subject="monitor-1", roles=["programmamonitor"],
                         gemeentecode="0518", programma="dtj")  # fmt: skip
    await signed_in_as(browser, base, monitor)
    await _visit(page, f"{ui}/vergelijking", audit, "vergelijking")

    audit.assert_clean()
    assert len(audit.pages) == 25
    assert blocked == []
