"""Every refusal a route can give is in its OpenAPI document, with the body it comes with.

FastAPI documents 200/201 and 422 by itself; the 401 of the token check, the 403 of the role
check, the 404 of "not there or not yours", the 409 of a rule or a stale version and the 413 of
the edge were missing, so a client generated from the document did not know them. They are
added per operation from what the operation is: secured, about one resource, a change.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Callable

    from fastapi import FastAPI

_REFUSAL_REF = "#/components/schemas/Refusal"
REFUSAL_SCHEMA: dict[str, Any] = {
    "title": "Refusal",
    "description": "Why a request was refused: in Dutch and English, or per field.",
    "type": "object",
    "required": ["detail"],
    "properties": {
        "detail": {
            "anyOf": [
                {"type": "string", "description": "A short Dutch reason."},
                {
                    "type": "object",
                    "description": "`nl` and `en`; a stale version adds `current_version`.",
                    "required": ["nl", "en"],
                    "properties": {"nl": {"type": "string"}, "en": {"type": "string"}},
                },
                {
                    "type": "array",
                    "description": "One problem per field: `loc`, `msg` (nl), `msg_en`, `type`.",
                    "items": {
                        "type": "object",
                        "required": ["loc", "msg"],
                        "properties": {
                            "loc": {"type": "array", "items": {"type": ["string", "integer"]}},
                            "msg": {"type": "string"},
                            "msg_en": {"type": "string"},
                            "type": {"type": "string"},
                        },
                    },
                },
            ]
        }
    },
}
_MEANING = {
    "401": "Niet ingelogd: geen geldig token / not signed in",
    "403": "Rol of toewijzing ontbreekt / role or assignment missing",
    "404": "Niet gevonden, of niet van uw gemeente (hetzelfde antwoord) / not found, or not yours",
    "409": "In strijd met de huidige toestand of versie / conflicts with the current state",
    "413": "Verzoek te groot / request too large",
    "422": "Ongeldige invoer, per veld / invalid input, per field",
}
_CHANGES = frozenset({"post", "put", "patch", "delete"})


def document_refusals(app: FastAPI) -> None:
    """Make `app.openapi()` list each operation's refusals (built once, when first asked)."""
    build: Callable[[], dict[str, Any]] = app.openapi

    def with_refusals() -> dict[str, Any]:
        if app.openapi_schema is not None:
            return app.openapi_schema
        document = build()
        document.setdefault("components", {}).setdefault("schemas", {})["Refusal"] = REFUSAL_SCHEMA
        for path, operations in document.get("paths", {}).items():
            for method, operation in operations.items():
                if isinstance(operation, dict) and "responses" in operation:
                    _add(path, method, operation)
        app.openapi_schema = document
        return document

    app.openapi = with_refusals  # type: ignore[method-assign]


def _add(path: str, method: str, operation: dict[str, Any]) -> None:
    codes = ["422"]
    if operation.get("security"):
        codes += ["401", "403"]
    if "{" in path:
        codes.append("404")
    if method in _CHANGES:
        codes += ["409", "413"]
    responses = operation["responses"]
    for code in codes:
        if code == "422" and code in responses:
            responses[code] = _refusal(code)  # ours: bilingual, not FastAPI's HTTPValidationError
            continue
        responses.setdefault(code, _refusal(code))


def _refusal(code: str) -> dict[str, Any]:
    return {
        "description": _MEANING[code],
        "content": {"application/json": {"schema": {"$ref": _REFUSAL_REF}}},
    }
