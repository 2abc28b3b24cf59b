"""What every service refuses at its edge before a route sees it, in Dutch and English.

- A body over the configured size: 413 before it is read (by Content-Length) or as soon as
  the bytes streamed in pass it, so a 10 MB body is never parsed.
- A NUL character in a path, query or JSON text: 422 naming the field. PostgreSQL cannot
  store it in text or jsonb, so letting it through would end in a 5xx.
- Field validation: every 422 names the field, says in both languages what is expected, and
  echoes at most a short excerpt of what was sent (never a 20 MB name back).
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, unquote

from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

if TYPE_CHECKING:
    from collections.abc import Iterator

    from fastapi import FastAPI, Request
    from starlette.types import ASGIApp, Message, Receive, Scope, Send

DEFAULT_MAX_BODY_BYTES = 1024 * 1024
EXCERPT_CHARS = 80
_NUL = "\x00"
_WITH_BODY = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def install_input_rules(app: FastAPI, max_body_bytes: int = DEFAULT_MAX_BODY_BYTES) -> None:
    """Refuse oversized bodies and NUL characters, and answer every field error bilingually."""
    app.add_middleware(InputGuard, max_body_bytes=max_body_bytes)
    app.add_exception_handler(RequestValidationError, validation_refusal)


async def validation_refusal(_request: Request, exc: Exception) -> JSONResponse:
    """422 for a request that does not fit its route: each field, in Dutch and English."""
    assert isinstance(exc, RequestValidationError)  # noqa: S101 - registered for it only
    return JSONResponse({"detail": [problem(error) for error in exc.errors()]}, status_code=422)


def problem(error: Any) -> dict[str, Any]:  # noqa: ANN401 - pydantic's error dict
    """One field error as our refusals read: where, what in Dutch and English, an excerpt."""
    kind = str(error.get("type", "value_error"))
    context = error.get("ctx") or {}
    nl, en = _explained(kind, context, str(error.get("msg", "")))
    shown: dict[str, Any] = {"loc": list(error.get("loc", ())), "msg": nl, "msg_en": en}
    shown["type"] = kind
    if "input" in error and kind not in {"missing", "json_invalid"}:
        shown["input"] = excerpt(error["input"])
    return shown


def excerpt(value: object) -> object:
    """What was sent, cut short: a scalar as it was, anything long or nested as a prefix."""
    if value is None or isinstance(value, bool | int | float):
        return value
    text = value if isinstance(value, str) else json.dumps(value, default=str)
    return text if len(text) <= EXCERPT_CHARS else text[:EXCERPT_CHARS] + "…"


_MESSAGES: dict[str, tuple[str, str]] = {
    "missing": ("Verplicht veld ontbreekt", "Field required"),
    "json_invalid": ("Ongeldige JSON", "Invalid JSON"),
    "json_type": ("Verwacht JSON", "Expected JSON"),
    "model_attributes_type": ("Verwacht een object", "Expected an object"),
    "dict_type": ("Verwacht een object", "Expected an object"),
    "list_type": ("Verwacht een lijst", "Expected a list"),
    "string_type": ("Verwacht tekst", "Expected text"),
    "bool_type": ("Verwacht true of false", "Expected true or false"),
    "bool_parsing": ("Verwacht true of false", "Expected true or false"),
    "int_type": ("Verwacht een geheel getal", "Expected a whole number"),
    "int_parsing": ("Verwacht een geheel getal", "Expected a whole number"),
    "int_from_float": ("Verwacht een geheel getal", "Expected a whole number"),
    "float_parsing": ("Verwacht een getal", "Expected a number"),
    "uuid_parsing": ("Verwacht een UUID", "Expected a UUID"),
    "uuid_type": ("Verwacht een UUID", "Expected a UUID"),
    "date_parsing": ("Verwacht een datum als JJJJ-MM-DD", "Expected a date as YYYY-MM-DD"),
    "date_from_datetime_parsing": (
        "Verwacht een datum als JJJJ-MM-DD",
        "Expected a date as YYYY-MM-DD",
    ),
    "date_type": ("Verwacht een datum als JJJJ-MM-DD", "Expected a date as YYYY-MM-DD"),
    "datetime_parsing": (
        "Verwacht een tijdstip als JJJJ-MM-DDTuu:mm:ssZ",
        "Expected a time as YYYY-MM-DDThh:mm:ssZ",
    ),
    "datetime_from_date_parsing": (
        "Verwacht een tijdstip als JJJJ-MM-DDTuu:mm:ssZ",
        "Expected a time as YYYY-MM-DDThh:mm:ssZ",
    ),
    "timezone_aware": ("Tijdstip zonder tijdzone", "Time without a time zone"),
    "extra_forbidden": ("Onbekend veld", "Unknown field"),
    "url_parsing": ("Verwacht een URL", "Expected a URL"),
    "url_scheme": ("Verwacht een http(s)-URL", "Expected an http(s) URL"),
}


def _explained(kind: str, context: dict[str, Any], english: str) -> tuple[str, str]:
    """The Dutch and English for one pydantic error type, with its limit where it has one."""
    if kind in _MESSAGES:
        return _MESSAGES[kind]
    limits = {
        "string_too_short": ("Te kort: minstens {} tekens", "Too short: at least {} characters"),
        "string_too_long": ("Te lang: hoogstens {} tekens", "Too long: at most {} characters"),
        "too_short": ("Te weinig: minstens {}", "Too few: at least {}"),
        "too_long": ("Te veel: hoogstens {}", "Too many: at most {}"),
        "greater_than": ("Moet groter zijn dan {}", "Must be greater than {}"),
        "greater_than_equal": ("Moet minstens {} zijn", "Must be at least {}"),
        "less_than": ("Moet kleiner zijn dan {}", "Must be less than {}"),
        "less_than_equal": ("Mag hoogstens {} zijn", "Must be at most {}"),
        "string_pattern_mismatch": ("Voldoet niet aan het patroon {}", "Must match pattern {}"),
        "literal_error": ("Onbekende waarde; toegestaan: {}", "Unknown value; allowed: {}"),
        "enum": ("Onbekende waarde; toegestaan: {}", "Unknown value; allowed: {}"),
    }
    if kind in limits:
        nl, en = limits[kind]
        limit = next(iter(context.values()), "") if context else ""
        return nl.format(limit), en.format(limit)
    return f"Ongeldige waarde ({english})", english or "Invalid value"


class InputGuard:
    """Pure ASGI middleware: size and NUL checks before any route reads the request."""

    def __init__(self, app: ASGIApp, max_body_bytes: int = DEFAULT_MAX_BODY_BYTES) -> None:
        """Wrap `app`; bodies over `max_body_bytes` are refused."""
        self._app = app
        self._max = max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Refuse what no route could store; pass the rest on with its body replayed."""
        if scope["type"] != "http":
            await self._app(scope, receive, send)
            return
        field = _nul_in_address(scope)
        if field is not None:
            await _nul_refusal(field)(scope, receive, send)
            return
        if scope["method"] not in _WITH_BODY:
            await self._app(scope, receive, send)
            return
        declared = _content_length(scope)
        if declared is not None and declared > self._max:
            await self._too_large()(scope, receive, send)
            return
        body, more = await self._read(receive)
        if body is None:
            await self._too_large()(scope, receive, send)
            return
        refusal = _body_refusal(body) if _is_json(scope) else None
        if refusal is not None:
            await refusal(scope, receive, send)
            return
        await self._app(scope, _replay(body, more, receive), send)

    async def _read(self, receive: Receive) -> tuple[bytes | None, bool]:
        """The whole body, or None once it passes the limit; and whether the client is gone."""
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return b"".join(chunks), False
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self._max:
                return None, True
            chunks.append(chunk)
            if not message.get("more_body", False):
                return b"".join(chunks), True

    def _too_large(self) -> JSONResponse:
        limit = self._max
        return JSONResponse(
            {
                "detail": {
                    "nl": f"Verzoek te groot: hoogstens {limit} bytes",
                    "en": f"Request too large: at most {limit} bytes",
                }
            },
            status_code=413,
            headers={"Connection": "close"},
        )


def _replay(body: bytes, connected: bool, receive: Receive) -> Receive:  # noqa: FBT001 - internal
    """A receive that gives the body read ahead once, then what the client sends after it."""
    sent = False

    async def replayed() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        if not connected:
            return {"type": "http.disconnect"}
        return await receive()

    return replayed


def _content_length(scope: Scope) -> int | None:
    for name, value in scope["headers"]:
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


def _nul_in_address(scope: Scope) -> list[str | int] | None:
    """The path or query parameter holding a NUL character, if any."""
    raw_path = scope.get("raw_path") or scope["path"].encode("utf-8", "surrogateescape")
    if _NUL in scope["path"] or b"%00" in raw_path:
        return ["path"]
    query = scope.get("query_string", b"").decode("latin-1")
    if "%00" not in query and _NUL not in query:
        return None
    for name, value in parse_qsl(query, keep_blank_values=True):
        if _NUL in name or _NUL in value:
            return ["query", unquote(name).replace(_NUL, "")]
    return ["query"]


def _nul_in_json(body: bytes) -> list[str | int] | None:
    """Where in a JSON body a text holds NUL (escaped, as JSON must); None when nowhere."""
    if b"\\u0000" not in body:
        return None
    try:
        document = json.loads(body)
    except ValueError:
        return None  # not JSON: the route's own validation refuses it
    fallback: list[str | int] = ["body"]
    return next(_nul_paths(document, ["body"]), fallback)


def _nul_paths(value: object, at: list[str | int]) -> Iterator[list[str | int]]:
    if isinstance(value, str) and _NUL in value:
        yield at
    elif isinstance(value, dict):
        for key, item in value.items():
            if _NUL in key:
                yield [*at, key.replace(_NUL, "")]
            yield from _nul_paths(item, [*at, key])
    elif isinstance(value, list):
        for place, item in enumerate(value):
            yield from _nul_paths(item, [*at, place])


def _is_json(scope: Scope) -> bool:
    """Whether the body is declared JSON (a form or any other body is the route's to read)."""
    for name, value in scope["headers"]:
        if name == b"content-type":
            return b"json" in value.lower()
    return False


def _body_refusal(body: bytes) -> JSONResponse | None:
    """A 422 for a JSON body no route could read or store: not UTF-8, or NUL in a text."""
    if not _utf8(body):
        return _not_utf8()
    field = _nul_in_json(body)
    return None if field is None else _nul_refusal(field)


def _utf8(body: bytes) -> bool:
    """Whether the body is text as JSON must be (FastAPI would answer 400 in English)."""
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _not_utf8() -> JSONResponse:
    problem_ = {
        "loc": ["body"],
        "msg": "Ongeldige JSON: de tekst is geen UTF-8",
        "msg_en": "Invalid JSON: the text is not UTF-8",
        "type": "json_invalid",
    }
    return JSONResponse({"detail": [problem_]}, status_code=422)


def _nul_refusal(field: list[str | int]) -> JSONResponse:
    problem_ = {
        "loc": field,
        "msg": "Tekst mag geen NUL-teken (\\u0000) bevatten",
        "msg_en": "Text must not contain a NUL character (\\u0000)",
        "type": "nul_character",
    }
    return JSONResponse({"detail": [problem_]}, status_code=422)
