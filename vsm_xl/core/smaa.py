"""SMAA-2 on the WBF: stochastic multicriteria acceptability analysis (METHOD.md section 3).

Weights and values are both uncertain. Each draw takes a weight vector per indicator group
and the values given as (low, likely, high), ranks the alternatives by WBF (lower is better)
and counts, per alternative (Lahdelma and Salminen 2001):

- the rank acceptability index b_i^r: the share of draws in which alternative i has rank r;
- the central weight vector: the mean of the weights of the draws in which i ranks first
  (per group: each group's central weights sum to 1);
- the confidence factor: the share of value draws in which i ranks first at its central
  weights (over the same value draws as the acceptability phase, kept as they were drawn);
- the pairwise winning index c_ik: the share of draws in which i ranks better than k.

Ties (equal squared WBF within 1e-12) share their ranks: t tied alternatives each get 1/t of
each of the t ranks they occupy, 1/t of the first place where they tie for it, and 1/2 of a
pairwise win; so every row and every column of the acceptability table sums to 1 and
c_ik + c_ki = 1.

Weights of one group are drawn uniformly from its simplex {w >= 0, sum w = 1} as the gaps
between n - 1 sorted uniform numbers on [0, 1] (uniform spacings: Devroye 1986, chapter V;
the method SMAA's implementations use, Tervonen and Lahdelma 2007, section 3). Bounds
low_z <= w_z <= high_z (the team's range of weights, or the user's) are kept exactly: the
lower bounds are shifted out (w = low + (1 - sum low) v, v uniform on the simplex, an affine
map that keeps the distribution uniform) and the upper bounds by rejection. A group fixed by
the user, and a group of one indicator, keep their weights.

Values are drawn as :func:`vsm_xl.core.sensitivity.rank_robustness` draws them (triangular or
Beta-PERT from ``random.Random(seed)``, the cells in model order), so with every group fixed
b_i^1 is that function's first-rank share. The weights come from a second generator,
``random.Random("vsm-xl smaa weights <seed>")``. Pure Python: the same figures on every
platform, Pyodide included.

References: R. Lahdelma and P. Salminen, "SMAA-2: Stochastic multicriteria acceptability
analysis for group decision making", Operations Research 49(3), 2001, 444-454. T. Tervonen
and R. Lahdelma, "Implementing stochastic multicriteria acceptability analysis", European
Journal of Operational Research 178(2), 2007, 500-513. L. Devroye, Non-Uniform Random Variate
Generation, Springer, 1986, chapter V (uniform and exponential spacings).
"""
from __future__ import annotations

import math
import random
from array import array
from dataclasses import dataclass
from itertools import repeat
from operator import add, mul, sub

from vsm_xl.core.errors import InputError, ModelError
from vsm_xl.core.evaluation import evaluate, normalize_group
from vsm_xl.core.measured_draws import measured_samples
from vsm_xl.core.model import GROUPS, MONETARY, NON_MONETARY, EvaluationModel
from vsm_xl.core.sensitivity import (
    DEFAULT_DISTRIBUTION, DEFAULT_DRAWS, _cell_sampler, _check_draws, _ranges, model_ranges, require_model,
)
from vsm_xl.core.smaa_indices import _first_share, _Tally
from vsm_xl.core.value_functions import ValueFunction

SIMPLEX = "simplex"  # uniform over the whole simplex of the group
TEAM = "team"  # uniform within the participants' [min, max] of every weight
FIXED = "fixed"  # the group's weights as evaluated
BOUNDS = "bounds"  # uniform within bounds the user gave
AUTO = "auto"  # team where a team judged, else simplex
SAMPLING = (AUTO, SIMPLEX, TEAM, FIXED)
MAX_TRIES = 100_000  # rejections of one weight draw before the bounds are called too narrow
_EPS = 1e-12


@dataclass(frozen=True)
class WeightSampling:
    """How one group's weights are drawn: ``mode`` (simplex, team, fixed or bounds) and the
    bounds ``low`` / ``high`` per indicator (in the group's model order)."""

    group: str
    mode: str
    indicators: tuple[str, ...]
    low: tuple[float, ...]
    high: tuple[float, ...]


@dataclass(frozen=True)
class SmaaAlternative:
    """One alternative's SMAA-2 figures. ``acceptability[r - 1]`` is b^r, the share of draws in
    which it has rank r; ``central_weights`` its central weight vector (one weight per
    indicator, model order; each group sums to 1), ``None`` when it never ranks first;
    ``confidence`` the share of value draws in which it ranks first at its central weights."""

    name: str
    acceptability: tuple[float, ...]
    central_weights: tuple[float, ...] | None
    confidence: float | None

    @property
    def first_share(self) -> float:
        return self.acceptability[0]


@dataclass(frozen=True)
class SmaaResult:
    """The SMAA-2 of an evaluation: every alternative's figures and the winning matrix
    (``winning[i][k]``: the share of draws in which alternative i ranks better than k; ``None``
    on the diagonal)."""

    alternatives: tuple[SmaaAlternative, ...]
    indicators: tuple[str, ...]
    groups: tuple[str, ...]  # the group of each indicator
    winning: tuple[tuple[float | None, ...], ...]
    sampling: tuple[WeightSampling, ...]
    draws: int
    seed: int
    distribution: str = DEFAULT_DISTRIBUTION
    ranges: int = 0  # how many values carried a range
    measured: int = 0  # how many measured values were drawn from their states' step-time ranges

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(a.name for a in self.alternatives)

    def alternative(self, name: str) -> SmaaAlternative:
        for alt in self.alternatives:
            if alt.name == name:
                return alt
        raise KeyError(name)

    def wins(self, name: str, other: str) -> float | None:
        """The share of draws in which ``name`` ranks better than ``other``."""
        return self.winning[self.names.index(name)][self.names.index(other)]

    def central_weight(self, name: str, indicator: str) -> float | None:
        weights = self.alternative(name).central_weights
        return None if weights is None else weights[self.indicators.index(indicator)]


# ---- weights ------------------------------------------------------------------------------


def uniform_simplex(rng: random.Random, n: int) -> list[float]:
    """A point drawn uniformly from the simplex {w in R^n, w >= 0, sum w = 1}: the gaps between
    n - 1 sorted uniform numbers on [0, 1] (Devroye 1986, chapter V)."""
    if n < 1:
        raise InputError("a simplex needs at least one dimension")
    cuts = sorted([rng.random() for _ in range(n - 1)])
    return list(map(sub, cuts + [1.0], [0.0] + cuts))


def _whole_simplex(rng: random.Random, n: int):
    """:func:`uniform_simplex` as a function of no arguments, its loop unrolled for the usual
    groups of two and three indicators (the draws of a live recalculation; same numbers)."""
    uniform = rng.random
    if n == 2:
        def two():
            x = uniform()
            return [x, 1.0 - x]
        return two
    if n == 3:
        def three():
            a, b = uniform(), uniform()
            if b < a:
                a, b = b, a
            return [a, b - a, 1.0 - b]
        return three
    return lambda: uniform_simplex(rng, n)


def _bounded_sampler(rng: random.Random, sampling: WeightSampling):
    """A function drawing one weight vector of the group uniformly within its bounds."""
    low, high = sampling.low, sampling.high
    slack = 1.0 - math.fsum(low)
    free = [i for i in range(len(low)) if high[i] - low[i] > _EPS]
    if slack <= _EPS or not free:
        total = math.fsum(low)
        fixed = [v / total for v in low]
        return lambda: fixed
    caps = [(high[i] - low[i]) / slack for i in free]
    bounded = any(c < 1.0 - _EPS for c in caps)
    n = len(free)
    if not bounded and n == len(low) and not any(low):  # the whole simplex
        return _whole_simplex(rng, n)

    def draw():
        for _ in range(MAX_TRIES):
            v = uniform_simplex(rng, n)
            if not bounded or all(x <= c for x, c in zip(v, caps)):
                w = list(low)
                for i, x in zip(free, v):
                    w[i] += slack * x
                return w
        raise ModelError(f"the weight bounds of the {sampling.group} group leave almost no room: no weight "
                         f"vector within them in {MAX_TRIES:,} tries; widen the bounds or fix the group's weights")

    return draw


def _team_bounds(weights, names) -> tuple[tuple[float, ...], tuple[float, ...]] | None:
    """Per indicator (in ``names`` order) the lowest and highest weight a participant gave it;
    None when the group was not judged by a team."""
    participants = getattr(weights, "participants", ()) or ()
    if not participants:
        return None
    index = [weights.indicators.index(name) for name in names]
    low = tuple(min(p.weights[k] for p in participants) for k in index)
    high = tuple(max(p.weights[k] for p in participants) for k in index)
    return low, high


def weight_sampling(model: EvaluationModel, sampling=None, result=None) -> tuple[WeightSampling, ...]:
    """How each group's weights are drawn (monetary first). ``sampling`` maps a group to
    ``"auto"`` (the default: ``"team"`` where participants judged the group, else
    ``"simplex"``), ``"simplex"``, ``"team"``, ``"fixed"`` (the group's evaluated weights) or
    ``{indicator: (low, high)}`` (bounds; unnamed indicators of the group keep 0 .. 1)."""
    result = evaluate(model) if result is None else result
    chosen = {}
    for group, how in dict(sampling or {}).items():
        chosen[normalize_group(group)] = how
    found = []
    for group in GROUPS:
        names = tuple(ind.name for ind in model.group(group))
        weights = result.weights[group]
        evaluated = tuple(float(weights.weight(name)) for name in names)
        how = chosen.get(group, AUTO)
        team = _team_bounds(weights, names)
        if len(names) == 1:
            found.append(WeightSampling(group, FIXED, names, (1.0,), (1.0,)))
        elif isinstance(how, str) and how == AUTO:
            mode = TEAM if team is not None else SIMPLEX
            bounds = team if team is not None else ((0.0,) * len(names), (1.0,) * len(names))
            found.append(WeightSampling(group, mode, names, *bounds))
        elif how == SIMPLEX:
            found.append(WeightSampling(group, SIMPLEX, names, (0.0,) * len(names), (1.0,) * len(names)))
        elif how == TEAM:
            if team is None:
                raise ModelError(f"the {group} weights were not judged by a team (no participants), so there is "
                                 f"no range of weights to draw from: use {SIMPLEX!r} or {FIXED!r}")
            found.append(WeightSampling(group, TEAM, names, *team))
        elif how == FIXED:
            found.append(WeightSampling(group, FIXED, names, evaluated, evaluated))
        elif isinstance(how, dict):
            found.append(_user_bounds(group, names, how))
        else:
            raise InputError(f"unknown weight sampling {how!r} for the {group} group "
                             f"(use {', '.join(SAMPLING)} or {{indicator: (low, high)}})")
    return tuple(found)


def _user_bounds(group: str, names, bounds: dict) -> WeightSampling:
    low, high = [0.0] * len(names), [1.0] * len(names)
    for name, pair in bounds.items():
        if name not in names:
            raise ModelError(f"weight bounds for {name!r}, which is no {group} indicator "
                             f"({', '.join(names)})")
        try:
            lo, hi = (float(x) for x in pair)
        except (TypeError, ValueError):
            raise InputError(f"the weight bounds of {name!r} must be (low, high), not {pair!r}") from None
        if not (0.0 <= lo <= hi <= 1.0):
            raise InputError(f"the weight bounds of {name!r} must satisfy 0 <= low <= high <= 1, not {pair!r}")
        k = names.index(name)
        low[k], high[k] = lo, hi
    if math.fsum(low) > 1.0 + 1e-9 or math.fsum(high) < 1.0 - 1e-9:
        raise ModelError(f"no {group} weights within these bounds sum to 1 (lows sum to {math.fsum(low):.4g}, "
                         f"highs to {math.fsum(high):.4g})")
    return WeightSampling(group, BOUNDS, tuple(names), tuple(low), tuple(high))


# ---- the analysis ----------------------------------------------------------------------------


def smaa(model: EvaluationModel, *, draws: int = DEFAULT_DRAWS, seed: int = 0,
         distribution: str = DEFAULT_DISTRIBUTION, ranges=None, sampling=None, measured=None,
         progress=None) -> SmaaResult:
    """SMAA-2 of the evaluation (see the module docstring): ``draws`` seeded draws of the weights
    (``sampling`` per group, see :func:`weight_sampling`) and of the values given as
    (low, likely, high) (``ranges`` as :func:`vsm_xl.core.sensitivity.rank_robustness` takes
    them; default: the ranges the model's indicators carry). ``measured`` maps
    ``(indicator, alternative)`` to the value of each draw (at least ``draws`` of them: the
    measured values of states with uncertain step times, :mod:`vsm_xl.core.measured_draws`);
    such a value takes draw k's figure in draw k. ``progress``, when given, is called with the
    number of draws done now and then."""
    _check_draws(draws, distribution)
    if draws < 1:
        raise InputError("SMAA needs at least one draw")
    result = evaluate(model)  # raises ValidationError listing every problem of the model
    plan = weight_sampling(model, sampling, result)
    cells = _ranges(model, model_ranges(model) if ranges is None else ranges)
    n_alt = len(model.alternatives)
    sampled = _sampled(model, measured, draws)
    cells = {key: bounds for key, bounds in cells.items() if key not in sampled}
    study = _Study(model, result, cells, distribution, sampled)
    weights_rng = random.Random(f"vsm-xl smaa weights {seed}")
    draw_m, draw_n = (_bounded_sampler(weights_rng, s) for s in plan)  # GROUPS order: monetary first
    drawn = array("d")  # the ranged cells' partial benefits, draw after draw (for the confidence factors)
    values = study.value_draws(random.Random(seed), drawn)
    tally = _Tally(n_alt, len(study.monetary) + len(study.non_monetary))
    add = tally.add
    step = max(1, draws // 100)
    for done in range(draws):
        wm, wn = draw_m(), draw_n()
        um, un = next(values)
        add([(sum(map(mul, a, wm)) - 1.0) ** 2 + (sum(map(mul, b, wn)) - 1.0) ** 2 for a, b in zip(um, un)],
            wm + wn)
        if progress is not None and (done + 1) % step == 0:
            progress(done + 1)
    found = tally.indices()
    split = len(study.monetary)
    fixed_m, fixed_n = (s.low if s.low == s.high else None for s in plan)  # kept exactly, not averaged
    central = [None if w is None else (fixed_m or w[:split], fixed_n or w[split:]) for w in found.central_weights]
    confidence = study.confidence(central, drawn, draws)
    alternatives = tuple(SmaaAlternative(name, found.acceptability[j], study.model_order(central[j]), confidence[j])
                         for j, name in enumerate(model.alternatives))
    indicators = model.indicators
    return SmaaResult(alternatives, tuple(i.name for i in indicators), tuple(i.group for i in indicators),
                      found.winning, plan, draws, seed, distribution, len(cells), len(sampled))


def _sampled(model: EvaluationModel, measured, draws: int) -> dict:
    """``{(i, j): values of the draws}`` by indicator and alternative position."""
    names = [ind.name for ind in model.indicators]
    found = {}
    for key, values in dict(measured or {}).items():
        try:
            indicator, alternative = key
        except (TypeError, ValueError):
            raise InputError(f"a measured sample is keyed by (indicator, alternative), not {key!r}") from None
        if indicator not in names or alternative not in model.alternatives:
            raise ModelError(f"a measured sample for {indicator!r} of {alternative!r}, which the evaluation has not")
        values = tuple(values)
        if len(values) < draws:
            raise InputError(f"the measured sample of {indicator!r} for {alternative!r} has {len(values)} values "
                             f"for {draws} draws")
        found[(names.index(indicator), model.alternatives.index(alternative))] = values
    return found


class _Study:
    """The partial benefits of every alternative split by group (monetary, non-monetary; each
    in model order), and how the ranged ones are drawn."""

    def __init__(self, model: EvaluationModel, result, cells: dict, distribution: str, sampled: dict):
        indicators = model.indicators
        self.monetary = [i for i, ind in enumerate(indicators) if ind.group == MONETARY]
        self.non_monetary = [i for i, ind in enumerate(indicators) if ind.group == NON_MONETARY]
        u = result.partial_benefits
        self.base_m = [[u[i][j] for i in self.monetary] for j in range(len(model.alternatives))]
        self.base_n = [[u[i][j] for i in self.non_monetary] for j in range(len(model.alternatives))]
        fast = [ValueFunction(i.worst, i.best, i.function, i.curvature).fast() for i in indicators]
        # (alternative, monetary?, position in the group, value function, (low, likely, high)),
        # in model order (indicator, then alternative), as rank_robustness draws them
        def cell(i, j, source):
            group = self.monetary if indicators[i].group == MONETARY else self.non_monetary
            return j, indicators[i].group == MONETARY, group.index(i), fast[i], source

        self.ranged = [cell(i, j, cells[(i, j)]) for i, j in sorted(cells)]
        # measured values of states with uncertain step times: draw k takes their k-th value
        self.sampled = [cell(i, j, sampled[(i, j)]) for i, j in sorted(sampled)]
        self.cells = self.ranged + self.sampled  # in the order each draw records its benefits
        self.uncertain = sorted({j for _, j in cells} | {j for _, j in sampled})
        self.distribution = distribution

    def value_draws(self, rng: random.Random, record):
        """Endless draws: ``(monetary rows, non-monetary rows)`` of partial benefits, one row per
        alternative (the same lists each time, the ranged cells drawn anew), each drawn benefit
        appended to ``record``."""
        um, un = [list(row) for row in self.base_m], [list(row) for row in self.base_n]
        # each cell as (its row, its place in the row, value function, its sampler): the rows
        # stay the same lists, so a draw only writes into them
        ranged = [((um if monetary else un)[j], k, u, _cell_sampler(rng, self.distribution, *bounds))
                  for j, monetary, k, u, bounds in self.ranged]
        sampled = [((um if monetary else un)[j], k, u, values) for j, monetary, k, u, values in self.sampled]
        append = record.append
        d = 0
        while True:
            for row, k, u, draw in ranged:
                row[k] = x = u(draw())
                append(x)
            for row, k, u, values in sampled:
                row[k] = x = u(values[d])
                append(x)
            d += 1
            yield um, un

    def model_order(self, weights) -> tuple[float, ...] | None:
        """A (monetary, non-monetary) pair of weight vectors as one vector in model order."""
        if weights is None:
            return None
        out = [0.0] * (len(self.monetary) + len(self.non_monetary))
        for slots, group in zip((self.monetary, self.non_monetary), weights):
            for i, x in zip(slots, group):
                out[i] = x
        return tuple(out)

    def confidence(self, central, drawn, draws: int) -> list[float | None]:
        """Per alternative with central weights, the share of the value draws (``drawn``: the
        ranged cells' benefits of every draw of the acceptability phase) in which it ranks first
        at them. At fixed weights G is linear in the benefits, so each ranged cell moves its
        alternative's G by (drawn - likely benefit) x weight; computed column by column."""
        n_alt = len(central)
        count = draws if self.cells else 1  # without ranges every draw is the same
        width = len(self.cells)
        # each cell's move away from its likely benefit in every draw (the same for every j)
        moves = []
        for c, (alt, monetary, pos, _, _) in enumerate(self.cells):
            u0 = (self.base_m if monetary else self.base_n)[alt][pos]
            moves.append([x - u0 for x in drawn[c::width]])
        found: list[float | None] = [None] * n_alt
        for j, weights in enumerate(central):
            if weights is None:
                continue
            wm, wn = weights
            gm = [sum(map(mul, a, wm)) for a in self.base_m]
            gn = [sum(map(mul, b, wn)) for b in self.base_n]
            rows = [[(a - 1.0) ** 2 + (b - 1.0) ** 2] * count for a, b in zip(gm, gn)]
            for k in self.uncertain:
                am, an = [gm[k]] * count, [gn[k]] * count
                for (alt, monetary, pos, _, _), move in zip(self.cells, moves):
                    if alt != k:
                        continue
                    if monetary:
                        am = list(map(add, am, map(mul, move, repeat(wm[pos]))))
                    else:
                        an = list(map(add, an, map(mul, move, repeat(wn[pos]))))
                rows[k] = [(a - 1.0) ** 2 + (b - 1.0) ** 2 for a, b in zip(am, an)]
            found[j] = _first_share(rows, j)
        return found


def analysis_smaa(analysis, **options) -> SmaaResult:
    """:func:`smaa` of an analysed value stream's evaluation (``options`` as there): measured
    values of states with uncertain step times drawn with their states
    (:func:`vsm_xl.core.measured_draws.measured_samples`, same seed and draws);
    :class:`NoDataError` when the value stream has no evaluation part."""
    model = require_model(analysis, "whose acceptabilities could be computed")
    if "measured" not in options:
        options["measured"] = measured_samples(
            analysis.value_stream, model, draws=options.get("draws", DEFAULT_DRAWS), seed=options.get("seed", 0),
            distribution=options.get("distribution", DEFAULT_DISTRIBUTION))
    return smaa(model, **options)
