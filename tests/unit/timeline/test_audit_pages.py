"""The audit pages' logic: then against today, the form, the merged log, its CSV, the roles."""

from __future__ import annotations

import csv
import io
import uuid
from datetime import UTC, date, datetime, timedelta

import httpx
import pytest

from services.timeline.read_model.queries import DomainSummary, Entry, Timeline, YouthSummary
from services.timeline.settings import TimelineSettings
from services.timeline.web import install_web_view
from services.timeline.web.audit.comparison import (
    compare_summaries,
    compare_timelines,
    differences,
)
from services.timeline.web.audit.integriteit_page import problem_kinds
from services.timeline.web.audit.processing_list import (
    VNG_FIELDS,
    ListFilter,
    Logged,
    merged,
    processing_csv,
    read_filter,
)
from services.timeline.web.audit.processing_sources import LIMIT, Asked, ProcessingLogs
from services.timeline.web.audit.tijdreis_form import read_question
from services.timeline.web.session import COOKIE
from shared.auth import AuthSettings
from shared.clock import install_clock
from shared.processing_log import ProcessingEntry
from shared.processing_log.vng import verwerking_id
from tests.support.apps import token

NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)
YOUTH = str(uuid.uuid4())


def entry(headline: str, day: int, *, event_id: uuid.UUID | None = None, redacted=False) -> Entry:
    moment = datetime(2026, 3, day, 9, 0, tzinfo=UTC)
    return Entry(
        event_id=event_id or uuid.uuid4(), occurred_at=moment, recorded_at=moment,
        domain="housing", event_type=None, programma=None, leefgebied="wonen", phase=None,
        headline=headline, grondslag=None, vertrouwelijkheid=None, stream_version=day,
        redacted=redacted,
    )  # fmt: skip


def line(entries: list[Entry]) -> Timeline:
    return Timeline(youth_id=YOUTH, entries=entries, redacted=0, hidden=0)


def test_then_and_today_are_matched_by_event_and_each_difference_marked():
    """Kept, shielded since, recorded since, gone since: four marks, in the order they happened."""
    kept, shielded, gone = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    then = line([entry("Aangemeld", 1, event_id=kept), entry("In opvang", 2, event_id=shielded),
                 entry("Dakloos", 3, event_id=gone)])  # fmt: skip
    today = line([entry("Aangemeld", 1, event_id=kept),
                  entry("afgeschermd", 2, event_id=shielded, redacted=True),
                  entry("Gehuisvest", 4)])  # fmt: skip
    rows = compare_timelines(then, today)
    assert [r.mark for r in rows] == ["gelijk", "gewijzigd", "verdwenen", "nieuw"]
    assert [r.shown.headline for r in rows] == ["Aangemeld", "afgeschermd", "Dakloos", "Gehuisvest"]
    assert rows[1].then is not None
    assert rows[1].then.headline == "In opvang"
    assert differences(rows) == 3


def test_a_side_refused_shows_everything_of_the_other_as_only_there():
    """Unknown then (or not to be opened): today's entries are all `nieuw`."""
    rows = compare_timelines(None, line([entry("Aangemeld", 1)]))
    assert [(r.mark, r.then) for r in rows] == [("nieuw", None)]


def test_the_summaries_are_compared_per_life_domain():
    """A card shielded since a withdrawal is `gewijzigd`; a domain new since is `nieuw`."""
    housed = DomainSummary(domain="housing", code="gehuisvest", label="Gehuisvest", since=None)
    shielded = DomainSummary(domain="housing", code="afgeschermd", label="afgeschermd",
                             since=None, redacted=True)  # fmt: skip
    debts = DomainSummary(domain="debts", code="loopt", label="Traject loopt", since=None)
    then = YouthSummary(youth_id=YOUTH, programma="dtj", age_band=None, director_id=None,
                        domains=[housed])  # fmt: skip
    today = then.model_copy(update={"domains": [shielded, debts]})
    rows = compare_summaries(then, today)
    assert [(r.domain, r.mark) for r in rows] == [("housing", "gewijzigd"), ("debts", "nieuw")]


def test_an_empty_tijdreis_form_asks_nothing_and_refuses_nothing():
    """The page opens on its form, without errors."""
    question = read_question(None, None, None, None, now=NOW)
    assert (question.asked, question.errors, question.role) == (False, {}, "auditor")


def test_the_moment_is_dutch_local_time_in_the_past():
    """`10:00` in March is 09:00 UTC; a moment ahead, or malformed, names the field."""
    asked = read_question(YOUTH, "2026-03-03T10:00", "regisseur", "regisseur-7", now=NOW)
    assert asked.asked
    assert asked.moment == datetime(2026, 3, 3, 9, 0, tzinfo=UTC)
    assert asked.local_moment == "2026-03-03T10:00:00"
    ahead = read_question(YOUTH, "2026-03-11T10:00", "auditor", "", now=NOW)
    assert set(ahead.errors) == {"moment"}
    assert not ahead.asked
    assert set(read_question(YOUTH, "gisteren", "auditor", "", now=NOW).errors) == {"moment"}


def test_each_bad_field_of_the_tijdreis_form_is_named_in_dutch_and_english():
    """No UUID, an unknown role, and a regisseur without a person: three fields named."""
    refused = read_question("sam", "2026-03-03T10:00", "beheerder", "", now=NOW)
    assert set(refused.errors) == {"jongere", "rol"}
    director = read_question(YOUTH, "2026-03-03T10:00", "regisseur", " ", now=NOW)
    assert set(director.errors) == {"persoon"}
    nl, en = director.errors["persoon"]
    assert "jongerenregisseur" in nl
    assert "director" in en


def logged(service: str, seq: int, when: datetime, *, action="lezen", result="gelukt",  # noqa: PLR0913 - each fact a test varies
           actor="medewerker-1") -> Logged:  # fmt: skip
    return Logged(service, ProcessingEntry(
        tenant="0518", youth_id=YOUTH, actor=actor, actor_role="auditor", action=action,
        activity=f"{service}.inzien", activity_name="Inzien", grondslag="avg_6_1_e",
        vertrouwelijkheid="vertrouwelijk", result=result, correlation_id="req-1", method="GET",
        path="/youths/{youth_id}", entry_id=uuid.uuid4(), seq=seq, logged_at=when,
        prev_hash="0" * 64, hash="a" * 64,
    ))  # fmt: skip


def test_the_logs_of_every_service_are_one_list_newest_first_and_filtered():
    """Service, action, result and period (Dutch days, both ends inclusive) each narrow it."""
    day = datetime(2026, 3, 5, 23, 30, tzinfo=UTC)  # 00:30 on 6 March in the Netherlands
    items = [
        logged("intake", 1, day - timedelta(days=2)),
        logged("debts", 1, day, action="wijzigen"),
        logged("timeline", 1, day - timedelta(days=1), result="geweigerd"),
    ]
    per_service: dict[str, list[ProcessingEntry]] = {}
    for item in items:
        per_service.setdefault(item.service, []).append(item.entry)
    everything = merged(per_service, ListFilter())
    assert [i.service for i in everything] == ["debts", "timeline", "intake"]
    assert [i.service for i in merged(per_service, ListFilter(services=("intake", "debts")))] == [
        "debts", "intake",
    ]  # fmt: skip
    assert [i.service for i in merged(per_service, ListFilter(action="wijzigen"))] == ["debts"]
    assert [i.service for i in merged(per_service, ListFilter(result="geweigerd"))] == ["timeline"]
    march_6 = ListFilter(start=date(2026, 3, 6), end=date(2026, 3, 6))
    assert [i.service for i in merged(per_service, march_6)] == ["debts"]


def test_the_filters_fields_are_checked_and_named():
    """An unknown service, action or result, a malformed day, an end before the start."""
    known = ("intake", "timeline")
    keep = read_filter(["intake"], "lezen", "gelukt", "2026-03-01", "2026-03-02", known=known)
    assert keep.errors == {}
    assert (keep.services, keep.action, keep.result) == (("intake",), "lezen", "gelukt")
    bad = read_filter(["kassa"], "kopieren", "half", "1 maart", None, known=known)
    assert set(bad.errors) == {"dienst", "actie", "resultaat", "van"}
    backwards = read_filter(None, "", "", "2026-03-02", "2026-03-01", known=known)
    assert set(backwards.errors) == {"tot"}
    assert all(len(message) == 2 for message in bad.errors.values())


def test_the_csv_export_has_the_vng_verwerkingenlogging_fields():
    """One row per entry, in the standard's field names, the service as `systeem`."""
    item = logged("debts", 3, datetime(2026, 3, 5, 9, 0, tzinfo=UTC), actor="=HYPERLINK(1)")
    text = processing_csv([item], uitvoerder="00000001234567890000")
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff")), delimiter=";"))
    assert tuple(rows[0]) == VNG_FIELDS
    [row] = rows
    assert row["actieId"] == str(item.entry.entry_id)
    assert row["actieNaam"] == "Lezen"
    assert row["verwerkingsactiviteitId"] == "debts.inzien"
    assert row["verwerkingId"] == str(verwerking_id("req-1"))
    assert (row["systeem"], row["gegevensbron"]) == ("regie-debts", "regie-debts")
    assert row["objectId"] == YOUTH
    assert row["soortObjectId"] == "regie-jongere-id"
    assert (row["resultaat"], row["grondslag"]) == ("gelukt", "avg_6_1_e")
    assert row["tijdstip"].startswith("2026-03-05T09:00:00")
    assert row["gebruiker"] == "'=HYPERLINK(1)"  # never run as a formula


def test_a_problem_is_named_by_what_was_done():
    """The verify command's English findings, in the page's Dutch words."""
    altered = "events: x v4 (position 812): content does not match its hash: altered"
    assert problem_kinds(altered) == ("gewijzigd",)
    assert problem_kinds("events: x v5: expected version 5 here: removed or reordered") == (
        "verwijderd", "verplaatst",
    )  # fmt: skip
    assert problem_kinds("x: does not follow its predecessor: inserted, removed or moved") == (
        "verwijderd", "verplaatst", "ingevoegd",
    )  # fmt: skip


class OwnLog:
    """The timeline's own log, in memory: what it holds, who asked, what was recorded."""

    def __init__(self, entries: list[ProcessingEntry]) -> None:
        """Hold `entries`; note who asks."""
        self.entries = entries
        self.asked: list[tuple[str, str]] = []
        self.recorded: list[dict[str, object]] = []

    async def record(self, **facts: object) -> None:
        """Keep an entry's facts, as the route's processing dependency states them."""
        self.recorded.append(facts)

    async def for_youth(
        self,
        tenant: str,
        youth_id: str,
        limit: int,
        *,
        since: datetime | None = None,
        until: datetime | None = None,
    ) -> list[ProcessingEntry]:
        """The entries within the period, whoever is asked for."""
        self.asked.append((tenant, youth_id))
        return [
            e
            for e in self.entries
            if (since is None or e.logged_at >= since) and (until is None or e.logged_at < until)
        ][:limit]


async def test_every_services_log_is_asked_with_the_auditors_token_and_a_silent_one_is_named():
    """Intake answers its entries; debts fails: its log is named as not read, nothing breaks."""
    own = logged("timeline", 1, NOW).entry
    theirs = logged("intake", 1, NOW).entry
    seen: list[httpx.Request] = []

    def handle(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if request.url.host == "intake.test":
            return httpx.Response(200, content=f"[{theirs.model_dump_json()}]")
        return httpx.Response(503)

    own_log = OwnLog([own])
    urls = {"intake": "http://intake.test/", "debts": "http://debts.test"}
    async with httpx.AsyncClient(transport=httpx.MockTransport(handle)) as client:
        logs = ProcessingLogs(("timeline", own_log), urls, client)  # type: ignore[arg-type]
        found = await logs.of(Asked("tok", "0518", YOUTH))
    assert logs.services == ("debts", "intake", "timeline")
    assert found.per_service == {"timeline": [own], "intake": [theirs]}
    assert found.unread == ("debts",)
    assert found.full == ()
    assert own_log.asked == [("0518", YOUTH)]
    assert {r.url.path for r in seen} == {"/processing-log"}
    assert all(r.url.params["youth_id"] == YOUTH for r in seen)
    assert all(r.headers["Authorization"] == "Bearer tok" for r in seen)


@pytest.fixture
def own_log():
    """The timeline's own processing log, holding one read of YOUTH."""
    return OwnLog([logged("timeline", 1, NOW).entry])


@pytest.fixture
async def web(own_log):
    """The web view alone, no database: the timeline's log in memory, intake's answering it."""
    from fastapi import FastAPI  # noqa: PLC0415 - only this fixture builds an app

    theirs = logged("intake", 1, NOW - timedelta(hours=1), action="aanmaken").entry
    intake = httpx.MockTransport(
        lambda _: httpx.Response(200, content=f"[{theirs.model_dump_json()}]")
    )
    app = FastAPI()
    install_clock(app)
    install_web_view(app, AuthSettings(), TimelineSettings())
    async with httpx.AsyncClient(transport=intake) as to_intake:
        app.state.processing_log = own_log
        app.state.processing_logs = ProcessingLogs(
            ("timeline", own_log),  # type: ignore[arg-type]
            {"intake": "http://intake.test"},
            to_intake,
        )
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://regie.test") as client:
            yield client


@pytest.mark.parametrize("path", ["/ui/tijdreis", "/ui/verwerkingen", "/ui/integriteit"])
async def test_a_regisseur_may_not_open_the_audit_pages(web, path):
    """403, as a Dutch page without the audit links in its menu."""
    web.cookies.set(COOKIE, token("regisseur", sub="regisseur-7"), path="/ui")
    answer = await web.get(path)
    assert answer.status_code == 403
    assert "Geen toegang" in answer.text
    assert 'href="/ui/tijdreis"' not in answer.text


@pytest.mark.parametrize("role", ["auditor", "privacy_officer"])
async def test_the_auditor_and_privacy_officer_find_the_audit_pages_in_the_menu(web, role):
    """The Tijdreis form opens; the menu links to all three pages."""
    web.cookies.set(COOKIE, token(role), path="/ui")
    answer = await web.get("/ui/tijdreis")
    assert answer.status_code == 200
    for path in ("/ui/tijdreis", "/ui/verwerkingen", "/ui/integriteit"):
        assert f'href="{path}"' in answer.text
    assert '<label for="moment">' in answer.text


async def test_a_bad_tijdreis_question_is_a_422_page_naming_its_fields(web):
    """Each wrong field named in Dutch, with aria-invalid; nothing is replayed."""
    web.cookies.set(COOKIE, token("auditor"), path="/ui")
    answer = await web.get("/ui/tijdreis", params={"jongere": "sam", "moment": "morgen"})
    assert answer.status_code == 422
    assert "Vul het kenmerk van de jongere in" in answer.text
    assert "Vul een moment in" in answer.text
    assert answer.text.count('aria-invalid="true"') == 2


async def test_verwerkingen_lists_every_service_and_logs_the_reading(web, own_log):
    """Intake's entry and the timeline's own in one table; the read is in the timeline's log."""
    web.cookies.set(COOKIE, token("privacy_officer", sub="fg-1"), path="/ui")
    answer = await web.get("/ui/verwerkingen", params={"jongere": YOUTH})
    assert answer.status_code == 200
    assert answer.text.count('<tr data-dienst="') == 2
    assert '<tr data-dienst="intake" data-actie="aanmaken"' in answer.text
    [entry] = own_log.recorded
    assert (entry["actor"], entry["youth_id"], entry["result"]) == ("fg-1", YOUTH, "gelukt")
    assert entry["activity"] == "timeline.verwerkingen"


async def test_verwerkingen_exports_the_filtered_list_as_vng_csv(web):
    """`formaat=csv`: only what the filter keeps, as an attachment in the VNG fields."""
    web.cookies.set(COOKIE, token("auditor"), path="/ui")
    params = {"jongere": YOUTH, "dienst": "intake", "formaat": "csv"}
    answer = await web.get("/ui/verwerkingen", params=params)
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/csv")
    assert "attachment" in answer.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(answer.text.removeprefix("\ufeff")), delimiter=";"))
    assert [(r["systeem"], r["actieNaam"]) for r in rows] == [("regie-intake", "Aanmaken")]


async def test_a_bad_verwerkingen_filter_is_a_422_page_and_reads_nothing(web, own_log):
    """Unknown service and malformed day named; no log read, the entry names no young person."""
    web.cookies.set(COOKIE, token("auditor"), path="/ui")
    params = {"jongere": YOUTH, "dienst": "kassa", "van": "1 maart"}
    answer = await web.get("/ui/verwerkingen", params=params)
    assert answer.status_code == 422
    assert "Onbekende dienst: kassa." in answer.text
    assert "Vul een datum in als jjjj-mm-dd." in answer.text
    assert "<table" not in answer.text
    assert own_log.asked == []
    assert [e["youth_id"] for e in own_log.recorded] == ["onbekend"]


async def test_the_period_is_asked_of_every_service_and_a_full_answer_is_named():
    """Dutch days as instants, sent along; a service answering LIMIT entries may hold more."""
    seen: list[httpx.Request] = []
    many = f"[{','.join([logged('intake', 1, NOW).entry.model_dump_json()] * LIMIT)}]"

    def handle(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, content=many)

    keep = read_filter(None, None, None, "2026-03-01", "2026-03-31", known=())
    since, until = keep.window()
    assert since == datetime(2026, 2, 28, 23, 0, tzinfo=UTC)  # CET
    assert until == datetime(2026, 3, 31, 22, 0, tzinfo=UTC)  # CEST from 29 March
    own = OwnLog(
        [logged("timeline", 1, NOW).entry, logged("timeline", 2, NOW + timedelta(30)).entry]
    )
    async with httpx.AsyncClient(transport=httpx.MockTransport(handle)) as client:
        logs = ProcessingLogs(("timeline", own), {"intake": "http://intake.test"}, client)  # type: ignore[arg-type]
        found = await logs.of(Asked("tok", "0518", YOUTH, since, until))
    assert len(found.per_service["timeline"]) == 1  # the later one lies after the period
    assert found.full == ("intake",)
    [request] = seen
    assert datetime.fromisoformat(request.url.params["since"]) == since
    assert datetime.fromisoformat(request.url.params["until"]) == until


async def test_a_refused_tijdreis_question_is_in_the_log_as_geweigerd(web, own_log):
    """A regisseur asking for a young person's past: 403, and the attempt is on record."""
    web.cookies.set(COOKIE, token("regisseur", sub="regisseur-7"), path="/ui")
    answer = await web.get("/ui/tijdreis", params={"jongere": YOUTH, "moment": "2026-03-03"})
    assert answer.status_code == 403
    [entry] = own_log.recorded
    assert (entry["actor"], entry["actor_role"], entry["youth_id"]) == (
        "regisseur-7",
        "regisseur",
        YOUTH,
    )
    assert (entry["activity"], entry["result"]) == ("timeline.tijdreis", "geweigerd")


async def test_opening_the_empty_tijdreis_form_without_the_role_logs_nothing(web, own_log):
    """No young person asked about: no one's data was sought, so no entry."""
    web.cookies.set(COOKIE, token("regisseur", sub="regisseur-7"), path="/ui")
    assert (await web.get("/ui/tijdreis")).status_code == 403
    assert own_log.recorded == []


# Policy staff (beleidsmedewerker): the figures, and nothing of any young person.
PER_PERSON_PAGES = [
    "/ui/jongeren", f"/ui/jongeren/{YOUTH}", f"/ui/jongeren/{YOUTH}/plan", "/ui/signalen",
    "/ui/tijdreis", "/ui/verwerkingen", "/ui/integriteit", "/ui/vernietigingslijst",
    f"/ui/verzoeken?jongere={YOUTH}",
]  # fmt: skip


async def test_a_beleidsmedewerker_opens_on_the_figures_and_no_page_of_a_young_person(web, own_log):
    """The menu holds the report page only; every other page is a 403, logged as geweigerd."""
    web.cookies.set(COOKIE, token("beleidsmedewerker", sub="beleid-3"), path="/ui")
    start = await web.get("/ui/")
    assert (start.status_code, start.headers["location"]) == (303, "/ui/rapportage")
    for path in PER_PERSON_PAGES:
        answer = await web.get(path)
        assert answer.status_code == 403, path
        assert "Geen toegang" in answer.text
        assert 'href="/ui/rapportage"' in answer.text
        assert 'href="/ui/jongeren"' not in answer.text
        assert 'href="/ui/signalen"' not in answer.text
    # Each refused read the timeline answers itself is in its log; the plan, the destruction
    # list and the requests are intake's to log, and the bare Tijdreis form names no one.
    assert [(e["activity"], e["actor"], e["result"]) for e in own_log.recorded] == [
        (activity, "beleid-3", "geweigerd")
        for activity in ("timeline.mijn_jongeren", "timeline.inzien", "signalen.inzien",
                         "timeline.verwerkingen", "timeline.integriteit")
    ]  # fmt: skip


@pytest.fixture
def unstarted():
    """The timeline's and intake's apps, built but not started: a role check needs no database."""
    from services.intake.bootstrap import create_app as intake_app  # noqa: PLC0415
    from services.timeline.bootstrap import create_app as timeline_app  # noqa: PLC0415

    apps = {"timeline": timeline_app(), "intake": intake_app()}
    logs = {}
    for name, app in apps.items():
        logs[name] = app.state.processing_log = OwnLog([])
    return apps, logs


TIMELINE_PER_PERSON = [
    f"/youths/{YOUTH}/timeline", f"/youths/{YOUTH}/summary", "/directors/me/youths",
    f"/youths/{YOUTH}/erasure", "/signals", "/processing-log",
]  # fmt: skip
INTAKE_PER_PERSON = [
    "/youths", f"/youths/{YOUTH}", f"/youths/{YOUTH}/plan", f"/youths/names?ids={YOUTH}",
    "/directors/me/youths", f"/processing-log?youth_id={YOUTH}", "/destruction-list",
]  # fmt: skip


async def test_a_beleidsmedewerker_reads_no_timeline_list_signal_dossier_or_log(unstarted):
    """403 on every per-person read of the timeline and intake, each logged as geweigerd."""
    apps, logs = unstarted
    headers = {"Authorization": f"Bearer {token('beleidsmedewerker', sub='beleid-3')}"}
    for name, paths in (("timeline", TIMELINE_PER_PERSON), ("intake", INTAKE_PER_PERSON)):
        transport = httpx.ASGITransport(app=apps[name])
        async with httpx.AsyncClient(transport=transport, base_url="http://regie.test") as client:
            for path in paths:
                answer = await client.get(path, headers=headers)
                assert answer.status_code == 403, (name, path, answer.text)
            refused = await client.post("/referrals", headers=headers, json={})
            assert refused.status_code in {403, 404, 405}, (name, refused.text)
        results = {(e["actor"], e["result"]) for e in logs[name].recorded}
        assert results == {("beleid-3", "geweigerd")}, name


# The programme monitor (programmamonitor): protected figures across municipalities, nothing else.
def monitor_token(programma: str = "dtj") -> str:
    from shared.auth import mint_token  # noqa: PLC0415 - only these tests mint a programme

    return mint_token(AuthSettings(), subject="monitor-1", roles=["programmamonitor"],
                      gemeentecode="0518", programma=programma)  # fmt: skip


async def test_a_programmamonitor_reads_no_person_nor_a_municipalitys_own_report(unstarted):
    """403 on every per-person read and on the exact-or-local report, each logged as geweigerd."""
    apps, logs = unstarted
    headers = {"Authorization": f"Bearer {monitor_token()}"}
    month = "from=2026-01&until=2026-01"
    own_report = [f"/reports?{month}", f"/reports.xlsx?{month}"]
    for name, paths in (("timeline", [*TIMELINE_PER_PERSON, *own_report]),
                        ("intake", [*INTAKE_PER_PERSON, f"/reports/relapse?{month}"])):  # fmt: skip
        transport = httpx.ASGITransport(app=apps[name])
        async with httpx.AsyncClient(transport=transport, base_url="http://regie.test") as client:
            for path in paths:
                answer = await client.get(path, headers=headers)
                assert answer.status_code == 403, (name, path, answer.text)
        results = {(e["actor"], e["result"]) for e in logs[name].recorded}
        assert results == {("monitor-1", "geweigerd")}, name


@pytest.mark.parametrize("role", ["auditor", "beleidsmedewerker", "regisseur"])
async def test_only_the_programmamonitor_reads_the_comparison(unstarted, role):
    """A municipality's own roles read its own report; another's figures are not theirs."""
    apps, logs = unstarted
    transport = httpx.ASGITransport(app=apps["timeline"])
    async with httpx.AsyncClient(transport=transport, base_url="http://regie.test") as client:
        for path in ("/comparisons", "/comparisons.csv", "/comparisons.xlsx"):
            headers = {"Authorization": f"Bearer {token(role)}"}
            answer = await client.get(f"{path}?from=2026-01&until=2026-01", headers=headers)
            assert answer.status_code == 403, (path, answer.text)
    assert [e["activity"] for e in logs["timeline"].recorded] == ["timeline.vergelijking"] * 3
    assert {e["result"] for e in logs["timeline"].recorded} == {"geweigerd"}


async def test_a_programmamonitor_opens_on_the_comparison_and_no_other_page(web, own_log):
    """Its menu holds the comparison only; the report and every per-person page are a 403."""
    web.cookies.set(COOKIE, monitor_token(), path="/ui")
    start = await web.get("/ui/")
    assert (start.status_code, start.headers["location"]) == (303, "/ui/vergelijking")
    for path in [*PER_PERSON_PAGES, "/ui/rapportage", "/ui/rapportage.xlsx"]:
        answer = await web.get(path)
        assert answer.status_code == 403, path
        assert 'href="/ui/vergelijking"' in answer.text
        assert 'href="/ui/rapportage"' not in answer.text
        assert 'href="/ui/jongeren"' not in answer.text
    assert {(e["actor"], e["result"]) for e in own_log.recorded} == {("monitor-1", "geweigerd")}
    bad = await web.get("/ui/vergelijking?van=2026-13&tot=2026-01")
    assert bad.status_code == 422
    assert "Vul een maand in als JJJJ-MM" in bad.text


async def test_a_comparison_of_more_than_ten_years_is_a_field_error(unstarted):
    """422 naming `until`, in Dutch and English, before anything is read."""
    apps, _ = unstarted
    headers = {"Authorization": f"Bearer {monitor_token()}"}
    transport = httpx.ASGITransport(app=apps["timeline"])
    async with httpx.AsyncClient(transport=transport, base_url="http://regie.test") as client:
        answer = await client.get("/comparisons?from=1900-01&until=9999-12", headers=headers)
    assert answer.status_code == 422
    problem = answer.json()["detail"][0]
    assert problem["loc"] == ["query", "until"]
    assert problem["msg_en"] == "until: choose a period of at most ten years"
