"""Measures: indicator values taken from the states instead of typed (METHOD.md 2.1 and 2.6).

The paper's non-monetary indicators are figures of each target condition's value stream; an
indicator with ``measure: lead_time`` takes, for every alternative, the lead time of the state
that alternative is. Each measure has a unit; the time measures are converted into the unit the
indicator names (``d``, ``h``, ``min``, ``w``: days as the value stream's duration rule says),
the shares into a fraction or, with the unit ``%``, percent.

A measure a state cannot give (no demand for inventory days, no area for space, a pacemaker
without the fields of EPEI or OEE) is a problem that names the state and the missing field,
never a silent 0.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, replace

from vsm_xl.core.demand import inventory_days
from vsm_xl.core.durations import DurationRule, normalize_unit
from vsm_xl.core.errors import DivisionError, DurationError, InputError, NoDataError, Problem, ValidationError, VsmError
from vsm_xl.core.indicators import epei, oee
from vsm_xl.core.model import EvaluationModel, State, Step, ValueStream
from vsm_xl.core.state_metrics import StateSummary, capacity_constraint, flow_efficiency

TIME = "time"  # minutes in the core, converted into the indicator's time unit
SHARE = "share"  # a fraction; percent with the unit "%"
PLAIN = "plain"  # unitless or counted: no conversion


@dataclass(frozen=True)
class Measure:
    """One figure a state gives an indicator: its key, label, kind, default unit and how it is
    computed (the sentence docs/METHOD.md and the Measure drop-down show)."""

    key: str
    label: str
    kind: str
    unit: str
    how: str


MEASURES = (
    Measure("lead_time", "Lead time", TIME, "d", "total LT of the state (steps in series, the longest "
            "parallel branch)"),
    Measure("process_time", "Process time", TIME, "min", "total PT of the state"),
    Measure("wait_time", "Wait time", TIME, "d", "total WT = LT - PT of the state"),
    Measure("flow_efficiency", "Flow efficiency", SHARE, "%", "total PT / total LT"),
    Measure("flow_degree", "Flow degree", PLAIN, "", "total LT / total PT (the paper's Table 2; 1 / FE)"),
    Measure("wip", "WIP", PLAIN, "items", "sum of the steps' inventories"),
    Measure("rolled_ca", "Rolled %C&A", SHARE, "%", "product of the steps' %C&A"),
    Measure("inventory_days", "Inventory days", PLAIN, "d", "WIP / daily demand (demand x periods per day)"),
    Measure("epei", "EPEI", PLAIN, "d", "(BZ + RZ) / (RES x V x AZ) of the pacemaker: its operating time, "
            "changeover x variants, resources, availability and the working hours per day"),
    Measure("oee", "OEE", SHARE, "%", "availability x performance x quality of the pacemaker"),
    Measure("space", "Space", PLAIN, "m²", "sum of the steps' areas"),
    Measure("investment", "Investment", PLAIN, "", "sum of the costs of the improvements that belong to the state"),
    Measure("annual_savings", "Annual savings", PLAIN, "", "sum of the annual savings of the improvements that "
            "belong to the state"),
)
MEASURE_BY_KEY = {m.key: m for m in MEASURES}
# the measures of a state's total PT and LT alone: uncertain step times make them uncertain
TOTALS_MEASURES = ("lead_time", "process_time", "wait_time", "flow_efficiency", "flow_degree")
MEASURE_KEYS = tuple(m.key for m in MEASURES)
_ALIASES = {"lt": "lead_time", "pt": "process_time", "wt": "wait_time", "fe": "flow_efficiency",
            "fg": "flow_degree", "inventory": "wip", "c&a": "rolled_ca", "%c&a": "rolled_ca",
            "rolled_%c&a": "rolled_ca", "rolled_complete_accurate": "rolled_ca", "area": "space",
            "expenses": "investment", "savings": "annual_savings"}
PERCENT_UNITS = ("%", "percent")


def normalize_measure(name) -> str:
    """The key of a measure for any accepted spelling (``"Lead time"`` -> ``"lead_time"``);
    ``""`` for a blank. :class:`InputError` for an unknown one."""
    if name is None:
        return ""
    if not isinstance(name, str):
        raise InputError(f"a measure must be one of {', '.join(MEASURE_KEYS)}, not {name!r}")
    key = "_".join(name.strip().lower().replace("-", " ").split())
    key = _ALIASES.get(key, key)
    if not key or key in MEASURE_BY_KEY:
        return key
    raise InputError(f"unknown measure {name!r} (use one of {', '.join(MEASURE_KEYS)})")


def pacemaker(state: State) -> tuple[int, Step]:
    """The state's pacemaker for EPEI and OEE: the step marked as the bottleneck by hand, else
    the capacity constraint (largest PT per resource; ties: first in flow order)."""
    for k, step in enumerate(state.steps):
        if step.marked_bottleneck:
            return k, step
    chosen = capacity_constraint(state.steps)
    return next(k for k, s in enumerate(state.steps) if s is chosen), chosen


def _time_unit(unit: str, default: str) -> str:
    if not unit.strip():
        return default
    try:
        return normalize_unit(unit)
    except DurationError:
        raise InputError(f"the unit {unit!r} is not a time unit (use min, h, d or w)",
                         subject=("unit",)) from None


def _need(value, s: int, k: int, field: str, what: str, state: State):
    """``value``, or the problem that the state's pacemaker lacks it (subject: the step field)."""
    if value is None:
        step = state.steps[k].name
        raise InputError(f"state {state.name!r}: {what} of its pacemaker {step!r} is missing",
                         subject=("step", s, k, field))
    return value


def totals_measure(key: str, unit: str, rule: DurationRule, process: float, lead: float) -> float:
    """A measure of :data:`TOTALS_MEASURES` from a state's total PT and LT (minutes) in ``unit``:
    the state's own figure, or one draw's when its step times are ranges (core.smaa_measured)."""
    measure = MEASURE_BY_KEY[key]
    if measure.kind == TIME:
        minutes = {"lead_time": lead, "process_time": process, "wait_time": lead - process}[key]
        return minutes / rule.minutes_per(_time_unit(unit, measure.unit))
    if key == "flow_efficiency":
        return flow_efficiency(process, lead) * (100.0 if unit.strip().lower() in PERCENT_UNITS else 1.0)
    if process == 0:
        raise DivisionError("flow degree is undefined: total process time is 0")
    return lead / process  # flow degree


def measure_value(key: str, unit: str, stream: ValueStream, s: int, summary: StateSummary) -> float:
    """The figure ``key`` of state ``s`` (summarised as ``summary``) in ``unit``.

    :class:`InputError` or :class:`NoDataError` with a subject (``("unit",)`` for the
    indicator's unit, ``("step", s, k, field)`` for a missing step field, ``("state", s)``)."""
    state = stream.states[s]
    rule: DurationRule = stream.duration_rule
    if key in TOTALS_MEASURES:
        return totals_measure(key, unit, rule, summary.total_process_time, summary.total_lead_time)
    percent = unit.strip().lower() in PERCENT_UNITS
    if key in ("wip", "inventory_days"):
        if summary.wip_total is None:
            raise NoDataError(f"state {state.name!r}: no step gives its inventory, so there is no WIP",
                              subject=("state", s))
        if key == "wip":
            return summary.wip_total
        demand = stream.demand
        if demand is None or not demand.units:
            raise NoDataError(f"state {state.name!r}: inventory days need the customer demand (Steps settings "
                              "or demand: in the YAML)", subject=("state", s))
        return inventory_days(summary.wip_total, demand.units * demand.periods_per_day)
    if key == "rolled_ca":
        if summary.rolled_complete_accurate is None:
            raise NoDataError(f"state {state.name!r}: no step gives its %C&A, so there is no rolled %C&A",
                              subject=("state", s))
        return summary.rolled_complete_accurate * (100.0 if percent else 1.0)
    if key == "space":
        areas = [step.area for step in state.steps if step.area is not None]
        if not areas:
            raise NoDataError(f"state {state.name!r}: no step gives its area, so there is no space",
                              subject=("step", s, 0, "area"))
        return math.fsum(areas)
    if key in ("investment", "annual_savings"):
        return math.fsum(getattr(imp, "cost" if key == "investment" else key) or 0.0
                         for imp in stream.improvements if state.name in imp.states)
    k, step = pacemaker(state)
    if key == "oee":
        value = oee(_need(step.availability, s, k, "availability", "the availability", state),
                    _need(step.performance, s, k, "performance", "the performance", state),
                    _need(step.quality, s, k, "quality", "the quality", state))
        return value * (100.0 if percent else 1.0)
    # EPEI in days (hours / working hours per day); RZ = changeover x variants
    operating = _need(step.operating_time, s, k, "operating_time", "the operating time (BZ)", state)
    changeover = _need(step.changeover, s, k, "changeover", "the changeover time (C/O)", state)
    variants = step.variants if step.variants is not None else 1.0
    availability = _need(step.availability, s, k, "availability", "the availability (V)", state)
    return epei([operating / 60.0], [changeover * variants / 60.0], step.resources, availability,
                rule.hours_per_day)


def alternative_states(stream: ValueStream, model: EvaluationModel | None) -> tuple[int | None, ...]:
    """The index of the state each alternative is (``None``: none), by the state it names or
    else by its own name."""
    if model is None:
        return ()
    names = [state.name for state in stream.states]
    found = (model.state_of(j, names) for j in range(len(model.alternatives)))
    return tuple(names.index(named) if named in names else None for named in found)


def resolve_measures(stream: ValueStream, summaries) -> EvaluationModel | None:
    """The stream's evaluation model with every measured indicator's values computed from the
    states (``summaries``: one :class:`StateSummary` per state, ``None`` where it has none).

    Raises :class:`ValidationError` listing every problem. Subjects: ``("indicator", i,
    "measure")``, ``("indicator", i, "unit")``, ``("value", i, j)``, ``("alternative", j)``, and
    the step or state whose field is missing."""
    model = stream.evaluation
    if model is None or not any(ind.measure for ind in model.indicators):
        return model
    names = [state.name for state in stream.states]
    problems: list[Problem] = []
    linked = alternative_states(stream, model)
    for j, alternative in enumerate(model.alternatives):
        named = model.state_of(j, names)
        if named is not None and linked[j] is None:
            problems.append(Problem(f"alternative {alternative!r} names the state {named!r}, which is not one of "
                                    f"the states ({', '.join(names) or 'there are none'})",
                                    subject=("alternative", j)))
    indicators = []
    for i, ind in enumerate(model.indicators):
        if not ind.measure:
            indicators.append(ind)
            continue
        if ind.measure not in MEASURE_BY_KEY:
            problems.append(Problem(f"indicator {ind.name!r}: unknown measure {ind.measure!r} (use one of "
                                    f"{', '.join(MEASURE_KEYS)})", subject=("indicator", i, "measure")))
            indicators.append(ind)
            continue
        typed = [j for j, v in enumerate(ind.values) if v is not None]
        if typed:
            alt = model.alternatives[typed[0]] if typed[0] < len(model.alternatives) else typed[0]
            problems.append(Problem(f"indicator {ind.name!r} takes its values from the measure {ind.measure!r}, "
                                    f"but a value is typed for {alt!r}: remove the typed values or the measure",
                                    subject=("value", i, typed[0])))
            indicators.append(ind)
            continue
        values: list = []  # None where a problem is reported
        for j, s in enumerate(linked):
            values.append(_measured(stream, summaries, ind, i, j, s, model, problems))
        indicators.append(replace(ind, values=tuple(values)))
    if problems:
        raise ValidationError(_unique(problems))
    return replace(model, indicators=tuple(indicators))


def _measured(stream, summaries, ind, i: int, j: int, s, model, problems: list) -> float | None:
    alternative = model.alternatives[j]
    if s is None:
        problems.append(Problem(f"indicator {ind.name!r} measures {ind.measure!r} of each alternative's state, "
                                f"but {alternative!r} is no state (name one with state:, or name the "
                                "alternative like a state)", subject=("value", i, j)))
        return None
    summary = summaries[s]
    if summary is None:  # the state's own problems are reported where it is summarised
        problems.append(Problem(f"indicator {ind.name!r}: {alternative!r} cannot be measured until its state "
                                f"{stream.states[s].name!r} can be summarised", subject=("value", i, j)))
        return None
    try:
        return measure_value(ind.measure, ind.unit, stream, s, summary)
    except VsmError as exc:
        subject = ("indicator", i) + exc.subject if exc.subject[:1] == ("unit",) else exc.subject
        problems.append(Problem(f"indicator {ind.name!r}: {exc.message}", subject=subject or ("value", i, j)))
        return None


def _unique(problems: list[Problem]) -> list[Problem]:
    """One problem per message: a unit or a missing field shared by every alternative once."""
    seen: set = set()
    result = []
    for problem in problems:
        if problem.message not in seen:
            seen.add(problem.message)
            result.append(problem)
    return result
