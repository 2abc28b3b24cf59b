"""A cube's protection is remembered per exact input (issue 22 item 7), never served stale."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from shared.figures.suppression import cube, hypercubes, protect, protect_cube

LEAVES: dict[tuple[str, ...], int] = {("2026-01", "dtj", "werk"): 3, ("2026-01", "dtj", "zorg"): 12,
          ("2026-02", "dtj", "werk"): 7, ("2026-02", "jpf", "zorg"): 1}  # fmt: skip


def test_the_same_leaves_again_are_served_the_protection_computed_before() -> None:
    first = protect_cube(dict(LEAVES), 4)
    # Equal leaves in a new mapping, as the next read of the same report builds them.
    assert protect_cube(dict(LEAVES), 4) is first


def test_a_changed_count_a_new_leaf_or_another_threshold_is_protected_anew() -> None:
    first = protect_cube(dict(LEAVES), 4)
    changed: dict[tuple[str, ...], int] = dict(LEAVES) | {("2026-02", "jpf", "zorg"): 2}
    assert protect_cube(changed, 4) is not first
    assert protect_cube(changed, 4).values[("2026-02", "jpf", "zorg")] == 2
    grown: dict[tuple[str, ...], int] = dict(LEAVES) | {("2026-03", "jpf", "werk"): 9}
    assert ("2026-03", "jpf", "werk") in protect_cube(grown, 4).values
    assert protect_cube(dict(LEAVES), 2) is not first
    assert ("2026-01", "dtj", "werk") not in protect_cube(dict(LEAVES), 2).primary


counts = st.integers(0, 9)
tables = st.dictionaries(
    st.tuples(st.sampled_from("abc"), st.sampled_from("xyz"), st.sampled_from("12")), counts,
    min_size=1,
)  # fmt: skip


@settings(max_examples=100, deadline=None)
@given(tables)
def test_a_remembered_protection_is_what_protecting_anew_gives(
    leaves: dict[tuple[str, ...], int],
) -> None:
    protect_cube(leaves, 4)  # remembered
    values, equations = cube(leaves)
    anew = protect(values, equations, 4, free=hypercubes(values))
    again = protect_cube(dict(leaves), 4)
    assert (again.primary, again.secondary, dict(again.values)) == (
        anew.primary, anew.secondary, values,
    )  # fmt: skip
