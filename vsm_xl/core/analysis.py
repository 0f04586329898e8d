"""A whole value stream analysed at once: every state's totals, each target against the
current state, demand figures (takt time, which steps keep up) and the comprehensive
evaluation when the document has one."""
from __future__ import annotations

from dataclasses import dataclass

from vsm_xl.core.demand import StepDemandCheck, demand_check, inventory_days, takt_time
from vsm_xl.core.errors import Notice, Problem, ValidationError, VsmError
from vsm_xl.core.evaluation import EvaluationResult, check_evaluation, evaluate
from vsm_xl.core.flows import check_flows, flow_notices
from vsm_xl.core.measures import alternative_states, resolve_measures
from vsm_xl.core.model import EvaluationModel, ValueStream
from vsm_xl.core.stated import StatedCheck, TargetCheck, check_stated, check_targets
from vsm_xl.core.state_metrics import StateComparison, StateSummary, compare_states, summarize_state
from vsm_xl.core.time_ranges import StateUncertainty, state_uncertainty


@dataclass(frozen=True)
class DemandSummary:
    """Takt time (minutes) and, per state, every step against it."""

    takt_time: float
    period: str
    checks: tuple[tuple[StepDemandCheck, ...], ...]  # one tuple per state, steps in flow order
    daily_demand: float | None = None  # units per working day (for inventory in days)

    def behind_takt(self, s: int) -> tuple[str, ...]:
        """Names of the steps of state ``s`` whose PT per resource exceeds takt."""
        return tuple(c.step for c in self.checks[s] if not c.keeps_up)

    def wip_days(self, wip: float | None) -> float | None:
        """A state's WIP in days of demand (METHOD.md 1: inventory / daily demand)."""
        if wip is None or not self.daily_demand:
            return None
        return inventory_days(wip, self.daily_demand)


@dataclass(frozen=True)
class Analysis:
    value_stream: ValueStream
    states: tuple[StateSummary, ...]
    comparisons: tuple[StateComparison, ...]  # every other state against the current state
    evaluation: EvaluationResult | None
    notices: tuple[Notice, ...] = ()
    demand: DemandSummary | None = None  # None without customer demand (or with a demand of 0)
    # every state's stated totals against its steps, and the future state's targets against the
    # designed future state (vsm_xl.core.stated)
    stated: tuple[StatedCheck, ...] = ()
    targets: tuple[TargetCheck, ...] = ()
    # the evaluation model as evaluated: the stream's, with every measured indicator's values
    # computed from the states (core.measures); None without an evaluation part
    model: EvaluationModel | None = None
    # per state, the spread of its totals where some step times are ranges (core.time_ranges);
    # None for a state whose times are all exact
    spreads: tuple[StateUncertainty | None, ...] = ()

    def spread_of(self, state_name: str) -> StateUncertainty | None:
        """The spread of the named state's totals (None: its times are exact)."""
        for state, found in zip(self.value_stream.states, self.spreads):
            if state.name == state_name:
                return found
        return None

    def state_of(self, alternative: str):
        """The :class:`State` an alternative is (by the state it names, else by its name), or None."""
        model = self.model or self.value_stream.evaluation
        if model is None or alternative not in model.alternatives:
            return None
        s = alternative_states(self.value_stream, model)[model.alternatives.index(alternative)]
        return self.value_stream.states[s] if s is not None else None

    @property
    def takt_time(self) -> float | None:
        return self.demand.takt_time if self.demand is not None else None


def analyze(stream: ValueStream) -> Analysis:
    """Summaries of all states, comparisons with the current state, demand figures and the
    evaluation.

    Raises :class:`ValidationError` with every problem found. Subjects: ``("state", s)``,
    ``("step", s, k, field)`` (a :class:`~vsm_xl.core.model.Step` field name) and those of
    :func:`vsm_xl.core.evaluation.check_evaluation`.
    """
    problems: list[Problem] = []
    summaries: list[StateSummary] = []
    by_state: list[StateSummary | None] = []  # None where a state could not be summarised
    for s, state in enumerate(stream.states):
        try:
            summaries.append(summarize_state(state))
            by_state.append(summaries[-1])
        except VsmError as exc:
            by_state.append(None)
            subject = ("step", s) + exc.subject if exc.subject else ("state", s)
            problems.append(Problem(f"{state.name}: {exc.message}", subject=subject))
    problems.extend(check_flows(stream))
    evaluation = None
    model = None
    if stream.evaluation is not None:
        try:
            model = resolve_measures(stream, by_state)
        except ValidationError as exc:
            problems.extend(exc.problems)
            # the rest of the evaluation is still checked; the measured values are missing
            measured = {i for i, ind in enumerate(stream.evaluation.indicators) if ind.measure}
            problems.extend(p for p in check_evaluation(stream.evaluation) if not _of_measured(p.subject, measured))
        else:
            assert model is not None
            try:
                evaluation = evaluate(model)
            except ValidationError as exc:
                problems.extend(exc.problems)
    spreads = _spreads(stream, problems)
    if problems:
        raise ValidationError(problems)
    comparisons: tuple[StateComparison, ...] = ()
    skipped: list[Notice] = []
    current = stream.current_state
    if current is not None and len(summaries) > 1:
        base = summaries[stream.states.index(current)]
        compared = []
        for other in summaries:
            if other is base:
                continue
            try:
                compared.append(compare_states(base, other))
            except VsmError as exc:  # e.g. a current state with zero process time
                skipped.append(Notice(f"{other.name} is not compared with {base.name}: {exc.message}",
                                      subject=("state", stream.states.index(current))))
        comparisons = tuple(compared)
    demand = _demand(stream)
    stated: list[StatedCheck] = []
    for s, (state, summary) in enumerate(zip(stream.states, summaries)):
        checks, found = check_stated(s, state.stated, summary, len(state.steps), stream.duration_rule)
        stated.extend(checks)
        skipped.extend(found)
    skipped.extend(flow_notices(stream))
    notices = tuple(skipped) + (evaluation.notices if evaluation else ())
    return Analysis(stream, tuple(summaries), comparisons, evaluation, notices, demand, tuple(stated),
                    _targets(stream, summaries), model, spreads)


def _spreads(stream: ValueStream, problems: list) -> tuple:
    """:func:`state_uncertainty` of every state; a range that cannot be drawn is a problem."""
    found: list = []
    for s, state in enumerate(stream.states):
        try:
            found.append(state_uncertainty(state))
        except VsmError as exc:
            found.append(None)
            problems.append(Problem(f"{state.name}: {exc.message}", subject=("state", s)))
    return tuple(found)


def _of_measured(subject: tuple, measured: set) -> bool:
    """Whether a problem is about the values of a measured indicator (missing until measured)."""
    return (subject[:1] == ("value",) and subject[1:2] != () and subject[1] in measured) or (
        subject[:1] == ("indicator",) and subject[2:] == ("values",) and subject[1] in measured)


def _targets(stream: ValueStream, summaries) -> tuple[TargetCheck, ...]:
    """The future state's targets against the designed future state (the state of kind
    "future"; None when the file gives targets without its steps)."""
    designed = next((summary for state, summary in zip(stream.states, summaries) if state.kind == "future"), None)
    return check_targets(stream.future_targets, designed, stream.duration_rule)


def _demand(stream: ValueStream) -> DemandSummary | None:
    d = stream.demand
    if d is None or not d.units:  # no demand, or a demand of 0: no takt (the workbook shows a blank)
        return None
    takt = takt_time(d.available_minutes, d.units)
    checks = tuple(demand_check(state.steps, d.available_minutes, d.units, d.periods_per_day)
                   for state in stream.states)
    return DemandSummary(takt, d.period, checks, d.units * d.periods_per_day)
