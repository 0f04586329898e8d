"""Writing the interchange format: ValueStream (and its Analysis) -> a plain document dict.

The checklist's key style (``process_time_minutes``, ``lead_time_hours``,
``complete_accurate_percent``); with an analysis also the computed totals
(``total_process_time_minutes``, ``flow_efficiency_percent``, ``is_bottleneck``, ...) and the
evaluation results, which the reader ignores. Every model figure is written so that it reads
back exactly: ``stream_from_dict(stream_to_dict(s)) == s``.
"""
from __future__ import annotations

from vsm_xl.core.durations import CALENDAR
from vsm_xl.core.model import Demand, EvaluationModel, Improvement, RoadmapPhase, State, Step, ValueStream
from vsm_xl.core.time_ranges import state_uncertainty
from vsm_xl.io.formatting import plain_number, rounded, step_flags
from vsm_xl.io.interchange_checklist import (
    STATED, root_causes_of, stated_dict, targets_dict, waste_analysis_dict,
)
from vsm_xl.io.interchange_flows import inflow_value, partner_dict, state_flows_dict
from vsm_xl.io.interchange_pairwise import pairwise_group_dict, value_item
from vsm_xl.io.interchange_read import ALL_STATES, DEFAULT_STATE_NAMES
from vsm_xl.io.weighting_report import weighting_dict


def _thaw(value):
    """Tuples (frozen lists of the model) back to lists for YAML/JSON."""
    if isinstance(value, tuple):
        return [_thaw(v) for v in value]
    if isinstance(value, dict):
        return {k: _thaw(v) for k, v in value.items()}
    return value


class StepDicts:
    """The steps of a state as interchange dicts, made one at a time while they are written
    (:func:`vsm_xl.io.yaml_io.write_yaml`): a 100,000-step stream's dicts would take some 100 MB."""

    def __init__(self, steps, flags):
        self.steps, self.flags = steps, flags

    def __len__(self) -> int:
        return len(self.steps)

    def __iter__(self):
        return (_step_dict(step, flag) for step, flag in zip(self.steps, self.flags))


def stream_to_dict(stream: ValueStream, analysis=None, *, lazy_steps: bool = False) -> dict:
    """The interchange document of ``stream`` in the checklist's key style; with ``analysis``
    (from :func:`vsm_xl.core.analysis.analyze`) the computed totals and evaluation results too.
    ``lazy_steps``: each state's ``steps`` a :class:`StepDicts` instead of a list."""
    vs: dict = {}
    for key in ("name", "version", "date", "analyst"):
        if getattr(stream, key):
            vs[key] = getattr(stream, key)
    rule = stream.duration_rule
    if rule.hours_per_day != CALENDAR.hours_per_day:
        vs["working_hours_per_day"] = plain_number(rule.hours_per_day)
    if rule.days_per_week != CALENDAR.days_per_week:
        vs["days_per_week"] = plain_number(rule.days_per_week)
    if stream.display_unit:
        vs["display_unit"] = stream.display_unit
    if stream.boundaries:
        vs["boundaries"] = {k: v for k, v in stream.boundaries}
    if stream.metadata:
        vs["metadata"] = {k: v for k, v in stream.metadata}
    if stream.demand is not None:
        vs["demand"] = _demand_dict(stream.demand)
    for key in ("customer", "supplier"):
        if getattr(stream, key) is not None:
            vs[key] = partner_dict(getattr(stream, key))
    causes = root_causes_of(stream)
    if causes:
        vs["root_causes"] = causes
    summaries = list(analysis.states) if analysis is not None else [None] * len(stream.states)
    comparisons = {c.target: c for c in analysis.comparisons} if analysis is not None else {}
    placed_current = placed_future = False
    targets = []
    for index, (state, summary) in enumerate(zip(stream.states, summaries)):
        comparison = comparisons.get(state.name) if state is not stream.current_state else None
        causes = root_causes_of(stream, state=index)
        if state.kind == "current" and not placed_current:
            vs["current_state"] = _state_dict(state, summary, comparison, False, lazy_steps, causes)
            placed_current = True
        elif state.kind == "future" and not placed_future:
            vs["future_state"] = _state_dict(state, summary, comparison, False, lazy_steps, causes)
            placed_future = True
        else:
            targets.append(_state_dict(state, summary, comparison, True, lazy_steps, causes))
    if targets:
        vs["target_states"] = targets
    goals = targets_dict(stream)
    if goals:  # the checklist's target_* figures of the future state, with or without its steps
        future = vs.get("future_state", {})
        head = {"name": future.pop("name")} if "name" in future else {}
        vs["future_state"] = {**head, **goals, **future}
    wastes = waste_analysis_dict(stream, computed=analysis is not None)
    if wastes:
        vs["waste_analysis"] = wastes
    # keep current, wastes, future, targets in that order whatever order the dict got them in
    for key in ("current_state", "waste_analysis", "future_state", "target_states"):
        if key in vs:
            vs[key] = vs.pop(key)
    if stream.improvements:
        vs["improvements"] = [_improvement_dict(i) for i in stream.improvements]
    if stream.roadmap:
        vs["roadmap"] = [_phase_dict(p) for p in stream.roadmap]
    document: dict = {"value_stream": vs}
    if stream.evaluation is not None:
        result = analysis.evaluation if analysis is not None else None
        document["evaluation"] = _evaluation_dict(stream.evaluation, result, stream, analysis)
    return document


def _demand_dict(demand: Demand) -> dict:
    data = {"available_time_minutes": plain_number(demand.available_minutes), "units": plain_number(demand.units),
            "period": demand.period}
    if demand.periods_per_day != 1:
        data["periods_per_day"] = plain_number(demand.periods_per_day)
    return data


def _state_dict(state: State, summary, comparison, listed: bool, lazy: bool = False, causes=()) -> dict:
    """One state; ``listed`` for an entry of target_states (always named, kind when not target).
    Stated totals go under ``stated:`` (the plain keys are the computed ones in an export)."""
    data: dict = {}
    if listed or state.name != DEFAULT_STATE_NAMES.get(state.kind):
        data["name"] = state.name
    if listed and state.kind != "target":
        data["kind"] = state.kind
    if state.basis:
        data["basis"] = state.basis
    if summary is not None:
        data.update(_summary_dict(summary))
        data.update(_uncertainty_dict(state))
        if comparison is not None:
            data["comparison"] = _comparison_dict(comparison)
    if state.stated:
        data[STATED] = stated_dict(state.stated)
    if causes:
        data["root_causes"] = list(causes)
    flags = step_flags(state) if summary is not None else [None] * len(state.steps)
    steps = StepDicts(state.steps, flags)
    data["steps"] = steps if lazy else list(steps)
    data.update(state_flows_dict(state))  # after the steps they name
    return data


def _summary_dict(summary) -> dict:
    data = {
        "total_process_time_minutes": rounded(summary.total_process_time),
        "total_lead_time_hours": rounded(summary.total_lead_time / 60),
        "total_wait_time_minutes": rounded(summary.total_wait_time),
        "flow_efficiency_percent": rounded(summary.flow_efficiency * 100),
        "flow_rating": summary.flow_rating,
    }
    if summary.wip_total is not None:
        data["wip_total"] = rounded(summary.wip_total)
    if summary.rolled_complete_accurate is not None:
        data["rolled_complete_accurate_percent"] = rounded(summary.rolled_complete_accurate * 100)
    data["capacity_constraint"] = summary.capacity_constraint
    data["largest_delay"] = summary.largest_delay
    if summary.marked_bottleneck:
        data["marked_bottleneck"] = summary.marked_bottleneck
    return data


def _comparison_dict(c) -> dict:
    data = {
        "against": c.current,
        "process_time_reduction_percent": rounded(c.process_time_reduction * 100, 2),
        "lead_time_reduction_percent": rounded(c.lead_time_reduction * 100, 2),
        "flow_efficiency_ratio": rounded(c.flow_efficiency_ratio, 4),
    }
    if c.wip_change is not None:
        data["wip_change"] = rounded(c.wip_change)
    if c.rolled_complete_accurate_change is not None:
        data["rolled_complete_accurate_change_points"] = rounded(c.rolled_complete_accurate_change * 100, 2)
    return data


def _ranged(bounds) -> dict | None:
    """An uncertain time as ``{low, likely, high}`` in minutes (None: the time is exact)."""
    if bounds is None:
        return None
    return {key: plain_number(x) for key, x in zip(("low", "likely", "high"), bounds)}


def _uncertainty_dict(state) -> dict:
    """p5, median and p95 of the state's totals when some of its step times are ranges."""
    found = state_uncertainty(state)
    if found is None:
        return {}
    data = {}
    for key, spread, scale, unit in (("total_lead_time", found.lead_time, 1 / 60, "hours"),
                                     ("total_process_time", found.process_time, 1, "minutes"),
                                     ("flow_efficiency", found.flow_efficiency, 100, "percent")):
        for level in ("p5", "median", "p95"):
            data[f"{key}_{level}_{unit}"] = rounded(getattr(spread, level) * scale)
    return data


def _hours_key(minutes: float):
    """Hours with at most 4 decimals that read back to exactly ``minutes``, else None (then
    minutes are written: ``lead_time_minutes: 5`` reads better than 0.08333 h)."""
    candidate = round(minutes / 60, 4)
    if candidate * 60.0 == minutes:
        return plain_number(candidate)
    return None


def _percent_key(fraction: float):
    for candidate in (round(fraction * 100, 9), fraction * 100):
        if float(candidate) / 100.0 == fraction:
            return plain_number(candidate)
    return None


def _step_dict(step: Step, flags) -> dict:
    data: dict = {"name": step.name}
    if step.owner:
        data["owner"] = step.owner
    data["process_time_minutes"] = _ranged(step.process_time_range) or plain_number(step.process_time)
    lead_hours = _hours_key(step.lead_time)
    if step.lead_time_range is not None:
        data["lead_time_minutes"] = _ranged(step.lead_time_range)
    elif lead_hours is not None:
        data["lead_time_hours"] = lead_hours
    else:
        data["lead_time_minutes"] = plain_number(step.lead_time)
    if step.wait_time_range is not None:
        data["wait_time_minutes"] = _ranged(step.wait_time_range)
    elif flags is not None:
        data["wait_time_minutes"] = rounded(step.wait_time)
    if step.complete_accurate is not None:
        percent = _percent_key(step.complete_accurate)
        if percent is not None:
            data["complete_accurate_percent"] = percent
        else:
            data["complete_accurate"] = step.complete_accurate
    if step.inventory is not None:
        data["inventory"] = plain_number(step.inventory)
    if step.changeover is not None:
        data["changeover_minutes"] = plain_number(step.changeover)
    if step.resources != 1:
        data["resources"] = plain_number(step.resources)
    if step.position is not None:
        data["position"] = step.position
    if step.operating_time is not None:
        data["operating_time_minutes"] = plain_number(step.operating_time)
    for key in ("variants", "area", "availability", "performance", "quality"):
        if getattr(step, key) is not None:
            data[key] = plain_number(getattr(step, key))
    if flags is None:
        if step.marked_bottleneck:
            data["is_bottleneck"] = True
    else:
        # the checklist's is_bottleneck is the capacity constraint; a hand mark goes to
        # marked_bottleneck (the reader knows an export by its state's capacity_constraint key)
        data["is_bottleneck"] = flags["capacity_constraint"]
        if step.marked_bottleneck:
            data["marked_bottleneck"] = True
    if step.inflow is not None:
        data["inflow"] = inflow_value(step.inflow)
    if step.notes:
        data["notes"] = step.notes
    if step.wastes:
        data["waste_types"] = [{"type": w.type, "description": w.description} if w.description else w.type
                               for w in step.wastes]
    return data


def _improvement_dict(item: Improvement) -> dict:
    data: dict = {"name": item.name}
    for key in ("waste_eliminated", "impact", "effort"):
        if getattr(item, key):
            data[key] = getattr(item, key)
    for key in ("priority", "lead_time_reduction_hours", "phase", "duration_weeks", "cost", "annual_savings"):
        if getattr(item, key) is not None:
            data[key] = plain_number(getattr(item, key))
    if item.states:
        data["states"] = list(item.states)
    if item.steps:
        data["steps"] = list(item.steps)
    for key, value in item.extra:
        data[key] = _thaw(value)
    return data


def _phase_dict(phase: RoadmapPhase) -> dict:
    data: dict = {"phase": phase.phase, "improvements": list(phase.improvements)}
    if phase.duration_weeks is not None:
        data["duration_weeks"] = plain_number(phase.duration_weeks)
    for key, value in phase.extra:
        data[key] = _thaw(value)
    return data


def _alternatives(model: EvaluationModel, stream: ValueStream):
    """``"states"`` where every state is an alternative by its name in the states' order (the
    reader's ``alternatives: states``), else the names, ``{name, state}`` where a state is named."""
    names = tuple(state.name for state in stream.states)
    if not model.states and names and model.alternatives == names:
        return ALL_STATES
    return [{"name": name, "state": model.states[j]} if j < len(model.states) and model.states[j] else name
            for j, name in enumerate(model.alternatives)]


def _evaluation_dict(model: EvaluationModel, result, stream: ValueStream, analysis=None) -> dict:
    data: dict = {"alternatives": _alternatives(model, stream), "indicators": []}
    for ind in model.indicators:
        item: dict = {"name": ind.name, "group": ind.group}
        if ind.unit:
            item["unit"] = ind.unit
        item.update(worst=plain_number(ind.worst), best=plain_number(ind.best), function=ind.function)
        if ind.curvature is not None:
            item["curvature"] = plain_number(ind.curvature)
        if ind.measure:  # computed from the states: no typed values
            item["measure"] = ind.measure
        if not ind.measure or any(v is not None for v in ind.values):
            ranges = ind.ranges or (None,) * len(ind.values)
            item["values"] = [value_item(v, r) for v, r in zip(ind.values, ranges)]
        data["indicators"].append(item)
    if model.pairwise:
        # groups in the order their indicators come (a workbook reads them back in its own order)
        order = list(dict.fromkeys([ind.group for ind in model.indicators] + list(model.pairwise)))
        data["pairwise"] = {group: pairwise_group_dict(model.pairwise[group]) for group in order
                            if group in model.pairwise}
    if result is not None:
        data["results"] = _results_dict(model, result)
        measured = [ind for ind in (analysis.model.indicators if analysis.model else ()) if ind.measure]
        if measured:  # the figures the measures gave (the reader ignores results)
            data["results"]["measured_values"] = {ind.name: {alt: rounded(v, 6) for alt, v in
                                                             zip(model.alternatives, ind.values)} for ind in measured}
    return data


def _results_dict(model: EvaluationModel, result) -> dict:
    weights = {}
    for group, w in result.weights.items():
        weights[group] = {name: {"sum": rounded(s), "weight": rounded(g, 6), "rank": r} if s is not None
                          else {"weight": rounded(g, 6), "rank": r} for name, s, g, r in w.rows()}
    partial = {name: {alt: rounded(u, 6) for alt, u in zip(model.alternatives, row)}
               for name, row in zip(result.indicators, result.partial_benefits)}
    alternatives = [{"name": a.name, "benefit_monetary": rounded(a.benefit_monetary, 6),
                     "benefit_non_monetary": rounded(a.benefit_non_monetary, 6), "wbf": rounded(a.wbf, 6),
                     "rank": a.rank} for a in result.alternatives]
    weighting = {group: weighting_dict(w, 6) for group, w in result.weights.items() if w.scheme != "pairwise"
                 or w.participants}
    extra = {"weighting": weighting} if weighting else {}
    return {"weights": weights, **extra, "partial_benefits": partial, "alternatives": alternatives, "best": result.best}
