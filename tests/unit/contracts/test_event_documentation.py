"""Every published event documents itself: a docstring, and a description and example per field.

The generated catalogue, AsyncAPI documents and site are only as good as these; an integrator
reading a field with no description has to guess.
"""

from __future__ import annotations

import typing

import pytest
from pydantic import BaseModel

from contracts.registry import CATALOGUES
from shared.envelope import CloudEvent
from shared.event_contracts.examples import example_data, example_event
from shared.personal_data import personal_fields

EVENTS = [(domain, cls) for domain, catalogue in CATALOGUES.items() for cls in catalogue]


def models_in(annotation: object) -> typing.Iterator[type[BaseModel]]:
    """Every pydantic model inside a type annotation (list[PlanGoal], X | None, ...)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield annotation
    for argument in typing.get_args(annotation):
        yield from models_in(argument)


def undocumented(model: type[BaseModel], owner: str) -> typing.Iterator[str]:
    """`owner.field: what is missing`, for the model's fields and those of nested models."""
    for name, info in model.model_fields.items():
        missing = [what for what in ("description", "examples") if not getattr(info, what)]
        if missing:
            yield f"{owner}.{name}: no {' and no '.join(missing)}"
        for nested in models_in(info.annotation):
            yield from undocumented(nested, f"{owner}.{name}<{nested.__name__}>")


@pytest.mark.parametrize(("domain", "cls"), EVENTS, ids=lambda v: getattr(v, "__name__", v))
def test_every_field_has_a_description_and_an_example(domain, cls):
    """A field of a published event (or of a model nested in one) without either fails."""
    assert list(undocumented(cls, f"{domain}.{cls.__name__}")) == []


@pytest.mark.parametrize(("domain", "cls"), EVENTS, ids=lambda v: getattr(v, "__name__", v))
def test_every_event_class_says_what_happened(domain, cls):
    """The class's own docstring is the type's meaning; an inherited one does not count."""
    assert (cls.__doc__ or "").strip(), f"{domain}.{cls.__name__} has no docstring"


@pytest.mark.parametrize(("domain", "cls"), EVENTS, ids=lambda v: getattr(v, "__name__", v))
def test_the_examples_make_a_valid_event(domain, cls):
    """Each field's first example is valid for it: together they validate as the event."""
    event = example_event(cls)
    assert set(event) == set(cls.model_fields)


def test_a_missing_description_or_example_is_found_also_in_a_nested_model():
    """The walk reaches nested models, so it would catch a bare field in one."""

    class Inner(BaseModel):
        bare: int

    class Outer(BaseModel):
        inner: list[Inner] | None = None

    assert list(undocumented(Outer, "x.Outer")) == [
        "x.Outer.inner: no description and no examples",
        "x.Outer.inner<Inner>.bare: no description and no examples",
    ]


def test_sealed_fields_have_plaintext_examples():
    """A personal field's example is what the key holder reads, never ciphertext."""
    sealed = [
        example_data(cls)[name]
        for _, cls in EVENTS
        for name in personal_fields(cls)
        if name in example_data(cls)
    ]
    assert sealed
    assert not [value for value in sealed if str(value).startswith("enc:")]


def test_every_envelope_attribute_has_a_description():
    """The envelope page lists the CloudEvent model's attributes: each says what it is."""
    assert [n for n, info in CloudEvent.model_fields.items() if not info.description] == []
