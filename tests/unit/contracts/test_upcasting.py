"""Upcaster steps, chains, and their snapshot form."""

from __future__ import annotations

import pytest

from shared.event_contracts.upcasting import (
    Add,
    MapValues,
    Remove,
    Rename,
    Upcaster,
    Upcasters,
    apply_steps,
    step_from_json,
    step_to_json,
)

STEPS = (
    Add("leefgebieden", ["financien"], why="v1 meant every domain"),
    Rename("on", "withdrawn_on"),
    Remove("legacy"),
    MapValues("kind", {"old": "new"}),
)


def test_each_step_does_what_it_says_and_leaves_the_input_alone() -> None:
    data = {"on": "2026-01-02", "legacy": 1, "kind": "old", "other": "x"}
    assert apply_steps(data, STEPS) == {
        "withdrawn_on": "2026-01-02",
        "kind": "new",
        "other": "x",
        "leefgebieden": ["financien"],
    }
    assert data == {"on": "2026-01-02", "legacy": 1, "kind": "old", "other": "x"}


def test_add_keeps_a_value_the_event_already_carries_and_map_works_on_lists() -> None:
    data = {"leefgebieden": ["wonen"], "kind": ["old", "keep"]}
    assert apply_steps(data, STEPS) == {"leefgebieden": ["wonen"], "kind": ["new", "keep"]}


def test_steps_survive_their_snapshot_form() -> None:
    assert tuple(step_from_json(step_to_json(s)) for s in STEPS) == STEPS


def test_an_unknown_step_is_an_error_not_skipped() -> None:
    with pytest.raises(ValueError, match="unknown upcast step 'split'"):
        step_from_json({"op": "split", "field": "x"})


def test_a_chain_runs_version_by_version_to_the_newest() -> None:
    upcasters = Upcasters()
    upcasters.add(Upcaster("t", 1, (Rename("a", "b"),)))
    upcasters.add(Upcaster("t", 2, (Rename("b", "c"), Add("d", 0))))
    upcasters.register_latest("t", 3)
    assert upcasters.needs_upcast("t", 1)
    assert not upcasters.needs_upcast("t", 3)
    assert upcasters.upcast("t", 1, {"a": 1}) == (3, {"c": 1, "d": 0})
    assert upcasters.upcast("t", 2, {"b": 1}) == (3, {"c": 1, "d": 0})
    assert upcasters.upcast("t", 3, {"c": 1}) == (3, {"c": 1})


def test_a_gap_in_the_chain_is_an_error() -> None:
    upcasters = Upcasters()
    upcasters.add(Upcaster("t", 2, ()))
    upcasters.register_latest("t", 3)
    with pytest.raises(LookupError, match="no upcaster from t v1"):
        upcasters.upcast("t", 1, {})


def test_map_renames_the_keys_of_an_object_and_yields_to_an_entry_of_the_new_code() -> None:
    """A value per life domain keeps its value under the new code; one already there wins."""
    step = (MapValues("obstacles", {"huiselijke_relaties": "sociaal_netwerk"}),)
    moved = apply_steps({"obstacles": {"huiselijke_relaties": "overig", "werk": "taal"}}, step)
    both = apply_steps(
        {"obstacles": {"huiselijke_relaties": "overig", "sociaal_netwerk": "negatief_netwerk"}},
        step,
    )
    assert moved == {"obstacles": {"sociaal_netwerk": "overig", "werk": "taal"}}
    assert both == {"obstacles": {"sociaal_netwerk": "negatief_netwerk"}}
