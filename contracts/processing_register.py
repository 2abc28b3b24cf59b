"""`python -m contracts.processing_register [--csv]`: the register of processing (AVG art. 30).

Read from the code, never kept by hand apart from it: each route's activity id, legal basis
and action (its processing-log dependency) and the roles it admits (its role check), each
policy a service reacts with, each event type's categories of personal data (the
classification in its catalogue) and the topics and webhooks it reaches. What the code cannot
say (purpose, retention) each service writes beside its routes in `services/<s>/register.py`.
`problems` names every route, policy or event type without an entry; a test keeps it empty.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from typing import TYPE_CHECKING, Any

from fastapi.routing import iter_route_contexts
from pydantic import BaseModel, ConfigDict

from contracts.apps import SERVICE_APPS
from contracts.services import declarations, registers
from shared.auth import required_roles
from shared.processing_log import RouteProcessing, declared_processing
from shared.processing_register import (
    COMMON_ACTIVITIES,
    GRONDSLAGEN,
    INFRASTRUCTURE,
    PROCESSING_LOG,
    Activity,
    ServiceRegister,
)

if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence

    from fastapi import FastAPI
    from fastapi.dependencies.models import Dependant

    from shared.policy import Policy
    from shared.projection import ProjectionSpec

# Each service's register.py and each commanding service's declared policies, found by
# contracts/services.py: a service's register is written beside its routes, never listed here.
REGISTERS: dict[str, ServiceRegister] = {r.service: r for r in registers().values()}
POLICIES: dict[str, Sequence[Policy]] = {
    name: d.policies for name, d in declarations().items() if d.policies
}
SYSTEM = "systeem (automatische reactie op een gebeurtenis)"
ANY_ROLE = "elke ingelogde rol"
WEBHOOKS = "koppelingen met een abonnement, via webhooks (persoonsgegevens versleuteld)"


class RegisterGapsError(ValueError):
    """Some route, activity, policy or read model has no entry; the message names each."""


class RouteFacts(BaseModel):
    """What one route states about itself: where, its processing, the roles it admits."""

    model_config = ConfigDict(frozen=True, arbitrary_types_allowed=True)

    route: str
    processing: RouteProcessing | None
    roles: frozenset[str] | None


class ActivityRow(BaseModel):
    """One processing activity: a route activity id, or a policy's reaction."""

    model_config = ConfigDict(frozen=True)

    service: str
    kind: str
    activity: str
    names: tuple[str, ...]
    purpose: str
    grondslag: tuple[str, ...]
    grondslag_text: tuple[str, ...]
    actions: tuple[str, ...]
    roles: tuple[str, ...]
    categories: tuple[str, ...]
    recipients: tuple[str, ...]
    retention: str
    retention_source: str
    routes: tuple[str, ...]


class EventRow(BaseModel):
    """One event type as stored and published: what personal data it holds and where it goes."""

    model_config = ConfigDict(frozen=True)

    service: str
    type: str
    personal: dict[str, str]
    grondslag: tuple[str, ...]
    vertrouwelijkheid: tuple[str, ...]
    recipients: tuple[str, ...]
    retention: str
    retention_source: str


class ReadModelRow(BaseModel):
    """One projection: what it keeps of the events, and why."""

    model_config = ConfigDict(frozen=True)

    service: str
    name: str
    tables: tuple[str, ...]
    domains: tuple[str, ...]
    purpose: str
    holds: str
    categories: tuple[str, ...]
    retention: str


class Register(BaseModel):
    """The whole register, and the routes that process no personal data, with why."""

    model_config = ConfigDict(frozen=True)

    activities: tuple[ActivityRow, ...]
    events: tuple[EventRow, ...]
    read_models: tuple[ReadModelRow, ...]
    not_processing: tuple[tuple[str, str, str], ...]


def route_facts(app: FastAPI) -> list[RouteFacts]:
    """Every API route of `app` (not the framework's own docs or static files)."""
    facts: list[RouteFacts] = []
    for context in iter_route_contexts(app.routes):
        dependant: Dependant | None = getattr(context, "dependant", None)
        if dependant is None:
            continue
        calls = [d.call for d in _dependants(dependant)]
        declared = [p for p in map(declared_processing, calls) if p is not None]
        roles = [r for r in map(required_roles, calls) if r is not None]
        facts.extend(
            RouteFacts(
                route=f"{method} {context.path}",
                processing=declared[0] if declared else None,
                roles=frozenset().union(*roles) if roles else None,
            )
            for method in sorted(context.methods or ())
        )
    return facts


def _with_logged_in_route(
    facts: list[RouteFacts], register: ServiceRegister | None
) -> list[RouteFacts]:
    """The facts, with what the register states for routes that log their own entry."""
    stated = register.logged_in_route if register else {}
    return [
        f.model_copy(update={"processing": stated[f.route]})
        if f.processing is None and f.route in stated
        else f
        for f in facts
    ]


def _dependants(dependant: Dependant) -> Iterator[Dependant]:
    yield dependant
    for sub in dependant.dependencies:
        yield from _dependants(sub)


def problems(
    service: str,
    facts: list[RouteFacts],
    register: ServiceRegister | None,
    policies: Sequence[Policy] = (),
    projections: Sequence[str] = (),
) -> list[str]:
    """Each route, activity, legal basis, policy or projection of `service` without an entry."""
    if register is None:
        return [f"{service}: no services/{service}/register.py REGISTER"]
    found = []
    exempt = INFRASTRUCTURE | register.not_processing
    for fact in _with_logged_in_route(facts, register):
        if fact.processing is None:
            if fact.route not in exempt:
                found.append(
                    f"{service}: {fact.route} states no processing activity and is not in"
                    " the register's not_processing"
                )
            continue
        activity, grondslag = fact.processing.activity, fact.processing.grondslag
        if activity not in register.activities and activity not in COMMON_ACTIVITIES:
            found.append(f"{service}: activity {activity} ({fact.route}) has no register entry")
        if grondslag not in GRONDSLAGEN:
            found.append(f"{service}: grondslag {grondslag} ({fact.route}) has no label")
    for policy in policies:
        entry = register.policies.get(policy.name)
        if entry is None:
            found.append(f"{service}: policy {policy.name} has no register entry")
        elif entry.grondslag not in GRONDSLAGEN:
            found.append(f"{service}: policy {policy.name} names no known grondslag")
    found.extend(
        f"{service}: read model {name} has no register entry"
        for name in projections
        if name not in register.read_models
    )
    routes = {fact.route for fact in facts}
    found.extend(
        f"{service}: the register names {route}, which the app does not serve"
        for route in [*register.not_processing, *register.logged_in_route]
        if route not in routes
    )
    return found


def build_register(apps: dict[str, FastAPI]) -> Register:
    """The register of every app, with the entries of REGISTERS and POLICIES.

    Raises:
        RegisterGapsError: some route, activity, policy or read model has no entry.
    """
    facts = {
        name: _with_logged_in_route(route_facts(app), REGISTERS.get(name))
        for name, app in apps.items()
    }
    found = [
        problem
        for name, app in apps.items()
        for problem in problems(
            name, facts[name], REGISTERS.get(name), POLICIES.get(name, ()), projections_of(app)
        )
    ]
    if found:
        raise RegisterGapsError("\n".join(found))
    catalogues = {n: getattr(a.state, "event_catalogue", None) for n, a in apps.items()}
    readers = _readers({n: a.state.asyncapi for n, a in apps.items()})
    activities: list[ActivityRow] = []
    events: list[EventRow] = []
    read_models: list[ReadModelRow] = []
    for name, app in apps.items():
        register, catalogue = REGISTERS[name], catalogues[name]
        recipients = _recipients(catalogue, readers)
        categories = _categories(catalogue)
        activities += _route_rows(register, facts[name], categories, recipients)
        activities += _policy_rows(register, POLICIES.get(name, ()), categories, recipients)
        events += [_event_row(register, entry, recipients) for entry in _entries(catalogue)]
        read_models += _read_model_rows(register, app)
    exempt = tuple(
        (name, fact.route, (INFRASTRUCTURE | REGISTERS[name].not_processing)[fact.route])
        for name in apps
        for fact in facts[name]
        if fact.processing is None
    )
    return Register(
        activities=tuple(activities),
        events=tuple(events),
        read_models=tuple(read_models),
        not_processing=exempt,
    )


def projections_of(app: FastAPI) -> list[str]:
    """The names of the read models an app declares (`app.state.projections`)."""
    return list(getattr(app.state, "projections", None) or {})


def _read_model_rows(register: ServiceRegister, app: FastAPI) -> list[ReadModelRow]:
    specs: dict[str, ProjectionSpec] = getattr(app.state, "projections", None) or {}
    return [
        ReadModelRow(
            service=register.service, name=name, tables=spec.tables, domains=spec.domains,
            purpose=register.read_models[name].purpose, holds=register.read_models[name].holds,
            categories=register.read_models[name].categories,
            retention=f"{register.retention.term} (herbouwbaar uit de gebeurtenissen)",
        )
        for name, spec in specs.items()
    ]  # fmt: skip


def _readers(specs: dict[str, dict[str, Any]]) -> dict[str, list[str]]:
    """Per topic, the services that read it (their AsyncAPI `receive` operations)."""
    readers: dict[str, list[str]] = {}
    for name, spec in specs.items():
        for operation in spec.get("operations", {}).values():
            if operation["action"] == "receive":
                channel = operation["channel"]["$ref"].rsplit("/", 1)[1]
                readers.setdefault(spec["channels"][channel]["address"], []).append(name)
    return readers


def _entries(catalogue: dict[str, Any] | None) -> list[dict[str, Any]]:
    return list((catalogue or {}).get("events", []))


def _recipients(catalogue: dict[str, Any] | None, readers: dict[str, list[str]]) -> tuple[str, ...]:
    """Where what a service records goes: its topic, who reads it, and the webhooks."""
    if catalogue is None:
        return ()
    topic = catalogue["topic"]
    services = [s for s in sorted(readers.get(topic, [])) if s != "notifications"]
    found = [f"topic {topic}", *(f"dienst {s}" for s in services)]
    if "notifications" in readers.get(topic, []):
        found.append(WEBHOOKS)
    return tuple(found)


def _categories(catalogue: dict[str, Any] | None) -> tuple[str, ...]:
    """The categories of personal data a service's events hold (its classification)."""
    codes = {p["category"] for e in _entries(catalogue) for p in e["personal"].values()}
    return tuple(sorted(codes))


def _route_rows(
    register: ServiceRegister,
    facts: list[RouteFacts],
    categories: tuple[str, ...],
    recipients: tuple[str, ...],
) -> list[ActivityRow]:
    by_activity: dict[str, list[RouteFacts]] = {}
    for fact in facts:
        if fact.processing is not None:
            by_activity.setdefault(fact.processing.activity, []).append(fact)
    rows = []
    for activity, routes in by_activity.items():
        declared = [f.processing for f in routes if f.processing is not None]
        actions = tuple(sorted({d.action for d in declared}))
        entry = register.activities.get(activity) or COMMON_ACTIVITIES[activity]
        reads_only = actions == ("lezen",)
        default = PROCESSING_LOG if reads_only else register.retention
        roles = frozenset().union(*(f.roles or frozenset() for f in routes))
        own = entry.categories
        rows.append(
            _row(
                register, entry, kind="route", activity=activity,
                names=tuple(dict.fromkeys(d.activity_name for d in declared)),
                grondslag=tuple(dict.fromkeys(d.grondslag for d in declared)), actions=actions,
                roles=tuple(sorted(roles)) or entry.callers or (ANY_ROLE,),
                categories=categories if own is None else own,
                recipients=("de aanvrager",) if reads_only else ("de aanvrager", *recipients),
                retention=entry.retention or default, routes=tuple(f.route for f in routes),
            )
        )  # fmt: skip
    return rows


def _policy_rows(
    register: ServiceRegister,
    policies: Sequence[Policy],
    categories: tuple[str, ...],
    recipients: tuple[str, ...],
) -> list[ActivityRow]:
    rows = []
    for policy in policies:
        entry = register.policies[policy.name]
        rows.append(
            _row(
                register, entry, kind="reactie", activity=policy.name,
                names=tuple(f"reageert op {d}" for d in policy.domains),
                grondslag=(entry.grondslag or "",), actions=("wijzigen",), roles=(SYSTEM,),
                categories=categories, recipients=recipients,
                retention=entry.retention or register.retention, routes=(),
            )
        )  # fmt: skip
    return rows


def _row(register: ServiceRegister, entry: Activity, **facts: Any) -> ActivityRow:  # noqa: ANN401 - the row's own fields
    retention = facts.pop("retention")
    return ActivityRow(
        service=register.service,
        purpose=entry.purpose,
        grondslag_text=tuple(GRONDSLAGEN[code] for code in facts["grondslag"]),
        retention=retention.term,
        retention_source=retention.source,
        **{**facts, "recipients": (*facts["recipients"], *entry.recipients)},
    )


def _event_row(
    register: ServiceRegister, entry: dict[str, Any], recipients: tuple[str, ...]
) -> EventRow:
    extensions = entry["extensions"]
    return EventRow(
        service=register.service,
        type=entry["type"],
        personal={field: p["category"] for field, p in entry["personal"].items()},
        grondslag=tuple(extensions.get("grondslag", {}).get("values", ())),
        vertrouwelijkheid=tuple(extensions.get("vertrouwelijkheid", {}).get("values", ())),
        recipients=recipients,
        retention=register.retention.term,
        retention_source=register.retention.source,
    )


def built_apps() -> dict[str, FastAPI]:
    """Every service's app, built and never started."""
    return {name: create_app() for name, create_app in SERVICE_APPS.items()}


CSV_COLUMNS = (
    "service", "kind", "activity", "names", "purpose", "grondslag", "grondslag_text",
    "actions", "roles", "categories", "recipients", "retention", "retention_source", "routes",
)  # fmt: skip


def as_csv(register: Register) -> str:
    """One line per activity; lists joined with `; `."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for row in register.activities:
        values = row.model_dump()
        writer.writerow(
            "; ".join(v) if isinstance(v, tuple) else v for v in (values[c] for c in CSV_COLUMNS)
        )
    return out.getvalue()


def main(argv: list[str]) -> int:
    """Print the register as JSON, or with `--csv` its activities as CSV; 1 with the gaps."""
    try:
        register = build_register(built_apps())
    except RegisterGapsError as gaps:
        sys.stderr.write(f"the register has gaps:\n{gaps}\n")
        return 1
    if "--csv" in argv:
        sys.stdout.write(as_csv(register))
    else:
        sys.stdout.write(json.dumps(register.model_dump(), indent=2, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
