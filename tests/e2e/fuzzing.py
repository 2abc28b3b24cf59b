"""Schemathesis over every service's OpenAPI document, against the platform as processes.

Each operation gets a bounded number of generated requests (valid and invalid ones), each sent
with one of the tokens of the roles that service serves (or one with every role), and some with
the id of a young person (or subscription, or coach) that exists, so the requests reach stored
data and not only "unknown". Every response is judged by the checks below; a failure is kept
with what reproduces it (method, path, query, body, role, status and the response's start).

`python -m tests.e2e.fuzzing` prints the table of the last run (`.regie/fuzz-report.json`).
"""

from __future__ import annotations

import json
import sys
import time
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

import hypothesis
import requests
import schemathesis
from hypothesis import HealthCheck, Phase, Verbosity
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.generation.drivers import CoverageGenerator
from schemathesis.generation.feedback import FeedbackSources
from schemathesis.generation.overrides import Override
from schemathesis.specs.openapi.checks import (
    response_schema_conformance,
    status_code_conformance,
)

from shared.auth import AuthSettings, mint_token
from shared.devstack.demo_record import DemoRecord, seed_once
from shared.devstack.processes import PROJECT_ROOT, ServiceProcess
from shared.devstack.servers import free_port
from shared.devstack.stack import STATE_DIR
from tests.support.apps import token
from tests.support.over_http import domains_over_http

if TYPE_CHECKING:
    from collections.abc import Mapping

    from schemathesis import APIOperation, Case

    from tests.e2e.platform import Platform

REPORT_PATH = STATE_DIR / "fuzz-report.json"
GEMEENTE = "0518"
REGISSEUR = "dev-regisseur"  # the demo's jongerenregisseur: the one assigned to its young people
COACH = "demo-coach"  # the demo's coach and klantmanager
# Fixed order. The bridge first: the subscriptions it is fuzzed into then receive (at loopback)
# the events the other services' commands record. Intake last, as the privacy officer's
# erasures change what the others hold. Each domain's roles are declared beside its rule tests
# (tests/unit/<name>/givens.py's OVER_HTTP), so a new domain is fuzzed by its own givens.
DOMAINS = domains_over_http()
ROLES: dict[str, tuple[str, ...]] = {
    "notifications": ("koppelbeheerder", "auditor"),
    **{name: http.fuzz_roles for name, http in DOMAINS.items()},
    "timeline": (
        "regisseur",
        "auditor",
        "intake",
        *dict.fromkeys(http.role for http in DOMAINS.values()),
        "klantmanager",
    ),
    "intake": ("intake", "regisseur", "auditor", "privacy_officer"),
}
# The young person, signed in to Mijn regie: their own plan, consents, requests, rating and
# data in every service that holds any (a token naming one demo young person, never with
# another role, so not in the all-roles token).
JONGERE = "jongere"
ROLES = {
    name: (*roles, JONGERE) if name != "notifications" else roles for name, roles in ROLES.items()
}
ALL_ROLES = tuple(sorted({role for roles in ROLES.values() for role in roles} - {JONGERE}))
CHECKS = (not_a_server_error, response_schema_conformance, status_code_conformance)
# Generated requests per service, spread over its operations (at least the minimum each):
# a service with few operations gets more per operation (the bridge's subscriptions need ~50
# before one carries an `auth` value that is not ASCII).
GENERATED_PER_SERVICE = 360
MIN_GENERATED_PER_OPERATION = 15
# A spread over each operation's coverage cases (every kind of broken constraint keeps some):
# 150 made the fuzz stage a quarter of the whole suite's time; 90 halved what it added per
# operation with the most cases; 60 (the suite past 20 minutes with Mijn regie's routes) keeps
# every kind of case in the spread and leaves the smaller operations whole.
COVERAGE_CASES_PER_OPERATION = 60
CALL_TIMEOUT_S = 10.0
# Loopback only: the bridge may POST to callbacks, and generated ones must never leave the machine.
CALLBACK_URL = "http://127.0.0.1:9/fuzz-callback"
EXCERPT = 400
LOG_SETTLE_S = 3.0
# The role that sends no token of ours: the case's generated Authorization header, or none.
GENERATED = "generated"
ROUTINE_HEADERS = frozenset(
    {"user-agent", "accept", "accept-encoding", "connection", "content-length"}
    | {"x-schemathesis-testcaseid"}
)


@dataclass
class Finding:
    """One distinct failure: an operation failing one check in one way, with a reproducer."""

    service: str
    operation: str
    check: str
    title: str
    message: str
    method: str
    path: str
    query: dict[str, Any]
    body: Any
    role: str
    headers: dict[str, str]
    status: int | None
    response: str
    occurrences: int = 1
    # An undocumented status code is one defect of the document, whichever operations show it.
    also: list[str] = field(default_factory=list)

    @property
    def size(self) -> int:
        """How much a reader has to send again: the smaller reproducer is kept."""
        return len(json.dumps([self.path, self.query, self.headers, self.body], default=str))

    @property
    def key(self) -> tuple[object, ...]:
        """What makes two failures the same one: where, which check, and which kind."""
        if self.check == status_code_conformance.__name__:
            return (self.service, self.check, self.status)
        return (self.service, self.operation, self.check, self.title)


@dataclass
class ServiceReport:
    """What one service's fuzzing did and found."""

    service: str
    operations: int = 0
    calls: int = 0
    seconds: float = 0.0
    statuses: dict[str, int] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)

    def add(self, finding: Finding) -> None:
        """Count each distinct failure once, with its smallest reproducer."""
        for index, known in enumerate(self.findings):
            if known.key == finding.key:
                operations = [known.operation, *known.also]
                kept = finding if finding.size < known.size else known
                kept.occurrences = known.occurrences + 1
                kept.also = list(dict.fromkeys([*operations, finding.operation]))
                kept.also.remove(kept.operation)
                self.findings[index] = kept
                return
        self.findings.append(finding)


@dataclass(frozen=True)
class Known:
    """Ids that exist on the platform, put into path parameters part of the time."""

    youths: tuple[str, ...]
    subscriptions: tuple[str, ...]
    coaches: tuple[str, ...] = (COACH,)

    def for_parameter(self, name: str) -> tuple[str, ...]:
        """The existing ids a path parameter of this name can take (none: leave it generated)."""
        if "youth" in name or name == "id":
            return self.youths
        if "subscription" in name:
            return self.subscriptions
        if "coach" in name:
            return self.coaches
        return ()


def start_services(platform: Platform) -> None:
    """Every service as a process on 127.0.0.1, fast to refuse unknown young people."""
    for name in ROLES:
        if name not in platform.urls:
            port = free_port(0)
            platform.urls[name] = f"http://127.0.0.1:{port}"
            platform.env[f"{name.upper()}_PORT"] = str(port)
    for name, url in platform.urls.items():
        platform.env[f"REGIE_{name.upper()}_URL"] = url
    env = {
        **platform.env,
        # A command for an unknown young person waits this long for intake's registration.
        "REGISTRATION_WAIT_S": "0.05",
        # The callbacks below are rewritten to loopback, which the bridge refuses otherwise.
        "NOTIFICATIONS_ALLOW_PRIVATE_CALLBACKS": "true",
    }
    for name in ROLES:  # all at once, as `make run` starts them; `platform.stop` stops them
        log_path = platform.stack.data_dir / "logs" / f"{name}.log"
        platform.processes[name] = ServiceProcess(f"services.{name}", env, log_path).start()
    for name in ROLES:
        platform.processes[name].wait_ready(f"{platform.urls[name]}/ready")


def seed(platform: Platform) -> Known:
    """The demo's young people and stories in every domain, plus one webhook subscription."""
    env = {**platform.env, "REGIE_DEV_TOKEN": token(*ALL_ROLES, sub=REGISSEUR)}
    seeders = ["intake", *DOMAINS]  # intake first: the others tell their stories on its people
    seed_once(platform.stack.data_dir, seeders, env, PROJECT_ROOT)
    youths = tuple(DemoRecord.load(platform.stack.data_dir).youths)
    response = requests.post(
        f"{platform.urls['notifications']}/subscriptions",
        json={"callback_url": CALLBACK_URL, "auth": "Bearer fuzz", "type_prefixes": []},
        headers={"Authorization": f"Bearer {token('koppelbeheerder')}"},
        timeout=CALL_TIMEOUT_S,
    )
    response.raise_for_status()
    return Known(youths=youths, subscriptions=(str(response.json()["id"]),))


def fuzz_platform(platform: Platform, known: Known) -> list[ServiceReport]:
    """Every service in turn, then what their logs say went wrong meanwhile."""
    offsets = {name: _log_size(platform, name) for name in ROLES}
    reports = [fuzz_service(name, platform.urls[name], known) for name in ROLES]
    time.sleep(LOG_SETTLE_S)  # a webhook worker acts on a new subscription a moment later
    for report in reports:
        for finding in log_errors(platform, report.service, offsets[report.service]):
            report.add(finding)
    return reports


def _log_size(platform: Platform, name: str) -> int:
    path = platform.processes[name].log_path
    return path.stat().st_size if path.exists() else 0


def log_errors(platform: Platform, service: str, offset: int) -> list[Finding]:
    """Errors a service logged while fuzzed: a failure that no response shows (a worker's)."""
    path = platform.processes[service].log_path
    with path.open("rb") as log:
        log.seek(offset)
        lines = log.read().decode(errors="replace").splitlines()
    findings: dict[tuple[str, str], Finding] = {}
    for line in lines:
        try:
            entry = json.loads(line)
        except json.JSONDecodeError:
            continue
        if not isinstance(entry, dict) or entry.get("level") not in ("error", "critical"):
            continue
        cause = str(entry.get("exception", "")).strip().splitlines()[-1:] or [""]
        key = (str(entry.get("event")), cause[0])
        if key in findings:
            findings[key].occurrences += 1
            continue
        findings[key] = Finding(
            service=service,
            operation="(service log)",
            check="error_in_service_log",
            title=f"{entry.get('event')}: {cause[0]}"[:EXCERPT],
            message=str(entry.get("exception", ""))[-EXCERPT * 3 :],
            method="",
            path="",
            query={},
            body=None,
            role="",
            headers={},
            status=None,
            response=json.dumps({k: v for k, v in entry.items() if k != "exception"})[:EXCERPT],
        )
    return list(findings.values())


def tokens_for(service: str, youth: str) -> dict[str, str]:
    """One token per role the service serves (the jongere's names `youth`), one with every role."""
    tokens = {
        role: token(role, gemeente=GEMEENTE, sub=_subject(role))
        for role in ROLES[service]
        if role != JONGERE
    }
    if JONGERE in ROLES[service]:
        tokens[JONGERE] = mint_token(
            AuthSettings(), subject=f"jongere-{youth}", roles=[JONGERE], gemeentecode=GEMEENTE,
            youth_id=youth,
        )  # fmt: skip
    tokens["all"] = token(*ALL_ROLES, gemeente=GEMEENTE, sub=REGISSEUR)
    return tokens


def _subject(role: str) -> str:
    return {"regisseur": REGISSEUR, "coach": COACH, "klantmanager": COACH}.get(role, "fuzz-1")


def fuzz_service(service: str, base_url: str, known: Known) -> ServiceReport:
    """Fuzz every operation of the service's OpenAPI document; return counts and findings."""
    report = ServiceReport(service)
    started = time.monotonic()
    schema = schemathesis.openapi.from_url(f"{base_url}/openapi.json", timeout=CALL_TIMEOUT_S)
    tokens = tokens_for(service, known.youths[0])
    operations = [result.ok() for result in schema.get_all_operations()]
    report.operations = len(operations)
    examples = max(MIN_GENERATED_PER_OPERATION, GENERATED_PER_SERVICE // len(operations))
    with requests.Session() as session:
        call = _Call(service, base_url, session, tokens, report)
        for operation in operations:
            _cover_operation(operation, call, known)
            _fuzz_operation(operation, call, known, examples)
    report.seconds = round(time.monotonic() - started, 1)
    return report


@dataclass
class _Call:
    service: str
    base_url: str
    session: requests.Session
    tokens: dict[str, str]
    report: ServiceReport

    def __call__(self, case: Case, role: str) -> None:
        """Send the case as `role` (GENERATED: with the case's own Authorization, if any)."""
        _safe_callbacks(case)
        headers = {} if role == GENERATED else {"Authorization": f"Bearer {self.tokens[role]}"}
        self.report.calls += 1
        try:
            response = case.call(
                base_url=self.base_url,
                session=self.session,
                headers=headers,
                timeout=CALL_TIMEOUT_S,
            )
        except requests.RequestException as error:
            sent = case.as_transport_kwargs(self.base_url, headers)["headers"]
            finding = self._finding(case, role, "request", type(error).__name__, sent)
            finding.message = str(error)[:EXCERPT]
            self.report.add(finding)
            return
        status = str(response.status_code)
        self.report.statuses[status] = self.report.statuses.get(status, 0) + 1
        for check in CHECKS:
            try:
                case.validate_response(response, checks=[check], headers=headers)
            except FailureGroup as group:
                for failure in group.exceptions:
                    finding = self._finding(
                        case, role, check.__name__, failure.title, response.request.headers
                    )
                    finding.message = failure.message[:EXCERPT]
                    finding.status = response.status_code
                    finding.response = response.text[:EXCERPT]
                    self.report.add(finding)

    def _finding(
        self, case: Case, role: str, check: str, title: str, sent: Mapping[str, Any]
    ) -> Finding:
        headers = {k: str(v) for k, v in sent.items() if k.lower() not in ROUTINE_HEADERS}
        if role != GENERATED and "Authorization" in headers:
            headers["Authorization"] = f"Bearer <token: {role}>"
        return Finding(
            service=self.service,
            operation=case.operation.label,
            check=check,
            title=title,
            message="",
            method=case.method,
            path=case.formatted_path,
            query=dict(case.query or {}),
            body=None if _unset(case.body) else case.body,
            role=role,
            headers=headers,
            status=None,
            response="",
        )


def _cover_operation(operation: APIOperation, call: _Call, known: Known) -> None:
    """Schemathesis's coverage cases (examples, boundaries, each constraint broken), a spread."""
    config = operation.schema.config.generation_for(operation=operation, phase="coverage")
    generator = CoverageGenerator(
        operation=operation,
        generation_modes=list(schemathesis.GenerationMode),
        generation_config=config,
        auth_storage=None,
        override=Override(),
        feedback=FeedbackSources(),
    )
    cases = list(generator)
    step = max(1, len(cases) / COVERAGE_CASES_PER_OPERATION)
    roles = sorted(call.tokens)
    names = [p.name for p in operation.path_parameters]
    existing = {name: known.for_parameter(name) for name in names if known.for_parameter(name)}
    for index in range(min(len(cases), COVERAGE_CASES_PER_OPERATION)):
        case = cases[int(index * step)]
        data = case.meta.phase.data if case.meta is not None else None
        mutated = getattr(data, "parameter", None) or ""
        positive = case.meta is None or not case.meta.generation.mode.is_negative
        if positive and index % 2 == 0:
            case.path_parameters = {
                **case.path_parameters,
                **{name: ids[index % len(ids)] for name, ids in existing.items()},
            }
        call(case, GENERATED if mutated.lower() == "authorization" else roles[index % len(roles)])


def _fuzz_operation(operation: APIOperation, call: _Call, known: Known, examples: int) -> None:
    """Generated requests, valid and invalid, derandomized, each as one of the roles."""
    modes = [schemathesis.GenerationMode.POSITIVE, schemathesis.GenerationMode.NEGATIVE]
    strategies = []
    for mode in modes:
        try:
            strategies.append(operation.as_strategy(generation_mode=mode))
        except Exception:  # noqa: BLE001, S112 - a mode that cannot apply to this operation
            continue
    names = [p.name for p in operation.path_parameters]
    existing = {name: known.for_parameter(name) for name in names if known.for_parameter(name)}

    @hypothesis.settings(
        max_examples=examples,
        derandomize=True,
        database=None,
        deadline=None,
        # The schema's examples come with the coverage cases; no shrinking, no example database.
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
        verbosity=Verbosity.quiet,
    )
    @hypothesis.given(
        case=st.one_of(strategies),
        role=st.sampled_from([*sorted(call.tokens), GENERATED]),
        ids=st.fixed_dictionaries(
            {name: st.one_of(st.none(), st.sampled_from(ids)) for name, ids in existing.items()}
        ),
    )
    def run(case: Case, role: str, ids: dict[str, str | None]) -> None:
        for name, value in ids.items():
            if value is not None:
                case.path_parameters = {**case.path_parameters, name: value}
        call(case, role)

    run()


def _safe_callbacks(case: Case) -> None:
    """Every callback URL in a body points at loopback, so no generated one is ever POSTed to."""
    if isinstance(case.body, dict) and "callback_url" in case.body:
        case.body = {**case.body, "callback_url": CALLBACK_URL}


def _unset(value: object) -> bool:
    return type(value).__name__ == "NotSet"


def write_report(reports: list[ServiceReport]) -> None:
    """Counts and findings per service, for the closing note: `python -m tests.e2e.fuzzing`."""
    REPORT_PATH.parent.mkdir(parents=True, exist_ok=True)
    data = {r.service: asdict(r) for r in reports}
    REPORT_PATH.write_text(json.dumps(data, indent=2, default=str, ensure_ascii=False))


def describe(finding: Finding) -> str:
    """One failure on a few lines: what, and how to send it again."""

    def dumped(value: object) -> str:
        return json.dumps(value, ensure_ascii=True, default=str)[:EXCERPT]

    n = finding.occurrences
    lines = [
        f"{finding.service} {finding.operation} [{finding.check}] {finding.title} (x{n})",
        f"  {finding.method} {finding.path} query={dumped(finding.query)}",
        f"  headers={dumped(finding.headers)}",
        f"  body={dumped(finding.body)}",
        f"  -> {finding.status}: {finding.response[:EXCERPT]}",
    ]
    if finding.also:
        lines.append(f"  also: {', '.join(finding.also)}")
    return "\n".join(lines)


def main() -> int:
    """Print the last run's counts per service and its failures."""
    if not REPORT_PATH.exists():
        sys.stdout.write(f"no report yet at {REPORT_PATH}: run `pytest tests/e2e/test_fuzz.py`\n")
        return 1
    data = json.loads(REPORT_PATH.read_text())
    lines = [f"{'service':<14}{'operations':>11}{'calls':>7}{'failures':>9}{'seconds':>9}"]
    for service, report in data.items():
        lines.append(
            f"{service:<14}{report['operations']:>11}{report['calls']:>7}"
            f"{len(report['findings']):>9}{report['seconds']:>9}"
        )
    for report in data.values():
        lines.extend(describe(Finding(**f)) for f in report["findings"])
    sys.stdout.write("\n".join(lines) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
