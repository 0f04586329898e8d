"""Uncertain step times carried into SMAA-2 (issue 20): an indicator that measures a state's
totals (lead time, process time, wait time, flow efficiency, flow degree: core.measures) takes,
in each SMAA draw, its alternative's state's figure of that draw instead of the one value.

Every state with ranged step times gets one joint sample of its total PT and LT per draw
(:func:`vsm_xl.core.time_ranges.total_draws`), so the lead time and the flow efficiency of the
same draw come from the same step times. States are drawn independently of each other: state
``s`` from the seed ``"<seed> state <s>"`` (the generators of core.time_ranges keyed by it), so
the same seed gives the same figures. Pure Python.
"""
from __future__ import annotations

from vsm_xl.core.durations import DurationRule
from vsm_xl.core.measures import TOTALS_MEASURES, alternative_states, totals_measure
from vsm_xl.core.model import EvaluationModel, ValueStream
from vsm_xl.core.sensitivity import DEFAULT_DISTRIBUTION
from vsm_xl.core.time_ranges import ranged_count, total_draws


def state_seed(seed: int, s: int) -> str:
    """The seed of state ``s``'s step-time draws within a SMAA run seeded ``seed``."""
    return f"{seed} state {s}"


def measured_samples(stream: ValueStream, model: EvaluationModel, *, draws: int, seed: int = 0,
                     distribution: str = DEFAULT_DISTRIBUTION) -> dict[tuple[str, str], tuple[float, ...]]:
    """``{(indicator, alternative): value of each draw}`` for every measured value of
    :data:`TOTALS_MEASURES` whose alternative is a state with ranged step times (``model``: the
    stream's evaluation with the measures resolved); empty when there is none."""
    return state_samples(model, [state.steps for state in stream.states], alternative_states(stream, model),
                         stream.duration_rule, draws=draws, seed=seed, distribution=distribution)


def state_samples(model: EvaluationModel, steps_of_states, linked, rule: DurationRule, *, draws: int, seed: int = 0,
                  distribution: str = DEFAULT_DISTRIBUTION) -> dict[tuple[str, str], tuple[float, ...]]:
    """:func:`measured_samples` from the parts a spreadsheet gives (the cell functions): the steps
    of every state (``steps_of_states``, the value stream's order: state ``s`` is drawn from
    :func:`state_seed` of ``s``), the state each alternative is (``linked``: an index or None) and
    the duration rule of the time units."""
    totals: dict[int, tuple[list[float], list[float]]] = {}
    found: dict[tuple[str, str], tuple[float, ...]] = {}
    for ind in model.indicators:
        if ind.measure not in TOTALS_MEASURES:
            continue
        for j, s in enumerate(linked):
            if s is None or not ranged_count(steps_of_states[s]):
                continue
            if s not in totals:
                totals[s] = total_draws(steps_of_states[s], draws=draws, seed=state_seed(seed, s),
                                        distribution=distribution)
            pts, lts = totals[s]
            found[(ind.name, model.alternatives[j])] = tuple(
                totals_measure(ind.measure, ind.unit, rule, pt, lt) for pt, lt in zip(pts, lts))
    return found
