"""Uncertain step times (issue 20, item 2): a step's PT, LT or WT given as (low, likely, high)
and the percentiles of the state's total lead time, total process time and flow efficiency.

Each draw takes every ranged time from its triangular (or Beta-PERT) distribution, as
:mod:`vsm_xl.core.sensitivity` draws indicator values, and totals the state as
:func:`vsm_xl.core.state_metrics.summarize_state` does (of parallel branches, steps sharing a
position, only the one with the longest drawn LT counts). A step with a WT range has
LT = PT + WT in every draw. Step times are drawn independently of each other.

Lead times come from ``random.Random("vsm-xl lead times <seed>")`` (the LT and WT ranges, in
step order), process times from ``random.Random("vsm-xl process times <seed>")``: so the
lead-time percentiles of a state whose LTs carry the ranges do not depend on its PTs, and
:func:`lead_time_draws` of the LT column alone (the cell function VSM_LEAD_TIME_PERCENTILE)
gives the same figures as the whole state. Percentiles interpolate between order statistics
(:func:`vsm_xl.core.sensitivity.quantile`, Excel's PERCENTILE.INC). Pure Python.
"""
from __future__ import annotations

import math
import random
from dataclasses import dataclass

from vsm_xl.core.errors import InputError
from vsm_xl.core.model import State, Step
from vsm_xl.core.sensitivity import DEFAULT_DISTRIBUTION, _check_draws, _sampler, quantile

DEFAULT_TIME_DRAWS = 2000
LEVELS = (0.05, 0.5, 0.95)  # p5, median, p95


@dataclass(frozen=True)
class Spread:
    """p5, median and p95 of one figure over the draws (minutes, or a fraction)."""

    p5: float
    median: float
    p95: float


@dataclass(frozen=True)
class StateUncertainty:
    """The spread of a state's totals when some step times are ranges (``ranged``: how many)."""

    name: str
    lead_time: Spread
    process_time: Spread
    flow_efficiency: Spread
    draws: int
    seed: int
    distribution: str
    ranged: int


def check_range(bounds, what: str) -> tuple[float, float, float]:
    """``(low, likely, high)`` as floats, low <= likely <= high and low >= 0."""
    try:
        low, likely, high = (float(x) for x in bounds)
    except (TypeError, ValueError):
        raise InputError(f"{what}: a range is (low, likely, high), not {bounds!r}") from None
    if not (0 <= low <= likely <= high) or math.isinf(high):
        raise InputError(f"{what}: the range must satisfy 0 <= low <= likely <= high, not "
                         f"({low:g}, {likely:g}, {high:g})")
    return low, likely, high


def ranged_count(steps) -> int:
    return sum((s.process_time_range is not None) + (s.lead_time_range is not None)
               + (s.wait_time_range is not None) for s in steps)


def _process_draws(steps, draw):
    """One draw of every step's PT (the exact ones as they are)."""
    return [draw(*s.process_time_range) if s.process_time_range is not None else s.process_time for s in steps]


def _lead_draws(steps, pts, draw):
    out = []
    for s, pt in zip(steps, pts):
        if s.lead_time_range is not None:
            out.append(draw(*s.lead_time_range))
        elif s.wait_time_range is not None:
            out.append(pt + draw(*s.wait_time_range))
        else:
            out.append(s.lead_time)  # an exact LT stays exact (a drawn PT lies within it)
    return out


def _totals(steps, pts, lts) -> tuple[float, float]:
    """Total PT and LT of one draw: of steps sharing a position only the longest LT counts."""
    if all(s.position is None for s in steps):
        return math.fsum(pts), math.fsum(lts)
    chosen: dict = {}
    for k, s in enumerate(steps):
        key = ("pos", s.position) if s.position is not None else ("idx", k)
        if key not in chosen or lts[k] > lts[chosen[key]]:
            chosen[key] = k
    return math.fsum(pts[k] for k in chosen.values()), math.fsum(lts[k] for k in chosen.values())


def total_draws(steps, *, draws: int = DEFAULT_TIME_DRAWS, seed: int | str = 0,
                distribution: str = DEFAULT_DISTRIBUTION) -> tuple[list[float], list[float]]:
    """``(total PTs, total LTs)``, one of each per draw (see the module docstring)."""
    _check_draws(draws, distribution)
    if draws < 1:
        raise InputError("the percentiles need at least one draw")
    steps = tuple(steps)
    for s in steps:
        _check_step(s)
    process_rng = random.Random(f"vsm-xl process times {seed}")
    lead_rng = random.Random(f"vsm-xl lead times {seed}")
    draw_pt, draw_lt = _sampler(process_rng, distribution), _sampler(lead_rng, distribution)
    pt_totals, lt_totals = [], []
    for _ in range(draws):
        pts = _process_draws(steps, draw_pt)
        pt, lt = _totals(steps, pts, _lead_draws(steps, pts, draw_lt))
        pt_totals.append(pt)
        lt_totals.append(lt)
    return pt_totals, lt_totals


def lead_time_draws(steps, **options) -> list[float]:
    """The total lead time of every draw (``options`` as :func:`total_draws`)."""
    return total_draws(steps, **options)[1]


def _check_step(s: Step) -> None:
    what = f"step {s.name!r}"
    pt_high = s.process_time if s.process_time_range is None else s.process_time_range[2]
    if s.lead_time_range is not None and s.lead_time_range[0] < pt_high:
        raise InputError(f"{what}: the lowest lead time ({s.lead_time_range[0]:g} min) is below the highest process "
                         f"time ({pt_high:g} min); give the wait time as a range instead")
    if s.lead_time_range is None and s.wait_time_range is None and s.lead_time < pt_high:
        raise InputError(f"{what}: the highest process time ({pt_high:g} min) is above the lead time "
                         f"({s.lead_time:g} min); give the lead or wait time as a range too")


def spread(values) -> Spread:
    ordered = sorted(values)
    return Spread(*(quantile(ordered, q) for q in LEVELS))


def percentile(values, p: float) -> float:
    """The ``p`` percentile (0 <= p <= 1) of ``values``."""
    if not 0 <= p <= 1:
        raise InputError(f"a percentile is between 0 and 1 (0.95 for p95), not {p:g}")
    return quantile(sorted(values), p)


def state_uncertainty(state: State, *, draws: int = DEFAULT_TIME_DRAWS, seed: int = 0,
                      distribution: str = DEFAULT_DISTRIBUTION) -> StateUncertainty | None:
    """The spread of the state's totals; None when none of its step times is a range."""
    ranged = ranged_count(state.steps)
    if not ranged:
        return None
    pts, lts = total_draws(state.steps, draws=draws, seed=seed, distribution=distribution)
    fes = [pt / lt if lt > 0 else 0.0 for pt, lt in zip(pts, lts)]
    return StateUncertainty(state.name, spread(lts), spread(pts), spread(fes), draws, seed, distribution, ranged)


def stream_uncertainty(stream, **options) -> tuple[StateUncertainty | None, ...]:
    """:func:`state_uncertainty` of every state of a value stream, in its order."""
    return tuple(state_uncertainty(state, **options) for state in stream.states)
