"""Whatever commands arrive in any order: phases in order, steps back explained, goals closed once.

Random sequences of commands (a few coaches and goal ids, dates up to today) go through `decide`
and `evolve`; refusals are skipped, as a handler would answer them and carry on. Pure noise
rarely keeps the order the rules demand (a coach first, phases one by one, the scan before the
match, dates that follow each other), so each sequence is noise interleaved with one scripted
walk through two periods: coaches assigned, scout, scan, a goal, a toekomstgesprek, the scan,
match, the match, borg, a relapse back to scan, the scan again, match again, outcomes, the end;
then a new period, opened by Rode loper's start before any coach (awaiting one), with its own
goals, coaches, a relapse and an end. Its steps read the state to date themselves after the
latest known fact. The noise then lands everywhere: before coaching,
inside every phase, after the end; the walk lingers in the scan and match phases before their
scan and match, where noise that moves on too early (the next phase, drawn from the state) is
to be refused.

The invariants are checked on the events accepted, independently of the state's own fields:
the phases of a period run in order and, after scout, only with a Rode loper coach (a period
opens with a coach or with Rode loper's scout; awaiting a coach is exactly a phase without
one), match needs a scan and borg a match since they were last entered, every step back
follows its relapse, one coach per kind, one scan per scan phase and one match per match
phase, a goal closes once and none is open after the end; and a refused command yields
nothing, the same refusal each time, so the accepted events alone make the state.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import reduce
from typing import TYPE_CHECKING, Any, get_args

from hypothesis import given, settings
from hypothesis import strategies as st

from services.coaching.domain.commands import (
    AchieveGoal,
    AssignCoach,
    Command,
    CompleteTalentScan,
    DropGoal,
    EndCoaching,
    HoldFutureConversation,
    MakeMatch,
    OpenRodeLoper,
    ReferToCare,
    SetGoal,
    SignalRelapse,
    StartDaytimeActivity,
    StartEducation,
    StartPhase,
    StartWork,
)
from services.coaching.domain.events import (
    CoachAssigned,
    CoachingEnded,
    CoachingPhaseStarted,
    GoalAchieved,
    GoalDropped,
    GoalSet,
    MatchMade,
    RelapseSignalled,
    TalentScanCompleted,
)
from services.coaching.domain.model import (
    Coaching,
    RuleViolationError,
    decide,
    evolve,
    next_phase,
)
from services.coaching.domain.vocabulary import (
    PHASES,
    CareKind,
    CoachKind,
    ContractKind,
    Destination,
    EducationLevel,
    EndReason,
    Leefgebied,
    MatchKind,
    Obstacle,
    Participant,
    PartnerType,
    Perspective,
    Strength,
    WorkKind,
)
from tests.unit.coaching.givens import TODAY, YOUTH

if TYPE_CHECKING:
    from shared.events import DomainEvent

# A command, or one made from the state just before it is given.
Step = Command | Callable[[Coaching], Command]

FIRST_DAY = date(2026, 9, 1)
DAYS = st.dates(min_value=FIRST_DAY, max_value=TODAY)
PLANNED = st.dates(min_value=FIRST_DAY, max_value=date(2027, 6, 1))
YOUTHS = st.just(YOUTH)
COACH_IDS = st.sampled_from(["c1", "c2", "c3"])
GOAL_IDS = st.sampled_from(["g1", "g2", "g3", "g4"])
KINDS = st.sampled_from(get_args(CoachKind))
PHASES_ = st.sampled_from(PHASES)
LEEFGEBIEDEN = st.sampled_from(get_args(Leefgebied))
DROP_REASONS = st.sampled_from(["niet_meer_passend", "niet_haalbaar"])
END_REASONS = st.sampled_from(get_args(EndReason))
DESTINATIONS = st.sampled_from(get_args(Destination))


def _latest(state: Coaching) -> date | None:
    """The latest fact the state knows a date of."""
    known = [
        state.started_on,
        state.phase_since,
        state.ended_on,
        *(from_on for _, _, from_on in state.coaches),
        *(set_on for _, _, _, set_on in state.goals),
    ]
    return max((day for day in known if day is not None), default=None)


def _after(day: date, state: Coaching) -> date:
    """`day`, or the latest known fact if that is later: the walk keeps time in order."""
    latest = _latest(state)
    return day if latest is None else max(day, latest)


def _later(
    cls: type[Command], day: date, *date_fields: str, **fields: Any
) -> Callable[[Coaching], Command]:
    """A `cls` command dated `day`, or the latest known fact if that is later, in `date_fields`."""

    def made(state: Coaching) -> Command:
        return cls(youth_id=YOUTH, **fields, **dict.fromkeys(date_fields, _after(day, state)))

    return made


def later(
    cls: type[Command], *date_fields: str, **fields: st.SearchStrategy[Any]
) -> st.SearchStrategy[Step]:
    """`_later` commands on any of the days, with the other fields drawn from `fields`."""
    return st.builds(
        lambda day, drawn: _later(cls, day, *date_fields, **drawn),
        DAYS,
        st.fixed_dictionaries(fields),
    )


def _next_phase_on(day: date, state: Coaching) -> Command:
    """StartPhase into the phase after the current one (borg again after borg), in date order."""
    phase = next_phase(state.phase) or "borg"
    return StartPhase(youth_id=YOUTH, phase=phase, started_on=_after(day, state))


SCANS: dict[str, st.SearchStrategy[Any]] = {
    "strengths": st.lists(st.sampled_from(get_args(Strength)), max_size=3),
    "obstacles": st.dictionaries(LEEFGEBIEDEN, st.sampled_from(get_args(Obstacle)), max_size=2),
    "notes": st.none() | st.just("notities"),
}
MATCHES: dict[str, st.SearchStrategy[Any]] = {
    "kind": st.sampled_from(get_args(MatchKind)),
    "partner_type": st.sampled_from(get_args(PartnerType)),
}

# Any command of any kind, valid in shape, with no regard for the state.
ANY_COMMAND: st.SearchStrategy[Step] = st.one_of(
    st.builds(AssignCoach, youth_id=YOUTHS, coach_id=COACH_IDS, kind=KINDS, from_on=DAYS),
    st.builds(StartPhase, youth_id=YOUTHS, phase=PHASES_, started_on=DAYS),
    st.builds(OpenRodeLoper, youth_id=YOUTHS, started_on=DAYS),
    st.builds(CompleteTalentScan, youth_id=YOUTHS, completed_on=DAYS, **SCANS),
    st.builds(
        HoldFutureConversation,
        youth_id=YOUTHS,
        participants=st.lists(st.sampled_from(get_args(Participant)), min_size=1, max_size=4),
        perspective=st.sampled_from(get_args(Perspective)),
        held_on=DAYS,
    ),
    st.builds(
        SetGoal,
        youth_id=YOUTHS,
        goal_id=GOAL_IDS,
        leefgebied=LEEFGEBIEDEN,
        text=st.just("doel"),
        set_on=DAYS,
        due_on=st.none() | PLANNED,
    ),
    st.builds(AchieveGoal, youth_id=YOUTHS, goal_id=GOAL_IDS, achieved_on=DAYS),
    st.builds(DropGoal, youth_id=YOUTHS, goal_id=GOAL_IDS, reason=DROP_REASONS, dropped_on=DAYS),
    st.builds(MakeMatch, youth_id=YOUTHS, start_on=PLANNED, made_on=DAYS, **MATCHES),
    st.builds(
        StartEducation,
        youth_id=YOUTHS,
        level=st.sampled_from(get_args(EducationLevel)),
        started_on=DAYS,
    ),
    st.builds(
        StartWork,
        youth_id=YOUTHS,
        kind=st.sampled_from(get_args(WorkKind)),
        contract=st.sampled_from(get_args(ContractKind)),
        started_on=DAYS,
    ),
    st.builds(StartDaytimeActivity, youth_id=YOUTHS, started_on=DAYS),
    st.builds(
        ReferToCare,
        youth_id=YOUTHS,
        care_kind=st.sampled_from(get_args(CareKind)),
        referred_on=DAYS,
    ),
    st.builds(
        SignalRelapse,
        youth_id=YOUTHS,
        leefgebied=LEEFGEBIEDEN,
        signalled_on=DAYS,
        returns_to=st.none() | PHASES_,
    ),
    st.builds(
        EndCoaching,
        youth_id=YOUTHS,
        reason=END_REASONS,
        destination=DESTINATIONS,
        ended_on=DAYS,
    ),
)
# Some kinds dated after the latest fact, so that they pass the order of dates and reach the
# rules about phases, scans, matches and goals.
LATER_COMMAND: st.SearchStrategy[Step] = st.one_of(
    later(AssignCoach, "from_on", coach_id=COACH_IDS, kind=KINDS),
    later(StartPhase, "started_on", phase=PHASES_),
    later(OpenRodeLoper, "started_on"),
    later(CompleteTalentScan, "completed_on", **SCANS),
    later(MakeMatch, "made_on", "start_on", **MATCHES),
    later(SetGoal, "set_on", goal_id=GOAL_IDS, leefgebied=LEEFGEBIEDEN, text=st.just("doel")),
    later(AchieveGoal, "achieved_on", goal_id=GOAL_IDS),
    later(SignalRelapse, "signalled_on", leefgebied=LEEFGEBIEDEN, returns_to=PHASES_),
    # the phase after the current one, whether or not the scan or the match was done
    DAYS.map(lambda day: lambda state: _next_phase_on(day, state)),
)
# The noise: more often dated to pass than not. An end dated to pass is left to ANY_COMMAND's
# luck with its date: it cuts the walk short, so it should not come too often.
STEPS: st.SearchStrategy[Step] = st.sampled_from(
    [ANY_COMMAND, ANY_COMMAND, LATER_COMMAND, LATER_COMMAND, LATER_COMMAND]
).flatmap(lambda steps: steps)


@st.composite
def happy_paths(draw: st.DrawFn) -> list[Step]:
    """One walk through two periods that the rules accept when nothing interferes."""

    def on(cls: type[Command], *date_fields: str, **fields: Any) -> Step:
        return _later(cls, draw(DAYS), *date_fields, **fields)

    def phase(name: str) -> Step:
        return on(StartPhase, "started_on", phase=name)

    def scan() -> Step:
        return on(CompleteTalentScan, "completed_on", **draw(st.fixed_dictionaries(SCANS)))

    def goal(goal_id: str) -> Step:
        return on(SetGoal, "set_on", goal_id=goal_id, leefgebied=draw(LEEFGEBIEDEN), text="doel")

    def end() -> Step:
        return on(EndCoaching, "ended_on", reason=draw(END_REASONS), destination=draw(DESTINATIONS))

    return [
        on(AssignCoach, "from_on", coach_id="c1", kind="rodeloper_coach"),
        on(AssignCoach, "from_on", coach_id="c2", kind="klantmanager"),
        phase("scout"),
        phase("scan"),
        goal("g1"),
        on(
            HoldFutureConversation,
            "held_on",
            participants=["jongere", "jongere", "wijkteam"],
            perspective=draw(st.sampled_from(get_args(Perspective))),
        ),
        scan(),
        phase("match"),
        on(StartEducation, "started_on", level=draw(st.sampled_from(get_args(EducationLevel)))),
        on(MakeMatch, "made_on", "start_on", **draw(st.fixed_dictionaries(MATCHES))),
        phase("borg"),
        on(SignalRelapse, "signalled_on", leefgebied="verslaving", returns_to="scan"),
        on(StartWork, "started_on", kind="leerwerkbaan", contract="tijdelijk"),
        scan(),
        phase("match"),
        on(AchieveGoal, "achieved_on", goal_id="g1"),
        goal("g2"),
        on(ReferToCare, "referred_on", care_kind=draw(st.sampled_from(get_args(CareKind)))),
        end(),
        # The second period: an enrolment starts Rode loper before any coach is there.
        on(OpenRodeLoper, "started_on"),
        goal("g3"),
        on(AssignCoach, "from_on", coach_id="c3", kind="trajectbegeleider"),
        on(AssignCoach, "from_on", coach_id="c1", kind="rodeloper_coach"),
        goal("g4"),
        on(DropGoal, "dropped_on", goal_id="g3", reason=draw(DROP_REASONS)),
        on(SignalRelapse, "signalled_on", leefgebied="werk"),
        end(),
    ]


@st.composite
def sequences(draw: st.DrawFn) -> list[Step]:
    """A happy path with random commands (`STEPS`) mixed in anywhere."""
    path = draw(happy_paths())
    noise = draw(st.lists(STEPS, min_size=5, max_size=40))
    mixed: list[Step] = []
    while path or noise:
        if path and (not noise or draw(st.booleans())):
            mixed.append(path.pop(0))
        else:
            mixed.append(noise.pop(0))
    return mixed


@dataclass
class History:
    """What the accepted events say, tracked apart from the state, and checked as they come."""

    active: bool = False
    phase: str | None = None  # of the open period, as the events say
    scanned: bool = False  # a scan since the scan phase was last entered
    matched: bool = False  # a match since the match phase was last entered
    coaches: dict[str, str] = field(default_factory=dict)  # kind -> coach
    open_goals: list[str] = field(default_factory=list)
    closed_goals: set[str] = field(default_factory=set)
    previous: DomainEvent | None = None
    events: list[DomainEvent] = field(default_factory=list)

    def add(self, produced: DomainEvent) -> None:
        """Check `produced` against what came before, then take it in."""
        self._opened_by(produced)
        if isinstance(produced, CoachAssigned):
            # (d) one coach per kind: the event names the one it replaces, another coach
            assert produced.previous_coach_id == self.coaches.get(produced.kind)
            assert produced.previous_coach_id != produced.coach_id
            self.coaches[produced.kind] = produced.coach_id
        elif isinstance(produced, CoachingPhaseStarted):
            self._phase_started(produced)
        elif isinstance(produced, TalentScanCompleted):
            assert self.phase == "scan"
            assert not self.scanned  # once per scan phase
            self.scanned = True
        elif isinstance(produced, MatchMade):
            assert self.phase == "match"
            assert not self.matched  # once per match phase
            self.matched = True
        elif isinstance(produced, GoalSet):
            assert produced.goal_id not in {*self.open_goals, *self.closed_goals}
            self.open_goals.append(produced.goal_id)
        elif isinstance(produced, GoalAchieved | GoalDropped):
            # (e) a goal closes once, and only after it was set
            assert produced.goal_id in self.open_goals
            assert produced.goal_id not in self.closed_goals
            self.open_goals.remove(produced.goal_id)
            self.closed_goals.add(produced.goal_id)
        elif isinstance(produced, CoachingEnded):
            assert self.active
            assert self.open_goals == []  # (e) the end dropped them all first
            self.active, self.phase, self.coaches = False, None, {}
        self.previous = produced
        self.events.append(produced)

    def _opened_by(self, produced: DomainEvent) -> None:
        """Only an assignment or Rode loper's start (scout) opens coaching: a new period."""
        if self.active:
            return
        assert isinstance(produced, CoachAssigned | CoachingPhaseStarted)
        if isinstance(produced, CoachingPhaseStarted):
            assert produced.phase == "scout"
        self.active, self.phase, self.scanned, self.matched = True, None, False, False

    def _phase_started(self, produced: CoachingPhaseStarted) -> None:
        before = self.phase
        assert produced.previous_phase == before
        if produced.phase != "scout":
            # Rode loper phases, for Rode loper coaching; only its start may await the coach
            assert "rodeloper_coach" in self.coaches
        back = before is not None and PHASES.index(produced.phase) < PHASES.index(before)
        if produced.after_relapse:
            # (c) a step back, right after the relapse that sends the young person there
            assert back
            assert isinstance(self.previous, RelapseSignalled)
            assert self.previous.returns_to == produced.phase
            assert self.previous.phase == before
        else:
            assert produced.phase == next_phase(before)  # (a) forward, one step, scout first
        assert back == produced.after_relapse  # every step back is a return after a relapse
        if produced.phase == "match":
            assert self.scanned  # (b)
        if produced.phase == "borg":
            assert self.matched  # (b)
        if produced.phase in {"scout", "scan"}:
            self.scanned = False
        if produced.phase != "borg":
            self.matched = False
        self.phase = produced.phase

    def check(self, state: Coaching) -> None:
        """The state agrees with the history."""
        kinds = [kind for kind, _, _ in state.coaches]
        assert len(kinds) == len(set(kinds))  # (d)
        assert {kind: coach for kind, coach, _ in state.coaches} == self.coaches
        assert state.active == self.active
        assert self.active or not state.coaches  # the end ends every assignment
        awaiting = self.active and self.phase is not None and "rodeloper_coach" not in self.coaches
        assert state.awaiting_coach == awaiting
        assert state.status == ("actief" if self.active else "afgesloten")
        assert state.phase == self.phase
        if state.active:
            assert state.last_phase == state.phase
        assert (state.scan_completed, state.match_made) == (self.scanned, self.matched)
        assert list(state.open_goals) == self.open_goals
        if not state.active:
            assert state.open_goals == ()  # (e)


def _decided(state: Coaching, cmd: Command) -> list[DomainEvent] | RuleViolationError:
    """The events `cmd` yields today, or its refusal (any other error fails the test)."""
    try:
        return decide(state, cmd, TODAY)
    except RuleViolationError as refused:
        return refused


def _run(steps: list[Step], *, strict: bool = False) -> tuple[Coaching, History]:
    """Apply `steps`, skipping refusals (or failing on one when `strict`), checking as we go."""
    state = Coaching()
    history = History()
    for step in steps:
        cmd = step if isinstance(step, Command) else step(state)
        outcome = _decided(state, cmd)
        if isinstance(outcome, RuleViolationError):
            assert not strict, (cmd, outcome.en)
            # (f) a refusal yields nothing, and is the same refusal when asked again
            again = _decided(state, cmd)
            assert isinstance(again, RuleViolationError)
            assert (type(again), again.nl, again.field) == (
                type(outcome),
                outcome.nl,
                outcome.field,
            )
            continue
        for produced in outcome:
            history.add(produced)
            state = evolve(state, produced)
        if history.events:
            history.check(state)
    # (f) only the accepted events made the state: folding them again gives the same
    assert reduce(evolve, history.events, Coaching()) == state
    return state, history


@settings(max_examples=200, deadline=None)
@given(sequences())
def test_phases_run_in_order_and_every_goal_closes_once(steps):
    """Whatever is refused, what is accepted keeps the invariants of the module's docstring."""
    _run(steps)


@settings(max_examples=30, deadline=None)
@given(happy_paths())
def test_the_happy_path_alone_is_accepted_and_reaches_every_phase(steps):
    """Without noise the walk is accepted step by step, so the property above bites everywhere."""
    state, history = _run(steps, strict=True)
    phases = [e.phase for e in history.events if isinstance(e, CoachingPhaseStarted)]
    assert set(phases) == set(PHASES)
    assert sum(isinstance(e, CoachingEnded) for e in history.events) == 2
    dropped_at_end = [
        e.goal_id
        for e in history.events
        if isinstance(e, GoalDropped) and e.reason == "begeleiding_afgesloten"
    ]
    assert dropped_at_end == ["g2", "g4"]
    assert (state.status, state.relapses, state.conversations) == ("afgesloten", 2, 1)
    assert state.goals[0][2] == "behaald"
    assert state.last_phase == "scout"
