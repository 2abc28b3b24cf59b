"""The web view's CSRF signing and origin check, and the report's month parameters."""

from __future__ import annotations

from datetime import date

import pytest
from fastapi import HTTPException
from starlette.requests import Request

from services.timeline.api.reports import month_span
from services.timeline.web.csrf import COOKIE, FIELD, Csrf, same_site
from services.timeline.web.report_charts import months
from services.timeline.web.report_page import read_period


def request(method="POST", headers=None, body=b"") -> Request:
    raw = [
        (k.lower().encode(), v.encode())
        for k, v in {"host": "regie.test", **(headers or {})}.items()
    ]

    async def receive():
        return {"type": "http.request", "body": body, "more_body": False}

    scope = {"type": "http", "method": method, "path": "/ui/inloggen", "headers": raw,
             "query_string": b"", "scheme": "http", "server": ("regie.test", 80)}  # fmt: skip
    return Request(scope, receive)


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({}, True),
        ({"origin": "http://regie.test"}, True),
        ({"origin": "https://regie.test"}, True),  # TLS ended at the proxy
        ({"referer": "http://regie.test/ui/jongeren"}, True),
        ({"sec-fetch-site": "same-origin", "origin": "http://regie.test"}, True),
        (
            {"host": "app:8002", "x-forwarded-host": "regie.test", "origin": "https://regie.test"},
            True,
        ),
        ({"origin": "https://evil.example"}, False),
        ({"origin": "null"}, False),
        ({"origin": "http://regie.test.evil.example"}, False),
        ({"referer": "https://evil.example/ui"}, False),
        ({"sec-fetch-site": "cross-site"}, False),
        ({"sec-fetch-site": "same-site", "origin": "http://regie.test"}, False),
    ],
)
def test_same_site_trusts_only_this_host(headers, expected):
    assert same_site(request(headers=headers)) is expected


async def test_a_token_is_bound_to_its_cookie_and_key():
    csrf = Csrf(b"k" * 32)
    page = request("GET")
    token = csrf.token(page)
    nonce = page.state.csrf_new_nonce
    cookie = {"cookie": f"{COOKIE}={nonce}"}
    body = f"{FIELD}={token}&token=x".encode()
    await csrf.verify(request(headers=cookie, body=body))  # accepted
    refusals = [
        request(body=body),  # no cookie
        request(headers={"cookie": f"{COOKIE}={'A' * 43}"}, body=body),  # another cookie
        request(headers=cookie, body=b"token=x"),  # no field
        request(headers=cookie | {"origin": "https://evil.example"}, body=body),
    ]
    for refused in refusals:
        with pytest.raises(HTTPException) as caught:
            await csrf.verify(refused)
        assert caught.value.status_code == 403
        assert set(caught.value.detail) == {"nl", "en"}
    with pytest.raises(HTTPException):
        await Csrf(b"o" * 32).verify(request(headers=cookie, body=body))  # another key
    await csrf.verify(request("GET"))  # safe methods need nothing


REFUSED_PERIODS = [
    ("0000-01", "2025-01", "from"),
    ("2025-01", "0000-12", "until"),
    ("2025-02", "2025-01", "until"),
    ("2025-1", "2025-02", "from"),
]


def test_the_report_period_refuses_year_zero_and_names_the_field():
    for start, end, field in REFUSED_PERIODS:
        with pytest.raises(HTTPException) as caught:
            month_span(start, end)
        assert caught.value.status_code == 422
        (problem,) = caught.value.detail
        assert problem["loc"] == ["query", field]
        assert problem["msg"]
        assert problem["msg_en"]
    assert month_span("9999-12", "9999-12") == (date(9999, 12, 1), date(9999, 12, 31))


def test_the_report_page_reads_only_months_of_the_calendar_within_ten_years():
    assert read_period("0000-01", "0000-02", "", "")[2] == {
        "van": "Vul een maand in als JJJJ-MM, bijvoorbeeld 2025-03.",
        "tot": "Vul een maand in als JJJJ-MM, bijvoorbeeld 2025-03.",
    }
    assert read_period("2015-01", "2025-01", "", "")[2] == {
        "tot": "Kies een periode van hoogstens tien jaar."
    }
    assert read_period("2015-02", "2025-01", "", "")[2] == {}
    assert months(date(9999, 11, 1), date(9999, 12, 31)) == [date(9999, 11, 1), date(9999, 12, 1)]
