"""Totals of one state (steps in series): PT, LT, WT, flow efficiency and its band,
rolled %C&A, WIP and the two bottlenecks; and the comparison of a target with the current
state. METHOD.md section 1.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

from vsm_xl.core.errors import DivisionError, InputError, NoDataError
from vsm_xl.core.model import State, Step

# Flow efficiency bands: [0, 5 %) significant waste; [5 %, 15 %) moderate; [15 %, 25 %] good;
# above 25 % excellent.
SIGNIFICANT_WASTE = "significant waste"
MODERATE = "moderate"
GOOD = "good"
EXCELLENT = "excellent"
FLOW_RATINGS = (SIGNIFICANT_WASTE, MODERATE, GOOD, EXCELLENT)
# upper limits of the first three bands (the first two exclusive, "good" inclusive); the
# native band formula of the Map sheet is written from them too
BAND_LIMITS = (0.05, 0.15, 0.25)


def flow_efficiency(total_process_time: float, total_lead_time: float) -> float:
    """FE = total PT / total LT, as a fraction."""
    if total_lead_time <= 0:
        raise DivisionError("flow efficiency is undefined: total lead time is 0")
    if total_process_time < 0:
        raise InputError("process time cannot be negative")
    return total_process_time / total_lead_time


def flow_rating(fe: float) -> str:
    """The band of a flow efficiency given as a fraction (0.0265 -> "significant waste")."""
    if isinstance(fe, bool) or not isinstance(fe, (int, float)) or math.isnan(fe):
        raise InputError(f"flow efficiency must be a number, not {fe!r}")
    if fe < 0:
        raise InputError(f"flow efficiency cannot be negative ({fe:g})")
    if fe > 1:
        raise InputError(f"flow efficiency is a fraction of at most 1 (100 %), not {fe:g}")
    waste, moderate, good = BAND_LIMITS
    if fe < waste:
        return SIGNIFICANT_WASTE
    if fe < moderate:
        return MODERATE
    if fe <= good:
        return GOOD
    return EXCELLENT


def rolled_complete_accurate(fractions) -> float:
    """Rolled %C&A = product of every step's %C&A (fractions in [0, 1])."""
    result = 1.0
    count = 0
    for value in fractions:
        if value < 0 or value > 1:
            raise InputError(f"%C&A must lie between 0 % and 100 %, not {value:g}")
        result *= value
        count += 1
    if not count:
        raise NoDataError("no %C&A values")
    return result


def check_step(step: Step) -> None:
    """Raise :class:`InputError` for a step that cannot be right (LT < PT, negatives); its
    ``subject`` is the field at fault (``("lead_time",)``)."""
    for field, label, value in (("process_time", "process time", step.process_time),
                                ("lead_time", "lead time", step.lead_time)):
        if value is None or isinstance(value, bool) or not isinstance(value, (int, float)) or math.isnan(value):
            raise InputError(f"step {step.name!r}: {label} is missing", subject=(field,))
        if value < 0:
            raise InputError(f"step {step.name!r}: {label} cannot be negative", subject=(field,))
        if math.isinf(value):
            raise InputError(f"step {step.name!r}: {label} is not a finite number", subject=(field,))
    if step.lead_time < step.process_time:
        raise InputError(
            f"step {step.name!r}: lead time {step.lead_time:g} min is shorter than "
            f"process time {step.process_time:g} min", subject=("lead_time",)
        )
    if step.complete_accurate is not None and not 0 <= step.complete_accurate <= 1:
        raise InputError(f"step {step.name!r}: %C&A must lie between 0 % and 100 %",
                         subject=("complete_accurate",))
    if step.inventory is not None and step.inventory < 0:
        raise InputError(f"step {step.name!r}: inventory cannot be negative", subject=("inventory",))
    if not step.resources > 0:
        raise InputError(f"step {step.name!r}: the number of resources must be positive", subject=("resources",))
    for field, label in (("availability", "availability"), ("performance", "performance"), ("quality", "quality")):
        value = getattr(step, field)
        if value is not None and not 0 <= value <= 1:
            raise InputError(f"step {step.name!r}: {label} must lie between 0 % and 100 %", subject=(field,))
    for field, label in (("area", "area"), ("operating_time", "operating time")):
        value = getattr(step, field)
        if value is not None and not 0 <= value < math.inf:
            raise InputError(f"step {step.name!r}: {label} cannot be negative", subject=(field,))
    if step.variants is not None and not 0 < step.variants < math.inf:
        raise InputError(f"step {step.name!r}: the number of variants must be positive", subject=("variants",))


def check_steps(steps) -> None:
    """:func:`check_step` for every step; the error's subject is prefixed with the step's index
    (``(3, "lead_time")``)."""
    for k, step in enumerate(steps):
        try:
            check_step(step)
        except InputError as exc:
            raise InputError(exc.message, subject=(k,) + exc.subject) from None


def _first_max(items, key):
    """The first item with the largest key (ties: first in flow order)."""
    best = None
    best_key = None
    for item in items:
        k = key(item)
        if best is None or k > best_key:
            best, best_key = item, k
    return best


def capacity_constraint(steps) -> Step:
    """The step with the largest PT per resource; ties: first in flow order."""
    steps = list(steps)
    if not steps:
        raise NoDataError("no steps")
    return _first_max(steps, lambda s: s.process_time / s.resources)


def largest_delay(steps) -> Step:
    """The step with the largest wait time (LT − PT); ties: first in flow order."""
    steps = list(steps)
    if not steps:
        raise NoDataError("no steps")
    return _first_max(steps, lambda s: s.lead_time - s.process_time)


def secondary_constraint(steps) -> Step | None:
    """The step with the largest PT per resource after the capacity constraint (ties: first in
    flow order; a tie with the constraint makes the tied step the secondary one); None for one step."""
    steps = list(steps)
    if len(steps) < 2:
        return None
    first = capacity_constraint(steps)
    return _first_max([s for s in steps if s is not first], lambda s: s.process_time / s.resources)


def highest_queue(steps) -> Step | None:
    """The step with the largest inventory queued in front of it (ties: first in flow order);
    None where no step gives an inventory."""
    return _first_max([s for s in steps if s.inventory is not None], lambda s: s.inventory)


def timeline_steps(steps) -> tuple[Step, ...]:
    """The steps that count on the timeline: of parallel branches (same ``position``) only
    the longest (largest LT; ties: first)."""
    chosen: dict = {}
    order: list = []
    for index, step in enumerate(steps):
        key = ("pos", step.position) if step.position is not None else ("idx", index)
        if key not in chosen:
            order.append(key)
            chosen[key] = step
        elif step.lead_time > chosen[key].lead_time:
            chosen[key] = step
    return tuple(chosen[key] for key in order)


@dataclass(frozen=True)
class StateSummary:
    """The computed totals of one state. Times in minutes, shares as fractions."""

    name: str
    step_count: int
    total_process_time: float
    total_lead_time: float
    total_wait_time: float
    flow_efficiency: float
    flow_rating: str
    rolled_complete_accurate: float | None
    wip_total: float | None
    capacity_constraint: str
    largest_delay: str
    marked_bottleneck: str | None = None
    total_changeover: float | None = None
    parallel_steps_skipped: tuple[str, ...] = ()
    # the step with the second-largest PT per resource (None for one step) and the one with
    # the largest inventory in front of it (None where no inventory is given)
    secondary_constraint: str | None = None
    highest_queue: str | None = None

    @property
    def flow_degree(self) -> float:
        """FG = LT / PT = 1 / FE."""
        if self.total_process_time == 0:
            raise DivisionError("flow degree is undefined: total process time is 0")
        return self.total_lead_time / self.total_process_time


def _total(values, what: str) -> float:
    """``math.fsum(values)``; a sum beyond the float range (1.8e308) is an InputError."""
    try:
        total = math.fsum(values)
    except OverflowError:
        total = math.inf
    if math.isinf(total):
        raise InputError(f"the {what} add up to more than a number can hold (1.8e308); check their units")
    return total


def summarize_state(state: State) -> StateSummary:
    """Totals, flow efficiency, band, rolled %C&A, WIP and bottlenecks of one state."""
    steps = state.steps
    if not steps:
        raise NoDataError(f"state {state.name!r} has no steps")
    check_steps(steps)
    timeline = timeline_steps(steps)
    total_pt = _total((s.process_time for s in timeline), "process times")
    total_lt = _total((s.lead_time for s in timeline), "lead times")
    fe = flow_efficiency(total_pt, total_lt)
    ca = [s.complete_accurate for s in steps if s.complete_accurate is not None]
    inventory = [s.inventory for s in steps if s.inventory is not None]
    changeovers = [s.changeover for s in steps if s.changeover is not None]
    marked = [s.name for s in steps if s.marked_bottleneck]
    on_timeline = {id(s) for s in timeline}  # by identity: a membership test per step was O(n²)
    skipped = tuple(s.name for s in steps if id(s) not in on_timeline)
    return StateSummary(
        name=state.name,
        step_count=len(steps),
        total_process_time=total_pt,
        total_lead_time=total_lt,
        total_wait_time=total_lt - total_pt,
        flow_efficiency=fe,
        flow_rating=flow_rating(fe),
        rolled_complete_accurate=rolled_complete_accurate(ca) if ca else None,
        wip_total=_total(inventory, "inventories") if inventory else None,
        capacity_constraint=capacity_constraint(steps).name,
        largest_delay=largest_delay(steps).name,
        marked_bottleneck=marked[0] if marked else None,
        total_changeover=math.fsum(changeovers) if changeovers else None,
        parallel_steps_skipped=skipped,
        secondary_constraint=_name(secondary_constraint(steps)),
        highest_queue=_name(highest_queue(steps)),
    )


def _name(step: Step | None) -> str | None:
    return step.name if step is not None else None


@dataclass(frozen=True)
class StateComparison:
    """A target condition against the current state (reductions as fractions: 0.329 = −32.9 %)."""

    current: str
    target: str
    process_time_reduction: float
    lead_time_reduction: float
    flow_efficiency_ratio: float
    wip_change: float | None
    rolled_complete_accurate_change: float | None


def compare_states(current: StateSummary, target: StateSummary) -> StateComparison:
    """PT reduction, LT reduction, FE ratio (×), WIP change and rolled %C&A change."""
    if current.total_process_time == 0 or current.total_lead_time == 0:
        raise DivisionError(f"state {current.name!r} has zero total times to compare against")
    wip = None
    if current.wip_total is not None and target.wip_total is not None:
        wip = target.wip_total - current.wip_total
    ca = None
    if current.rolled_complete_accurate is not None and target.rolled_complete_accurate is not None:
        ca = target.rolled_complete_accurate - current.rolled_complete_accurate
    return StateComparison(
        current=current.name,
        target=target.name,
        process_time_reduction=1 - target.total_process_time / current.total_process_time,
        lead_time_reduction=1 - target.total_lead_time / current.total_lead_time,
        flow_efficiency_ratio=target.flow_efficiency / current.flow_efficiency
        if current.flow_efficiency
        else math.inf,
        wip_change=wip,
        rolled_complete_accurate_change=ca,
    )
