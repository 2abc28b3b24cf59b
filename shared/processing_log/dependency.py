"""FastAPI integration: exactly one processing-log entry per request, written after the route.

Put the dependency FIRST in the route's `dependencies`, with function scope:

    @router.get(
        "/youths/{youth_id}",
        dependencies=[Depends(processing(get_log, action="lezen", ...), scope="function")],
    )

Why this works in FastAPI 0.165: a route's dependencies are solved in order, and everything
after a `yield` dependency has been entered (later dependencies such as the role check,
request validation, the route itself) runs inside that dependency's exit stack, so whatever
they raise is thrown into it at its `yield`. Being first is what lets it see the 401/403 of
the auth dependency. `scope="function"` writes the entry before the response is sent, so a
failing write turns the answer into a 500 rather than letting data out unlogged; with the
default request scope the entry is written after the response went out.

The result is `gelukt` when the route returned; `geweigerd` when the request was refused, for
who asks (401, 403; 404, as a young person not there and one of another municipality answer
alike) or for what they ask (409 a conflict with what holds, 413 too large, 422 invalid input
or a rule refusing it, including FastAPI's own request validation); and `mislukt` when the
platform failed (any other error). Routes signal refusal by raising, not by
returning an error response (which would be logged as `gelukt`).

A command's entry is written with its events instead (`PendingEntry`, shared/command_http.py):
in the statement that appends them, as `gelukt`, so it commits exactly when they do at no
round trip of its own; this dependency then writes nothing more. A command that appends
nothing (a replay, a refusal) is logged here as above.

What a route may tell the log, on `request.state` (or with `note_processing`):
- `principal`: the authenticated `Principal`; otherwise the bearer token is verified again
  without role checks, and a caller without a valid token is logged as `onbekend`;
- `processed_youth_id`: the id of a young person made inside the route (a creating route);
  otherwise the path parameter named `youth_param` (the query parameter with
  `youth_in_query`, so a refused request is logged on that young person's chain too),
  otherwise `onbekend`;
- `processing_grondslag`, `processing_vertrouwelijkheid`: this request's legal basis or
  classification when it differs from the route's.
"""

import uuid
import weakref
from collections.abc import AsyncIterator, Callable
from typing import Final

import structlog
from fastapi import Request
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, ConfigDict
from starlette.exceptions import HTTPException

from shared.auth import AuthSettings, InvalidTokenError, Principal, decode_token
from shared.eventstore import Write
from shared.http import CORRELATION_HEADER
from shared.processing_log.entry import (
    UNKNOWN,
    Action,
    ActivityId,
    ActivityName,
    Grondslag,
    Result,
    Vertrouwelijkheid,
)
from shared.processing_log.store import EntryFacts, LogCall, ProcessingLog

log = structlog.get_logger("processing_log")

Identify = Callable[[Request], Principal | None]
"""Who made a request, if that can be verified; used when the route did not say."""

ProcessingDependency = Callable[[Request], AsyncIterator[None]]
"""What `processing` returns: a `yield` dependency for a route's `dependencies` list."""

_REFUSED: Final = frozenset({401, 403, 404, 409, 413, 422})

_MAX_TEXT: Final = 200


class RouteProcessing(BaseModel):
    """What a route states once; validated when the app is built, so a typo fails at startup."""

    model_config = ConfigDict(frozen=True)

    action: Action
    activity: ActivityId
    activity_name: ActivityName
    grondslag: Grondslag
    vertrouwelijkheid: Vertrouwelijkheid


# What each built dependency logs, so the processing register (AVG art. 30) is read from the
# routes themselves (`declared_processing`); weak, so a discarded app takes its entries along.
_DECLARED: Final[weakref.WeakKeyDictionary[Callable[..., object], RouteProcessing]] = (
    weakref.WeakKeyDictionary()
)


def declared_processing(dependency: object) -> RouteProcessing | None:
    """What a route dependency built by `processing` logs; None for any other dependency."""
    if not callable(dependency):
        return None
    try:
        return _DECLARED.get(dependency)
    except TypeError:  # not weakly referable (a bound method, a builtin): not ours
        return None


def identify_by_token(settings: AuthSettings) -> Identify:
    """Identify the caller from a verified bearer token, ignoring which roles it holds.

    Only a token that verifies counts: an unverified `sub` would let anyone write any name
    into the log.
    """

    def identify(request: Request) -> Principal | None:
        scheme, _, token = request.headers.get("Authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            return None
        try:
            return decode_token(settings, token.strip())
        except InvalidTokenError:
            return None

    return identify


def note_processing(
    request: Request,
    *,
    principal: Principal | None = None,
    youth_id: str | uuid.UUID | None = None,
    grondslag: str | None = None,
    vertrouwelijkheid: Vertrouwelijkheid | None = None,
) -> None:
    """Tell the request's processing-log entry what only the route knows (see module doc)."""
    if principal is not None:
        request.state.principal = principal
    if youth_id is not None:
        request.state.processed_youth_id = str(youth_id)
    if grondslag is not None:
        request.state.processing_grondslag = grondslag
    if vertrouwelijkheid is not None:
        request.state.processing_vertrouwelijkheid = vertrouwelijkheid


def processing(  # noqa: PLR0913 - the facts a route states about its processing
    log_getter: Callable[[Request], ProcessingLog],
    *,
    action: Action,
    activity: str,
    activity_name: str,
    grondslag: str,
    vertrouwelijkheid: Vertrouwelijkheid = "vertrouwelijk",
    youth_param: str = "youth_id",
    identify: Identify | None = None,
    youth_in_query: bool = False,
) -> ProcessingDependency:
    """Build the dependency that logs the route's processing (usage in the module docstring).

    `log_getter` finds the service's `ProcessingLog` (the composition root keeps it on
    `app.state`); `identify` defaults to verifying the bearer token with `AuthSettings()`.

    Raises:
        pydantic.ValidationError: an unknown action or confidentiality, or a malformed
            activity id or grondslag code.
    """
    route = RouteProcessing(
        action=action,
        activity=activity,
        activity_name=activity_name,
        grondslag=grondslag,
        vertrouwelijkheid=vertrouwelijkheid,
    )
    who = identify or identify_by_token(AuthSettings())

    def facts(request: Request, result: Result) -> EntryFacts:
        state = request.state
        principal = getattr(state, "principal", None)
        if not isinstance(principal, Principal):
            principal = who(request)
        params = request.query_params if youth_in_query else request.path_params
        youth_id = getattr(state, "processed_youth_id", None) or params.get(youth_param)
        template = getattr(request.scope.get("route"), "path", None) or request.url.path
        correlation_id = (
            getattr(state, "correlation_id", None)
            or request.headers.get(CORRELATION_HEADER)
            or str(uuid.uuid4())
        )
        return {
            "actor": principal.actor if principal else UNKNOWN,
            "actor_role": principal.role if principal else UNKNOWN,
            "tenant": principal.gemeentecode if principal else UNKNOWN,
            "youth_id": _text(youth_id),
            "action": route.action,
            "activity": route.activity,
            "activity_name": route.activity_name,
            "grondslag": getattr(state, "processing_grondslag", None) or route.grondslag,
            "vertrouwelijkheid": getattr(state, "processing_vertrouwelijkheid", None)
            or route.vertrouwelijkheid,
            "result": result,
            "correlation_id": _text(correlation_id),
            "method": request.method,
            "path": _text(template, 500),
        }

    async def record_processing(request: Request) -> AsyncIterator[None]:
        entry = PendingEntry(log_getter(request), lambda result: facts(request, result))
        request.state.processing_entry = entry
        try:
            yield
        except BaseException as exc:
            if entry.written:  # with the append that recorded the request's data
                raise
            # The request already failed: a log that cannot be written must not hide why.
            try:
                await entry.log.record(**facts(request, _result_of(exc)))
            except Exception:
                log.exception("processing_log.write_failed", activity=route.activity)
            raise
        if entry.written:
            return
        try:
            await entry.log.record(**facts(request, "gelukt"))
        except Exception:
            # Fails the request: data must not leave unlogged.
            log.exception("processing_log.write_failed", activity=route.activity)
            raise

    _DECLARED[record_processing] = route
    return record_processing


class PendingEntry:
    """The request's entry until written: with the append of its data, or after the route.

    A command's route hands it to the event store (`with_append`), so the entry is written in
    the statement that appends the events and commits with them, one round trip for both
    (shared/command_http.py). Its result is then `gelukt`, what the recording did: should the
    route fail after it (a later step, the answer), the data was processed all the same, and
    the request keeps its one entry.
    """

    def __init__(self, log: ProcessingLog, facts: Callable[[Result], EntryFacts]) -> None:
        """The entry `facts` describe, for `log`."""
        self.log = log
        self._facts = facts
        self.written = False

    async def with_append(self) -> "EntryWithAppend":
        """The entry as a write for the event store's next append (`alongside`)."""
        return EntryWithAppend(self, await self.log.call(**self._facts("gelukt")))


class EntryWithAppend:
    """A pending entry's call, for the append's statement; marks the entry written once run."""

    def __init__(self, entry: PendingEntry, call: LogCall) -> None:
        """The `call` that writes `entry`."""
        self._entry = entry
        self._call = call

    def pending(self) -> Write | None:
        """`(record_processing(...)).entry_id` with its values, until the entry is written."""
        if self._entry.written:
            return None
        return Write(f"({self._call.function}).entry_id", self._call.args)

    def made(self) -> None:
        """Written, with the events: the route's end writes no second entry."""
        self._entry.written = True


def unwritten_entry(request: Request) -> PendingEntry | None:
    """The request's processing-log entry while not yet written; None for a route without one."""
    entry = getattr(request.state, "processing_entry", None)
    if isinstance(entry, PendingEntry) and not entry.written:
        return entry
    return None


def _result_of(exc: BaseException) -> Result:
    """`geweigerd` for a refusal of who asks or of what they ask for, `mislukt` otherwise."""
    if isinstance(exc, RequestValidationError):
        return "geweigerd"
    if isinstance(exc, HTTPException) and exc.status_code in _REFUSED:
        return "geweigerd"
    return "mislukt"


def _text(value: object, limit: int = _MAX_TEXT) -> str:
    """A request-supplied value the log can store: no NUL (PostgreSQL refuses it), bounded."""
    text = str(value).replace("\x00", "")[:limit] if value is not None else ""
    return text or UNKNOWN
