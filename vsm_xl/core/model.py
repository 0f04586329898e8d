"""The plain data vsm_xl works on: a value stream with its states, improvements, roadmap
and (optionally) a comprehensive evaluation. Frozen dataclasses, no I/O.

Times are minutes, shares are fractions in [0, 1]. Adapters convert on the way in and out.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from vsm_xl.core.durations import CALENDAR, DurationRule
from vsm_xl.core.flows import InformationFlow, MaterialFlow, Partner, ProductionControl

MONETARY = "monetary"
NON_MONETARY = "non-monetary"
GROUPS = (MONETARY, NON_MONETARY)

WASTES = (
    "transportation", "inventory", "motion", "waiting",
    "overproduction", "overprocessing", "defects", "skills",
)


@dataclass(frozen=True)
class Waste:
    """One of the eight wastes (TIMWOODS) seen at a step."""

    type: str
    description: str = ""


@dataclass(frozen=True)
class Step:
    """One process step of a state. PT, LT and C/O in minutes; %C&A a fraction."""

    name: str
    process_time: float
    lead_time: float
    owner: str = ""
    complete_accurate: float | None = None
    inventory: float | None = None
    changeover: float | None = None
    wastes: tuple[Waste, ...] = ()
    notes: str = ""
    resources: float = 1.0
    position: int | None = None  # steps sharing a position are parallel branches
    marked_bottleneck: bool = False  # also the state's pacemaker for EPEI and OEE (core.measures)
    # Fields of the measured indicators (METHOD.md 2.1, core.measures): the step's area in m²;
    # its resource's availability, performance and quality (fractions; OEE is their product,
    # EPEI divides by the availability V); BZ, the operating time to run one lot of every part
    # variant (minutes); and the number of part variants, i.e. changeovers per interval.
    area: float | None = None
    availability: float | None = None
    performance: float | None = None
    quality: float | None = None
    operating_time: float | None = None
    variants: float | None = None
    # how material reaches this step from the one before it (core.flows); None: not said
    inflow: MaterialFlow | None = None
    # uncertain times (core.time_ranges): (low, likely, high) in minutes; the likely value is
    # process_time / lead_time / the wait time; None: the time is exact
    process_time_range: tuple[float, float, float] | None = None
    lead_time_range: tuple[float, float, float] | None = None
    wait_time_range: tuple[float, float, float] | None = None

    @property
    def wait_time(self) -> float:
        return self.lead_time - self.process_time


@dataclass(frozen=True)
class State:
    """The current state or one target condition: steps in flow order."""

    name: str
    steps: tuple[Step, ...]
    kind: str = "target"  # "current", "future" (the checklist's one future state) or "target"
    basis: str = ""  # how its figures were obtained: "measured", "estimated" or "" (not said)
    # the totals the document states for this state, as given, in the unit of their key:
    # (("total_lead_time_hours", 44.0), ("total_wip", 240.0)); compared with the steps
    # (vsm_xl.core.stated), never used in their place
    stated: tuple[tuple[str, float], ...] = ()
    # the information side of this state's map (core.flows): who schedules, what flows where
    production_control: ProductionControl | None = None
    information_flows: tuple[InformationFlow, ...] = ()


@dataclass(frozen=True)
class RootCause:
    """A root cause the analyst names: of the whole stream (``waste`` and ``state`` empty), of
    one state (its index in ``ValueStream.states``) or of one waste of the waste analysis."""

    text: str
    waste: str = ""
    state: int | None = None


@dataclass(frozen=True)
class Demand:
    """Customer demand and available working time per period (for takt and inventory days)."""

    available_minutes: float
    units: float
    period: str = "day"
    periods_per_day: float = 1.0  # periods in a working day (1 when the period is a day)


@dataclass(frozen=True)
class Improvement:
    """One row of the improvement plan."""

    name: str
    waste_eliminated: str = ""
    impact: str = ""
    effort: str = ""
    priority: int | None = None
    lead_time_reduction_hours: float | None = None
    phase: int | None = None
    duration_weeks: float | None = None
    extra: tuple[tuple[str, object], ...] = ()
    # the states (target conditions) the improvement is part of, and what it costs once and
    # saves a year: the sums over a state's improvements are its investment and annual savings
    states: tuple[str, ...] = ()
    cost: float | None = None
    annual_savings: float | None = None
    # the steps it changes (names, in the states above): a kaizen burst on each of them (core.flows)
    steps: tuple[str, ...] = ()


@dataclass(frozen=True)
class RoadmapPhase:
    phase: int
    improvements: tuple[str, ...]
    duration_weeks: float | None = None
    extra: tuple[tuple[str, object], ...] = ()


@dataclass(frozen=True)
class Indicator:
    """An indicator of the comprehensive evaluation with its value function and one value
    per alternative (``None`` where missing)."""

    name: str
    group: str
    worst: float
    best: float
    values: tuple[float, ...]
    function: str = "linear"
    curvature: float | None = None
    unit: str = ""
    # estimated values: (low, likely, high) per alternative, ``None`` where the value is exact;
    # the likely value is the one in ``values`` (the ranking uses it). Empty: no ranges at all.
    ranges: tuple[tuple[float, float, float] | None, ...] = ()
    # a measure of the states (core.measures: "lead_time", "flow_degree", ...): the values are
    # then computed from each alternative's state, and ``values`` holds ``None`` (or is empty)
    measure: str = ""


PAIRWISE = "pairwise"  # the paper's 0/1/2 scheme (METHOD.md 2.3)
AHP = "ahp"  # Saaty's 1/9..9 reciprocal judgments (METHOD.md 3)
SCHEMES = (PAIRWISE, AHP)


@dataclass(frozen=True)
class Participant:
    """One team member's comparison matrix (same indicator order as the group's)."""

    name: str
    matrix: tuple[tuple[object, ...], ...]


@dataclass(frozen=True)
class PairwiseMatrix:
    """A group's comparison matrix; ``None`` is a blank cell.

    ``scheme`` is ``"pairwise"`` (0/1/2) or ``"ahp"`` (Saaty judgments). With ``participants``
    the group is weighted by the team (METHOD.md 3) and ``matrix`` is unused (may be empty).
    """

    indicators: tuple[str, ...]
    matrix: tuple[tuple[object, ...], ...] = ()
    scheme: str = PAIRWISE
    participants: tuple[Participant, ...] = ()


@dataclass(frozen=True)
class EvaluationModel:
    """Alternatives (current state first), indicators and one pairwise matrix per group.

    ``states`` names the state each alternative is (``None``: none named; an alternative
    named like a state is that state). Empty: every alternative goes by its name."""

    alternatives: tuple[str, ...]
    indicators: tuple[Indicator, ...]
    pairwise: dict = field(default_factory=dict)  # group -> PairwiseMatrix
    states: tuple[str | None, ...] = ()

    def state_of(self, j: int, state_names) -> str | None:
        """The name of the state alternative ``j`` is, or ``None``."""
        named = self.states[j] if j < len(self.states) else None
        if named:
            return named
        return self.alternatives[j] if self.alternatives[j] in set(state_names) else None

    def group(self, group: str) -> tuple[Indicator, ...]:
        return tuple(i for i in self.indicators if i.group == group)


@dataclass(frozen=True)
class ValueStream:
    """A whole value stream document (the interchange format's content)."""

    name: str = ""
    states: tuple[State, ...] = ()
    version: str = ""
    date: str = ""
    analyst: str = ""
    boundaries: tuple[tuple[str, str], ...] = ()
    improvements: tuple[Improvement, ...] = ()
    roadmap: tuple[RoadmapPhase, ...] = ()
    evaluation: EvaluationModel | None = None
    demand: Demand | None = None
    duration_rule: DurationRule = CALENDAR
    # the future state's target figures as the checklist states them, e.g.
    # (("lead_time_hours", 24.0), ("flow_efficiency_percent", 25.0)): goals, not computed
    future_targets: tuple[tuple[str, float], ...] = ()
    # the root causes the document names, in document order (stream, states, wastes)
    root_causes: tuple[RootCause, ...] = ()
    # the ends of the map (core.flows); the customer's demand is ``demand``
    customer: Partner | None = None
    supplier: Partner | None = None
    # what a document says about itself beyond the fields above, in its order and words:
    # (("Owner", "J. Smith"), ("Walk date", "2026-03-04")) from the header lines of a team sheet
    metadata: tuple[tuple[str, str], ...] = ()
    # the unit every displayed duration is written in ("s", "min", "h", "d"); "" lets the one
    # display rule (core/display) choose by magnitude: the workbook's "Unit of totals"
    display_unit: str = ""

    def state(self, name: str) -> State:
        for state in self.states:
            if state.name == name:
                return state
        raise KeyError(name)

    @property
    def current_state(self) -> State | None:
        for state in self.states:
            if state.kind == "current":
                return state
        return self.states[0] if self.states else None
