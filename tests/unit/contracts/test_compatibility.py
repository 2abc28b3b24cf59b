"""The compatibility check itself, on fixture events: it must fail on every breaking change."""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from datetime import date  # noqa: TC003 - pydantic needs it at runtime
from typing import TYPE_CHECKING, Annotated, ClassVar, Literal

import pytest
from pydantic import Field

from contracts.__main__ import PUBLISHED, ROOT, main
from shared.event_contracts.compatibility import check
from shared.event_contracts.schemas import contracts_of
from shared.event_contracts.upcasting import Add, Remove, Rename
from shared.events import DomainEvent, EventCatalogue
from shared.personal_data import ID, SPD

if TYPE_CHECKING:
    from collections.abc import Mapping
    from pathlib import Path

    from shared.event_contracts.upcasting import Step

    Upcasts = Mapping[int, tuple[Step, ...]]


class Released(DomainEvent):
    """What version 1 promised."""

    name = "thing-happened"

    youth_id: str = Field(description="Who.")
    kind: Literal["a", "b"] = Field(description="Which kind.")
    on: date = Field(description="When.")
    note: str | None = Field(default=None, description="Optional.")
    full_name: Annotated[str, ID] = Field(description="Sealed.")


def released() -> list:
    return contracts_of(EventCatalogue("fixture", [Released]))


def problems_with(*events: type[DomainEvent]) -> list[str]:
    return [p.line() for p in check(released(), contracts_of(EventCatalogue("fixture", events)))]


def test_the_released_contract_itself_passes() -> None:
    assert problems_with(Released) == []


def test_descriptions_examples_and_docstrings_are_not_breaking() -> None:
    class Reworded(DomainEvent):
        """Said differently."""

        name = "thing-happened"

        youth_id: str = Field(description="The young person.", examples=["y-1"])
        kind: Literal["a", "b"] = Field(description="The kind.", examples=["a"])
        on: date = Field(description="The day.")
        note: str | None = Field(default=None, description="A note.")
        full_name: Annotated[str, ID] = Field(description="Name.", examples=["Sam"])

    assert problems_with(Reworded) == []


def test_a_new_optional_field_and_a_new_code_only_wait_for_their_release() -> None:
    """Compatible, so no new version; but the snapshot must say what readers now get."""

    class Grown(DomainEvent):
        """Grown."""

        name = "thing-happened"

        youth_id: str = Field(description="Who.")
        kind: Literal["a", "b", "c"] = Field(description="Which kind.")
        on: date = Field(description="When.")
        note: str | None = Field(default=None, description="Optional.")
        full_name: Annotated[str, ID] = Field(description="Sealed.")
        extra: int | None = Field(default=None, description="New and optional.")

    assert problems_with(Grown) == [
        (
            "nl.regie.fixture.thing-happened: v1 has a compatible change that is not released"
            " yet (run `python -m contracts release` and commit the snapshot)"
        )
    ]


def test_a_removed_field_is_breaking() -> None:
    class Shrunk(DomainEvent):
        """Shrunk."""

        name = "thing-happened"

        youth_id: str = Field(description="Who.")
        kind: Literal["a", "b"] = Field(description="Which kind.")
        on: date = Field(description="When.")
        full_name: Annotated[str, ID] = Field(description="Sealed.")

    (problem,) = problems_with(Shrunk)
    assert "data.note: field removed" in problem
    assert "add v2 with an upcaster" in problem


def test_a_retyped_field_is_breaking() -> None:
    class Retyped(DomainEvent):
        """Retyped."""

        name = "thing-happened"

        youth_id: str = Field(description="Who.")
        kind: Literal["a", "b"] = Field(description="Which kind.")
        on: int = Field(description="When, now a number.")
        note: str | None = Field(default=None, description="Optional.")
        full_name: Annotated[str, ID] = Field(description="Sealed.")

    problems = problems_with(Retyped)
    assert problems
    assert all("data.on" in p for p in problems)


def test_a_retyped_sealed_field_is_breaking_although_both_are_ciphertext() -> None:
    class Resealed(DomainEvent):
        """Resealed."""

        name = "thing-happened"

        youth_id: str = Field(description="Who.")
        kind: Literal["a", "b"] = Field(description="Which kind.")
        on: date = Field(description="When.")
        note: str | None = Field(default=None, description="Optional.")
        full_name: Annotated[int, ID] = Field(description="Sealed, now a number.")

    problems = problems_with(Resealed)
    assert problems
    assert all("data.full_name.x-regie-plain" in p for p in problems)


def test_a_new_required_field_is_breaking() -> None:
    class Demanding(DomainEvent):
        """Demanding."""

        name = "thing-happened"

        youth_id: str = Field(description="Who.")
        kind: Literal["a", "b"] = Field(description="Which kind.")
        on: date = Field(description="When.")
        note: str | None = Field(default=None, description="Optional.")
        full_name: Annotated[str, ID] = Field(description="Sealed.")
        reason: str = Field(description="New and required.")

    assert problems_with(Demanding) == [
        (
            "nl.regie.fixture.thing-happened: data.reason: new required field without a default"
            " (add v2 with an upcaster, or undo the change)"
        )
    ]


def test_removed_codes_and_changed_requiredness_are_breaking() -> None:
    class Narrowed(DomainEvent):
        """Narrowed."""

        name = "thing-happened"

        youth_id: str = Field(description="Who.")
        kind: Literal["a"] = Field(description="Which kind.")
        on: date | None = Field(default=None, description="When.")
        note: str | None = Field(default=None, description="Optional.")
        full_name: Annotated[str, ID] = Field(description="Sealed.")

    problems = "\n".join(problems_with(Narrowed))
    assert "data.kind" in problems
    assert "data.on: no longer required" in problems


def test_a_renamed_or_removed_type_is_breaking() -> None:
    class Renamed(DomainEvent):
        """Renamed."""

        name = "thing-occurred"

        youth_id: str = Field(description="Who.")
        kind: Literal["a", "b"] = Field(description="Which kind.")
        on: date = Field(description="When.")
        note: str | None = Field(default=None, description="Optional.")
        full_name: Annotated[str, ID] = Field(description="Sealed.")

    problems = problems_with(Renamed)
    assert any("thing-happened: released type is gone" in p for p in problems)
    assert any("thing-occurred: v1 is not released yet" in p for p in problems)


def test_a_new_version_needs_its_upcaster_declared() -> None:
    class NoUpcaster(DomainEvent):
        """Version 2 without a way from version 1."""

        name = "thing-happened"
        schema_version = 2

        youth_id: str = Field(description="Who.")

    with pytest.raises(ValueError, match="v2 needs an upcaster from v1"):
        EventCatalogue("fixture", [NoUpcaster])


def test_a_new_version_with_a_fitting_upcaster_only_waits_for_its_release() -> None:
    class Evolved(DomainEvent):
        """Version 2: `on` is `happened_on`, `note` is gone, `reason` is required."""

        name = "thing-happened"
        schema_version = 2
        upcasts: ClassVar[Mapping[int, tuple[Step, ...]]] = {
            2: (Rename("on", "happened_on"), Remove("note"), Add("reason", "onbekend"))
        }

        youth_id: str = Field(description="Who.")
        kind: Literal["a", "b"] = Field(description="Which kind.")
        happened_on: date = Field(description="When.")
        reason: str = Field(description="Why.")
        full_name: Annotated[str, ID] = Field(description="Sealed.")

    (problem,) = problems_with(Evolved)
    assert "v2 is not released yet" in problem


def test_an_upcaster_that_does_not_fit_the_schemas_is_refused() -> None:
    class Misfit(DomainEvent):
        """The steps leave `reason` missing, keep `note`, and move a sealed field."""

        name = "thing-happened"
        schema_version = 2
        upcasts: ClassVar[Mapping[int, tuple[Step, ...]]] = {
            2: (Rename("on", "happened_on"), Rename("full_name", "naam"))
        }

        youth_id: str = Field(description="Who.")
        kind: Literal["a", "b"] = Field(description="Which kind.")
        happened_on: date = Field(description="When.")
        reason: str = Field(description="Why.")
        naam: Annotated[str, ID] = Field(description="Sealed.")

    problems = "\n".join(problems_with(Misfit))
    assert "rename full_name: sealed fields cannot move" in problems
    assert "after upcasting, required reason is missing" in problems
    assert "after upcasting, note is not a new field" in problems
    assert "not released yet" not in problems


def test_a_field_sealed_where_it_stood_needs_no_step_but_its_declared_empty_upcaster() -> None:
    """Old plaintext reads as itself under the sealed field; the field names must still fit."""

    class Sealed(DomainEvent):
        """Version 2 seals `kind` (say, a code of special-category data) in place."""

        name = "thing-happened"
        schema_version = 2
        upcasts: ClassVar[Mapping[int, tuple[Step, ...]]] = {2: ()}

        youth_id: str = Field(description="Who.")
        kind: Annotated[Literal["a", "b"], SPD] = Field(description="Which kind, sealed.")
        on: date = Field(description="When.")
        note: str | None = Field(default=None, description="Optional.")
        full_name: Annotated[str, ID] = Field(description="Sealed.")

    class Renamed(DomainEvent):
        """Version 2 renames `on` but declares no step for it."""

        name = "thing-happened"
        schema_version = 2
        upcasts: ClassVar[Mapping[int, tuple[Step, ...]]] = {2: ()}

        youth_id: str = Field(description="Who.")
        kind: Literal["a", "b"] = Field(description="Which kind.")
        happened_on: date = Field(description="When.")
        note: str | None = Field(default=None, description="Optional.")
        full_name: Annotated[str, ID] = Field(description="Sealed.")

    (problem,) = problems_with(Sealed)
    assert "v2 is not released yet" in problem
    problems = "\n".join(problems_with(Renamed))
    assert "after upcasting, required happened_on is missing" in problems
    assert "after upcasting, on is not a new field" in problems


def test_the_repository_contracts_match_their_snapshots() -> None:
    assert main(["check"]) == 0


def test_the_command_fails_with_one_line_per_problem_on_a_breaking_change(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """As if the code had dropped a released field: the snapshot still has it."""
    shutil.copytree(ROOT, tmp_path / "contracts", ignore=shutil.ignore_patterns("*.py", "__*"))
    snapshot = tmp_path / "contracts" / "intake" / "programme-enrolled.v1.json"
    document = json.loads(snapshot.read_text())
    document["schema"]["properties"]["cohort"] = {"type": "string"}
    document["schema"]["required"].append("cohort")
    snapshot.write_text(json.dumps(document))

    assert main(["check", "--root", str(tmp_path / "contracts")]) == 1
    assert main(["release", "--root", str(tmp_path / "contracts")]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err[0] == (
        "nl.regie.intake.programme-enrolled: data.cohort: field removed"
        " (add v2 with an upcaster, or undo the change)"
    )
    types = sum(len(contracts_of(catalogue)) for catalogue in PUBLISHED.values())
    assert err[1] == f"contracts: 1 problem(s) in {types} event types"


def test_ceasing_to_forbid_extra_fields_is_fine_but_starting_to_is_breaking() -> None:
    """Readers must tolerate additions; a schema that newly forbids them breaks that."""
    (released_contract,) = released()
    forbidding = replace(
        released_contract, schema={**released_contract.schema, "additionalProperties": False}
    )
    relaxed = [p.message for p in check([forbidding], released())]
    assert relaxed == ["v1 has a compatible change that is not released yet"]
    problems = [p.line() for p in check(released(), [forbidding])]
    assert problems == [
        (
            "nl.regie.fixture.thing-happened: data.additionalProperties: changed from None to"
            " False (add v2 with an upcaster, or undo the change)"
        )
    ]
