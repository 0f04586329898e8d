"""Sensitivity as the front ends use it: weight intervals against a brute-force scan, and the
seeded simulation (triangular and Beta-PERT draws, WBF percentiles, probability of ranking first)
against closed-form distributions."""
import dataclasses
import math
import random

import pytest

from vsm_xl.core.errors import InputError
from vsm_xl.core.evaluation import evaluate
from vsm_xl.core.model import EvaluationModel, Indicator
from vsm_xl.core.sensitivity import model_ranges, quantile, rank_robustness, sensitivity

SCAN_STEP = 5e-5  # 20,001 grid points per weight: ends found to within 5e-5


def _scan(model, group, indicator):
    """Brute force: move the weight over a fine grid (the others in proportion), recompute every
    G and WBF from the partial benefits, and return the interval of grid points around the
    current weight where the best alternative is still best, and who wins just outside it."""
    result = evaluate(model)
    partial = dict(zip(result.indicators, result.partial_benefits))
    base = {n: result.weights[g].weight(n) for g in result.weights for n in result.weights[g].indicators}
    members = [i.name for i in model.group(group)]
    rest = sum(base[m] for m in members if m != indicator)
    best = result.best
    names = model.alternatives

    def winner(w):
        weights = dict(base)
        for m in members:
            weights[m] = w if m == indicator else base[m] * (1 - w) / rest
        wbfs = []
        for j in range(len(names)):
            gm = sum(weights[i.name] * partial[i.name][j] for i in model.group("monetary"))
            gn = sum(weights[i.name] * partial[i.name][j] for i in model.group("non-monetary"))
            wbfs.append(math.hypot(gm - 1, gn - 1))
        return names[wbfs.index(min(wbfs))]

    steps = round(1 / SCAN_STEP)
    start = round(base[indicator] / SCAN_STEP)
    lo = start
    while lo > 0 and winner((lo - 1) * SCAN_STEP) == best:
        lo -= 1
    hi = start
    while hi < steps and winner((hi + 1) * SCAN_STEP) == best:
        hi += 1
    below = winner((lo - 1) * SCAN_STEP) if lo > 0 else None
    above = winner((hi + 1) * SCAN_STEP) if hi < steps else None
    return lo * SCAN_STEP, hi * SCAN_STEP, below, above


def test_claims_intervals_match_a_brute_force_scan_to_1e_4(claims_model):
    """METHOD.md 2.5 claims example: every weight's interval and the alternatives taking over at
    its ends agree with a 20,001-point scan; the ends to within 1e-4 (the scan's step is 5e-5)."""
    found = sensitivity(claims_model, draws=0)
    worst = 0.0
    for s in found.weights:
        if len(claims_model.group(s.group)) == 1:
            continue
        low, high, below, above = _scan(claims_model, s.group, s.indicator)
        worst = max(worst, abs(s.low - low), abs(s.high - high))
        assert s.low == pytest.approx(low, abs=1e-4), s.indicator
        assert s.high == pytest.approx(high, abs=1e-4), s.indicator
        assert (s.below, s.above) == (below, above), s.indicator
    assert worst < 1e-4
    investment = next(s for s in found.weights if s.indicator == "Investment")
    assert investment.high == pytest.approx(0.3958, abs=1e-4) and investment.above == "Option A"


def _one_range_model():
    """P's X is uncertain; Q's X is 0.5; the monetary M is 0.5 for both. With the linear value
    function on [0, 1], WBF(P) = hypot(0.5, 1 − x), falling as x rises."""
    return EvaluationModel(("P", "Q"), (
        Indicator("X", "non-monetary", 0, 1, (0.25, 0.5)),
        Indicator("M", "monetary", 0, 1, (0.5, 0.5)),
    ))


def _triangular_quantile(p, a, c, b):
    """Inverse CDF of the triangular distribution (low a, mode c, high b)."""
    if p <= (c - a) / (b - a):
        return a + math.sqrt(p * (b - a) * (c - a))
    return b - math.sqrt((1 - p) * (b - a) * (b - c))


def test_wbf_percentiles_follow_the_triangular_quantiles():
    """X ~ triangular(0, 0.25, 1): its P5, median and P95 are 0.1118, 0.2929, 0.7764 (inverse
    CDF); the WBF falls with x, so WBF P5 = WBF at x's P95 and so on. 20,000 draws: quantile
    standard errors below 0.006 in x, tolerance 0.015."""
    r = rank_robustness(_one_range_model(), {("X", "P"): (0, 0.25, 1)}, draws=20000, seed=11)
    p = r.alternative("P")
    for got, q in ((p.wbf_p5, 0.95), (p.wbf_median, 0.5), (p.wbf_p95, 0.05)):
        assert got == pytest.approx(math.hypot(0.5, 1 - _triangular_quantile(q, 0, 0.25, 1)), abs=0.015)
    q = r.alternative("Q")  # no range: every draw gives its one WBF
    assert q.wbf_p5 == q.wbf_median == q.wbf_p95 == pytest.approx(math.hypot(0.5, 0.5))
    assert p.wbf_p5 <= p.wbf_median <= p.wbf_p95


def _beta_2_4_cdf(x):
    """I_x(2, 4) = P(Binomial(5, x) >= 2) (integer shape parameters)."""
    return 1 - (1 - x) ** 5 - 5 * x * (1 - x) ** 4


def test_pert_draws_have_the_pert_probability_and_median():
    """Beta-PERT(0, 0.25, 1) is Beta(2, 4) (alpha = 1 + 4·0.25, beta = 1 + 4·0.75), mean
    (0 + 4·0.25 + 1)/6 = 1/3. P is first when x >= 0.5: probability 1 − I_0.5(2, 4) = 6/32 =
    0.1875. Its median solves I_x(2, 4) = 1/2 (bisection: 0.3138). 20,000 draws."""
    r = rank_robustness(_one_range_model(), {("X", "P"): (0, 0.25, 1)}, draws=20000, seed=2,
                        distribution="pert")
    assert r.distribution == "pert" and r.ranges == 1
    assert r.alternative("P").first_share == pytest.approx(0.1875, abs=0.012)
    a, b = 0.0, 1.0
    for _ in range(60):
        a, b = ((a + b) / 2, b) if _beta_2_4_cdf((a + b) / 2) < 0.5 else (a, (a + b) / 2)
    assert a == pytest.approx(0.3138, abs=1e-4)
    assert r.alternative("P").wbf_median == pytest.approx(math.hypot(0.5, 1 - a), abs=0.01)


def test_simulation_is_reproducible_with_its_seed(claims_model):
    ranges = {("Lead time", "Option A"): (3, 9, 30), ("Investment", "Option C"): (300000, 450000, 500000)}
    for distribution in ("triangular", "pert"):
        first = sensitivity(claims_model, draws=500, seed=42, ranges=ranges, distribution=distribution)
        again = sensitivity(claims_model, draws=500, seed=42, ranges=ranges, distribution=distribution)
        other = sensitivity(claims_model, draws=500, seed=43, ranges=ranges, distribution=distribution)
        assert first == again
        assert first.robustness != other.robustness
        shares = sum(a.first_share for a in first.robustness.alternatives)
        assert shares == pytest.approx(1.0)  # no ties with continuous draws


def test_ranges_come_from_the_indicators(claims_model):
    """An indicator's ``ranges`` (one (low, likely, high) or None per alternative) are what the
    simulation draws from when no ranges are given."""
    lead = claims_model.indicators[0]
    try:
        ranged = dataclasses.replace(lead, ranges=(None, (3, 9, 30), None, None))
    except TypeError:
        pytest.skip("Indicator has no ranges field on this branch")
    model = dataclasses.replace(claims_model, indicators=(ranged,) + claims_model.indicators[1:])
    assert model_ranges(model) == {("Lead time", "Option A"): (3, 9, 30)}
    assert sensitivity(model, draws=10).robustness.ranges == 1


def test_progress_is_reported_and_bad_arguments_refused(claims_model):
    seen = []
    rank_robustness(claims_model, {("Lead time", "Option A"): (3, 9, 30)}, draws=1000, progress=seen.append)
    assert seen[-1] == 1000 and len(seen) == 100 and seen == sorted(seen)
    with pytest.raises(InputError, match="unknown distribution 'normal'"):
        sensitivity(claims_model, distribution="normal")
    with pytest.raises(InputError, match="draws"):
        sensitivity(claims_model, draws=-5)


def test_quantile_is_numpys_linear_rule():
    """numpy.percentile([1, 2, 3, 4], [5, 50, 95]) = 1.15, 2.5, 3.85 (type 7)."""
    assert [quantile([1, 2, 3, 4], q) for q in (0.05, 0.5, 0.95)] == pytest.approx([1.15, 2.5, 3.85])
    assert quantile([7.0], 0.95) == 7.0
    values = sorted(random.Random(0).random() for _ in range(101))
    assert quantile(values, 0.5) == values[50]
