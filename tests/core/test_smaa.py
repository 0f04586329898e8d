"""SMAA-2 on the WBF (core.smaa) against independent figures: closed forms worked by hand,
a brute-force computation over a fine weight grid (exact enumeration of the weight space of
2-3 criteria), the triangular distribution's own CDF, and rank_robustness's draws.

No published SMAA example with figures was reachable while writing these tests (the R package
`smaa` documents its functions on random data), so none is reproduced here.

Tolerances are sampling errors: a share p estimated from N draws has standard error
sqrt(p (1 - p) / N); a central weight's is the spread of the weight over the region where the
alternative ranks first divided by sqrt(N b^1). The tests allow 4.5 standard errors plus the
grid's own error (0.001; against grids three times finer the grids here differ by less than
2e-4 in every share and central weight); the runs are seeded, so each test is deterministic.
"""
import math
import random

import pytest

from vsm_xl.core.analysis import analyze
from vsm_xl.core.errors import InputError, ModelError, NoDataError
from vsm_xl.core.model import EvaluationModel, Indicator, PairwiseMatrix, ValueStream
from vsm_xl.core.sensitivity import rank_robustness
from vsm_xl.core.smaa import analysis_smaa, smaa, uniform_simplex, weight_sampling
from tests.core.conftest import EXAMPLES

N = 20000  # draws of the statistical tests
GRID = 0.001  # the grids' own error (below 2e-4 against grids three times finer)


def study(alternatives, monetary, non_monetary, ranges=None):
    """A model whose values are the partial benefits themselves (linear, worst 0, best 1):
    ``monetary`` / ``non_monetary`` are one row per alternative with one benefit per indicator;
    ``ranges`` maps (indicator name, alternative) to (low, likely, high) benefits."""
    indicators = []
    for group, rows, prefix in (("monetary", monetary, "m"), ("non-monetary", non_monetary, "n")):
        for k in range(len(rows[0])):
            name = f"{prefix}{k + 1}"
            triples = tuple((ranges or {}).get((name, alt)) for alt in alternatives)
            indicators.append(Indicator(name, group, 0.0, 1.0, tuple(float(r[k]) for r in rows),
                                        ranges=triples if any(triples) else ()))
    pairwise = {}
    for group in ("monetary", "non-monetary"):
        names = tuple(i.name for i in indicators if i.group == group)
        if len(names) > 1:  # everything equally important; SMAA draws the weights anyway
            pairwise[group] = PairwiseMatrix(names, tuple(tuple(None if a == b else 1 for b in names) for a in names))
    return EvaluationModel(tuple(alternatives), tuple(indicators), pairwise)


def se(p, n=N):
    return math.sqrt(max(p * (1 - p), 0.0) / n)


# ---- brute force ------------------------------------------------------------------------


def simplex_grid(n, k):
    """Equal-weight points of the simplex of dimension n (2 or 3): the midpoints of k equal
    segments, or the centroids of the k² equal triangles of a triangle."""
    if n == 1:
        return [(1.0,)]
    if n == 2:
        return [((i + 0.5) / k, 1 - (i + 0.5) / k) for i in range(k)]
    points = []
    for i in range(k):
        for j in range(k - i):
            a, b = (i + 1 / 3) / k, (j + 1 / 3) / k
            points.append((a, b, 1 - a - b))
            if i + j <= k - 2:
                a, b = (i + 2 / 3) / k, (j + 2 / 3) / k
                points.append((a, b, 1 - a - b))
    return points


def brute_force(monetary, non_monetary, grid_m, grid_n, box=None):
    """Exact enumeration of the weight space (the product of the two groups' grids, filtered by
    ``box``: {group: (lows, highs)}): rank acceptabilities, central weights (with the spread of
    each weight over the first-rank region) and the winning matrix, every point weighing the same."""
    m = len(monetary)
    inside = []
    for wm in grid_m:
        for wn in grid_n:
            ok = True
            for w, group in ((wm, "m"), (wn, "n")):
                if box and group in box:
                    lows, highs = box[group]
                    ok = ok and all(lo - 1e-12 <= x <= hi + 1e-12 for x, lo, hi in zip(w, lows, highs))
            if ok:
                inside.append(wm + wn)
    accept = [[0.0] * m for _ in range(m)]
    wins = [[0.0] * m for _ in range(m)]
    first = [[] for _ in range(m)]
    km = len(grid_m[0])
    for w in inside:
        d = []
        for j in range(m):
            gm = sum(u * x for u, x in zip(monetary[j], w[:km]))
            gn = sum(u * x for u, x in zip(non_monetary[j], w[km:]))
            d.append(math.hypot(gm - 1, gn - 1))
        order = sorted(range(m), key=d.__getitem__)
        for r, j in enumerate(order):
            accept[j][r] += 1
            for b in order[r + 1:]:
                wins[j][b] += 1
        first[order[0]].append(w)
    total = len(inside)
    central, spread = [], []
    for j in range(m):
        if first[j]:
            mean = [sum(w[i] for w in first[j]) / len(first[j]) for i in range(len(inside[0]))]
            sd = [math.sqrt(sum((w[i] - mean[i]) ** 2 for w in first[j]) / len(first[j])) for i in range(len(mean))]
        else:
            mean = sd = None
        central.append(mean)
        spread.append(sd)
    return ([[a / total for a in row] for row in accept], central, spread,
            [[x / total for x in row] for row in wins])


def assert_matches(found, expected):
    accept, central, spread, wins = expected
    for j, alt in enumerate(found.alternatives):
        for r, b in enumerate(alt.acceptability):
            assert abs(b - accept[j][r]) <= 4.5 * se(accept[j][r]) + GRID, (alt.name, r + 1, b, accept[j][r])
        if accept[j][0] > 0.01:
            share = accept[j][0]
            for i, w in enumerate(alt.central_weights):
                tol = 4.5 * spread[j][i] / math.sqrt(N * share) + GRID
                assert abs(w - central[j][i]) <= tol, (alt.name, found.indicators[i], w, central[j][i])
        for k, c in enumerate(found.winning[j]):
            if k != j:
                assert abs(c - wins[j][k]) <= 4.5 * se(wins[j][k]) + GRID, (alt.name, k, c, wins[j][k])


MON4 = [(0.4,), (0.5,), (0.45,), (0.55,)]
NON4 = [(0.9, 0.1, 0.4), (0.3, 0.8, 0.5), (0.6, 0.6, 0.3), (0.1, 0.3, 0.9)]


def test_acceptabilities_central_weights_and_winning_equal_a_weight_grid_over_three_criteria():
    """Four alternatives, three non-monetary criteria (the 2-simplex enumerated on 40,000
    centroids), one monetary indicator that differs between them."""
    names = ("A", "B", "C", "D")
    found = smaa(study(names, MON4, NON4), draws=N, seed=11)
    assert found.sampling[1].mode == "simplex" and found.sampling[0].mode == "fixed"
    expected = brute_force(MON4, NON4, simplex_grid(1, 1), simplex_grid(3, 200))
    assert min(expected[0][j][0] for j in range(4)) > 0.02  # every alternative can win: a real test
    assert_matches(found, expected)


def test_two_criteria_in_each_group_equal_a_grid_over_the_square():
    monetary = [(0.9, 0.2), (0.4, 0.7), (0.6, 0.5)]
    non_monetary = [(0.3, 0.6), (0.8, 0.3), (0.5, 0.55)]
    found = smaa(study(("A", "B", "C"), monetary, non_monetary), draws=N, seed=5)
    expected = brute_force(monetary, non_monetary, simplex_grid(2, 300), simplex_grid(2, 300))
    assert min(expected[0][j][0] for j in range(3)) > 0.05
    assert_matches(found, expected)


def test_bounded_weights_equal_the_grid_inside_the_box():
    """User bounds on the non-monetary weights: the draws are uniform on the part of the simplex
    inside the box (the brute force keeps only the grid points inside it)."""
    bounds = {"n1": (0.1, 0.5), "n2": (0.2, 0.6), "n3": (0.0, 0.35)}
    found = smaa(study(("A", "B", "C", "D"), MON4, NON4), draws=N, seed=2, sampling={"non-monetary": bounds})
    plan = found.sampling[1]
    assert plan.mode == "bounds" and plan.low == (0.1, 0.2, 0.0) and plan.high == (0.5, 0.6, 0.35)
    lows, highs = plan.low, plan.high
    expected = brute_force(MON4, NON4, simplex_grid(1, 1), simplex_grid(3, 300), box={"n": (lows, highs)})
    assert_matches(found, expected)
    for alt in found.alternatives:
        if alt.central_weights is not None:
            assert all(lo <= w <= hi for w, lo, hi in zip(alt.central_weights[1:], lows, highs))


# ---- worked by hand --------------------------------------------------------------------


def test_three_alternatives_on_two_criteria_by_hand():
    """G_nm of A = w, of B = 1 - w, of C = 0.6 (w the weight of n1; G_m equal): B, C, A for
    w < 0.4; C, B, A up to 0.5; C, A, B up to 0.6; A, C, B beyond. So b_A = b_B = (0.4, 0.1,
    0.5), b_C = (0.2, 0.8, 0); A ranks first on w in (0.6, 1): central weights (0.8, 0.2);
    C on (0.4, 0.6): (0.5, 0.5); B on (0, 0.4): (0.2, 0.8)."""
    found = smaa(study(("A", "B", "C"), [(0.5,)] * 3, [(1, 0), (0, 1), (0.6, 0.6)]), draws=N, seed=3)
    expected = {"A": (0.4, 0.1, 0.5), "B": (0.4, 0.1, 0.5), "C": (0.2, 0.8, 0.0)}
    centre = {"A": 0.8, "B": 0.2, "C": 0.5}
    spread = {"A": 0.4, "B": 0.4, "C": 0.2}  # the length of the first-rank interval
    for name, shares in expected.items():
        alt = found.alternative(name)
        for b, p in zip(alt.acceptability, shares):
            assert abs(b - p) <= 4.5 * se(p) + 1e-12
        tol = 4.5 * spread[name] / math.sqrt(12) / math.sqrt(N * shares[0])
        assert abs(found.central_weight(name, "n1") - centre[name]) <= tol
        assert found.central_weight(name, "m1") == 1.0
        assert abs(found.central_weight(name, "n1") + found.central_weight(name, "n2") - 1) < 1e-12
        assert alt.confidence == 1.0  # no ranges: at its central weights it is first, for sure
    for a, b, p in (("A", "B", 0.5), ("A", "C", 0.4), ("B", "C", 0.4)):
        assert abs(found.wins(a, b) - p) <= 4.5 * se(p)
        assert abs(found.wins(a, b) + found.wins(b, a) - 1) < 1e-12


def test_a_dominating_alternative_ranks_first_always_with_confidence_one():
    """D is at least as good as every other on every indicator (and better on one): b^1 = 1 in
    every draw, of weights and of values (its range stays above the others), confidence 1; its
    central weights are the mean of the uniform simplex, 1/n each."""
    monetary = [(0.2, 0.3), (0.4, 0.1), (0.5, 0.5)]
    non = [(0.3, 0.2, 0.1), (0.1, 0.5, 0.2), (0.6, 0.7, 0.9)]
    model = study(("A", "B", "D"), monetary, non, ranges={("n1", "D"): (0.55, 0.6, 0.9)})
    found = smaa(model, draws=N, seed=4)
    d = found.alternative("D")
    assert d.acceptability[0] == 1.0 and d.confidence == 1.0
    assert found.wins("D", "A") == 1.0 and found.wins("D", "B") == 1.0
    for name, n, tol in (("m1", 2, 0.289), ("n1", 3, 0.236)):  # sd of a uniform simplex coordinate
        assert abs(found.central_weight("D", name) - 1 / n) <= 4.5 * tol / math.sqrt(N)
    assert found.alternative("A").central_weights is None and found.alternative("A").confidence is None


def test_two_symmetric_alternatives_split_half_and_half():
    """A = (1, 0), B = (0, 1) in both groups: A is better exactly when it weighs its own
    criteria more; by symmetry b^1 = b^2 = 1/2, and A's central weights are (3/4, 1/4)
    in each group (the mean of w over the half where A wins)."""
    found = smaa(study(("A", "B"), [(1, 0), (0, 1)], [(1, 0), (0, 1)]), draws=N, seed=6)
    for name in ("A", "B"):
        alt = found.alternative(name)
        assert abs(alt.acceptability[0] - 0.5) <= 4.5 * se(0.5)
        assert abs(sum(alt.acceptability) - 1) < 1e-12
    # A wins when (1 - wm)² + (1 - wn)² < wm² + wn², i.e. wm + wn > 1: centroid of that triangle 2/3
    assert abs(found.central_weight("A", "m1") - 2 / 3) <= 0.01
    assert abs(found.central_weight("B", "m1") - 1 / 3) <= 0.01
    assert abs(found.central_weight("A", "m1") - found.central_weight("A", "n1")) <= 0.01
    assert found.alternative("A").confidence == 1.0


def test_identical_alternatives_share_their_ranks_exactly():
    """Two alternatives with the same values tie in every draw: each gets half of ranks 1 and 2,
    half of every win against the other and a confidence of 1/2."""
    found = smaa(study(("A", "B", "C"), [(0.7, 0.2), (0.7, 0.2), (0.1, 0.1)], [(0.6,), (0.6,), (0.2,)]),
                 draws=300, seed=1)
    for name in ("A", "B"):
        alt = found.alternative(name)
        assert alt.acceptability == (0.5, 0.5, 0.0) and alt.confidence == 0.5
    assert found.alternative("C").acceptability == (0.0, 0.0, 1.0)
    assert found.wins("A", "B") == found.wins("B", "A") == 0.5 and found.wins("A", "C") == 1.0


# ---- uncertain values ---------------------------------------------------------------------


def test_a_ranged_value_gives_the_triangular_probability():
    """One indicator per group (weights 1): A's non-monetary benefit triangular (0, 0.5, 1), B's
    0.7, equal monetary: A is first when its draw exceeds 0.7, P = 0.3² / (1 · 0.5) = 0.18, at
    its central weights too (its confidence)."""
    model = study(("A", "B"), [(0.5,), (0.5,)], [(0.5,), (0.7,)], ranges={("n1", "A"): (0.0, 0.5, 1.0)})
    found = smaa(model, draws=N, seed=8)
    a, b = found.alternative("A"), found.alternative("B")
    assert found.ranges == 1
    assert abs(a.first_share - 0.18) <= 4.5 * se(0.18)
    assert a.confidence == a.first_share and b.confidence == b.first_share  # fixed weights: the same draws
    pert = smaa(model, draws=N, seed=8, distribution="pert")  # Beta(3, 3) on [0, 1]: P(X > 0.7) = 0.16308
    assert abs(pert.alternative("A").first_share - 0.16308) <= 4.5 * se(0.16308)


def test_with_fixed_weights_the_first_rank_share_is_rank_robustness_p_best(claims_model):
    """Fixed weights, the claims example's ranges: the value draws are rank_robustness's own
    (same seed, same order), so b^1 equals its first-rank share draw for draw."""
    ranges = {("Lead time", "Option A"): (3, 9, 30), ("Lead time", "Option C"): (3, 6, 30),
              ("Process costs", "Option C"): (600000, 700000, 1100000)}
    for distribution in ("triangular", "pert"):
        robust = rank_robustness(claims_model, ranges, draws=700, seed=9, distribution=distribution)
        found = smaa(claims_model, draws=700, seed=9, distribution=distribution, ranges=ranges,
                     sampling={"monetary": "fixed", "non-monetary": "fixed"})
        for alt in robust.alternatives:
            assert found.alternative(alt.name).first_share == pytest.approx(alt.first_share, abs=1e-12)
        assert 0 < found.alternative("Option A").first_share < 1


# ---- the sampler, the plan, reproducibility and errors --------------------------------------


def test_uniform_simplex_has_the_dirichlet_marginals():
    """A coordinate of the uniform 3-simplex is Beta(1, 2): P(w <= x) = 1 - (1 - x)²."""
    rng = random.Random(1)
    points = [uniform_simplex(rng, 3) for _ in range(N)]
    assert all(abs(sum(p) - 1) < 1e-12 and min(p) >= 0 for p in points)
    for k in range(3):
        for x in (0.1, 0.3, 0.6):
            p = 1 - (1 - x) ** 2
            share = sum(1 for q in points if q[k] <= x) / N
            assert abs(share - p) <= 4.5 * se(p)
    assert uniform_simplex(rng, 1) == [1.0]


def team_model():
    from vsm_xl.io.yaml_io import read_yaml

    return read_yaml(EXAMPLES / "claims_handling_team.yaml").evaluation


def test_auto_sampling_takes_the_team_range_where_a_team_judged():
    model = team_model()
    plan = weight_sampling(model)
    monetary, non = plan
    assert monetary.mode == "team" and non.mode == "simplex"
    # Anna 1/6, 1/3, 1/2; Ben 0, 1/2, 1/2; Chris 1/2, 1/6, 1/3 (examples/claims_handling_team.yaml)
    assert monetary.low == pytest.approx((0, 1 / 6, 1 / 3)) and monetary.high == pytest.approx((0.5, 0.5, 0.5))
    found = smaa(model, draws=500, seed=0)
    for alt in found.alternatives:
        if alt.central_weights is not None:
            assert all(lo - 1e-12 <= w <= hi + 1e-12
                       for w, lo, hi in zip(alt.central_weights[3:], monetary.low, monetary.high))
    fixed = weight_sampling(model, {"monetary": "fixed"})[0]
    assert fixed.mode == "fixed" and fixed.low == fixed.high and sum(fixed.low) == pytest.approx(1)


def test_seeded_and_reproducible_with_sums_of_one():
    model = study(("A", "B", "C", "D"), MON4, NON4, ranges={("n2", "C"): (0.3, 0.6, 0.9)})
    first, again, other = (smaa(model, draws=400, seed=s) for s in (7, 7, 8))
    assert first == again and first != other
    done: list = []
    assert smaa(model, draws=400, seed=7, progress=done.append) == first and done == list(range(4, 401, 4))
    m = len(first.alternatives)
    for j, alt in enumerate(first.alternatives):
        assert sum(alt.acceptability) == pytest.approx(1, abs=1e-12)
        assert sum(first.alternatives[k].acceptability[j] for k in range(m)) == pytest.approx(1, abs=1e-12)
        for k in range(m):
            if k != j:
                assert first.winning[j][k] + first.winning[k][j] == pytest.approx(1, abs=1e-12)
        assert first.winning[j][j] is None


def test_errors_say_what_is_wrong(claims_model):
    with pytest.raises(ModelError, match="not judged by a team"):
        smaa(claims_model, draws=10, sampling={"monetary": "team"})
    with pytest.raises(ModelError, match="sum to 1"):
        smaa(claims_model, draws=10, sampling={"monetary": {"Investment": (0.6, 1), "Process costs": (0.5, 1)}})
    with pytest.raises(ModelError, match="no monetary indicator"):
        smaa(claims_model, draws=10, sampling={"monetary": {"Lead time": (0, 1)}})
    with pytest.raises(InputError, match="unknown weight sampling"):
        smaa(claims_model, draws=10, sampling={"monetary": "dirichlet"})
    with pytest.raises(InputError, match="at least one draw"):
        smaa(claims_model, draws=0)
    with pytest.raises(NoDataError, match="Indicators sheet"):
        analysis_smaa(analyze(ValueStream(name="No evaluation")))


def test_the_unrolled_whole_simplex_draws_the_same_numbers_as_uniform_simplex():
    from vsm_xl.core.smaa import _whole_simplex

    for n in (2, 3, 4):
        reference, fast = random.Random(7), random.Random(7)
        draw = _whole_simplex(fast, n)
        assert all(draw() == uniform_simplex(reference, n) for _ in range(500))


@pytest.mark.parametrize("distribution", ["triangular", "pert"])
def test_the_per_cell_sampler_draws_what_random_triangular_does(distribution):
    """core.sensitivity._cell_sampler spells out random.Random.triangular with its share computed
    once: the very same numbers, ends and degenerate ranges included."""
    from vsm_xl.core.sensitivity import _cell_sampler, _sampler

    pick = random.Random(1)
    cases = [(0.0, 0.0, 0.0), (1.0, 1.0, 1.0), (0.0, 0.0, 1.0), (0.0, 1.0, 1.0), (3.0, 9.0, 30.0)]
    cases += [tuple(sorted(pick.uniform(-5, 50) for _ in range(3))) for _ in range(100)]
    for bounds in cases:
        reference, fast = random.Random(5), random.Random(5)
        draw, cell = _sampler(reference, distribution), _cell_sampler(fast, distribution, *bounds)
        assert [draw(*bounds) for _ in range(100)] == [cell() for _ in range(100)], bounds
