import dataclasses
import itertools
import math

import pytest

from vsm_xl.core.ahp import ahp_weights
from vsm_xl.core.errors import InputError, ModelError, ValidationError
from vsm_xl.core.evaluation import evaluate
from vsm_xl.core.model import EvaluationModel, Indicator, PairwiseMatrix
from vsm_xl.core.pairwise import PairwiseWeights
from vsm_xl.core.sensitivity import rank_robustness, weight_stability, weight_stability_all

ALTERNATIVES = ("Current state", "Option A", "Option B", "Option C")


def two_way_model():
    """P is perfect on X and useless on Y, Q the reverse; both equal on the monetary M.
    With weight w on X: G_nm(P) = w, G_nm(Q) = 1 − w, so P is best exactly when w >= 1/2."""
    return EvaluationModel(("P", "Q"), (
        Indicator("X", "non-monetary", 0, 1, (1, 0)),
        Indicator("Y", "non-monetary", 0, 1, (0, 1)),
        Indicator("M", "monetary", 0, 1, (0.5, 0.5)),
    ), {"non-monetary": PairwiseMatrix(("X", "Y"), ((None, 1), (1, None)))})


# ---- weight stability --------------------------------------------------------------------


def test_two_way_model_interval_by_hand():
    """Equal weights tie P and Q; P (first) stays best for w_X in [1/2, 1]; below 1/2 Q wins.
    Y's weight is 1 − w_X, so its interval is [0, 1/2]. M alone in its group cannot move."""
    model = two_way_model()
    assert weight_stability(model, "non-monetary", "X") == (0.5, 1.0)
    assert weight_stability(model, "non-monetary", "Y") == (0.0, 0.5)
    assert weight_stability(model, "monetary", "M") == (1.0, 1.0)
    x, y, m = weight_stability_all(model)
    assert (x.best, x.below, x.above, x.weight) == ("P", "Q", None, 0.5)
    assert (y.below, y.above) == (None, "Q")
    assert (m.low, m.high, m.weight) == (1.0, 1.0, 1.0)


def test_ahp_weights_can_replace_the_pairwise_ones():
    """AHP 3:1 gives X 0.75: P is strictly best, the interval is still [1/2, 1]."""
    weights = {"non-monetary": ahp_weights([[1, 3], [None, 1]], ["X", "Y"])}
    (x, y, _) = weight_stability_all(two_way_model(), weights=weights)
    assert x.weight == pytest.approx(0.75)
    assert (x.low, x.high) == pytest.approx((0.5, 1.0), abs=1e-12)
    assert (y.low, y.high) == pytest.approx((0.0, 0.5), abs=1e-12)
    # Y over X 3:1 makes Q best, for w_X in [0, 1/2]
    weights = {"non-monetary": ahp_weights([[1, 1 / 3], [None, 1]], ["X", "Y"])}
    (x, _, _) = weight_stability_all(two_way_model(), weights=weights)
    assert (x.best, x.weight, x.above, x.below) == ("Q", pytest.approx(0.25), "P", None)
    assert (x.low, x.high) == pytest.approx((0.0, 0.5), abs=1e-12)


def test_claims_non_monetary_intervals_are_whole(claims_model):
    """METHOD.md 2.5, constructed worked example: Option C has the highest partial benefit on
    lead time, first-pass yield and flow degree and the highest G_monetary, so no non-monetary
    weighting can unseat it: every non-monetary interval is [0, 1]. Savings and process costs
    likewise (C is best on both, and at weight 0 still has the highest G_m: 0.65 and 0.611)."""
    found = {s.indicator: s for s in weight_stability_all(claims_model)}
    for name in ("Lead time", "First-pass yield", "Flow degree", "Annual savings", "Process costs"):
        assert (found[name].low, found[name].high) == (0.0, 1.0), name
        assert found[name].best == "Option C"
    assert found["Lead time"].weight == pytest.approx(2 / 3)


def test_claims_investment_interval_by_hand(claims_model):
    """Investment weight w, savings and process costs keep 1/3 : 1/2 = 0.4 : 0.6.
    By hand: G_m(C) = 0.846667 − 0.746667 w, G_m(A) = 0.55 + 0.09 w, G_nm 0.897215 and 0.799126;
    equal WBF where 0.549411 w² + 0.309978 w − 0.208774 = 0, w = 0.3958. At w = 1 only investment
    counts: WBF Current 0.769, A 0.412, B 0.323, C 0.906, so Option B is best there and Option A
    takes over first, at the upper end."""
    low, high = weight_stability(claims_model, "monetary", "Investment")
    assert low == 0.0
    assert high == pytest.approx(0.3958, abs=5e-5)
    (inv,) = [s for s in weight_stability_all(claims_model) if s.indicator == "Investment"]
    assert (inv.best, inv.below, inv.above) == ("Option C", None, "Option A")
    # independent check: bisection on WBFs built from METHOD.md's partial benefits
    nm = {"A": 0.7991259855, "C": 0.8972145033}

    def gap(w):  # WBF(C) − WBF(A)
        gc = 0.4 * 26 / 30 + 0.6 * 5 / 6 + w * (0.1 - (0.4 * 26 / 30 + 0.6 * 5 / 6))
        ga = 0.4 * 0.5 + 0.6 * 350 / 600 + w * (0.64 - (0.4 * 0.5 + 0.6 * 350 / 600))
        return math.hypot(gc - 1, nm["C"] - 1) - math.hypot(ga - 1, nm["A"] - 1)

    a, b = 0.0, 1.0
    for _ in range(60):
        mid = (a + b) / 2
        a, b = (mid, b) if gap(mid) < 0 else (a, mid)
    assert high == pytest.approx(a, abs=1e-9)


def _wbfs_at(model, group, indicator, w):
    """Independent scan: rebuild the group's weights at w (others in proportion), recompute G
    and WBF from evaluate's partial benefits."""
    result = evaluate(model)
    partial = dict(zip(result.indicators, result.partial_benefits))
    base = {name: result.weights[g].weight(name) for g in result.weights for name in result.weights[g].indicators}
    members = [i.name for i in model.group(group)]
    rest = sum(base[m] for m in members if m != indicator)
    weights = dict(base)
    for m in members:
        weights[m] = w if m == indicator else base[m] * (1 - w) / rest
    wbfs = []
    for j in range(len(model.alternatives)):
        g = {grp: sum(weights[i.name] * partial[i.name][j] for i in model.group(grp)) for grp in result.weights}
        wbfs.append(math.hypot(g["monetary"] - 1, g["non-monetary"] - 1))
    return wbfs


def _best_at(model, group, indicator, w):
    wbfs = _wbfs_at(model, group, indicator, w)
    return model.alternatives[wbfs.index(min(wbfs))]


def test_claims_only_investment_counts(claims_model):
    """Investment weight 1 (savings and process costs 0), by hand: G_m = u_investment = 1, 0.64,
    0.88, 0.1 with G_nm 0.2309, 0.7991, 0.7002, 0.8972 gives WBF 0.769, 0.412, 0.323, 0.906:
    Option B, the best on investment among the improved options, becomes best."""
    wbfs = _wbfs_at(claims_model, "monetary", "Investment", 1.0)
    assert [round(x, 3) for x in wbfs] == [0.769, 0.412, 0.323, 0.906]
    assert _best_at(claims_model, "monetary", "Investment", 1.0) == "Option B"


def test_claims_intervals_agree_with_a_scan(claims_model):
    """Inside every interval Option C is best at each of 201 grid points; 1e-6 beyond an
    inner end another alternative is best."""
    model = claims_model
    for s in weight_stability_all(model):
        for k in range(201):
            w = k / 200
            if s.low <= w <= s.high:
                assert _best_at(model, s.group, s.indicator, w) == "Option C", (s.indicator, w)
        if s.high < 1:
            assert _best_at(model, s.group, s.indicator, s.high + 1e-6) == s.above
        if s.low > 0:
            assert _best_at(model, s.group, s.indicator, s.low - 1e-6) == s.below


def test_weight_stability_errors(claims_model):
    with pytest.raises(ModelError, match="not a monetary indicator"):
        weight_stability(claims_model, "monetary", "Lead time")
    with pytest.raises(Exception, match="unknown indicator group"):
        weight_stability(claims_model, "financial", "Investment")
    broken = dataclasses.replace(claims_model, alternatives=claims_model.alternatives[:3])
    with pytest.raises(ValidationError):
        weight_stability(broken, "monetary", "Investment")
    with pytest.raises(ModelError, match="monetary weights"):
        weight_stability_all(claims_model, weights={"monetary": ahp_weights([[1, 2], [None, 1]], ["a", "b"])})


def test_all_weight_on_one_indicator_spreads_equally_when_given_away():
    """Weights X 1, Y 0, Z 0: the others have no proportions to keep, so when X gives weight away
    Y and Z share it equally. P: X 1, Y 0, Z 0; Q: X 0, Y 1, Z 0. By hand G(P) = w,
    G(Q) = (1 − w)·(1 + 0)/2, monetary equal: P best while w >= (1 − w)/2, i.e. w >= 1/3.
    With two indicators the 0/1/2 scheme itself gives weights 1 and 0: X's interval is [1/2, 1]."""
    model = EvaluationModel(("P", "Q"), (
        Indicator("X", "non-monetary", 0, 1, (1, 0)),
        Indicator("Y", "non-monetary", 0, 1, (0, 1)),
        Indicator("Z", "non-monetary", 0, 1, (0, 0)),
        Indicator("M", "monetary", 0, 1, (0.5, 0.5)),
    ), {"non-monetary": PairwiseMatrix(("X", "Y", "Z"), ((None, 2, 2), (0, None, 1), (0, 1, None)))})
    only_x = PairwiseWeights(("X", "Y", "Z"), (), (), (1.0, 0.0, 0.0), (1, 2, 2))
    low, high = weight_stability(model, "non-monetary", "X", weights={"non-monetary": only_x})
    assert (low, high) == (pytest.approx(1 / 3, abs=1e-12), 1.0)
    two = dataclasses.replace(two_way_model(), pairwise={
        "non-monetary": PairwiseMatrix(("X", "Y"), ((None, 2), (0, None)))})
    assert weight_stability(two, "non-monetary", "X") == (0.5, 1.0)
    assert weight_stability(two, "non-monetary", "Y") == (0.0, 0.5)


# ---- rank robustness --------------------------------------------------------------------


def test_no_ranges_reproduce_the_evaluation(claims_model):
    """METHOD.md 2.5: without ranges every rank is fixed and Option C is first in every draw."""
    r = rank_robustness(claims_model, {}, draws=50)
    expected = evaluate(claims_model)
    for alt, ref in zip(r.alternatives, expected.alternatives):
        assert alt.wbf_likely == pytest.approx(ref.wbf, abs=1e-15)
        assert alt.rank_likely == alt.rank_best == alt.rank_worst == ref.rank
    assert r.alternative("Option C").first_share == 1.0
    assert r.alternative("Option A").first_count == 0
    assert r.best_likely == "Option C" and r.draws == 50 and r.seed == 0


A_RANGES = {("Lead time", "Option A"): (3, 9, 30), ("Annual savings", "Option A"): (150000, 150000, 300000)}


def test_claims_ranges_on_option_a_by_hand(claims_model):
    """Option A's lead time 3–30 days and savings 150000–300000 EUR. By hand, favourable corner
    (3 days, 300000): G_nm = 2/3 + (0.8252 + 0.8585)/6 = 0.9473, G_m = 0.64/6 + 1/3 + 0.5833/2 =
    0.7317, WBF 0.2735 < C's 0.2962, so A can rank 1. Unfavourable (30 days, 150000): G_nm =
    0.2806, G_m = 0.565, WBF 0.8407, between B (0.6220) and Current (1.0742): rank 3."""
    r = rank_robustness(claims_model, A_RANGES, draws=300, seed=1)
    a = r.alternative("Option A")
    assert round(a.wbf_best, 4) == 0.2735
    assert round(a.wbf_worst, 4) == 0.8407
    assert round(a.wbf_likely, 4) == 0.4791
    assert (a.rank_best, a.rank_likely, a.rank_worst) == (1, 2, 3)
    ranges = {alt.name: (alt.rank_best, alt.rank_worst) for alt in r.alternatives}
    assert ranges == {"Current state": (4, 4), "Option A": (1, 3), "Option B": (2, 3), "Option C": (1, 2)}
    assert r.alternative("Option B").first_count == r.alternative("Current state").first_count == 0
    assert sum(alt.first_count for alt in r.alternatives) >= r.draws


def test_rank_ranges_agree_with_brute_force_over_all_corners(claims_model):
    """Independent check: evaluate() on every combination of low / likely / high of the ranged
    values (27 models); the observed rank extremes equal the reported ranges."""
    ranges = dict(A_RANGES)
    ranges[("Investment", "Option C")] = (300000, 450000, 500000)
    r = rank_robustness(claims_model, ranges, draws=0)
    keys = list(ranges)
    seen = {name: [] for name in ALTERNATIVES}
    index = {i.name: k for k, i in enumerate(claims_model.indicators)}
    for combo in itertools.product(range(3), repeat=len(keys)):
        indicators = list(claims_model.indicators)
        for (name, alternative), pick in zip(keys, combo):
            k, j = index[name], ALTERNATIVES.index(alternative)
            values = list(indicators[k].values)
            values[j] = ranges[(name, alternative)][pick]
            indicators[k] = dataclasses.replace(indicators[k], values=tuple(values))
        result = evaluate(dataclasses.replace(claims_model, indicators=tuple(indicators)))
        for alt in result.alternatives:
            seen[alt.name].append(alt.rank)
    for alt in r.alternatives:
        assert (alt.rank_best, alt.rank_worst) == (min(seen[alt.name]), max(seen[alt.name])), alt.name
        assert alt.wbf_best <= alt.wbf_likely <= alt.wbf_worst


def test_share_first_matches_the_triangular_probability():
    """P's X ~ triangular(0, mode 0.25, 1) against Q's fixed 0.5, everything else equal: P is first
    when X >= 0.5, probability (1 − 0.5)² / ((1 − 0)(1 − 0.25)) = 1/3 (the triangular CDF).
    4000 seeded draws: standard error 0.0075, tolerance 0.03."""
    model = EvaluationModel(("P", "Q"), (
        Indicator("X", "non-monetary", 0, 1, (0.25, 0.5)),
        Indicator("M", "monetary", 0, 1, (0.5, 0.5)),
    ))
    r = rank_robustness(model, {("X", "P"): (0, 0.25, 1)}, draws=4000, seed=3)
    p, q = r.alternative("P"), r.alternative("Q")
    assert p.first_share == pytest.approx(1 / 3, abs=0.03)
    assert p.first_count + q.first_count == 4000
    assert (p.rank_best, p.rank_worst, q.rank_best, q.rank_worst) == (1, 2, 1, 2)
    assert r.best_likely == "Q"


def test_same_seed_same_result_whatever_the_range_order(claims_model):
    ranges = dict(A_RANGES)
    ranges[("Investment", "Option C")] = (300000, 450000, 500000)
    first = rank_robustness(claims_model, ranges, draws=200, seed=5)
    reordered = dict(reversed(list(ranges.items())))
    assert rank_robustness(claims_model, reordered, draws=200, seed=5) == first
    assert rank_robustness(claims_model, ranges, draws=0).alternative("Option C").first_share == 0.0


@pytest.mark.parametrize("ranges, error, words", [
    ({("Speed", "Option A"): (1, 2, 3)}, ModelError, "unknown indicator 'Speed'"),
    ({("Lead time", "Option Z"): (1, 2, 3)}, ModelError, "unknown alternative 'Option Z'"),
    ({("Lead time", "Option A"): (9, 3, 30)}, InputError, "low <= likely <= high"),
    ({("Lead time", "Option A"): (3, 9)}, InputError, "low, likely, high"),
    ({("Lead time", "Option A"): (3, "9", 30)}, InputError, "numbers"),
    ({"Lead time": (3, 9, 30)}, InputError, "keyed by"),
])
def test_bad_ranges(claims_model, ranges, error, words):
    with pytest.raises(error, match=words):
        rank_robustness(claims_model, ranges)


@pytest.mark.parametrize("draws", [-1, 2.5, True])
def test_bad_draw_counts(claims_model, draws):
    with pytest.raises(InputError, match="draws"):
        rank_robustness(claims_model, {}, draws=draws)
