"""The web view's names from intake: one request a page, the ids shown when intake fails."""

from __future__ import annotations

import httpx
from structlog.testing import capture_logs

from services.timeline.web.names import PAGE, IntakeNames, names_client

URL = "http://intake.test"


def intake(answer, seen: list[httpx.Request]) -> httpx.AsyncClient:
    def handle(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return answer(request)

    return httpx.AsyncClient(transport=httpx.MockTransport(handle))


async def test_a_page_of_names_is_one_request_with_the_readers_token():
    """Every id once, in one request; only names asked for are taken."""
    seen: list[httpx.Request] = []
    names = {"a": "Anna", "b": "Bram", "x": "not asked"}
    async with intake(lambda _: httpx.Response(200, json={"names": names}), seen) as client:
        found = await IntakeNames(URL, client).of("tok", ["a", "b", "a", "c"])
    assert found == {"a": "Anna", "b": "Bram"}
    [request] = seen
    assert request.url.path == "/youths/names"
    assert request.url.params.get_list("ids") == ["a", "b", "c"]
    assert request.headers["Authorization"] == "Bearer tok"


async def test_ages_come_with_the_names_only_for_ids_asked_and_only_as_whole_years():
    """The current age, computed in intake from the sealed birth date; junk is dropped."""
    body = {"names": {"a": "Anna", "b": "Bram"}, "ages": {"a": 19, "b": "19", "c": 20, "d": True}}
    async with intake(lambda _: httpx.Response(200, json=body), []) as client:
        names, ages = await IntakeNames(URL, client).with_ages("tok", ["a", "b", "d"])
    assert names == {"a": "Anna", "b": "Bram"}
    assert ages == {"a": 19}


async def test_more_than_intakes_bound_is_asked_a_page_at_a_time():
    """Intake answers at most PAGE ids a request."""
    seen: list[httpx.Request] = []
    ids = [f"y{i}" for i in range(PAGE + 1)]
    async with intake(lambda _: httpx.Response(200, json={"names": {}}), seen) as client:
        await IntakeNames(URL, client).of("tok", ids)
    assert [len(r.url.params.get_list("ids")) for r in seen] == [PAGE, 1]


async def test_a_refusal_an_outage_or_a_timeout_shows_the_ids():
    """No names, no error page: 403, a malformed answer, a timeout each give {} (logged)."""

    def timeout(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("slow", request=request)

    answers = [
        lambda _: httpx.Response(403, json={"detail": "nee"}),
        lambda _: httpx.Response(200, text="<html>"),
        lambda _: httpx.Response(200, json={"names": ["a"]}),
        timeout,
    ]
    with capture_logs() as logs:
        for answer in answers:
            async with intake(answer, []) as client:
                assert await IntakeNames(URL, client).of("tok", ["a"]) == {}
    assert [e["event"] for e in logs].count("web.names_unavailable") == 3


async def test_without_intake_or_token_nobody_is_asked():
    """No URL configured, no client, no ids or no token: no request at all."""
    seen: list[httpx.Request] = []
    async with intake(lambda _: httpx.Response(200, json={"names": {}}), seen) as client:
        assert await IntakeNames(None, client).of("tok", ["a"]) == {}
        assert await IntakeNames(URL, None).of("tok", ["a"]) == {}
        assert await IntakeNames(URL, client).of("tok", []) == {}
        assert await IntakeNames(URL, client).of("", ["a"]) == {}
    assert seen == []


async def test_the_apps_client_is_bounded_and_times_out():
    """One client for the app: a timeout on every request and a bounded pool."""
    client = names_client()
    try:
        assert client.timeout.read == client.timeout.connect == 1.5
    finally:
        await client.aclose()
