"""What funds pay for maatwerk trajectories, per calendar year: a keyholder's figure, totals only.

The amount a fund pays for a young person's maatwerk is financial personal data, sealed with
their key in `customisation-applied`: only intake can open it. Intake counts the trajectories
a fund pays for (a maatwerk applied with a `fund`) and totals their amounts, and returns only
those figures, never a young person's amount; an erased young person's trajectory no longer
counts (its amount is destroyed with the key).

Per calendar year, each year protected on its own (a table of the funds and their total), so
the same year reads the same whatever period is asked, and no two requests can be subtracted
to single out a year's or a fund's trajectory. Read by anyone but the auditor, a count from 1
to the threshold is protected as every figure is (shared.figures.suppression), and a total or
mean is published only beside a count above the threshold: a total of a few trajectories is
close to an amount of one.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import TYPE_CHECKING

from pydantic import BaseModel, Field

from services.intake.domain.events import CATALOGUE, CustomisationApplied
from shared.figures.suppression import ALL, Figure, figures, rule, wording

if TYPE_CHECKING:
    from collections.abc import Iterable

    from shared.events import DomainEvent
    from shared.eventstore import EventStore
    from shared.privacy import Sealer

__all__ = ["FundBudget", "MaatwerkBudget", "count_budgets", "maatwerk_budget", "publish_budgets"]

EVERY = "alle"  # every fund together


class FundBudget(BaseModel):
    """One fund (or all) in one calendar year: trajectories paid for and what they cost."""

    year: int
    fund: str = Field(description='The fund (`kansfonds`, `ander_fonds`) or "alle".')
    trajectories: Figure = Field(
        description='Maatwerk trajectories the fund pays for ("<5" or "x" where protected).'
    )
    total_euros: int | None = Field(description="Their amounts together; null where withheld.")
    mean_euros: int | None = Field(description="Per trajectory, rounded; null where withheld.")
    withheld: str | None = Field(default=None, description="Why the amounts are not published.")


class MaatwerkBudget(BaseModel):
    """The calendar years from `start` to `end` of one municipality."""

    gemeentecode: str
    start: date
    end: date
    funds: list[FundBudget]
    suppression: str | None = Field(
        default=None, description="How small counts are protected; absent: exact (auditor)."
    )


def count_budgets(
    opened: Iterable[DomainEvent], *, first_year: int, last_year: int
) -> dict[int, dict[str, list[int]]]:
    """Per year and fund the amounts of the trajectories paid for (pure); erased ones left out."""
    found: dict[int, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    for event in opened:
        if not isinstance(event, CustomisationApplied) or event.fund is None:
            continue
        year = event.applied_on.year
        if first_year <= year <= last_year and isinstance(event.amount, int):
            found[year][event.fund].append(event.amount)
    return found


def _row(
    year: int, fund: str, count: Figure, amounts: list[int], threshold: int | None
) -> FundBudget:
    if threshold is not None and not (isinstance(count, int) and count > threshold):
        why = f"<{threshold + 1} trajecten" if count == wording(threshold) else "afgeschermd"
        return FundBudget(year=year, fund=fund, trajectories=count, total_euros=None,
                          mean_euros=None, withheld=f"Niet gepubliceerd: {why}.")  # fmt: skip
    total = sum(amounts)
    return FundBudget(year=year, fund=fund, trajectories=count, total_euros=total,
                      mean_euros=round(total / len(amounts)) if amounts else None)  # fmt: skip


def publish_budgets(
    counted: dict[int, dict[str, list[int]]], threshold: int | None
) -> list[FundBudget]:
    """Each year's funds and their total, protected as one table per year (pure).

    An amount follows its count: where the count is hidden so is the amount, so the hidden
    amounts are as undetermined as the hidden counts (the same equations bind both).
    """
    rows: list[FundBudget] = []
    for year in sorted(counted):
        funds = counted[year]
        figure = figures({(fund,): len(amounts) for fund, amounts in funds.items()}, threshold)
        rows.extend(
            _row(year, fund, figure((fund,)), funds[fund], threshold) for fund in sorted(funds)
        )
        every = [amount for amounts in funds.values() for amount in amounts]
        rows.append(_row(year, EVERY, figure((ALL,)), every, threshold))
    return rows


_TYPES = [CATALOGUE.type_name(CustomisationApplied)]


async def maatwerk_budget(  # noqa: PLR0913 - each is named at the call site
    store: EventStore,
    sealer: Sealer,
    gemeentecode: str,
    *,
    start: date,
    end: date,
    threshold: int | None,
) -> MaatwerkBudget:
    """Open the municipality's maatwerk and total what funds pay; only figures leave here.

    The years of `start` and `end` and those between, whole. `threshold` None: exact (the
    auditor's); else small counts protected and amounts only beside a count above it.
    """
    recorded = await store.of_types(_TYPES, gemeentecode)
    opened = [await sealer.open(record) for record in recorded]
    counted = count_budgets(opened, first_year=start.year, last_year=end.year)
    return MaatwerkBudget(
        gemeentecode=gemeentecode, start=date(start.year, 1, 1), end=date(end.year, 12, 31),
        funds=publish_budgets(counted, threshold),
        suppression=None if threshold is None else rule(threshold),
    )  # fmt: skip
