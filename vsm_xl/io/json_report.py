"""The JSON report of an analysis: the ``vsm-xl evaluate --format json`` contract for scripts.

Contract keys (more may be added, none removed)::

    {"states": [{"name", "total_process_time_minutes", "total_lead_time_minutes",
                 "total_wait_time_minutes", "flow_efficiency", "flow_rating",
                 "rolled_complete_accurate", "wip_total", "capacity_constraint", "largest_delay"}],
     "evaluation": {"weights": {"monetary": {INDICATOR: WEIGHT}, "non-monetary": {...}},
                    "alternatives": [{"name", "benefit_monetary", "benefit_non_monetary", "wbf", "rank",
                                      "state", "basis"}],
                    "best": NAME,
                    "indicators": [{"name", "group", "unit", "measure", "values": {ALTERNATIVE: VALUE}}]} | null,
     "demand": {"takt_time_minutes", "period", "daily_demand"} | null,
     "targets": [{"key", "target", "designed", "met", "state", "text"}],
     "waste_analysis": {WASTE: {"steps", "step_count", "wait_time_minutes", "share_of_lead_time",
                                "root_causes"}} | null,
     "root_causes": [{"where", "text"}],
     "warnings": [{"cell": "Sheet!A1" | null, "message": "..."}]}

Shares are fractions (0.0265, not 2.65); times are minutes. Values that are undefined
(a flow-efficiency ratio against a zero) are ``null``.
"""
from __future__ import annotations

import json

from vsm_xl.core.model import GROUPS
from vsm_xl.io.formatting import finite as _finite
from vsm_xl.io.formatting import root_cause_rows, wastes_dict
from vsm_xl.io.weighting_report import weighting_dict


def report_dict(analysis, warnings=()) -> dict:
    """The report as plain data (see the module docstring for the contract).

    ``warnings`` are :class:`~vsm_xl.core.errors.Problem` (with their cell in ``location``) or
    :class:`~vsm_xl.core.errors.Notice`; the analysis' own notices are added unless a warning
    with the same message is already given.
    """
    stream = analysis.value_stream
    comparisons = {c.target: c for c in analysis.comparisons}
    current = stream.current_state
    states = []
    for s, (state, summary) in enumerate(zip(stream.states, analysis.states)):
        item = {
            "name": summary.name,
            "total_process_time_minutes": _finite(summary.total_process_time),
            "total_lead_time_minutes": _finite(summary.total_lead_time),
            "total_wait_time_minutes": _finite(summary.total_wait_time),
            "flow_efficiency": _finite(summary.flow_efficiency),
            "flow_rating": summary.flow_rating,
            "rolled_complete_accurate": _finite(summary.rolled_complete_accurate),
            "wip_total": _finite(summary.wip_total),
            "capacity_constraint": summary.capacity_constraint,
            "largest_delay": summary.largest_delay,
            # beyond the contract
            "kind": state.kind,
            "basis": state.basis or None,
            "step_count": summary.step_count,
            "marked_bottleneck": summary.marked_bottleneck,
            "takt_time_minutes": _finite(analysis.takt_time),
            "steps_behind_takt": list(analysis.demand.behind_takt(s)) if analysis.demand else None,
            "comparison": None,
            "secondary_constraint": summary.secondary_constraint,
            "highest_queue": summary.highest_queue,
            "wip_days": _finite(analysis.demand.wip_days(summary.wip_total)) if analysis.demand else None,
            "inventory_days": [{"step": c.step, "days": _finite(c.inventory_reading)}
                               for c in analysis.demand.checks[s] if c.inventory_reading is not None]
            if analysis.demand else None,
            "stated": [{"key": c.key, "stated": _finite(c.stated), "computed": _finite(c.computed),
                        "agrees": c.agrees} for c in analysis.stated if c.state == s],
        }
        if state is not current and summary.name in comparisons:
            item["comparison"] = _comparison(comparisons[summary.name])
        spread = analysis.spreads[s] if s < len(analysis.spreads) else None
        if spread is not None:  # step times given as low / likely / high
            item["spread"] = {"draws": spread.draws, "seed": spread.seed, "distribution": spread.distribution,
                              **{key: {level: _finite(getattr(value, level)) for level in ("p5", "median", "p95")}
                                 for key, value in (("total_lead_time_minutes", spread.lead_time),
                                                    ("total_process_time_minutes", spread.process_time),
                                                    ("flow_efficiency", spread.flow_efficiency))}}
        states.append(item)
    return {
        "name": stream.name,
        "states": states,
        "evaluation": _evaluation(analysis),
        "demand": {"takt_time_minutes": _finite(analysis.demand.takt_time), "period": analysis.demand.period,
                   "daily_demand": _finite(analysis.demand.daily_demand)}
        if analysis.demand else None,
        "targets": [{"key": t.key, "target": _finite(t.target), "designed": _finite(t.designed), "met": t.met,
                     "state": t.state, "text": t.text} for t in analysis.targets],
        "waste_analysis": wastes_dict(stream),
        "root_causes": [{"where": where, "text": text} for where, text in root_cause_rows(stream)],
        "warnings": _warnings(warnings, analysis.notices),
    }


def _comparison(c) -> dict:
    return {
        "against": c.current,
        "process_time_reduction": _finite(c.process_time_reduction),
        "lead_time_reduction": _finite(c.lead_time_reduction),
        "flow_efficiency_ratio": _finite(c.flow_efficiency_ratio),
        "wip_change": _finite(c.wip_change),
        "rolled_complete_accurate_change": _finite(c.rolled_complete_accurate_change),
    }


def _evaluation(analysis) -> dict | None:
    result = analysis.evaluation
    if result is None:
        return None
    weights = {}
    details = {}
    weighting = {}
    for group in GROUPS:
        w = result.weights.get(group)
        if w is None:
            continue
        weights[group] = {name: float(g) for name, g in zip(w.indicators, w.weights)}
        details[group] = [{"indicator": name, "sum": None if s is None else float(s), "weight": float(g),
                           "rank": int(r)} for name, s, g, r in w.rows()]
        weighting[group] = weighting_dict(w)
    alternatives = [
        {"name": a.name, "benefit_monetary": float(a.benefit_monetary),
         "benefit_non_monetary": float(a.benefit_non_monetary), "wbf": float(a.wbf), "rank": int(a.rank),
         **_state_keys(analysis.state_of(a.name))}
        for a in result.alternatives
    ]
    names = [a.name for a in result.alternatives]
    partial = {ind: {alt: float(u) for alt, u in zip(names, row)}
               for ind, row in zip(result.indicators, result.partial_benefits)}
    return {
        "weights": weights,
        "alternatives": alternatives,
        "best": result.best,
        # beyond the contract
        "weight_details": details,
        "weighting": weighting,
        "partial_benefits": partial,
        "indicators": [{"name": ind.name, "group": ind.group, "unit": ind.unit, "measure": ind.measure or None,
                        "values": {alt: _finite(v) for alt, v in zip(names, ind.values)}}
                       for ind in analysis.model.indicators],
    }


def _state_keys(state) -> dict:
    """The state an alternative is and how its figures were obtained (``None`` where unsaid)."""
    return {"state": state.name if state is not None else None,
            "basis": (state.basis or None) if state is not None else None}


def _warnings(warnings, notices) -> list[dict]:
    items = [{"cell": getattr(w, "location", None), "message": getattr(w, "message", str(w))} for w in warnings]
    given = {item["message"] for item in items}
    items.extend({"cell": None, "message": n.message} for n in notices if n.message not in given)
    return items


def report_json(analysis, warnings=(), indent: int | None = 2) -> str:
    """:func:`report_dict` as JSON text (UTF-8 characters kept, no NaN/Infinity)."""
    return json.dumps(report_dict(analysis, warnings), indent=indent, ensure_ascii=False, allow_nan=False)
