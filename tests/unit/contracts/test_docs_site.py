"""The committed documentation under docs/ is what the code generates, and it is correct.

`make docs` (`python -m contracts.site`) writes it; a change to an event, a classification or
the envelope without regenerating fails here with the command to run.
"""

from __future__ import annotations

import jsonschema
import pytest

from contracts import site
from contracts.apps import served_documents
from contracts.registry import CATALOGUES
from contracts.schema_table import field_rows
from shared.envelope import CloudEvent
from shared.event_contracts.examples import example_event

REGENERATE = "run `make docs` (python -m contracts.site) and commit docs/"


@pytest.fixture(scope="module")
def documents():
    return served_documents()


@pytest.fixture(scope="module")
def files(documents):
    return site.render_site(documents)


def test_committed_docs_equal_a_fresh_generation(files):
    """Every generated file is committed as generated, and docs/ holds no stale page."""
    committed = {
        path.relative_to(site.OUT_DIR).as_posix()
        for path in site.OUT_DIR.rglob("*")
        if path.is_file()
    }
    assert committed == set(files), f"docs/ has other files than the generator writes: {REGENERATE}"
    drifted = [
        name for name, text in files.items()
        if (site.OUT_DIR / name).read_text(encoding="utf-8") != text
    ]  # fmt: skip
    assert drifted == [], f"docs/ drifted from the code in {drifted}: {REGENERATE}"


def test_generating_twice_gives_the_same_bytes(documents, files):
    """No timestamps, no set order: the drift check above can only fail for a real change."""
    assert site.render_site(served_documents()) == files


@pytest.mark.parametrize("service", sorted(CATALOGUES))
def test_each_type_has_a_section_with_a_row_per_field(files, service):
    """A service's page names every type, with an anchor, and every field of its data."""
    page = files[f"{service}.html"]
    catalogue = CATALOGUES[service]
    for cls in catalogue:
        assert f'<section id="{cls.name}">' in page
        for name in cls.model_fields:
            assert f"<td><code>{name}</code></td>" in page


@pytest.mark.parametrize("service", sorted(CATALOGUES))
def test_example_messages_are_valid_cloudevents_of_their_type(documents, service):
    """Each example validates as the envelope and against its type's schema in the AsyncAPI."""
    spec, catalogue = documents[service]
    assert catalogue is not None
    for entry in catalogue["events"]:
        message = site.example_message(service, entry, field_rows(entry["data_schema"]))
        CloudEvent.model_validate(message)
        component = next(
            schema for schema in spec["components"]["schemas"].values()
            if schema.get("properties", {}).get("type", {}).get("const") == entry["type"]
        )  # fmt: skip
        schema = {**component, "components": spec["components"]}
        jsonschema.Draft202012Validator(schema).validate(message)


def test_an_invalid_example_message_would_be_caught(documents):
    """The schema check above rejects a message whose sealed field is left in plaintext."""
    spec, catalogue = documents["intake"]
    entry = next(e for e in catalogue["events"] if e["name"].endswith("youth-registered"))
    message = site.example_message("intake", entry, field_rows(entry["data_schema"]))
    message["data"]["full_name"] = "Sam de Vries"
    component = spec["components"]["schemas"]["YouthRegisteredCloudEvent"]
    with pytest.raises(jsonschema.ValidationError, match="enc:v1"):
        jsonschema.Draft202012Validator({**component, "components": spec["components"]}).validate(
            message
        )


@pytest.mark.parametrize("service", sorted(CATALOGUES))
def test_example_data_is_the_field_examples(documents, service):
    """The example's clear fields are the field examples; sealed ones are ciphertext."""
    _, catalogue = documents[service]
    for cls, entry in zip(CATALOGUES[service], catalogue["events"], strict=True):
        message = site.example_message(service, entry, field_rows(entry["data_schema"]))
        plain = example_event(cls)
        for name, value in message["data"].items():
            if name in entry["personal"]:
                assert value.startswith("enc:v1:")
            else:
                assert value == plain[name]


def test_backticks_become_code_and_everything_else_is_escaped():
    """Docstrings write `code`; anything else in them is text, never markup."""
    assert str(site.ticks("<b>`delen: nee`</b>")) == "&lt;b&gt;<code>delen: nee</code>&lt;/b&gt;"
