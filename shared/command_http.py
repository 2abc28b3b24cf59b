"""HTTP for command handlers: request bodies from commands, retries, versions, refusals.

Shared by every service with commands; the routes themselves stay in each service.
No `from __future__ import annotations` here: FastAPI resolves these annotations at runtime.
"""

import uuid
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING, Annotated, Any, Protocol

from fastapi import APIRouter, Depends, Header, HTTPException, Request, status
from pydantic import BaseModel, ConfigDict, create_model

from shared.auth import Authenticator, Principal
from shared.clock import clock_of
from shared.command_handling import Checks, Outcome
from shared.command_pipeline import CommandPipeline, Dependencies
from shared.eventstore import (
    Alongside,
    ConcurrencyError,
    EventIdTakenError,
    EventStore,
    Metadata,
    PostgresEventStore,
    RecordedEvent,
)
from shared.http import log_context
from shared.privacy import Sealer, SubjectErasedError
from shared.processing_log import ProcessingLog, note_processing, processing
from shared.processing_log.dependency import unwritten_entry
from shared.processing_log.entry import Action
from shared.rules import ConflictError, NotFoundError, NotPermittedError, RuleViolationError

if TYPE_CHECKING:
    from shared.tenancy import YouthRegistry

IfMatch = Annotated[int | None, Header(alias="If-Match", description="Expected version")]
IdempotencyKey = Annotated[str | None, Header(max_length=200)]


async def store_of(request: Request) -> EventStore:
    """The event store the composition root opened (async: FastAPI runs `def` in a thread)."""
    store: EventStore = request.app.state.store
    return store


async def sealer_of(request: Request) -> Sealer:
    """The sealer the composition root built."""
    sealer: Sealer = request.app.state.sealer
    return sealer


def processing_log(request: Request) -> ProcessingLog:
    """The processing log the composition root opened for this app."""
    log: ProcessingLog = request.app.state.processing_log
    return log


Store = Annotated[EventStore, Depends(store_of)]
Seal = Annotated[Sealer, Depends(sealer_of)]


def logged(*, action: Action, activity: str, activity_name: str, grondslag: str) -> list[Any]:
    """A route's processing-log dependency; it must come first (see shared.processing_log)."""
    dependency = processing(
        processing_log,
        action=action,
        activity=activity,
        activity_name=activity_name,
        grondslag=grondslag,
    )
    return [Depends(dependency, scope="function")]


def body_model(command: type[BaseModel], path_fields: tuple[str, ...] = ("youth_id",)) -> Any:  # noqa: ANN401 - a class made at runtime
    """A command's request body: its fields, without those the path carries."""
    fields: Any = {
        name: (info.annotation, info)
        for name, info in command.model_fields.items()
        if name not in path_fields
    }
    return create_model(
        f"{command.__name__}Request",
        __config__=ConfigDict(extra="forbid"),
        __doc__=command.__doc__,
        **fields,
    )


async def load_visible(
    store: EventStore, stream: str, principal: Principal, not_found: dict[str, str]
) -> list[RecordedEvent]:
    """A stream the caller may read; empty or another municipality's: the same 404.

    One answer for both, so another municipality cannot learn which domains know a person.
    """
    recorded = await store.load(stream)
    if not recorded or recorded[0].metadata.tenant != principal.gemeentecode:
        raise HTTPException(status.HTTP_404_NOT_FOUND, not_found)
    return recorded


NOT_ASSIGNED = {
    "nl": "Deze jongere is niet aan u toegewezen",
    "en": "This young person is not assigned to you",
}
"""The answer to a jongerenregisseur reading a young person of their municipality not theirs."""

UNKNOWN_YOUTH = {"nl": "Onbekende jongere", "en": "Unknown young person"}
"""The answer for a young person who is not there and for one of another municipality alike."""

NOT_REGISTERED = {
    "nl": "Onbekende jongere: niet (of nog niet) ingeschreven bij intake in uw gemeente. Net"
    " ingeschreven? Probeer het over enkele seconden opnieuw",
    "en": "Unknown young person: not (or not yet) registered by intake in your municipality."
    " Just registered? Try again in a few seconds",
}
"""A life domain's answer to a command for a young person it has not learnt from intake."""


async def ensure_registered(
    request: Request, youth_id: uuid.UUID, principal: Principal
) -> str | None:
    """The young person's director, once intake's registration in the caller's municipality is here.

    Raises:
        HTTPException: 404 (with Retry-After) for one not registered, or another municipality's.
    """
    registry: YouthRegistry | None = request.app.state.registry
    if registry is None:
        return None
    found = await registry.of_municipality(youth_id, principal.gemeentecode)
    if found is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, NOT_REGISTERED, {"Retry-After": "2"})
    return found.director_id


def event_id_for(service: str, tenant: str, idempotency_key: str | None) -> uuid.UUID | None:
    """The event id a request with this key always gets, so a retry is recognised."""
    if not idempotency_key:
        return None
    return uuid.uuid5(uuid.NAMESPACE_URL, f"regie:{service}:{tenant}:{idempotency_key}")


def metadata_of(principal: Principal, request: Request) -> Metadata:
    """Who gives the command, in which municipality, in which request."""
    return Metadata(
        tenant=principal.gemeentecode,
        actor=principal.actor,
        actor_role=principal.role,
        correlation_id=request.state.correlation_id,
    )


REFUSALS = (RuleViolationError, ConcurrencyError, NotPermittedError, SubjectErasedError)
# How often a command without If-Match is decided again when another append came first.
CONCURRENT_RETRIES = 3
"""What a command handler may refuse with; `http_error` answers each."""


def http_error(error: Exception) -> HTTPException:
    """The HTTP answer to a refusal, in Dutch and English."""
    if isinstance(error, RuleViolationError):
        return _rule_violation(error)
    if isinstance(error, EventIdTakenError):
        return HTTPException(
            status.HTTP_409_CONFLICT,
            {
                "nl": "Deze Idempotency-Key is al gebruikt voor een ander verzoek;"
                " geef een nieuw verzoek een nieuwe sleutel",
                "en": "This Idempotency-Key was already used for another request;"
                " give a new request a new key",
            },
        )
    if isinstance(error, ConcurrencyError):
        return HTTPException(
            status.HTTP_409_CONFLICT,
            {
                "nl": "Gelijktijdige wijziging; haal de gegevens opnieuw op",
                "en": "Concurrent change; fetch the data again",
                "current_version": error.actual,
            },
        )
    if isinstance(error, SubjectErasedError):
        return HTTPException(
            status.HTTP_409_CONFLICT,
            {
                "nl": "Gegevens van deze jongere zijn vernietigd",
                "en": "This young person's data was erased",
            },
        )
    if isinstance(error, NotPermittedError) and error.other_municipality:
        return HTTPException(status.HTTP_404_NOT_FOUND, UNKNOWN_YOUTH)
    return HTTPException(
        status.HTTP_403_FORBIDDEN,
        {
            "nl": "Alleen de toegewezen medewerker mag dit",
            "en": "Only the assigned employee may do this",
        },
    )


def _rule_violation(error: RuleViolationError) -> HTTPException:
    if isinstance(error, NotFoundError):
        return HTTPException(status.HTTP_404_NOT_FOUND, {"nl": error.nl, "en": error.en})
    if isinstance(error, ConflictError):
        return HTTPException(status.HTTP_409_CONFLICT, {"nl": error.nl, "en": error.en})
    location = ["body", error.field] if error.field else ["body"]
    problem = {"loc": location, "msg": error.nl, "msg_en": error.en, "type": "rule_violation"}
    return HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, [problem])


class Recorded(BaseModel):
    """What the command recorded, and the stream version to send as If-Match next time."""

    youth_id: uuid.UUID
    event_id: uuid.UUID | None
    stream_version: int


@dataclass(frozen=True)
class CommandRoute:
    """How one command is reached over HTTP, who may give it, and how it is logged."""

    path: str
    command: type[BaseModel]
    roles: tuple[str, ...]
    action: Action
    activity: str
    activity_name: str
    grondslag: str
    # A rule about rights: these roles may give the command only for a young person assigned
    # to the caller (their jongerenregisseur); a caller who also holds another of `roles` may.
    assigned_roles: tuple[str, ...] = ()

    def must_be_assigned(self, principal: Principal) -> bool:
        """Whether this caller may act only for the young people assigned to them."""
        unrestricted = set(self.roles) - set(self.assigned_roles)
        return principal.has_any(*self.assigned_roles) and not principal.has_any(*unrestricted)


class CommandExecute(Protocol):
    """A service's handler (its pipeline's `execute`): decide and record with the app's parts."""

    def __call__(
        self,
        deps: Dependencies,
        command: Any,  # noqa: ANN401 - each service's own command base
        metadata: Metadata,
        checks: Checks | None = None,
    ) -> Awaitable[Outcome]:
        """Decide and record."""
        ...


def add_command_routes(
    router: APIRouter,
    auth: Authenticator,
    routes: list[CommandRoute],
    pipeline: CommandPipeline[Any],
) -> None:
    """A `POST /youths/{youth_id}<path>` route for every command, all through `pipeline`."""
    for route in routes:
        _add(router, auth, route, pipeline)


def _add(
    router: APIRouter, auth: Authenticator, route: CommandRoute, pipeline: CommandPipeline[Any]
) -> None:
    # Ids of a new thing the command names, which the server makes (the client sends none).
    generated: tuple[str, ...] = getattr(route.command, "generated_ids", ())
    body_type = body_model(route.command, ("youth_id", *generated))
    caller = auth.require(*route.roles)

    @router.post(
        "/youths/{youth_id}" + route.path,
        status_code=status.HTTP_201_CREATED,
        summary=route.activity_name,
        dependencies=logged(
            action=route.action,
            activity=route.activity,
            activity_name=route.activity_name,
            grondslag=route.grondslag,
        ),
    )
    async def give_command(  # noqa: PLR0913 - FastAPI injects each dependency by parameter
        *,
        youth_id: uuid.UUID,
        body: body_type,  # type: ignore[valid-type] # built per command above
        principal: Annotated[Principal, Depends(caller)],
        request: Request,
        if_match: IfMatch = None,
        idempotency_key: IdempotencyKey = None,
    ) -> Recorded:
        note_processing(request, principal=principal)
        # A young person acts only for themself: another youth id is one not there for them.
        if principal.young_person is not None and principal.young_person != str(youth_id):
            raise HTTPException(status.HTTP_404_NOT_FOUND, UNKNOWN_YOUTH)
        director = await ensure_registered(request, youth_id, principal)
        own_only = route.must_be_assigned(principal)
        learnt = request.app.state.registry is not None
        if own_only and learnt and director != principal.actor:
            raise http_error(NotPermittedError())
        event_id = event_id_for(pipeline.service, principal.gemeentecode, idempotency_key)
        ids = {n: uuid.uuid5(event_id, n) if event_id else uuid.uuid4() for n in generated}
        command = route.command(youth_id=youth_id, **ids, **body.model_dump())  # type: ignore[attr-defined]
        checks = Checks(
            tenant=principal.gemeentecode, event_id=event_id, expected_version=if_match,
            may_act=pipeline.directed_by(principal.actor) if own_only else None,
        )  # fmt: skip
        outcome = await run_command(pipeline, command, principal, request, checks)
        return Recorded(
            youth_id=youth_id, event_id=outcome.event_id, stream_version=outcome.stream_version
        )

    give_command.__name__ = route.command.__name__
    give_command.__doc__ = route.command.__doc__


async def run_command(  # noqa: PLR0913 - a command's parts, and what its append carries
    pipeline: CommandPipeline[Any],
    command: Any,  # noqa: ANN401 - the service's own command
    principal: Principal,
    request: Request,
    checks: Checks,
    *,
    along: Sequence[Alongside] = (),
) -> Outcome:
    """Execute `command` with the app's dependencies; a refusal becomes its HTTP answer.

    `along`: writes made in the statement that appends the command's events (intake's blind
    index of a registration), on the app's pool; each says whether it was made (a command
    that appends nothing leaves them to the caller).

    A command sent without `If-Match` asks to be decided on the history as it is: when another
    append (a policy's reaction, a timer firing) took the stream's next version between the
    load and the append, it is decided again on the new history, a few times, as policies and
    timers do. With `If-Match` the caller decided on a version they saw: a conflict is theirs
    to see (409). A reused idempotency key is never retried.
    """
    metadata = metadata_of(principal, request)
    deps = await _writing_with_append(request, request.app.state.deps, along)
    attempts = 1 if checks.expected_version is not None else CONCURRENT_RETRIES
    for attempt in range(attempts):
        try:
            outcome = await pipeline.execute(deps, command, metadata, checks)
            break
        except EventIdTakenError as error:
            raise http_error(error) from error
        except ConcurrencyError as error:
            if attempt == attempts - 1:
                raise http_error(error) from error
        except REFUSALS as error:
            raise http_error(error) from error
    stream = pipeline.stream(command.youth_id)
    log_context(request, event_id=str(outcome.event_id), stream_id=stream)
    return outcome


async def _writing_with_append(
    request: Request, deps: Dependencies, along: Sequence[Alongside]
) -> Dependencies:
    """`deps` whose store writes the request's processing-log entry, and `along`, with its append.

    One statement for the events and the entry that says who recorded them: one round trip
    and one commit fewer per command, and the entry commits exactly when the events do. A
    command that appends nothing (a replay, a refusal) leaves the entry to the route's end,
    as does a store elsewhere than the log (a test's, another database).
    """
    store = deps.store
    if not isinstance(store, PostgresEventStore):
        return deps
    entry = unwritten_entry(request)
    if entry is not None and store.executor is entry.log.executor:
        along = (await entry.with_append(), *along)
    if not along:
        return deps
    return replace(deps, store=store.alongside(*along))


@dataclass(frozen=True)
class StateSeen:
    """What a state read hands the service's view: whose, their history, who asks, and when."""

    youth_id: uuid.UUID
    recorded: list[RecordedEvent]
    principal: Principal
    sealer: Sealer
    today: date
    # The app's state (its pool and schema), for a view that adds what a read model knows.
    state: Any = None


@dataclass(frozen=True)
class StateRead:
    """`GET /youths/{youth_id}<path>`: a young person's state in one service, logged as read.

    The stream is read only if it is the caller's municipality's (else the same 404 as for one
    not there), then the service's `view` decides what the caller may see of it.
    """

    path: str
    roles: tuple[str, ...]
    activity: str
    activity_name: str
    grondslag: str
    not_found: dict[str, str]
    model: type[BaseModel]
    view: Callable[[StateSeen], Awaitable[BaseModel]]


def add_state_read(
    router: APIRouter, auth: Authenticator, read: StateRead, pipeline: CommandPipeline[Any]
) -> None:
    """The route for `read`, through the service's pipeline's stream naming."""
    reader = auth.require(*read.roles)

    @router.get(
        "/youths/{youth_id}" + read.path,
        response_model=read.model,
        summary=read.activity_name,
        dependencies=logged(
            action="lezen",
            activity=read.activity,
            activity_name=read.activity_name,
            grondslag=read.grondslag,
        ),
    )
    async def show(
        youth_id: uuid.UUID, principal: Annotated[Principal, Depends(reader)], request: Request
    ) -> BaseModel:
        note_processing(request, principal=principal)
        state = request.app.state
        stream = pipeline.stream(youth_id)
        recorded = await load_visible(state.store, stream, principal, read.not_found)
        today = clock_of(request).today()
        seen: BaseModel = await read.view(
            StateSeen(youth_id, recorded, principal, state.sealer, today, state)
        )
        return seen

    show.__doc__ = read.view.__doc__
