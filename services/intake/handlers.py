"""Intake's commands, declared once: the young person folds without personal data.

The rules never need personal data to decide; only enrolment needs the age, and only then is
the birth date opened. Erasure has a step of its own: record, then destroy intake's key.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from services.intake.classification import extensions_for
from services.intake.domain.coming_of_age import TOLD_THE_AGE
from services.intake.domain.commands import (
    AgreeFuturePlan,
    AgreeTransitionPlan,
    EnrolInProgramme,
    ReviewFuturePlan,
)
from services.intake.domain.events import CATALOGUE, YouthRegistered
from services.intake.domain.model import STARTS_AFTERCARE, Youth, age_on, decide, evolve
from services.intake.settings import IntakeSettings
from services.intake.timers import TIMERS
from shared.command_handling import Checks
from shared.command_pipeline import CommandPipeline, Dependencies, Outcome
from shared.rules import NotPermittedError

if TYPE_CHECKING:
    import uuid
    from collections.abc import Awaitable, Callable
    from datetime import date

    from services.intake.domain.commands import EraseYouth
    from shared.events import DomainEvent
    from shared.eventstore import Metadata, RecordedEvent
    from shared.privacy import KeyStore, Sealer

__all__ = [
    "PIPELINE",
    "Outcome",
    "erase_youth",
    "execute",
    "fold",
    "intake_settings",
    "use_plan_settings",
    "youth_stream",
]

# The decisions that start a deadline of the toekomstplan, or nazorg's follow-ups (the last
# exit): they are told the periods.
_STARTS_A_DEADLINE = (EnrolInProgramme, AgreeFuturePlan, ReviewFuturePlan, STARTS_AFTERCARE)


class _PlanSettings:
    """The settings the plan periods come from: the app's, once installed; else the env's.

    Process-wide (one intake app per process, as deployed): the pipeline is declared once at
    import, its rules are told the periods per command (`_facts`).
    """

    settings: IntakeSettings | None = None

    def current(self) -> IntakeSettings:
        if self.settings is None:
            self.settings = IntakeSettings()
        return self.settings


_PLAN_SETTINGS = _PlanSettings()


def use_plan_settings(settings: IntakeSettings) -> None:
    """Take the plan and review periods from `settings` (the composition root's)."""
    _PLAN_SETTINGS.settings = settings


def intake_settings() -> IntakeSettings:
    """The settings installed by the composition root (else the env's): retention's too."""
    return _PLAN_SETTINGS.current()


async def age_today(sealer: Sealer, recorded: list[RecordedEvent], today: date) -> int | None:
    """Completed years on `today`, from the decrypted birth date; None once erased or unknown."""
    registered = CATALOGUE.type_name(YouthRegistered)
    for record in recorded:
        if record.event_type == registered:
            event = await sealer.open(record)
            if isinstance(event, YouthRegistered) and not isinstance(event.date_of_birth, str):
                return age_on(event.date_of_birth, today)
    return None


async def _facts(
    sealer: Sealer,
    recorded: list[RecordedEvent],
    command: Any,  # noqa: ANN401 - any intake command
    today: date,
) -> dict[str, Any]:
    """The age, for an enrolment, a transition plan and the birthday timers only.

    No other rule may see it.

    The periods of the young person's municipality, for the decisions that start a deadline.
    """
    needs_age = isinstance(command, EnrolInProgramme) or type(command) in TOLD_THE_AGE
    # A transition plan is judged by the age on the day it was agreed (before 18 or not).
    day = command.agreed_on if isinstance(command, AgreeTransitionPlan) else today
    facts: dict[str, Any] = {"age": await age_today(sealer, recorded, day) if needs_age else None}
    if isinstance(command, _STARTS_A_DEADLINE):
        tenant = recorded[0].metadata.tenant if recorded else None
        facts["periods"] = _PLAN_SETTINGS.current().plan_periods(tenant)
    return facts


def _extensions(event: DomainEvent, state: Youth, command: Any) -> dict[str, str]:  # noqa: ANN401 - any intake command
    """The basis by the age band the fact is recorded in (a registration names its own)."""
    programma = getattr(command, "programma", None) or state.programma
    band = event.age_band if isinstance(event, YouthRegistered) else state.age_band
    return extensions_for(
        CATALOGUE.type_name(type(event)),
        programma,
        band,
        youth_care_extended=state.youth_care_extended,
    )


def _director(youth: Youth) -> str | None:
    return youth.director_id


PIPELINE = CommandPipeline(
    service="intake",
    category="youth",
    initial=Youth(),
    evolve=evolve,
    decide=decide,
    extensions=_extensions,
    facts=_facts,
    director_of=_director,
    # The toekomstplan's deadlines, recorded when they pass (timers.py).
    timers=TIMERS,
)
youth_stream = PIPELINE.stream
fold = PIPELINE.fold
execute = PIPELINE.execute


async def erase_youth(
    deps: Dependencies,
    keys: KeyStore,
    command: EraseYouth,
    metadata: Metadata,
    forget: Callable[[uuid.UUID], Awaitable[None]] | None = None,
) -> Outcome:
    """Record the erasure, then destroy the key; a repeat finishes an interrupted erasure.

    `forget` deletes what else is derived from the personal data (the duplicate check's blind
    index), just before the key goes.
    """
    subject = str(command.youth_id)
    recorded = await deps.store.load(youth_stream(command.youth_id))
    if recorded and recorded[0].metadata.tenant != metadata.tenant:
        raise NotPermittedError(other_municipality=True)
    if (await fold(deps.sealer, recorded)).erased:
        outcome = Outcome(len(recorded), None, appended=False)
    else:
        outcome = await execute(deps, command, metadata, Checks(tenant=metadata.tenant))
    if forget is not None:
        await forget(command.youth_id)
    await keys.erase(subject, command.reason, metadata.actor)
    return outcome
