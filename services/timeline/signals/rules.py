"""From one event to the changes it makes to the signals: pure, so a rebuild decides alike.

A signal is raised by the fact that calls for attention (a deadline missed, a policy
blocked) and resolved by the fact it waits for (the conversation held, the roof found).
What only the clock can say ("due in three days", "no contact in six weeks") is not stored
as a signal: the open deadlines and the last contact are, and the read side weighs them
against today's date, so no timer is needed to say it.

Every change names a `key`: the stored signal's id derives from the young person and the
key, so a redelivered or replayed event raises the same signal, never a second one. A
resolution names a key prefix, so one fact (a trajectory ended) resolves all it covers.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeAlias

Data: TypeAlias = Mapping[str, Any]

# The kinds, as the API and the web view name them.
MISSED = "termijn_verstreken"
DUE_SOON = "termijn_nadert"
NO_CONTACT = "geen_contact"
EVICTION = "uitzetting_zonder_schuldhulp"
BLOCKED = "beleid_geblokkeerd"
DUPLICATE = "mogelijk_dubbel"
DEAD_LETTER = "reactie_mislukt"
BREAKTHROUGH = "doorbraak_open"
# Turning 18 (intake's birthday timers): a transition plan to agree, or the birthday without one.
TRANSITION_DUE = "overgangsplan_nodig"
NO_TRANSITION_PLAN = "18_zonder_overgangsplan"
INTEGRITY = "integriteit_geschonden"  # a service's hash chains: for the privacy officer
# Nazorg after the last exit: a follow-up whose day passed unrecorded, until it is recorded.
FOLLOW_UP_MISSED = "nazorg_contact_gemist"
# The young person's request to correct or erase their data (AVG art. 16/17), for the privacy
# officer: open until answered, late once its month passed (art. 12(3)).
SUBJECT_REQUEST = "verzoek_betrokkene"
SUBJECT_REQUEST_LATE = "verzoek_betrokkene_te_laat"
SUBJECT_REQUESTS = frozenset({SUBJECT_REQUEST, SUBJECT_REQUEST_LATE})
KINDS = (MISSED, DUE_SOON, NO_CONTACT, EVICTION, BLOCKED, DUPLICATE, DEAD_LETTER, BREAKTHROUGH,
         TRANSITION_DUE, NO_TRANSITION_PLAN, FOLLOW_UP_MISSED,
         INTEGRITY, SUBJECT_REQUEST, SUBJECT_REQUEST_LATE)  # fmt: skip

LATE, SOON, INFO = 1, 2, 3  # urgency: te laat/geblokkeerd, binnenkort, ter info
URGENCY = {
    MISSED: LATE, EVICTION: LATE, BLOCKED: LATE, DEAD_LETTER: LATE,
    DUE_SOON: SOON, NO_CONTACT: SOON, DUPLICATE: SOON, BREAKTHROUGH: INFO,
    TRANSITION_DUE: SOON, NO_TRANSITION_PLAN: LATE, FOLLOW_UP_MISSED: LATE,
    INTEGRITY: LATE, SUBJECT_REQUEST: SOON, SUBJECT_REQUEST_LATE: LATE,
}  # fmt: skip
SYSTEM_ROLE = "systeem"  # policies and timers: their events are no contact with anyone
# The young person's own acts in Mijn regie (consent, a request, a rating): no one met them.
YOUNG_PERSON_ROLE = "jongere"


@dataclass(frozen=True)
class Raise:
    """Raise (or raise again) the stored signal `key` of the young person."""

    key: str
    kind: str
    domain: str
    detail: str = ""  # a code saying which deadline or what stands open; never free text
    due_on: date | None = None


@dataclass(frozen=True)
class Resolve:
    """Resolve the open stored signals whose key starts with `prefix`."""

    prefix: str


@dataclass(frozen=True)
class OpenDeadline:
    """A due day the young person's workers are to meet; a newer one for `key` replaces it."""

    key: str
    domain: str
    detail: str
    due_on: date


@dataclass(frozen=True)
class CloseDeadline:
    """The deadlines whose key starts with `prefix` are met, missed or moot."""

    prefix: str


@dataclass(frozen=True)
class Trajectory:
    """A debt trajectory opened (`open`) or ended: an eviction threat weighs against it."""

    trajectory_id: str
    open: bool


@dataclass(frozen=True)
class Enrolment:
    """Whether the young person is still in a programme: no 'no contact' after they left."""

    active: bool


@dataclass(frozen=True)
class Erased:
    """Personal data erased: every signal and deadline of the young person stops."""


Change = Raise | Resolve | OpenDeadline | CloseDeadline | Trajectory | Enrolment | Erased


def day(value: object) -> date | None:
    """An ISO day from an event's field, else None."""
    if not isinstance(value, str):
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def _key(*parts: object) -> str:
    """Keys end in ':' so that a prefix never matches a longer id (`plan-1` vs `plan-10`)."""
    return "".join(f"{p}:" for p in parts)


def _missed(domain: str, detail: str, *ids: object) -> tuple[Change, ...]:
    """A deadline missed: no longer coming up, and a signal that it passed."""
    return (CloseDeadline(_key(domain, detail, *ids)),)


def _raise_missed(domain: str, detail: str, data: Data, *ids: object) -> tuple[Change, ...]:
    due = day(data.get("due_on")) or day(data.get("first_conversation_due"))
    return (
        *_missed(domain, detail, *ids),
        Raise(_key(MISSED, domain, detail, *ids), MISSED, domain, detail, due),
    )


def _met(domain: str, detail: str, *ids: object) -> tuple[Change, ...]:
    """A deadline met: neither coming up nor missed any more."""
    return (
        CloseDeadline(_key(domain, detail, *ids)),
        Resolve(_key(MISSED, domain, detail, *ids)),
    )


def _deadline(domain: str, detail: str, due: object, *ids: object) -> tuple[Change, ...]:
    found = day(due)
    return (OpenDeadline(_key(domain, detail, *ids), domain, detail, found),) if found else ()


# -- debts ------------------------------------------------------------------------------------


def _debts(name: str, data: Data) -> tuple[Change, ...]:
    trajectory = data.get("trajectory_id", "")
    if name in {"debt-help-requested", "trajectory-marked-crisis"}:
        opened = (Trajectory(trajectory, open=True),) if name == "debt-help-requested" else ()
        return (*opened, *_deadline("debts", "eerste_gesprek", data.get("first_conversation_due"),
                                    trajectory))  # fmt: skip
    if name == "first-conversation-held":
        return _met("debts", "eerste_gesprek", trajectory)
    if name == "first-conversation-deadline-missed":
        return _raise_missed("debts", "eerste_gesprek", data, trajectory)
    if name == "debt-closure-blocked":
        return (Raise(_key(BLOCKED, "debts", trajectory), BLOCKED, "debts",
                      str(data.get("reason", ""))),)  # fmt: skip
    if name == "debt-trajectory-ended":
        return (
            Trajectory(trajectory, open=False),
            *_met("debts", "eerste_gesprek", trajectory),
            Resolve(_key(BLOCKED, "debts", trajectory)),
        )
    return ()


def _first_week_missed(data: Data) -> tuple[Change, ...]:
    """One signal per need that lacked (a roof, a postal address): each has its own answer."""
    due = day(data.get("due_on"))
    lacking = sorted({str(n) for n in data.get("lacking") or ["dak"]})
    return (
        CloseDeadline(_key("housing", "eerste_week")),
        *(Raise(_key(MISSED, "housing", "eerste_week", need), MISSED, "housing",
                f"eerste_week_{need}", due) for need in lacking),
    )  # fmt: skip


# -- housing ----------------------------------------------------------------------------------


def _housing_deadlines(name: str, data: Data) -> tuple[Change, ...]:  # noqa: PLR0911 - one branch per fact
    """The first week's roof and postal address, and the housing plan: met or missed."""
    if name == "homelessness-registered":
        return (
            *_deadline("housing", "eerste_week", data.get("first_week_due")),
            *_deadline("housing", "woonplan", data.get("plan_due")),
        )
    if name == "shelter-admitted":  # a roof; the postal address may still lack
        return (CloseDeadline(_key("housing", "eerste_week")),
                Resolve(_key(MISSED, "housing", "eerste_week", "dak")))  # fmt: skip
    if name == "housed":  # a roof and an address
        return _met("housing", "eerste_week")
    if name == "postal-address-arranged":
        return (Resolve(_key(MISSED, "housing", "eerste_week", "briefadres")),)
    if name == "housing-plan-agreed":
        return _met("housing", "woonplan")
    if name == "first-week-shelter-missed":
        return _first_week_missed(data)
    if name == "housing-plan-deadline-missed":
        return _raise_missed("housing", "woonplan", data)
    return ()


def _housing(name: str, data: Data) -> tuple[Change, ...]:
    if name == "eviction-threatened":
        eviction = data.get("eviction_id", "")
        return (Raise(_key(EVICTION, "housing", eviction), EVICTION, "housing",
                      str(data.get("reason", ""))),)  # fmt: skip
    if name in {"eviction-prevented", "evicted"}:
        return (Resolve(_key(EVICTION, "housing", data.get("eviction_id", ""))),)
    if name == "housing-attention-needed":
        items = ",".join(sorted(str(i) for i in data.get("open_items") or []))
        return (Raise(_key(BLOCKED, "housing"), BLOCKED, "housing", items),)
    if name == "housing-ended":
        return (
            CloseDeadline(_key("housing")),
            Resolve(_key(MISSED, "housing")),
            Resolve(_key(EVICTION, "housing")),
            Resolve(_key(BLOCKED, "housing")),
        )
    return _housing_deadlines(name, data)


# -- intake -----------------------------------------------------------------------------------


def _plan_agreed(data: Data) -> tuple[Change, ...]:
    """The one leading plan: the earlier plans' goals and reviews are moot from now on."""
    plan = data.get("plan_id", "")
    goals = [g for g in data.get("goals") or [] if isinstance(g, dict)]
    return (
        *_met("intake", "toekomstplan"),
        CloseDeadline(_key("intake", "doel")),
        Resolve(_key(MISSED, "intake", "doel")),
        CloseDeadline(_key("intake", "planevaluatie")),
        Resolve(_key(MISSED, "intake", "planevaluatie")),
        *(change for g in goals
          for change in _deadline("intake", "doel", g.get("due_on"), plan, g.get("goal_id", ""))),
        *_deadline("intake", "planevaluatie", data.get("review_due_on"), plan),
    )  # fmt: skip


def _plan_reviewed(data: Data) -> tuple[Change, ...]:
    plan = data.get("plan_id", "")
    statuses = data.get("statuses") or {}
    done = sorted(goal for goal, status in statuses.items() if status in {"bereikt", "vervallen"})
    return (
        *_met("intake", "planevaluatie", plan),
        *(change for goal in done for change in _met("intake", "doel", plan, goal)),
        *_deadline("intake", "planevaluatie", data.get("review_due_on"), plan),
    )


def _left(data: Data) -> tuple[Change, ...]:
    """Out of every programme: the plan's deadlines stop, and so does 'no contact'."""
    if data.get("still_enrolled_in"):
        return ()
    return (Enrolment(active=False), CloseDeadline(_key("intake")), Resolve(_key(MISSED, "intake")))


def _turning_18(name: str, data: Data) -> tuple[Change, ...]:
    """Six months before 18 a plan is asked; 18 without one is urgent; a plan ends both."""
    due, missing = _key(TRANSITION_DUE, "intake"), _key(NO_TRANSITION_PLAN, "intake")
    if name == "transition-plan-due":
        return (Raise(due, TRANSITION_DUE, "intake", "overgangsplan"),)
    if name == "adulthood-reached" and not data.get("transition_plan_agreed"):
        return (Resolve(due), Raise(missing, NO_TRANSITION_PLAN, "intake", "overgangsplan"))
    return (Resolve(due), Resolve(missing))  # agreed, or 18 with a plan


TURNING_18 = frozenset({"transition-plan-due", "transition-plan-agreed", "adulthood-reached"})


def _nazorg(name: str, data: Data) -> tuple[Change, ...]:
    """Each follow-up is a deadline; one missed is a signal until it is recorded, late or not.

    The end closes what was still to come; an end by hand or by a new enrolment also resolves
    the missed ones (nobody follows up any more), the end after the last follow-up does not.
    """
    month = data.get("month", "")
    if name == "aftercare-started":
        ups = [f for f in data.get("follow_ups") or [] if isinstance(f, dict)]
        return tuple(
            change
            for f in ups
            for change in _deadline("intake", "nazorg", f.get("due_on"), f.get("month"))
        )
    if name == "follow-up-recorded":
        return (CloseDeadline(_key("intake", "nazorg", month)),
                Resolve(_key(FOLLOW_UP_MISSED, "intake", month)))  # fmt: skip
    if name == "follow-up-missed":
        return (CloseDeadline(_key("intake", "nazorg", month)),
                Raise(_key(FOLLOW_UP_MISSED, "intake", month), FOLLOW_UP_MISSED, "intake",
                      str(month), day(data.get("due_on"))))  # fmt: skip
    if name == "aftercare-ended":
        by_hand = data.get("reason") != "afgerond"
        resolved = (Resolve(_key(FOLLOW_UP_MISSED, "intake")),) if by_hand else ()
        return (CloseDeadline(_key("intake", "nazorg")), *resolved)
    return ()


def _intake_plan(name: str, data: Data) -> tuple[Change, ...]:  # noqa: PLR0911 - one branch per fact
    """The programme's plan: its deadlines, met or missed."""
    if name == "programme-enrolled":
        return (Enrolment(active=True),
                *_deadline("intake", "toekomstplan", data.get("plan_due_on")))  # fmt: skip
    if name == "future-plan-agreed":
        return _plan_agreed(data)
    if name == "future-plan-reviewed":
        return _plan_reviewed(data)
    if name == "future-plan-overdue":
        return _raise_missed("intake", "toekomstplan", data)
    if name == "plan-review-due":
        return _raise_missed("intake", "planevaluatie", data, data.get("plan_id", ""))
    if name == "goal-overdue":
        ids = (data.get("plan_id", ""), data.get("goal_id", ""))
        return _raise_missed("intake", "doel", data, *ids)
    return _turning_18(name, data) if name in TURNING_18 else _nazorg(name, data)


def _subject_request(name: str, data: Data) -> tuple[Change, ...]:
    """Made: the privacy officer's, due in a month; overdue: late; answered: resolved.

    The detail is the kind (`correctie`, `verwijdering`), never the young person's words.
    """
    request = data.get("request_id", "")
    waiting, late = _key(SUBJECT_REQUEST, "intake", request), _key(SUBJECT_REQUEST_LATE, "intake",
                                                                   request)  # fmt: skip
    kind, due = str(data.get("kind", "")), day(data.get("due_on"))
    if name == "subject-request-made":
        return (Raise(waiting, SUBJECT_REQUEST, "intake", kind, due),)
    if name == "subject-request-overdue":
        return (Resolve(waiting), Raise(late, SUBJECT_REQUEST_LATE, "intake", kind, due))
    return (Resolve(waiting), Resolve(late))


SUBJECT_REQUEST_FACTS = frozenset(
    {"subject-request-made", "subject-request-overdue", "subject-request-handled"}
)


def _intake(name: str, data: Data) -> tuple[Change, ...]:
    if name in SUBJECT_REQUEST_FACTS:
        return _subject_request(name, data)
    return _intake_care(name, data)


def _intake_care(name: str, data: Data) -> tuple[Change, ...]:
    if name == "programme-exited":
        return _left(data)
    if name == "personal-data-erased":
        return (Erased(),)
    if name == "possible-duplicate-found":
        other = data.get("other_youth_id", "")
        return (Raise(_key(DUPLICATE, "intake", other), DUPLICATE, "intake",
                      str(data.get("matched_on", ""))),)  # fmt: skip
    if name == "breakthrough-requested":
        return (Raise(_key(BREAKTHROUGH, "intake", data.get("breakthrough_id", "")), BREAKTHROUGH,
                      "intake", str(data.get("obstruction", ""))),)  # fmt: skip
    if name == "breakthrough-resolved":
        return (Resolve(_key(BREAKTHROUGH, "intake", data.get("breakthrough_id", ""))),)
    return _intake_plan(name, data)


RULES: dict[str, Callable[[str, Data], tuple[Change, ...]]] = {
    "debts": _debts,
    "housing": _housing,
    "intake": _intake,
}


def _integrity(domain: str, name: str, data: Data) -> tuple[Change, ...]:
    """A scheduled chain verification (shared/integrity.py): failed raises, passed resolves.

    Its subject is the municipality's integrity, not a young person; the detail is the count.
    """
    if name == "chain-verification-failed":
        problems = str(data.get("problem_count", ""))
        return (Raise(_key(INTEGRITY, domain), INTEGRITY, domain, problems),)
    return (Resolve(_key(INTEGRITY, domain)),)


def changes(event_type_name: str, data: Data) -> tuple[Change, ...]:
    """What `nl.regie.<domain>.<name>` with `data` changes in the signals."""
    parts = event_type_name.split(".")
    if len(parts) < 4:  # noqa: PLR2004 - nl.regie.<domain>.<name>
        return ()
    if parts[3] in {"chain-verification-failed", "chains-verified"}:
        return _integrity(parts[2], parts[3], data)
    rule = RULES.get(parts[2])
    return rule(parts[3], data) if rule else ()


def is_contact(actor_role: str) -> bool:
    """An event a professional recorded: contact with the young person, as far as facts tell.

    Not a rule's or timer's, and not the young person's own click in Mijn regie: a request or
    a rating sent from a phone is no sign that anyone spoke with them.
    """
    return actor_role not in {SYSTEM_ROLE, YOUNG_PERSON_ROLE}
