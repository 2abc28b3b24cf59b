"""The web view over HTTP: sign in, access, filters, the processing log (in-process, no browser)."""

from __future__ import annotations

import contextlib
import html
import re
import socket
import uuid
from datetime import date

import pytest

from services.intake.bootstrap import create_app as create_intake
from services.intake.settings import IntakeSettings
from services.timeline.bootstrap import create_app as create_timeline
from services.timeline.settings import TimelineSettings
from services.timeline.web.report_charts import month_label
from tests.integration.timeline.story import DIRECTOR, publish_domains, register_assigned
from tests.integration.timeline.web_session import log_in, log_out, post_form
from tests.support.apps import platform_settings, serve, token
from tests.support.waiting import eventually


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.asynccontextmanager
async def started(endpoints, prefix):
    """Intake and the timeline in-process; names come from an intake nobody answers on."""
    settings = platform_settings(endpoints).model_copy(update={"kafka_topic_prefix": prefix})
    intake = create_intake(
        settings,
        IntakeSettings(schema_name=f"{prefix}_intake", summaries_group=f"{prefix}-i"),
    )
    timeline = create_timeline(
        settings,
        TimelineSettings(
            schema_name=f"{prefix}_timeline",
            consumer_group=prefix,
            intake_url=f"http://127.0.0.1:{closed_port()}",
        ),
    )
    async with contextlib.AsyncExitStack() as stack:
        intake_client = await stack.enter_async_context(serve(intake))
        timeline_client = await stack.enter_async_context(serve(timeline))
        yield intake_client, timeline_client, f"{prefix}_timeline"


# One pair of apps for the module (starting them, migrations and all, was most of each test's
# time); each test signs in afresh and tells a story of its own young person. The report test,
# which counts a whole municipality, starts its own.
@pytest.fixture(scope="module")
def module_prefix():
    return f"t{uuid.uuid4().hex[:10]}"


@pytest.fixture(scope="module")
async def shared_apps(endpoints, module_prefix):
    async with started(endpoints, module_prefix) as apps:
        yield apps


@pytest.fixture
async def web(shared_apps):
    """The module's apps, signed out before and after the test."""
    for client in shared_apps[:2]:
        client.cookies.clear()
    yield shared_apps
    for client in shared_apps[:2]:
        client.cookies.clear()


@pytest.fixture
async def own_web(endpoints, topic_prefix):
    """Apps of the test's own, for a figure over everyone in them."""
    async with started(endpoints, topic_prefix) as apps:
        yield apps


async def sign_in(client, *roles, sub=DIRECTOR):
    response = await log_in(client, token(*roles, sub=sub))
    assert response.status_code == 303, response.text
    return response


@pytest.fixture
async def story(web, endpoints, module_prefix):
    """A young person assigned to DIRECTOR, with intake, debt and housing entries projected."""
    return await tell_story(web, endpoints, module_prefix)


async def tell_story(web, endpoints, prefix):
    intake, timeline, _ = web
    # A name of its own: the module's intake would take a second "Sam de Vries" born the same
    # day for a possible duplicate, an entry of its own on the timeline.
    youth_id = await register_assigned(intake, full_name=f"Sam Test-{uuid.uuid4().hex[:6]}")
    await eventually(lambda: timeline.get("/ready"), lambda r: r.status_code == 200)
    await publish_domains(endpoints.kafka_bootstrap, prefix, youth_id)
    await sign_in(timeline, "regisseur")
    await eventually(
        lambda: timeline.get(f"/ui/jongeren/{youth_id}"),
        lambda r: r.status_code == 200 and r.text.count('class="gebeurtenis ') == 7,
    )
    return youth_id


async def test_pages_send_a_visitor_without_a_valid_cookie_to_the_login_form(web):
    """No cookie or a forged one: 303 to the login form, remembering where they were going."""
    _, timeline, _ = web
    bare = await timeline.get("/ui/jongeren?x=1")
    timeline.cookies.set("regie_sessie", "not-a-token", domain="service", path="/ui")
    forged = await timeline.get("/ui/jongeren")
    assert (bare.status_code, forged.status_code) == (303, 303)
    assert bare.headers["location"] == "/ui/inloggen?volgende=%2Fui%2Fjongeren%3Fx%3D1"
    form = await timeline.get(bare.headers["location"])
    assert 'name="volgende" value="/ui/jongeren?x=1"' in form.text
    assert '<label for="token">Token</label>' in form.text


async def test_login_refuses_an_empty_or_invalid_token_with_a_dutch_message(web):
    """The form comes back with the reason; no cookie is set."""
    _, timeline, _ = web
    empty = await post_form(timeline, "/ui/inloggen", {"token": "  "})
    expired = token("regisseur") + "x"
    invalid = await post_form(timeline, "/ui/inloggen", {"token": expired})
    assert (empty.status_code, invalid.status_code) == (422, 401)
    assert "Vul een token in." in empty.text
    assert "Dit token is ongeldig of verlopen." in invalid.text
    assert 'aria-invalid="true"' in invalid.text
    assert "set-cookie" not in invalid.headers


async def test_login_keeps_the_token_in_a_strict_http_only_cookie_until_logout(web):
    """Signed in: HttpOnly, SameSite=Strict, and only for /ui; signed out: gone."""
    _, timeline, _ = web
    response = await sign_in(timeline, "regisseur")
    cookie = next(c for c in response.headers.get_list("set-cookie") if "regie_sessie=" in c)
    assert "HttpOnly" in cookie
    assert "SameSite=strict" in cookie
    assert "Path=/ui" in cookie
    assert response.headers["location"] == "/ui/jongeren"
    mine = await timeline.get("/ui/jongeren")
    assert mine.status_code == 200
    assert "Ingelogd als <strong>regisseur-web</strong>" in mine.text
    out = await log_out(timeline)
    assert out.headers["location"] == "/ui/inloggen?uitgelogd=1"
    after = await timeline.get("/ui/jongeren")
    assert after.status_code == 303


async def test_login_never_redirects_off_the_web_view(web):
    """A `volgende` pointing elsewhere lands on the list instead."""
    _, timeline, _ = web
    for target in ("https://evil.example/", "//evil.example/ui/", "/docs"):
        response = await log_in(timeline, token("regisseur"), target)
        assert response.headers["location"] == "/ui/jongeren"


async def test_my_young_people_shows_badges_with_the_debts_redacted(web, story):
    """Housing is covered by consent, debts are not: "Afgeschermd", looking redacted."""
    _, timeline, _ = web
    page = await timeline.get("/ui/jongeren")
    assert page.status_code == 200
    row = page.text[page.text.index(f'href="/ui/jongeren/{story}"') :]
    row = row[: row.index("</tr>")]
    badges = re.findall(
        r'<span class="badge badge--([a-z-]+)">(?:<span[^>]*></span>)?([^<]+)<', row
    )
    # Intake, debts, housing in that order; coaching has nothing yet.
    assert badges == [("neutraal", "Ingeschreven"), ("afgeschermd", "Afgeschermd"),
                      ("goed", "Gehuisvest")]  # fmt: skip
    assert f"Jongere {story[:8]}" in row  # intake did not answer: the pseudonymous id


async def test_another_director_gets_no_access_to_the_young_person(web, story):
    """Not theirs: the list is empty and the page says so in Dutch, with 403."""
    _, timeline, _ = web
    await sign_in(timeline, "regisseur", sub="regisseur-ander")
    mine = await timeline.get("/ui/jongeren")
    page = await timeline.get(f"/ui/jongeren/{story}")
    assert story not in mine.text
    assert "Er zijn nog geen jongeren aan u toegewezen." in mine.text
    assert page.status_code == 403
    assert "Deze jongere is niet aan u toegewezen" in page.text


async def test_the_youth_page_filters_by_domain_and_period(web, story):
    """Housing from February on: the shelter and the housing, nothing else."""
    _, timeline, _ = web
    page = await timeline.get(
        f"/ui/jongeren/{story}", params={"domein": "housing", "van": "2025-02-01", "tot": ""}
    )
    assert page.status_code == 200
    dates = re.findall(r'data-domein="(\w+)" data-datum="([\d-]+)"', page.text)
    assert dates == [("housing", "2025-02-15"), ("housing", "2025-04-01")]
    assert "Opgenomen in de opvang" in page.text
    assert "Gehuisvest: kamer" in page.text
    assert 'id="domein-housing" checked' in page.text
    assert 'id="domein-debts" checked' not in page.text


async def test_the_youth_page_redacts_debts_and_summarises_every_domain(web, story):
    """Summary cards per domain; debt entries visibly "afgeschermd" without their headline."""
    _, timeline, _ = web
    page = await timeline.get(f"/ui/jongeren/{story}")
    text = page.text
    assert text.count("gebeurtenis--afgeschermd") == 2
    assert "Schuldenoverzicht vastgesteld" not in text
    assert "Gehuisvest: kamer" in text
    assert 'class="kaart kaart--leefgebied kaart--afgeschermd" data-domein="debts"' in text
    assert "2 afgeschermd" in text
    assert "<h3" in text
    assert "Januari 2025" in text


async def test_a_bad_filter_answers_422_with_the_fields_in_dutch(web, story):
    """An impossible date and an unknown domain are named; the timeline is not shown."""
    _, timeline, _ = web
    page = await timeline.get(
        f"/ui/jongeren/{story}",
        params={"domein": ["housing", "astrologie"], "van": "2025-13-01", "tot": "2025-01-01"},
    )
    assert page.status_code == 422
    assert "Vul een geldige datum in" in page.text
    assert "Onbekend leefgebied: astrologie." in page.text
    assert 'class="gebeurtenis ' not in page.text
    reversed_period = await timeline.get(
        f"/ui/jongeren/{story}", params={"van": "2025-03-01", "tot": "2025-01-01"}
    )
    assert reversed_period.status_code == 422
    assert "De einddatum ligt vóór de begindatum." in reversed_period.text


async def test_reads_through_the_web_view_go_to_the_processing_log(web, story, pool):
    """The page read is logged with the cookie's employee; a refused one as geweigerd."""
    _, timeline, schema = web
    await timeline.get(f"/ui/jongeren/{story}")
    await sign_in(timeline, "regisseur", sub="regisseur-ander")
    await timeline.get(f"/ui/jongeren/{story}")
    rows = await pool.fetch(
        f"SELECT actor, result, activity, path FROM {schema}.processing_log"
        " WHERE youth_id = $1 ORDER BY seq",
        story,
    )
    assert (DIRECTOR, "gelukt", "timeline.inzien", "/ui/jongeren/{youth_id}") in [
        tuple(r) for r in rows
    ]
    assert tuple(rows[-1])[:2] == ("regisseur-ander", "geweigerd")


async def test_an_unknown_or_malformed_young_person_is_a_dutch_page(web):
    """404 for an unknown id, 422 for one that is no id at all: pages, not JSON."""
    _, timeline, _ = web
    await sign_in(timeline, "regisseur")
    unknown = await timeline.get("/ui/jongeren/00000000-0000-4000-8000-000000000000")
    malformed = await timeline.get("/ui/jongeren/niet-een-id")
    assert (unknown.status_code, malformed.status_code) == (404, 422)
    assert "<h1>Niet gevonden</h1>" in unknown.text
    assert "<h1>Ongeldige invoer</h1>" in malformed.text


async def test_the_report_page_charts_the_municipality_s_counts(
    own_web, endpoints, topic_prefix, pool
):
    """Registration this month, a housed and an inventoried young person now; logged as read.

    The regisseur reads each count of one young person as "<5", and the rule beside them.
    """
    web = own_web
    await tell_story(web, endpoints, topic_prefix)
    _, timeline, schema = web
    this_month = date.today().strftime("%Y-%m")
    page = await eventually(
        lambda: timeline.get("/ui/rapportage", params={"van": "2025-01", "tot": this_month}),
        lambda r: "Wonen: Gehuisvest: &lt;5" in r.text,
    )
    assert page.status_code == 200
    assert re.findall(r'data-grafiek-kaart="(\w+)"', page.text) == [
        "instroom", "uitstroom", "fasen", "termijnen", "terugval", "doorlooptijd"
    ]  # fmt: skip
    # Nobody left, was late or relapsed, and no median over enough young people to publish:
    # those say so in words instead of an empty chart.
    assert re.findall(r'data-grafiek="(\w+)"', page.text) == ["instroom", "fasen"]
    assert page.text.count("Geen aantallen in deze periode.") == 4
    assert "Schulden: Schuldenoverzicht: &lt;5" in page.text
    assert "Aantallen van 1 tot en met 4 staan als &lt;5" in page.text
    registered = f"Inschrijvingen: {month_label(date.today().replace(day=1))}: <5, overige: 0;"
    desc = re.search(r'<desc id="instroom-beschrijving">([^<]*)</desc>', page.text)[1]
    assert registered in html.unescape(desc), desc
    rows = await pool.fetch(
        f"SELECT actor, result FROM {schema}.processing_log WHERE activity = 'timeline.rapportage'"
    )
    assert (DIRECTOR, "gelukt") in [tuple(r) for r in rows]


async def test_the_report_page_refuses_a_bad_period_and_other_roles(web):
    """Months that are no months, or in the wrong order: 422 naming the field; a worker: 403."""
    _, timeline, _ = web
    await sign_in(timeline, "regisseur")
    bad = await timeline.get("/ui/rapportage", params={"van": "maart", "tot": "2025-13"})
    backwards = await timeline.get("/ui/rapportage", params={"van": "2025-05", "tot": "2025-01"})
    group = await timeline.get("/ui/rapportage", params={"programma": "astrologie"})
    assert (bad.status_code, backwards.status_code, group.status_code) == (422, 422, 422)
    assert bad.text.count("Vul een maand in als JJJJ-MM") == 4  # summary and field, twice
    assert "De laatste maand ligt vóór de eerste." in backwards.text
    assert "Kies een programma uit de lijst." in group.text
    assert "data-grafiek=" not in bad.text
    await sign_in(timeline, "schuldhulpverlener", sub="shv-1")
    refused = await timeline.get("/ui/rapportage")
    assert refused.status_code == 403
    assert "<h1>Geen toegang</h1>" in refused.text


async def test_the_report_page_refuses_years_outside_the_calendar(web):
    """Year 0 and a century of months: 422 naming the field; December 9999 is a month too."""
    _, timeline, _ = web
    await sign_in(timeline, "regisseur")
    year_zero = await timeline.get("/ui/rapportage", params={"van": "0000-01", "tot": "0000-01"})
    century = await timeline.get("/ui/rapportage", params={"van": "1925-01", "tot": "2025-01"})
    last = await timeline.get("/ui/rapportage", params={"van": "9999-01", "tot": "9999-12"})
    assert (year_zero.status_code, century.status_code, last.status_code) == (422, 422, 200)
    assert year_zero.text.count("Vul een maand in als JJJJ-MM") == 4  # summary and field, twice
    assert 'id="tot-fout">Kies een periode van hoogstens tien jaar.' in century.text
    assert last.text.count("data-grafiek-kaart=") == 6  # its months counted, none past 9999
