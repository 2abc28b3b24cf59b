"""The timeline's own settings (env prefix TIMELINE_)."""

from __future__ import annotations

import os
import re
from typing import Literal

from pydantic import AliasChoices, Field, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from services.timeline.contacts import Contacts  # noqa: TC001 - pydantic needs it at runtime
from shared.life_domains import life_domain_names


class TimelineSettings(BaseSettings):
    """Where the timeline listens and which schema it owns."""

    model_config = SettingsConfigDict(env_prefix="TIMELINE_", extra="ignore", populate_by_name=True)

    host: str = "127.0.0.1"
    port: int = 8002
    schema_name: str = "timeline"
    consumer_group: str = "timeline"
    # The reports' projection reads the same topics in a group of its own; unset, it is the
    # timeline's group + "-reports" ("timeline-reports"), so isolating one isolates both.
    reports_consumer_group: str = ""
    # The signals read the same topics, and the dead-letter topics, in groups of their own;
    # unset, the timeline's group + "-signals" and + "-dead-letters".
    signals_consumer_group: str = ""
    dead_letters_consumer_group: str = ""
    # A deadline shows as "binnenkort" this many days ahead; no contact recorded by a person
    # for this many days is a signal (six weeks).
    signal_soon_days: int = Field(default=7, ge=0, le=90)
    signal_no_contact_days: int = Field(default=42, ge=1, le=365)
    # Report counts from 1 to this are shown as "<5" (the threshold + 1) to anyone but the
    # auditor, with complementary cells hidden too (shared.figures.suppression).
    small_cell_threshold: int = Field(default=4, ge=1, le=99)
    # An upper bound, not a wait: a poll returns whatever has arrived. Larger batches spread
    # the commit and the offset commit over more events (13k -> 24k events/s in the bench).
    batch_size: int = 2000
    # Per municipality: entries a viewer lacks the basis for are "afschermen" (shown as
    # "afgeschermd", the default) or "verbergen" (left out), e.g. TIMELINE_REDACTION='{"0363":
    # "verbergen"}'.
    redaction: dict[str, Literal["afschermen", "verbergen"]] = {}
    # The web view asks intake for names with the reader's token (the launcher sets
    # REGIE_INTAKE_URL for every service); without it, lists show the pseudonymous id.
    intake_url: str | None = Field(
        default=None, validation_alias=AliasChoices("TIMELINE_INTAKE_URL", "REGIE_INTAKE_URL")
    )
    # The auditor's Verwerkingen page asks each life domain for its processing log with the
    # auditor's own token, at the URLs the launcher sets (REGIE_<NAME>_URL, or
    # TIMELINE_<NAME>_URL) for every domain of shared/life_domains.py, or as a JSON map here
    # (TIMELINE_DOMAIN_URLS); one unset is named on the page as not read.
    domain_urls: dict[str, str] = {}
    # Comparison across municipalities (issue 22): per programme (intake's code) the
    # municipalities taking part whose published figures this deployment reads and shows
    # to that programme's programmamonitor, e.g. TIMELINE_PROGRAMMES='{"dtj": ["0518",
    # "0599"]}'. Empty: this deployment compares nothing.
    programmes: dict[str, list[str]] = {}
    comparison_consumer_group: str = ""
    # Every this many seconds the deployment publishes its municipalities' protected figures
    # of the last `figures_months` months (each month only when it changed); 0: never.
    figures_publish_interval_s: float = Field(default=60.0, ge=0, le=86_400)
    figures_months: int = Field(default=13, ge=1, le=60)

    @field_validator("programmes")
    @classmethod
    def _programmes(cls, value: dict[str, list[str]]) -> dict[str, list[str]]:
        """Programme codes as intake's, each with distinct four-digit municipality codes."""
        for code, gemeenten in value.items():
            if re.fullmatch(r"[a-z0-9_]{1,40}", code) is None:
                raise ValueError(f"programmes: {code!r} is not a programme code (a-z0-9_)")
            if not gemeenten:
                raise ValueError(f"programmes: {code} names no municipality")
            wrong = [g for g in gemeenten if re.fullmatch(r"[0-9]{4}", g) is None]
            if wrong:
                raise ValueError(f"programmes: {code}: {wrong[0]!r} is not a gemeentecode")
            if len(set(gemeenten)) != len(gemeenten):
                raise ValueError(f"programmes: {code} names a municipality twice")
        return value

    # Mijn regie's "Mijn mensen": per gemeentecode and role, the team a young person reaches
    # (services/timeline/contacts.py), e.g. TIMELINE_CONTACTS='{"0518": {"regisseur": {...}}}'.
    contacts: Contacts = {}

    @model_validator(mode="after")
    def _derived_groups(self) -> TimelineSettings:
        if not self.reports_consumer_group:
            self.reports_consumer_group = f"{self.consumer_group}-reports"
        if not self.signals_consumer_group:
            self.signals_consumer_group = f"{self.consumer_group}-signals"
        if not self.comparison_consumer_group:
            self.comparison_consumer_group = f"{self.consumer_group}-comparison"
        if not self.dead_letters_consumer_group:
            self.dead_letters_consumer_group = f"{self.consumer_group}-dead-letters"
        if self.intake_url:
            self.domain_urls.setdefault("intake", self.intake_url)
        for name in life_domain_names():
            prefixed = (f"TIMELINE_{name.upper()}_URL", f"REGIE_{name.upper()}_URL")
            if name not in self.domain_urls and (url := _first_set(prefixed)):
                self.domain_urls[name] = url
        return self

    def service_urls(self) -> dict[str, str]:
        """The life domains' base URLs by name, those that are set, in the domains' order."""
        order = life_domain_names()
        return dict(sorted(self.domain_urls.items(), key=lambda i: _place(order, i[0])))

    def compared_gemeenten(self) -> list[str]:
        """Every municipality of any programme: the figures topics this deployment reads."""
        return sorted({g for gemeenten in self.programmes.values() for g in gemeenten})

    def policy_for(self, gemeentecode: str) -> Literal["afschermen", "verbergen"]:
        """How this municipality shows what a viewer may not see."""
        return self.redaction.get(gemeentecode, "afschermen")


def _first_set(names: tuple[str, ...]) -> str | None:
    """The first of these environment variables that is set and not empty."""
    return next((os.environ[n] for n in names if os.environ.get(n)), None)


def _place(order: list[str], name: str) -> tuple[int, str]:
    return (order.index(name) if name in order else len(order), name)
