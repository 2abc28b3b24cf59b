"""Every code of every published enum has a Dutch label; an unknown one is logged, not hidden.

"Published enum": each `Literal` field (or list, dict key, optional or union of them) of each
event in each service's catalogue. Each is one of the service's named vocabularies
(`services/<name>/domain/vocabulary.py`), which is how the timeline keys its labels.
"""

from __future__ import annotations

import importlib
from typing import Any, Literal, get_args, get_origin

import pytest
from structlog.testing import capture_logs

from services.timeline.read_model import vocabularies
from services.timeline.read_model.vocabularies import VOCABULARIES, label
from shared.life_domains import life_domain_names
from shared.personal_data import ERASED

SERVICES = tuple(life_domain_names())  # every life domain, from its one list


def literals(annotation: object) -> list[Any]:
    """The `Literal[...]` types inside an annotation (through lists, dicts, unions, Annotated)."""
    if get_origin(annotation) is Literal:
        return [annotation]
    found = []
    for arg in get_args(annotation):
        found.extend(literals(arg))
    return found


def codes(literal: object) -> frozenset[object]:
    return frozenset(get_args(literal))


def named_vocabularies(service: str) -> dict[str, frozenset[object]]:
    """`<service>.<Name>` -> its codes, for each Literal alias in the service's vocabulary."""
    module = importlib.import_module(f"services.{service}.domain.vocabulary")
    return {
        f"{service}.{name}": codes(value)
        for name, value in vars(module).items()
        if get_origin(value) is Literal
    }


def is_text_enum(values: frozenset[object]) -> bool:
    """Codes to put into words: not scores (1-5), not the erasure marker of a sealed field."""
    return all(isinstance(v, str) for v in values) and values != {ERASED}


def published() -> list[tuple[str, str, str, frozenset[object]]]:
    """(event type, field, vocabulary, codes) for every text enum of every published event."""
    found = []
    for service in SERVICES:
        named = named_vocabularies(service)
        catalogue = importlib.import_module(f"services.{service}.domain.events").CATALOGUE
        for cls in catalogue:
            for field, info in cls.model_fields.items():
                for literal in literals(info.annotation):
                    values = codes(literal)
                    if not is_text_enum(values):
                        continue
                    names = [n for n, v in named.items() if v == values]
                    vocabulary = names[0] if names else f"{catalogue.type_name(cls)}.{field}"
                    found.append((catalogue.type_name(cls), field, vocabulary, values))
    return found


PUBLISHED = published()


def test_the_published_enums_are_found():
    """The walk sees the enums the timeline's headlines need, through every kind of field."""
    seen = {(t.rsplit(".", 1)[-1], f): v for t, f, v, _ in PUBLISHED}
    assert seen[("settlement-proposed", "solution_kind")] == "debts.SolutionKind"
    assert seen[("housing-attention-needed", "open_items")] == "housing.OpenAtExit"  # a list
    assert seen[("talent-scan-completed", "obstacles")] in {
        "coaching.Obstacle",
        "coaching.Leefgebied",
    }
    assert seen[("self-reliance-assessed", "scores")] == "intake.ClearLeefgebied"  # dict keys
    assert len({v for *_, v, _ in PUBLISHED}) >= 40


@pytest.mark.parametrize(
    ("event_type", "field", "vocabulary", "values"),
    PUBLISHED,
    ids=[f"{t}.{f}" for t, f, _, _ in PUBLISHED],
)
def test_every_code_of_every_published_enum_has_a_dutch_label(
    event_type, field, vocabulary, values
):
    """A named vocabulary of the service, and a non-empty Dutch label for each of its codes."""
    assert not vocabulary.startswith("nl."), (
        f"{event_type}.{field} uses an unnamed Literal: name it in the service's vocabulary.py"
    )
    labels = VOCABULARIES.get(vocabulary)
    assert labels is not None, (
        f"no Dutch labels for {vocabulary} (services/timeline/read_model/vocabularies.py)"
    )
    missing = sorted(str(v) for v in values if not str(labels.get(str(v), "")).strip())
    assert not missing, f"{vocabulary} lacks a Dutch label for {missing}"


@pytest.mark.parametrize("service", SERVICES)
def test_every_vocabulary_of_every_service_is_labelled_and_no_label_is_stale(service):
    """Each text vocabulary a service declares has labels for all its codes; none is stale."""
    for vocabulary, values in named_vocabularies(service).items():
        if not is_text_enum(values):
            continue
        assert vocabulary in VOCABULARIES, f"no Dutch labels for {vocabulary}"
        missing = {str(v) for v in values} - set(VOCABULARIES[vocabulary])
        assert not missing, f"{vocabulary} lacks a Dutch label for {sorted(missing)}"
    ours = {v for v in VOCABULARIES if v.startswith(f"{service}.")}
    assert ours <= set(named_vocabularies(service)), "labels for a vocabulary that is gone"


def test_an_unknown_code_renders_the_generic_word_and_is_logged_once(monkeypatch):
    """A code a service added later: the caller's fallback, and one warning naming it."""
    monkeypatch.setattr(vocabularies, "_reported", set())
    with capture_logs() as logs:
        first = label("debts.SolutionKind", "nieuwe_regeling", "schuldregeling")
        again = label("debts.SolutionKind", "nieuwe_regeling", "schuldregeling")
        known = label("debts.SolutionKind", "nul_aanbod", "schuldregeling")
        absent = label("debts.SolutionKind", None, "schuldregeling")
    assert (first, again, known, absent) == ("schuldregeling", "schuldregeling", "0%-aanbod",
                                             "schuldregeling")  # fmt: skip
    assert [(e["event"], e["vocabulary"], e["code"], e["log_level"]) for e in logs] == [
        ("timeline.label_missing", "debts.SolutionKind", "nieuwe_regeling", "warning")
    ]


def test_headlines_use_the_labels():
    """A headline shows the label, and an unknown code its generic word (logged)."""
    from services.timeline.read_model.catalogue import HEADLINES  # noqa: PLC0415

    render = HEADLINES["nl.regie.housing.shelter-admitted"].render
    assert render({}) == "Opgenomen in de opvang"
    proposal = HEADLINES["nl.regie.debts.settlement-proposed"].render
    assert proposal({"solution_kind": "nul_aanbod"}) == "Schuldregeling voorgesteld: 0%-aanbod"
    with capture_logs() as logs:
        assert proposal({"solution_kind": "iets_nieuws"}) == (
            "Schuldregeling voorgesteld: schuldregeling"
        )
    assert any(e["code"] == "iets_nieuws" for e in logs)
