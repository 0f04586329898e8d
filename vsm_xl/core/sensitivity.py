"""Sensitivity of the evaluation (METHOD.md section 3).

(a) Weight stability: for one indicator, the interval of its weight over which the best
alternative (lowest WBF) stays best while the other weights of its group keep their
proportions. Computed exactly: with weight w, an alternative's group benefit is linear in w,
so the difference of two squared WBFs is a quadratic in w; the interval's ends are among
the roots of those quadratics (breakpoints) in [0, 1], and between breakpoints the best
either is or is not best throughout.

(b) Rank robustness: estimated target-condition values given as (low, likely, high).
An alternative's WBF depends only on its own values and never rises when a partial benefit
rises, so its favourable corner (every range at the end with the higher benefit) and its
unfavourable corner bound its WBF exactly, and these bounds give its exact rank range.
Seeded random draws estimate how often each ranks first and the spread of its WBF (P5, median,
P95). The draws come from triangular distributions over (low, likely, high) by default, or from
Beta-PERT distributions (``distribution="pert"``: mean (low + 4·likely + high) / 6, shape 4),
with Python's ``random.Random(seed)``: pure Python, the same numbers on every platform.

(c) :func:`sensitivity` runs both on an evaluation model with the ranges its indicators carry:
the one place the sensitivity figures of every front end come from.
"""
from __future__ import annotations

import math
import random
from dataclasses import dataclass

from vsm_xl.core.benefits import rank_by_wbf
from vsm_xl.core.errors import InputError, ModelError, NoDataError
from vsm_xl.core.evaluation import evaluate, normalize_group
from vsm_xl.core.model import GROUPS, MONETARY, NON_MONETARY, EvaluationModel
from vsm_xl.core.value_functions import ValueFunction

_TIE = 1e-12  # squared-WBF differences this small count as ties (the best still shares rank 1)
DEFAULT_DRAWS = 500
DISTRIBUTIONS = ("triangular", "pert")
DEFAULT_DISTRIBUTION = "triangular"
PERT_SHAPE = 4.0  # the classic Beta-PERT weight of the likely value


def _group_weights(model: EvaluationModel, result, weights) -> dict:
    """Indicator name -> weight, from the model's pairwise weights or an override per group
    (any object with ``weight(name)``: PairwiseWeights, AhpResult)."""
    chosen = dict(result.weights)
    for group, value in (weights or {}).items():
        chosen[normalize_group(group)] = value
    table: dict[str, float] = {}
    for group in GROUPS:
        members = model.group(group)
        try:
            values = [float(chosen[group].weight(ind.name)) for ind in members]
        except (KeyError, ValueError, AttributeError, TypeError) as exc:
            raise ModelError(f"the {group} weights do not cover the {group} indicators ({exc})") from None
        if any(v < 0 for v in values) or abs(math.fsum(values) - 1.0) > 1e-9:
            raise ModelError(f"the {group} weights must be non-negative and sum to 1")
        table.update((ind.name, v) for ind, v in zip(members, values))
    return table


def _benefits(result):
    """Partial benefits by indicator name: a tuple over the alternatives."""
    return {name: row for name, row in zip(result.indicators, result.partial_benefits)}


def _best(model: EvaluationModel, table, benefits) -> int:
    """Position of the best alternative under these weights (lowest WBF; ties: the first),
    summed in the same order as :func:`vsm_xl.core.evaluation.evaluate`."""
    wbfs = []
    for j in range(len(model.alternatives)):
        g = {group: math.fsum(benefits[i.name][j] * table[i.name] for i in model.group(group)) for group in GROUPS}
        wbfs.append(math.hypot(g[MONETARY] - 1.0, g[NON_MONETARY] - 1.0))
    return wbfs.index(min(wbfs))


# ---- (a) weight stability -------------------------------------------------------------


@dataclass(frozen=True)
class WeightStability:
    """The weight interval [low, high] of one indicator over which ``best`` stays best.

    ``below`` / ``above`` name the alternative that becomes best just outside the interval
    (``None`` where the interval reaches 0 or 1).
    """

    group: str
    indicator: str
    weight: float
    low: float
    high: float
    best: str
    below: str | None = None
    above: str | None = None


def _quadratic_roots(a: float, b: float, c: float) -> list[float]:
    """Real roots of a·w² + b·w + c (numerically stable form)."""
    if abs(a) < 1e-15:
        return [-c / b] if abs(b) >= 1e-15 else []
    disc = b * b - 4 * a * c
    if disc < 0:
        return []
    q = -0.5 * (b + math.copysign(math.sqrt(disc), b))
    roots = [q / a]
    if q != 0:
        roots.append(c / q)
    return roots


def _stability(model: EvaluationModel, table, benefits, group: str, indicator: str) -> WeightStability:
    names = model.alternatives
    members = [ind.name for ind in model.group(group)]
    other = MONETARY if group == NON_MONETARY else NON_MONETARY
    w0 = table[indicator]
    best = _best(model, table, benefits)
    if len(members) == 1:  # a group of one indicator: its weight is 1 and cannot move
        return WeightStability(group, indicator, w0, w0, w0, names[best])
    rest = [m for m in members if m != indicator]
    rest_total = math.fsum(table[m] for m in rest)
    # The benefit of the rest of the group at rest weight 1 (their proportions kept; if they
    # all weigh 0 now, they share equally once the indicator gives weight away).
    if rest_total > 1e-15:
        r = [math.fsum(table[m] * benefits[m][j] for m in rest) / rest_total for j in range(len(names))]
    else:
        r = [math.fsum(benefits[m][j] for m in rest) / len(rest) for j in range(len(names))]
    u = benefits[indicator]
    fixed = [math.fsum(table[ind.name] * benefits[ind.name][j] for ind in model.group(other)) for j in range(len(names))]
    # squared WBF of alternative j at weight w: (p_j + q_j·w)² + c_j
    p = [r[j] - 1.0 for j in range(len(names))]
    q = [u[j] - r[j] for j in range(len(names))]
    c = [(fixed[j] - 1.0) ** 2 for j in range(len(names))]

    def squared(j, w):
        return (p[j] + q[j] * w) ** 2 + c[j]

    def feasible(w):
        mine = squared(best, w)
        return all(mine - squared(j, w) <= _TIE for j in range(len(names)) if j != best)

    def best_at(w):
        values = [squared(j, w) for j in range(len(names))]
        return names[values.index(min(values))]

    crossings = {0.0, 1.0, w0}
    for j in range(len(names)):
        if j == best:
            continue
        a = q[best] ** 2 - q[j] ** 2
        b = 2 * (p[best] * q[best] - p[j] * q[j])
        k = p[best] ** 2 - p[j] ** 2 + c[best] - c[j]
        crossings.update(x for x in _quadratic_roots(a, b, k) if 0.0 < x < 1.0)
    points = sorted(crossings)
    start = points.index(w0)
    lo = start
    while lo > 0 and feasible((points[lo - 1] + points[lo]) / 2):
        lo -= 1
    hi = start
    while hi < len(points) - 1 and feasible((points[hi] + points[hi + 1]) / 2):
        hi += 1
    below = best_at((points[lo - 1] + points[lo]) / 2) if lo > 0 else None
    above = best_at((points[hi] + points[hi + 1]) / 2) if hi < len(points) - 1 else None
    return WeightStability(group, indicator, w0, points[lo], points[hi], names[best], below, above)


def _prepare(model, weights):
    result = evaluate(model)  # raises ValidationError listing every problem of the model
    return _group_weights(model, result, weights), _benefits(result)


def weight_stability(model: EvaluationModel, group: str, indicator: str, weights=None) -> tuple[float, float]:
    """``(low, high)``: the interval of ``indicator``'s weight over which the best alternative
    stays best, the other weights of ``group`` keeping their proportions.

    ``weights`` optionally replaces a group's pairwise weights (``{group: AhpResult}``).
    """
    group = normalize_group(group)
    if indicator not in [ind.name for ind in model.group(group)]:
        raise ModelError(f"{indicator!r} is not a {group} indicator")
    table, benefits = _prepare(model, weights)
    found = _stability(model, table, benefits, group, indicator)
    return found.low, found.high


def weight_stability_all(model: EvaluationModel, weights=None) -> tuple[WeightStability, ...]:
    """The stability interval of every indicator's weight, in the model's indicator order."""
    table, benefits = _prepare(model, weights)
    return tuple(_stability(model, table, benefits, ind.group, ind.name) for ind in model.indicators)


# ---- (b) rank robustness ----------------------------------------------------------------


@dataclass(frozen=True)
class AlternativeRobustness:
    """One alternative under uncertain values. ``wbf_best`` / ``wbf_worst`` are its WBF at its
    favourable / unfavourable corner; ``rank_best`` / ``rank_worst`` its exact rank range;
    ``first_share`` the share of random draws in which it ranked first (ties count for each);
    ``wbf_p5`` / ``wbf_median`` / ``wbf_p95`` percentiles of its WBF over the draws (linear
    interpolation between order statistics, as numpy's default; None without draws)."""

    name: str
    wbf_likely: float
    wbf_best: float
    wbf_worst: float
    rank_likely: int
    rank_best: int
    rank_worst: int
    first_count: int
    first_share: float
    wbf_p5: float | None = None
    wbf_median: float | None = None
    wbf_p95: float | None = None


@dataclass(frozen=True)
class Robustness:
    alternatives: tuple[AlternativeRobustness, ...]
    draws: int
    seed: int
    best_likely: str
    distribution: str = DEFAULT_DISTRIBUTION
    ranges: int = 0  # how many values carried a range

    def alternative(self, name: str) -> AlternativeRobustness:
        for alt in self.alternatives:
            if alt.name == name:
                return alt
        raise KeyError(name)


def _ranges(model: EvaluationModel, ranges) -> dict:
    """``{(i, j): (low, likely, high)}`` by indicator and alternative position."""
    indicators = [ind.name for ind in model.indicators]
    found = {}
    for key, triple in dict(ranges).items():
        try:
            indicator, alternative = key
        except (TypeError, ValueError):
            raise InputError(f"a range is keyed by (indicator, alternative), not {key!r}") from None
        if indicator not in indicators:
            raise ModelError(f"range for unknown indicator {indicator!r}")
        if alternative not in model.alternatives:
            raise ModelError(f"range for unknown alternative {alternative!r}")
        where = f"range of {indicator!r} for {alternative!r}"
        try:
            low, likely, high = triple
        except (TypeError, ValueError):
            raise InputError(f"{where} must be (low, likely, high), not {triple!r}") from None
        numbers = []
        for value in (low, likely, high):
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
                raise InputError(f"{where} must be numbers, not {triple!r}")
            numbers.append(float(value))
        if not numbers[0] <= numbers[1] <= numbers[2]:
            raise InputError(f"{where} must satisfy low <= likely <= high, not {triple!r}")
        found[(indicators.index(indicator), model.alternatives.index(alternative))] = tuple(numbers)
    return found


def _sampler(rng: random.Random, distribution: str):
    """A function drawing one value from (low, likely, high)."""
    if distribution == "triangular":
        return lambda low, mode, high: rng.triangular(low, high, mode)

    def pert(low, mode, high):
        if high <= low:
            return low
        alpha = 1.0 + PERT_SHAPE * (mode - low) / (high - low)
        beta = 1.0 + PERT_SHAPE * (high - mode) / (high - low)
        return low + (high - low) * rng.betavariate(alpha, beta)

    return pert


def _cell_sampler(rng: random.Random, distribution: str, low: float, mode: float, high: float):
    """A function of no arguments drawing from one (low, likely, high): the numbers
    :func:`_sampler` gives, with the triangular's fixed share computed once instead of per draw
    (the steps of :meth:`random.Random.triangular`, spelled out; a test holds them equal)."""
    if distribution != "triangular":
        draw = _sampler(rng, distribution)
        return lambda: draw(low, mode, high)
    if high == low:
        return lambda: low
    uniform, c = rng.random, (mode - low) / (high - low)

    def triangular():
        u = uniform()
        if u > c:
            return high + (low - high) * math.sqrt((1.0 - u) * (1.0 - c))
        return low + (high - low) * math.sqrt(u * c)

    return triangular


def quantile(ordered, q: float) -> float:
    """The ``q`` quantile of sorted numbers: linear interpolation between order statistics
    (Hyndman & Fan type 7, numpy's default)."""
    if not ordered:
        raise InputError("no values to take a quantile of")
    position = (len(ordered) - 1) * q
    below = math.floor(position)
    above = min(below + 1, len(ordered) - 1)
    return ordered[below] + (ordered[above] - ordered[below]) * (position - below)


def _check_draws(draws, distribution) -> None:
    if isinstance(draws, bool) or not isinstance(draws, int) or draws < 0:
        raise InputError(f"the number of draws must be a whole number >= 0, not {draws!r}")
    if distribution not in DISTRIBUTIONS:
        raise InputError(f"unknown distribution {distribution!r} (use {' or '.join(DISTRIBUTIONS)})")


def rank_robustness(model: EvaluationModel, ranges, draws: int = DEFAULT_DRAWS, seed: int = 0,
                    weights=None, *, distribution: str = DEFAULT_DISTRIBUTION, progress=None) -> Robustness:
    """How robust the ranking is when estimated values carry ranges.

    ``ranges`` maps ``(indicator, alternative)`` to ``(low, likely, high)``; other values stay
    as in the model. ``draws`` random draws from triangular (or ``distribution="pert"``:
    Beta-PERT) distributions, seeded with ``random.Random(seed)`` (same seed, same result).
    ``progress``, when given, is called with the number of draws done so far now and then.
    """
    _check_draws(draws, distribution)
    table, _ = _prepare(model, weights)
    cells = _ranges(model, ranges)
    n_alt = len(model.alternatives)
    functions = [ValueFunction(i.worst, i.best, i.function, i.curvature) for i in model.indicators]
    fast = [f.fast() for f in functions]
    monetary = [(i, table[ind.name]) for i, ind in enumerate(model.indicators) if ind.group == MONETARY]
    non_monetary = [(i, table[ind.name]) for i, ind in enumerate(model.indicators) if ind.group == NON_MONETARY]

    def wbf_of(column):
        """WBF of one alternative from its values, one per indicator."""
        gm = math.fsum(g * fast[i](column[i]) for i, g in monetary)
        gn = math.fsum(g * fast[i](column[i]) for i, g in non_monetary)
        return math.hypot(gm - 1.0, gn - 1.0)

    likely = [[float(ind.values[j]) for ind in model.indicators] for j in range(n_alt)]
    for (i, j), (_, mode, _) in cells.items():
        likely[j][i] = mode
    favourable = [list(col) for col in likely]
    unfavourable = [list(col) for col in likely]
    for (i, j), (low, _, high) in cells.items():
        good, bad = (high, low) if functions[i].best > functions[i].worst else (low, high)
        favourable[j][i], unfavourable[j][i] = good, bad
    wbf_likely = [wbf_of(col) for col in likely]
    wbf_best = [wbf_of(col) for col in favourable]
    wbf_worst = [wbf_of(col) for col in unfavourable]
    ranks_likely = rank_by_wbf(wbf_likely)

    rng = random.Random(seed)
    draw = _sampler(rng, distribution)
    order = sorted(cells)  # draw in model order, whatever order the ranges came in
    uncertain = sorted({j for _, j in cells})  # only these alternatives' WBFs change between draws
    firsts = [0] * n_alt
    samples: list[list[float]] = [[] for _ in range(n_alt)]
    values = list(wbf_likely)
    step = max(1, draws // 100)
    for done in range(draws):
        columns = {j: list(likely[j]) for j in uncertain}
        for i, j in order:
            low, mode, high = cells[(i, j)]
            columns[j][i] = draw(low, mode, high)
        for j in uncertain:
            values[j] = wbf_of(columns[j])
        top = min(values)
        for j, value in enumerate(values):
            if value == top:
                firsts[j] += 1
            samples[j].append(value)
        if progress is not None and (done + 1) % step == 0:
            progress(done + 1)

    alternatives = []
    for j, name in enumerate(model.alternatives):
        others = [k for k in range(n_alt) if k != j]
        rank_best = 1 + sum(1 for k in others if wbf_worst[k] < wbf_best[j])
        rank_worst = 1 + sum(1 for k in others if wbf_best[k] < wbf_worst[j])
        spread: tuple[float | None, ...] = (None, None, None)
        if draws:
            ordered = sorted(samples[j])
            spread = tuple(quantile(ordered, q) for q in (0.05, 0.5, 0.95))
        alternatives.append(AlternativeRobustness(
            name, wbf_likely[j], wbf_best[j], wbf_worst[j], ranks_likely[j], rank_best, rank_worst,
            firsts[j], firsts[j] / draws if draws else 0.0, *spread))
    best_likely = model.alternatives[ranks_likely.index(1)]
    return Robustness(tuple(alternatives), draws, seed, best_likely, distribution, len(cells))


# ---- (c) both, on a model with its ranges ------------------------------------------------


@dataclass(frozen=True)
class Sensitivity:
    """Weight stability of every indicator and the rank robustness under the model's ranges."""

    weights: tuple[WeightStability, ...]
    robustness: Robustness

    @property
    def best(self) -> str:
        return self.robustness.best_likely


def model_ranges(model: EvaluationModel) -> dict:
    """``{(indicator, alternative): (low, likely, high)}`` from the indicators' ``ranges``
    (one ``(low, likely, high)`` or None per alternative)."""
    found = {}
    for ind in model.indicators:
        for alternative, triple in zip(model.alternatives, getattr(ind, "ranges", None) or ()):
            if triple is not None:
                found[(ind.name, alternative)] = tuple(triple)
    return found


def sensitivity(model: EvaluationModel, *, draws: int = DEFAULT_DRAWS, seed: int = 0,
                distribution: str = DEFAULT_DISTRIBUTION, ranges=None, weights=None,
                progress=None) -> Sensitivity:
    """Weight stability of every indicator and, for the values given as (low, likely, high),
    ``draws`` seeded random draws (see :func:`rank_robustness`). ``ranges`` defaults to the
    ranges the model's indicators carry (:func:`model_ranges`)."""
    _check_draws(draws, distribution)
    stability = weight_stability_all(model, weights)
    found = model_ranges(model) if ranges is None else ranges
    robustness = rank_robustness(model, found, draws, seed, weights, distribution=distribution, progress=progress)
    return Sensitivity(stability, robustness)


def require_model(analysis, purpose: str = "whose sensitivity could be shown") -> EvaluationModel:
    """The evaluated model of an analysis (measured indicators' values computed from the states);
    :class:`NoDataError` saying where to fill in the evaluation when there is none."""
    model = analysis.model
    if analysis.evaluation is None or model is None:
        name = analysis.value_stream.name or "this value stream"
        raise NoDataError(f"{name} has no evaluation part (alternatives, indicators, pairwise comparisons), "
                          f"so there is no ranking {purpose}: fill in the Indicators sheet (one value column "
                          "per alternative) and the Pairwise sheet of the workbook, or the evaluation: part "
                          "of the YAML model")
    return model


def analysis_sensitivity(analysis, **options) -> Sensitivity:
    """:func:`sensitivity` of an analysed value stream's evaluation (``options`` as there);
    :class:`NoDataError` when the value stream has no evaluation part."""
    return sensitivity(require_model(analysis), **options)
