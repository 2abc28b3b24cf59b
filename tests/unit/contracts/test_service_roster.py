"""Every service is found, and every place derived from the services names each one.

A new service declares itself in its own package (`services/<name>/bootstrap.py`, with its
line in `shared/life_domains.py` if it is a life domain); the tools, the readers and the
launcher derive their lists from that. This test fails when one of them lacks a declared
service, so a forgotten place fails here, not in production; the deployment's ACLs and topic
loop, which cannot read Python, are checked against the same list.
"""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import pytest
import yaml
from pydantic_settings import BaseSettings

from contracts.apps import SERVICE_APPS
from contracts.processing_register import POLICIES, REGISTERS
from contracts.registry import CATALOGUES
from contracts.services import READERS, declarations, service_names
from services.intake.domain import plan_access
from services.intake.projections import involvement
from services.notifications.settings import NotificationsSettings
from services.timeline.read_model import access
from services.timeline.read_model.catalogue import CONFIRMING_DOMAINS, domains
from services.timeline.signals.model import DOMAIN_NAMES as SIGNAL_NAMES
from services.timeline.web.labels import DOMAIN_ORDER, DOMAINS
from services.timeline.web.mijn import people, words
from shared.auth.roles import ROLES as KNOWN_ROLES
from shared.devstack.__main__ import default_ports, discover_services
from shared.life_domains import LIFE_DOMAINS, domain_of_role, life_domain_names
from shared.policy import ErasurePolicy
from tests.e2e.fuzzing import JONGERE, ROLES
from tests.support.over_http import OverHttp, domains_over_http, learns_from_intake

ROOT = Path(__file__).resolve().parents[3]
DOMAIN_NAMES = life_domain_names()
ALL = [*DOMAIN_NAMES, *READERS]


def test_the_services_found_are_the_life_domains_and_the_readers():
    """A package under services/ in neither list is named here, and so is a listed one gone."""
    found = {p.parent.name for p in (ROOT / "services").glob("*/__main__.py")}
    assert sorted(found) == sorted(ALL)
    assert service_names() == ALL
    assert sorted(discover_services()) == sorted(ALL)


def test_each_life_domain_is_a_declared_commanding_service():
    """The life domains are exactly the services that declare a CommandingService."""
    assert list(declarations()) == DOMAIN_NAMES
    assert len(set(DOMAIN_NAMES)) == len(DOMAIN_NAMES)


def test_the_tools_read_every_service():
    """Apps, catalogues, registers and policies: one entry per service that has the part."""
    assert list(SERVICE_APPS) == ALL
    assert list(CATALOGUES) == DOMAIN_NAMES
    assert list(REGISTERS) == ALL
    with_policies = [n for n, d in declarations().items() if d.policies]
    assert list(POLICIES) == with_policies


def test_the_readers_know_every_life_domain():
    """The timeline names, orders and shows each domain; the bridge reads each topic."""
    assert list(DOMAINS) == DOMAIN_NAMES
    assert list(DOMAIN_ORDER) == DOMAIN_NAMES
    assert all(DOMAINS[d.name] == d.label for d in LIFE_DOMAINS)
    assert sorted(domains()) == sorted(DOMAIN_NAMES)
    assert NotificationsSettings.model_fields["domains"].default_factory() == DOMAIN_NAMES


def test_each_domain_s_workers_and_life_domains_reach_every_reader_of_them():
    """A domain's line names its roles and life domains once; who sees what follows from it.

    The timeline shows each role its own domain's entries, a consent covers a domain's entries
    by its first life domain, Mijn regie names the young person's people per domain, intake
    opens the plan to a domain's roles while its trajectory is open: none keeps a list of its
    own. A role works in one domain only, is a known role, and has the words a young person
    reads it by; each domain has its name in a signal and in Mijn regie's processing log.
    """
    workers = [role for d in LIFE_DOMAINS for role in d.roles]
    assert len(workers) == len(set(workers)), "a role works in one domain only"
    assert set(workers) <= KNOWN_ROLES
    for d in LIFE_DOMAINS:
        if d.name == "intake":  # its regisseur and intake workers are intake's own decision
            assert (d.roles, d.leefgebieden) == ((), ())
            continue
        assert d.roles, f"{d.name}: name its workers' roles"
        assert d.leefgebieden, f"{d.name}: name its life domains"
        assert {access.DOMAIN_OF_ROLE[r] for r in d.roles} == {d.name}
        assert access.DOMAIN_LEEFGEBIED[d.name] == d.leefgebieden[0]
        assert plan_access.DOMAIN_LEEFGEBIEDEN[d.name] == frozenset(d.leefgebieden)
        assert people.DOMAIN_ROLES[d.name] == d.roles
        assert all(r in people.HELPS and r in words.ROLES for r in d.roles), d.name
    assert domain_of_role() == plan_access.DOMAIN_OF_ROLE
    for name in DOMAIN_NAMES:
        assert name in SIGNAL_NAMES, f"{name}: its name in a signal (signals/model.py)"
        assert name in words.SERVICES, f"{name}: its words in Mijn regie (web/mijn/words.py)"


def test_intake_knows_what_opens_and_closes_each_domain_s_trajectory():
    """Intake reads every domain's topic, and each domain's trajectory opens and closes.

    The destruction list waits until every trajectory ended and the toekomstplan opens to a
    domain's workers while its trajectory is open: a domain whose facts intake cannot place
    would never hold back a destruction.
    """
    assert list(involvement.DOMAINS) == [n for n in DOMAIN_NAMES if n != "intake"]
    for name in involvement.DOMAINS:
        prefix = f"nl.regie.{name}."
        trajectory = involvement._TRAJECTORY.items()
        kinds = {opens for type_name, (opens, _) in trajectory if type_name.startswith(prefix)}
        assert kinds == {True, False}, f"{name}: name what opens and what closes its trajectory"


def test_the_domains_that_confirm_erasure_are_those_whose_policies_do():
    """A domain with an ErasurePolicy has the word its confirmation reads on the timeline."""
    confirming = [
        name
        for name, d in declarations().items()
        if any(isinstance(p, ErasurePolicy) for p in d.policies)
    ]
    assert list(CONFIRMING_DOMAINS) == confirming


def test_each_domain_declares_how_its_worker_meets_it_over_http():
    """Every domain but intake has OVER_HTTP in its givens, so the cross-domain tests run it.

    The tenancy and policy tests serve every declared domain and the fuzz stage starts, seeds
    and fuzzes each one with its declared roles: a domain without its givens fails here first.
    """
    learners = [name for name in DOMAIN_NAMES if learns_from_intake(name)]
    assert learners == [name for name in DOMAIN_NAMES if name != "intake"]
    assert list(domains_over_http()) == learners
    for name, http in domains_over_http().items():
        assert isinstance(http, OverHttp), name
        assert http.role in http.fuzz_roles, name
        assert ROLES[name] == (*http.fuzz_roles, JONGERE)
        assert http.role in ROLES["timeline"], name
    assert list(ROLES) == ["notifications", *learners, "timeline", "intake"]


def _settings_port(name: str) -> int:
    module = importlib.import_module(f"services.{name}.settings")
    classes = [
        c
        for c in vars(module).values()
        if isinstance(c, type) and issubclass(c, BaseSettings) and c.__module__ == module.__name__
    ]
    ports = {c.model_fields["port"].default for c in classes if "port" in c.model_fields}
    assert len(ports) == 1, f"{name}: one settings class with a port, found {ports}"
    return ports.pop()


@pytest.mark.parametrize("name", ALL)
def test_make_run_starts_each_service_on_its_documented_port(name):
    """The launcher's port is the one the service's settings default to."""
    assert default_ports(ALL)[name] == _settings_port(name)
    assert len(set(default_ports(ALL).values())) == len(ALL)


def _acls(name: str) -> set[tuple[str, str]]:
    user = yaml.safe_load((ROOT / "deploy/k8s/base" / name / "kafkauser.yaml").read_text())
    return {
        (acl["resource"]["name"], op)
        for acl in user["spec"]["authorization"]["acls"]
        if acl["resource"]["type"] == "topic"
        for op in acl["operations"]
    }


@pytest.mark.parametrize("name", ALL)
def test_each_kafka_user_reads_every_domain_topic_and_parks_on_its_dead_letters(name):
    """The one step left by hand (YAML reads no Python): a new topic in every kafkauser.yaml."""
    expected = {(f"{d}.events", "Read") for d in DOMAIN_NAMES}
    expected |= {(f"{d}.events.dlq", "Write") for d in DOMAIN_NAMES}
    assert sorted(expected - _acls(name)) == []
    if name in DOMAIN_NAMES:
        assert (f"{name}.events", "Write") in _acls(name)


def test_compose_creates_every_domain_topic():
    """Compose's topic loop names each life domain."""
    compose = (ROOT / "deploy/compose.yaml").read_text()
    loop = re.search(r"for domain in ([a-z ]+); do", compose)
    assert loop is not None
    assert loop.group(1).split() == DOMAIN_NAMES


@pytest.mark.parametrize("name", ALL)
def test_each_service_has_its_deployment(name):
    """Its Kubernetes base, its environment example and its published AsyncAPI document."""
    assert (ROOT / "deploy/k8s/base" / name / "kustomization.yaml").exists()
    assert (ROOT / "deploy/env" / f"{name}.env.example").exists()
    assert (ROOT / "docs/asyncapi" / f"{name}.json").exists()
