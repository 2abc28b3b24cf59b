"""Queries over the timeline read model, filtered by the access rules: what the API returns.

`schema` may be the live one or a temporary as-of reconstruction: the same filter applies to
both, evaluated at `moment` (now, or the as-of instant).

A read opens the young person (`open_youth`), then loads what every access decision of the
request needs once (`sight_of`: the viewer, the young person, their consents, the moment and
the municipality's policy) and passes that `Sight` to each query it runs (summary, timeline).
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any
from uuid import UUID

from pydantic import BaseModel, Field
from pydantic_core import to_json

from services.timeline.read_model.access import (
    DIRECTOR,
    DOMAIN_LEEFGEBIED,
    REDACTED_HEADLINE,
    Decision,
    Policy,
    Viewer,
    decide,
    directs,
    is_own,
    may_open,
)
from services.timeline.read_model.summary import describe
from services.timeline.read_model.youths import Consent, consents_for, consents_of

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from asyncpg import Record
    from asyncpg.pool import Pool

    # A fetched row: asyncpg's Record, or a page record named by `_PAGE_KEYS`.
    Row = Mapping[str, Any] | Record


class Entry(BaseModel):
    """One line of the consolidated timeline; a redacted one keeps only when and which domain."""

    event_id: UUID
    occurred_at: datetime
    recorded_at: datetime
    domain: str
    event_type: str | None
    programma: str | None
    leefgebied: str | None
    phase: str | None
    headline: str
    grondslag: str | None
    vertrouwelijkheid: str | None
    stream_version: int
    redacted: bool = False
    # "Because of": the event that caused this one, when it is on this timeline and the
    # viewer may see (at least a redacted line of) it.
    caused_by: UUID | None = None


class Timeline(BaseModel):
    """A young person's timeline as one viewer may see it."""

    youth_id: str
    entries: list[Entry]
    redacted: int
    hidden: int
    next: str | None = Field(
        default=None,
        description="Paged reads only (`limit` or `before` given): the link to the next, older"
        " page; null on the last page and in an unpaged answer.",
    )


class DomainSummary(BaseModel):
    """Where one life domain stands, as one viewer may see it."""

    domain: str
    code: str
    label: str
    since: date | None
    redacted: bool = False


class YouthSummary(BaseModel):
    """The young person at a glance: programme, director and every life domain."""

    youth_id: str
    programma: str | None
    age_band: str | None
    director_id: str | None
    domains: list[DomainSummary]


@dataclass(frozen=True)
class Period:
    """Which entries, by when they happened (both ends inclusive, either open)."""

    domains: tuple[str, ...] | None = None
    start: date | None = None
    end: date | None = None


@dataclass(frozen=True)
class Youth:
    """What the access rules need to know of the young person."""

    youth_id: str
    gemeentecode: str
    director_id: str | None
    programma: str | None
    age_band: str | None


class UnknownYouthError(LookupError):
    """Not there, or of another municipality: both are answered alike, so nothing leaks."""


class NotAssignedError(PermissionError):
    """A jongerenregisseur opening a young person of their municipality not assigned to them."""


@dataclass(frozen=True)
class Sight:
    """What every access decision of one read needs, loaded once per request.

    The viewer, the young person they opened, the young person's consents (in force or not),
    the moment the rules are evaluated at and the municipality's choice for what the viewer
    may not see.
    """

    viewer: Viewer
    youth: Youth
    consents: tuple[Consent, ...]
    moment: datetime
    policy: Policy

    def decide(
        self, *, domain: str, leefgebied: str | None, vertrouwelijkheid: str | None, shared: bool
    ) -> Decision:
        """Show, redact or hide one entry of this young person for this viewer."""
        return decide(
            self.viewer, director_id=self.youth.director_id, domain=domain,
            leefgebied=leefgebied, vertrouwelijkheid=vertrouwelijkheid, consents=self.consents,
            moment=self.moment, policy=self.policy, shared=shared,
        )  # fmt: skip


async def open_youth(pool: Pool, schema: str, youth_id: str, viewer: Viewer) -> Youth:
    """The young person, if the viewer may open their timeline.

    Raises:
        UnknownYouthError: not there, or of another municipality (no oracle).
        NotAssignedError: the viewer may not open this young person's timeline.
    """
    if viewer.young_person is not None and not is_own(viewer, youth_id):
        raise UnknownYouthError(youth_id)  # a young person has no other timeline to open
    youth = await find_youth(pool, schema, youth_id)
    if youth is None or youth.gemeentecode != viewer.gemeentecode:
        raise UnknownYouthError(youth_id)
    if not may_open(viewer, youth.director_id):
        raise NotAssignedError(youth_id)
    return youth


async def sight_of(  # noqa: PLR0913 - a query's parameters, each named at the call site
    pool: Pool, schema: str, youth: Youth, viewer: Viewer, *, moment: datetime, policy: Policy
) -> Sight:
    """Load the young person's consents (one query) for every decision of this read."""
    consents = await consents_of(pool, schema, youth.youth_id)
    return Sight(viewer, youth, tuple(consents), moment, policy)


_COLUMNS = (
    "event_id, occurred_at, recorded_at, domain, event_type, programma, leefgebied, phase,"
    " headline, grondslag, vertrouwelijkheid, stream_version"
)


_ENTRY_FIELDS = [c.strip() for c in _COLUMNS.split(",")]
_ENTRY_COLUMNS = ", ".join(f"e.{c}" for c in _ENTRY_FIELDS)
# The trigger's id, when the causation id is an event id at all (it may come from elsewhere).
_CAUSATION = (
    "CASE WHEN e.causation_id ~* '^[0-9a-f]{8}-([0-9a-f]{4}-){3}[0-9a-f]{12}$'"
    " THEN e.causation_id::uuid END"
)


async def find_youth(pool: Pool, schema: str, youth_id: str) -> Youth | None:
    """The young person, from intake's facts or, before those arrive, from any entry."""
    row = await pool.fetchrow(
        f"SELECT gemeentecode, director_id, programma, age_band FROM {schema}.youths"
        " WHERE youth_id = $1",
        youth_id,
    )
    if row is not None:
        return Youth(youth_id, row["gemeentecode"], row["director_id"], row["programma"],
                     row["age_band"])  # fmt: skip
    tenant = await pool.fetchval(
        f"SELECT gemeentecode FROM {schema}.entries WHERE youth_id = $1 LIMIT 1", youth_id
    )
    return None if tenant is None else Youth(youth_id, tenant, None, None, None)


async def timeline(
    pool: Pool, schema: str, sight: Sight, *, period: Period | None = None
) -> Timeline:
    """Entries in the order they happened, each shown, redacted or hidden for the viewer."""
    period = period or Period()
    youth = sight.youth
    rows = await pool.fetch(
        f"SELECT {_ENTRY_COLUMNS}, e.shared, t.event_id AS trigger_id, t.domain AS t_domain,"
        " t.leefgebied AS t_leefgebied, t.vertrouwelijkheid AS t_vertrouwelijkheid,"
        f" t.shared AS t_shared FROM {schema}.entries e LEFT JOIN {schema}.entries t"
        f" ON t.youth_id = e.youth_id AND t.event_id = {_CAUSATION}"
        " WHERE e.youth_id = $1 AND e.gemeentecode = $2"
        " AND ($3::text[] IS NULL OR e.domain = ANY($3))"
        " AND ($4::date IS NULL OR e.occurred_at >= $4::date)"
        " AND ($5::date IS NULL OR e.occurred_at < $5::date + 1)"
        " ORDER BY e.occurred_at, e.recorded_at, e.domain, e.stream_version, e.event_id",
        youth.youth_id,
        youth.gemeentecode,
        list(period.domains) if period.domains is not None else None,
        period.start,
        period.end,
    )
    entries, redacted, hidden = _decided_entries(sight, rows)
    return Timeline(youth_id=youth.youth_id, entries=entries, redacted=redacted, hidden=hidden)


def _decided_entries(sight: Sight, rows: Sequence[Row]) -> tuple[list[Entry], int, int]:
    """Each row shown, redacted or hidden for the viewer; the redacted and hidden counts."""
    fields, redacted, hidden = _decided(sight, rows)
    return [Entry(**f) for f in fields], redacted, hidden


# Entry's fields in its order: the JSON of a row decided here is the model's, key for key.
_LINE_FIELDS = (*_ENTRY_FIELDS, "redacted", "caused_by")
_HIDDEN_IN_REDACTED = {"event_type": None, "programma": None, "leefgebied": None, "phase": None,
                       "headline": REDACTED_HEADLINE, "redacted": True}  # fmt: skip


def _decided(sight: Sight, rows: Sequence[Row]) -> tuple[list[dict[str, Any]], int, int]:
    """Each row's Entry fields (every one, in Entry's order) as the viewer may see them.

    The one place a row is shown, redacted or hidden; `Entry(**fields)` is the model of it.
    """
    lines: list[dict[str, Any]] = []
    counts = {"afgeschermd": 0, "verborgen": 0}

    def decided(row: Row, prefix: str = "") -> Decision:
        """The decision on the row's entry, or (prefix "t_") on the entry that caused it."""
        return sight.decide(
            domain=row[f"{prefix}domain"], leefgebied=row[f"{prefix}leefgebied"],
            vertrouwelijkheid=row[f"{prefix}vertrouwelijkheid"], shared=row[f"{prefix}shared"],
        )  # fmt: skip

    for row in rows:
        fields = {k: row[k] for k in _ENTRY_FIELDS}
        fields["redacted"] = False
        fields["caused_by"] = None
        decision = decided(row)
        # Never link to what the viewer may not know exists; a redacted line names nothing.
        if (
            row["trigger_id"] is not None
            and decision == "toon"
            and decided(row, "t_") != "verborgen"
        ):
            fields["caused_by"] = row["trigger_id"]
        if decision == "toon":
            lines.append(fields)
            continue
        counts[decision] += 1
        if decision == "afgeschermd":
            lines.append({**fields, **_HIDDEN_IN_REDACTED})
    return lines, counts["afgeschermd"], counts["verborgen"]


async def summary(pool: Pool, schema: str, sight: Sight) -> YouthSummary:
    """Every life domain's state that the viewer may see, as the timeline would show it."""
    youth, viewer = sight.youth, sight.viewer
    rows = await pool.fetch(
        f"SELECT domain, code, label, since, shared FROM {schema}.domain_states"
        " WHERE youth_id = $1 AND gemeentecode = $2 ORDER BY domain",
        youth.youth_id,
        youth.gemeentecode,
    )
    domains: list[DomainSummary] = []
    for row in rows:
        decision = sight.decide(
            domain=row["domain"], leefgebied=DOMAIN_LEEFGEBIED.get(row["domain"]),
            vertrouwelijkheid=None, shared=row["shared"],
        )  # fmt: skip
        if decision == "verborgen":
            continue
        if decision == "afgeschermd":
            domains.append(
                DomainSummary(
                    domain=row["domain"],
                    code=REDACTED_HEADLINE,
                    label=REDACTED_HEADLINE,
                    since=None,
                    redacted=True,
                )
            )
            continue
        label = describe(row["code"], row["label"], row["since"], sight.moment.date())
        domains.append(DomainSummary(domain=row["domain"], code=row["code"], label=label,
                                     since=row["since"]))  # fmt: skip
    shows_director = viewer.auditor or directs(viewer, youth.director_id)
    return YouthSummary(
        youth_id=youth.youth_id,
        programma=youth.programma,
        age_band=youth.age_band,
        director_id=youth.director_id if shows_director or "intake" in viewer.roles else None,
        domains=domains,
    )


class YouthListItem(BaseModel):
    """One of the jongerenregisseur's young people, with a badge per life domain."""

    youth_id: str
    programma: str | None
    age_band: str | None
    registered_on: date | None
    badges: dict[str, str]


async def directed_by(
    pool: Pool, schema: str, viewer: Viewer, *, moment: datetime, policy: Policy
) -> list[YouthListItem]:
    """The young people assigned to the viewer, each with a badge per domain they may see.

    A badge is the domain's status code, or "afgeschermd" where consent does not cover it.
    """
    rows = await pool.fetch(
        f"SELECT y.youth_id, y.programma, y.age_band, y.registered_on,"
        f" coalesce(jsonb_object_agg(d.domain, d.code) FILTER (WHERE d.domain IS NOT NULL),"
        f" '{{}}') AS badges, coalesce(array_agg(d.domain) FILTER (WHERE NOT d.shared), '{{}}')"
        f" AS unshared FROM {schema}.youths y"
        f" LEFT JOIN {schema}.domain_states d USING (youth_id)"
        " WHERE y.gemeentecode = $1 AND y.director_id = $2 AND y.exited_on IS NULL"
        " GROUP BY y.youth_id ORDER BY y.registered_on NULLS LAST, y.youth_id",
        viewer.gemeentecode,
        viewer.actor,
    )
    consents = await consents_for(pool, schema, [r["youth_id"] for r in rows])
    items = []
    for row in rows:
        badges: dict[str, str] = {}
        for domain, code in json.loads(row["badges"]).items():
            decision = decide(
                viewer, director_id=viewer.actor, domain=domain,
                leefgebied=DOMAIN_LEEFGEBIED.get(domain), vertrouwelijkheid=None,
                consents=consents.get(row["youth_id"], []), moment=moment, policy=policy,
                shared=domain not in row["unshared"],
            )  # fmt: skip
            if decision != "verborgen":
                badges[domain] = code if decision == "toon" else REDACTED_HEADLINE
        items.append(YouthListItem(**{**dict(row), "badges": badges}))  # extra keys ignored
    return items


PAGE_SIZE = 50
MAX_PAGE_SIZE = 200
_ORDER_KEYS = ("occurred_at", "recorded_at", "domain", "stream_version", "event_id")


class BadCursorError(ValueError):
    """A `before` cursor that is not one this service handed out."""


@dataclass(frozen=True)
class Cursor:
    """Where a page ends: the full sort key of its last row, so no two rows tie."""

    occurred_at: datetime
    recorded_at: datetime
    domain: str
    stream_version: int
    event_id: UUID

    def encode(self) -> str:
        """Opaque to clients (base64url JSON), so the sort key may change without an API break."""
        text = json.dumps([self.occurred_at.isoformat(), self.recorded_at.isoformat(),
                           self.domain, self.stream_version, str(self.event_id)])  # fmt: skip
        return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")

    @classmethod
    def decode(cls, text: str) -> Cursor:
        """The cursor `encode` wrote; anything else raises BadCursorError."""
        try:
            raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
            occurred, recorded, domain, version, event_id = json.loads(raw)
            cursor = cls(datetime.fromisoformat(occurred), datetime.fromisoformat(recorded),
                         str(domain), int(version), UUID(event_id))  # fmt: skip
        except (ValueError, TypeError, UnicodeDecodeError) as error:
            raise BadCursorError(text) from error
        if cursor.occurred_at.tzinfo is None or cursor.recorded_at.tzinfo is None:
            raise BadCursorError(text)
        return cursor


@dataclass(frozen=True)
class PageLines:
    """One page as the viewer may see it, newest first, before it becomes an answer.

    `lines` are Entry's fields per line (see `_decided`); `after` is where the next, older
    page starts. `timeline` is the model; `json` the same answer, encoded without it.
    """

    youth_id: str
    lines: list[dict[str, Any]]
    redacted: int
    hidden: int
    after: Cursor | None
    limit: int

    def timeline(self, next_link: str | None = None) -> Timeline:
        """The page as the API's model."""
        return Timeline(youth_id=self.youth_id, entries=[Entry(**f) for f in self.lines],
                        redacted=self.redacted, hidden=self.hidden, next=next_link)  # fmt: skip

    def json(self, next_link: str | None = None) -> bytes:
        """Exactly `self.timeline(next_link).model_dump_json()`, without building the models.

        Every line holds each Entry field in its order and of its type (asyncpg's UUID,
        datetime, str and int), so pydantic-core encodes the dicts as it encodes the models.
        """
        answer = {"youth_id": self.youth_id, "entries": self.lines, "redacted": self.redacted,
                  "hidden": self.hidden, "next": next_link}  # fmt: skip
        return to_json(answer)


@dataclass(frozen=True)
class TimelinePage:
    """One page of a timeline, newest first; `after` is where the next (older) page starts."""

    timeline: Timeline
    after: Cursor | None


def _visible_domains(viewer: Viewer, director_id: str | None) -> list[str] | None:
    """The domains whose entries the viewer can ever be shown (None: any, decided per entry).

    Only for a viewer who neither audits nor directs this young person does the rule depend on
    the domain alone, so there it is a row filter in SQL instead of a decision per loaded row.
    """
    if viewer.auditor or directs(viewer, director_id) or viewer.young_person is not None:
        return None
    own = set(viewer.own_domains - {"intake"})
    if "intake" in viewer.roles:
        own.add("intake")
    return sorted(own)


# The page's rows as records, each: Entry's columns, then whether the domain shared it and
# the entry that caused it (as `_decided` reads them).
_PAGE_KEYS = (*_ENTRY_FIELDS, "shared", "trigger_id", "t_domain", "t_leefgebied",
              "t_vertrouwelijkheid", "t_shared")  # fmt: skip
_NEWEST_FIRST = (
    "{p}occurred_at DESC, {p}recorded_at DESC, {p}domain DESC, {p}stream_version DESC,"
    " {p}event_id DESC"
)
# The page first (LIMIT), then each of its rows' trigger: not a causation lookup for every
# entry of the young person before the limit, whichever plan the statistics make.
_PAGE_SQL = """
WITH page AS (
    SELECT {entry_columns}, e.shared, e.causation_id FROM {s}.entries e
     WHERE {where} ORDER BY {newest_e} LIMIT $3
)
SELECT {head}(SELECT array_agg(({page_columns}, p.shared, t.event_id, t.domain, t.leefgebied,
                                t.vertrouwelijkheid, t.shared) ORDER BY {newest_p})
          FROM page p LEFT JOIN {s}.entries t
            ON t.youth_id = $1 AND t.event_id = {causation}) AS page
"""
# The young person, the tenant of one known from entries only, and their consents.
_HEAD_SQL = """y.youth_id IS NOT NULL AS known, y.gemeentecode, y.director_id, y.programma,
       y.age_band,
       CASE WHEN y.youth_id IS NULL
            THEN (SELECT gemeentecode FROM {s}.entries WHERE youth_id = $1 LIMIT 1) END
           AS tenant,
       (SELECT array_agg((c.purpose, c.leefgebieden, c.given_at, c.valid_until,
                          c.withdrawn_at) ORDER BY c.given_at)
          FROM {s}.consents c WHERE c.youth_id = $1) AS consents,
       """
_HEAD_FROM = " FROM (SELECT) one LEFT JOIN {s}.youths y ON y.youth_id = $1"


def _page_query(  # noqa: PLR0913 - a query's parameters, each named at the call site
    schema: str,
    youth: tuple[str, str],
    *,
    period: Period,
    limit: int,
    before: Cursor | None,
    visible: list[str] | None,
    director: str | None = None,
    head: bool = False,
) -> tuple[str, list[object]]:
    """The page's SQL and arguments: one statement, one row (its `page` is null when empty).

    Only the conditions this read has, each its own parameter: no "$n IS NULL OR" branch that
    a generic prepared plan cannot fold away, so the plan can stay a backward index scan that
    stops after `limit` rows instead of sorting every entry of the young person. `visible`
    limits the domains; with `director`, the rows of other domains are in when that viewer
    directs the young person (a sub-select evaluated once). `head` adds the young person and
    their consents to the same row.
    """
    youth_id, gemeentecode = youth
    args: list[object] = [youth_id, gemeentecode, limit + 1]
    where = ["e.youth_id = $1", "e.gemeentecode = $2"]

    def condition(sql: str, *values: object) -> None:
        where.append(sql.format(*range(len(args) + 1, len(args) + 1 + len(values))))
        args.extend(values)

    if period.domains is not None:
        condition("e.domain = ANY(${}::text[])", list(period.domains))
    if period.start is not None:
        condition("e.occurred_at >= ${}::date", period.start)
    if period.end is not None:
        condition("e.occurred_at < ${}::date + 1", period.end)
    if visible is not None and director is not None:
        condition(
            "(e.domain = ANY(${}::text[]) OR EXISTS (SELECT FROM " + schema + ".youths d"
            " WHERE d.youth_id = $1 AND d.director_id = ${}))",
            visible, director,
        )  # fmt: skip
    elif visible is not None:
        condition("e.domain = ANY(${}::text[])", visible)
    if before is not None:
        condition(
            "(e.occurred_at, e.recorded_at, e.domain, e.stream_version, e.event_id)"
            " < (${}::timestamptz, ${}::timestamptz, ${}::text, ${}::int, ${}::uuid)",
            before.occurred_at, before.recorded_at, before.domain, before.stream_version,
            before.event_id,
        )  # fmt: skip
    sql = _PAGE_SQL.format(
        entry_columns=_ENTRY_COLUMNS,
        page_columns=", ".join(f"p.{c}" for c in _ENTRY_FIELDS),
        where=" AND ".join(where),
        newest_e=_NEWEST_FIRST.format(p="e."),
        newest_p=_NEWEST_FIRST.format(p="p."),
        causation=_CAUSATION.replace("e.causation_id", "p.causation_id"),
        head=_HEAD_SQL.format(s=schema) if head else "",
        s=schema,
    )
    return sql + _HEAD_FROM.format(s=schema) if head else sql, args


def _page_lines(sight: Sight, records: list[tuple[Any, ...]] | None, limit: int) -> PageLines:
    """The fetched records (`limit` + 1 at most) decided for the viewer, and the next cursor."""
    rows = [dict(zip(_PAGE_KEYS, r, strict=True)) for r in records or ()]
    more = len(rows) > limit
    rows = rows[:limit]
    lines, redacted, hidden = _decided(sight, rows)
    after = Cursor(*(rows[-1][k] for k in _ORDER_KEYS)) if more else None
    return PageLines(sight.youth.youth_id, lines, redacted, hidden, after, limit)


async def timeline_page(  # noqa: PLR0913 - a query's parameters, each named at the call site
    pool: Pool, schema: str, sight: Sight, *, period: Period, limit: int, before: Cursor | None
) -> TimelinePage:
    """At most `limit` rows, newest first, older than `before`: a keyset page in SQL.

    Rows of domains the viewer never sees are not loaded (nor counted in `hidden`); the rest
    are decided per row as in `timeline`, so `redacted` and `hidden` count this page's rows.
    """
    youth = sight.youth
    sql, args = _page_query(
        schema, (youth.youth_id, youth.gemeentecode), period=period, limit=limit, before=before,
        visible=_visible_domains(sight.viewer, youth.director_id),
    )  # fmt: skip
    page = _page_lines(sight, await pool.fetchval(sql, *args), limit)
    return TimelinePage(page.timeline(), page.after)


async def opened_page(  # noqa: PLR0913 - a query's parameters, each named at the call site
    pool: Pool,
    schema: str,
    youth_id: str,
    viewer: Viewer,
    *,
    moment: datetime,
    policy: Policy,
    period: Period,
    limit: int,
    before: Cursor | None,
) -> PageLines:
    """`open_youth`, `sight_of` and `timeline_page` in one round trip, with the same rules.

    The young person, their consents and the page are read in one statement (for the viewer's
    municipality only); the young person is then checked as `open_youth` does before any row
    is decided, so a refused read answers exactly as before and nothing read leaves.

    Raises:
        UnknownYouthError: not there, or of another municipality (no oracle).
        NotAssignedError: the viewer may not open this young person's timeline.
    """
    if viewer.young_person is not None and not is_own(viewer, youth_id):
        raise UnknownYouthError(youth_id)  # a young person has no other timeline to open
    # Who does not direct the young person sees the domains of `visible` only; a director
    # sees every domain, and whether the viewer directs is known from the same statement.
    visible = _visible_domains(viewer, None)
    sql, args = _page_query(
        schema, (youth_id, viewer.gemeentecode), period=period, limit=limit, before=before,
        visible=visible, director=viewer.actor if DIRECTOR in viewer.roles else None, head=True,
    )  # fmt: skip
    row = await pool.fetchrow(sql, *args)
    youth = None if row is None else _youth_of(youth_id, row)  # one row, whatever is there
    if row is None or youth is None or youth.gemeentecode != viewer.gemeentecode:
        raise UnknownYouthError(youth_id)
    if not may_open(viewer, youth.director_id):
        raise NotAssignedError(youth_id)
    consents = tuple(
        Consent(purpose, frozenset(leefgebieden), given_at, valid_until, withdrawn_at)
        for purpose, leefgebieden, given_at, valid_until, withdrawn_at in row["consents"] or ()
    )
    return _page_lines(Sight(viewer, youth, consents, moment, policy), row["page"], limit)


def _youth_of(youth_id: str, row: Record) -> Youth | None:
    """The young person as `find_youth` reads them, from `opened_page`'s row."""
    if row["known"]:
        return Youth(youth_id, row["gemeentecode"], row["director_id"], row["programma"],
                     row["age_band"])  # fmt: skip
    return None if row["tenant"] is None else Youth(youth_id, row["tenant"], None, None, None)
