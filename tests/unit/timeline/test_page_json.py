"""A timeline page encoded from its decided rows is the model's JSON, byte for byte.

GET /youths/{id}/timeline?limit=... answers `PageLines.json` instead of letting FastAPI build
and serialise the `Timeline` model (issue 24 item 3: the read's time). The OpenAPI document
still names `Timeline`, so the bytes must be exactly what the model would give: for every
viewer's decision (shown, redacted, hidden, linked to its cause or not) and any value a row
can hold (UUIDs, datetimes with and without microseconds, any text, nulls).
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta, timezone

from hypothesis import given, settings
from hypothesis import strategies as st

from services.timeline.read_model.access import Viewer
from services.timeline.read_model.catalogue import domains
from services.timeline.read_model.queries import _PAGE_KEYS, Sight, Youth, _page_lines
from services.timeline.read_model.youths import Consent

NOW = datetime(2026, 11, 22, 12, tzinfo=UTC)
YOUTH = Youth("y-1", "0518", "r-1", "dtj", "18-22")
VIEWERS = (
    Viewer("a-1", frozenset({"auditor"}), "0518"),
    Viewer("r-1", frozenset({"regisseur"}), "0518"),
    Viewer("s-1", frozenset({"schuldhulpverlener"}), "0518"),
    Viewer("y-1", frozenset({"jongere"}), "0518", young_person="y-1"),
)
CONSENT = Consent("tijdlijn_delen", frozenset({"wonen"}), NOW - timedelta(days=9), None, None)

# Hypothesis bounds are naive; the drawn values carry the time zone.
moments = st.datetimes(
    min_value=datetime(1990, 1, 1),  # noqa: DTZ001
    max_value=datetime(2100, 1, 1),  # noqa: DTZ001
    timezones=st.sampled_from([UTC, timezone(timedelta(hours=2))]),
)
maybe_text = st.none() | st.text(max_size=30)
leefgebieden = st.none() | st.sampled_from(["financien", "wonen", "werk", "zorg"])
secrecy = st.none() | st.sampled_from(["confidentieel", "vertrouwelijk", "openbaar"])


@st.composite
def records(draw: st.DrawFn) -> tuple[object, ...]:
    """One fetched record in `_PAGE_KEYS` order, with or without an entry that caused it."""
    caused = draw(st.booleans())
    row = {
        "event_id": draw(st.uuids()),
        "occurred_at": draw(moments),
        "recorded_at": draw(moments),
        "domain": draw(st.sampled_from(domains())),
        "event_type": draw(st.text(max_size=40)),
        "programma": draw(maybe_text),
        "leefgebied": draw(leefgebieden),
        "phase": draw(maybe_text),
        "headline": draw(st.text(max_size=80)),
        "grondslag": draw(maybe_text),
        "vertrouwelijkheid": draw(secrecy),
        "stream_version": draw(st.integers(min_value=0, max_value=2**31 - 1)),
        "shared": draw(st.booleans()),
        "trigger_id": draw(st.uuids()) if caused else None,
        "t_domain": draw(st.sampled_from(domains())) if caused else None,
        "t_leefgebied": draw(leefgebieden) if caused else None,
        "t_vertrouwelijkheid": draw(secrecy) if caused else None,
        "t_shared": draw(st.booleans()) if caused else None,
    }
    return tuple(row[k] for k in _PAGE_KEYS)


@settings(max_examples=300, deadline=None)
@given(
    rows=st.lists(records(), max_size=8),
    viewer=st.sampled_from(VIEWERS),
    policy=st.sampled_from(["afschermen", "verbergen"]),
    limit=st.integers(min_value=1, max_value=8),
    next_link=st.none() | st.text(max_size=60),
)
def test_a_page_encodes_exactly_as_its_model(rows, viewer, policy, limit, next_link):
    """`json` equals `timeline().model_dump_json()` for whatever the rows and the viewer."""
    sight = Sight(viewer, YOUTH, (CONSENT,), NOW, policy)
    page = _page_lines(sight, rows, limit)
    assert page.json(next_link) == page.timeline(next_link).model_dump_json().encode()


def test_every_decision_is_on_the_page_the_same_way():
    """A shown line links its cause, a redacted one names nothing, a hidden one is counted."""
    cause = uuid.uuid4()

    def record(domain: str, leefgebied: str | None, *, trigger: uuid.UUID | None = None):
        row = dict.fromkeys(_PAGE_KEYS)
        row.update(event_id=uuid.uuid4(), occurred_at=NOW, recorded_at=NOW, domain=domain,
                   event_type=f"nl.regie.{domain}.x", leefgebied=leefgebied, headline="Iets",
                   stream_version=1, shared=True, trigger_id=trigger,
                   t_domain=trigger and domain, t_shared=trigger and True)  # fmt: skip
        return tuple(row[k] for k in _PAGE_KEYS)

    rows = [
        record("housing", "wonen", trigger=cause),  # consent covers wonen: shown and linked
        record("debts", "financien"),  # not covered: redacted or hidden per policy
        record("intake", None),  # the director's own process
    ]
    for policy, redacted, hidden in (("afschermen", 1, 0), ("verbergen", 0, 1)):
        page = _page_lines(Sight(VIEWERS[1], YOUTH, (CONSENT,), NOW, policy), rows, 50)
        model = page.timeline()
        assert (model.redacted, model.hidden, len(model.entries)) == (redacted, hidden, 3 - hidden)
        assert model.entries[0].caused_by == cause
        if redacted:
            line = model.entries[1]
            assert (line.redacted, line.headline, line.event_type, line.leefgebied) == (
                True, "afgeschermd", None, None,
            )  # fmt: skip
        assert page.json() == model.model_dump_json().encode()
