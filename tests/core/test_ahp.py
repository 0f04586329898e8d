import random

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vsm_xl.core.ahp import snap_judgment, RANDOM_INDEX, ahp_weights, complete_reciprocal, principal_eigenvector
from vsm_xl.core.errors import PairwiseError


def numpy_reference(matrix):
    """The independent reference: numpy's eigen-decomposition, principal eigenvector normalised."""
    a = np.array(matrix, dtype=float)
    values, vectors = np.linalg.eig(a)
    k = int(np.argmax(values.real))
    vector = np.abs(vectors[:, k].real)
    return vector / vector.sum(), values[k].real


@pytest.mark.parametrize("weights, ranks", [
    ((0.5, 0.3, 0.2), (1, 2, 3)),
    ((0.1, 0.2, 0.3, 0.4), (4, 3, 2, 1)),
    ((0.1, 0.3, 0.15, 0.3, 0.15), (5, 1, 3, 1, 3)),
    ((0.45, 0.05, 0.1, 0.1, 0.1, 0.2), (1, 6, 3, 3, 3, 2)),
])
def test_consistent_matrix_returns_its_weights_and_cr_zero(weights, ranks):
    """a_ij = w_i / w_j is perfectly consistent: weights back, λmax = n, CI = CR = 0."""
    n = len(weights)
    matrix = [[weights[i] / weights[j] for j in range(n)] for i in range(n)]
    r = ahp_weights(matrix, [f"k{i}" for i in range(n)])
    assert r.weights == pytest.approx(weights, abs=1e-12)
    assert r.lambda_max == pytest.approx(n, abs=1e-12)
    assert r.ci == pytest.approx(0, abs=1e-12) and r.cr == pytest.approx(0, abs=1e-11)
    assert r.consistent is True
    assert r.ri == RANDOM_INDEX[n]
    assert r.ranks == ranks


# Saaty, T. L. (1990), "How to make a decision: The Analytic Hierarchy Process",
# European Journal of Operational Research 48, 9–26: the house example, the eight criteria
# size, transportation, neighbourhood, age, yard, modern facilities, general condition, financing.
SAATY_1990_HOUSE = [
    "1 5 3 7 6 6 1/3 1/4",
    "1/5 1 1/3 5 3 3 1/5 1/7",
    "1/3 3 1 6 3 4 6 1/5",
    "1/7 1/5 1/6 1 1/3 1/4 1/7 1/8",
    "1/6 1/3 1/3 3 1 1/2 1/5 1/6",
    "1/6 1/3 1/4 4 2 1 1/5 1/6",
    "3 5 1/6 7 5 5 1 1/2",
    "4 7 5 8 6 6 2 1",
]


def test_saaty_1990_house_example():
    """Saaty (1990) EJOR 48, house example, criteria matrix: priorities .173 .054 .188 .018 .031
    .036 .167 .333, λmax = 9.669, C.I. = 0.238, C.R. = 0.169 (inconsistent, above 0.10).
    The judgments are typed as text ("1/3") to exercise fraction reading too."""
    matrix = [row.split() for row in SAATY_1990_HOUSE]
    r = ahp_weights(matrix)
    assert [round(w, 3) for w in r.weights] == [0.173, 0.054, 0.188, 0.018, 0.031, 0.036, 0.167, 0.333]
    assert round(r.lambda_max, 3) == 9.669
    assert round(r.ci, 3) == 0.238
    assert round(r.cr, 3) == 0.169
    assert r.ri == 1.41
    assert r.consistent is False
    assert r.ranks == (3, 5, 2, 8, 7, 6, 4, 1)
    ref_w, ref_lambda = numpy_reference(r.matrix)
    assert r.weights == pytest.approx(ref_w, abs=1e-11)
    assert r.lambda_max == pytest.approx(ref_lambda, abs=1e-10)


def test_three_by_three_against_numpy_and_hand_ci():
    """1 3 5 / 1/3 1 3 / 1/5 1/3 1: CI = (λ − 3)/2 and CR = CI/0.58 from numpy's λ."""
    r = ahp_weights([[1, 3, 5], [None, 1, 3], [None, None, 1]], ["a", "b", "c"])
    ref_w, ref_lambda = numpy_reference(r.matrix)
    assert r.weights == pytest.approx(ref_w, abs=1e-12)
    assert r.lambda_max == pytest.approx(ref_lambda, abs=1e-12)
    assert r.ci == pytest.approx((ref_lambda - 3) / 2, abs=1e-12)
    assert r.cr == pytest.approx((ref_lambda - 3) / 2 / 0.58, abs=1e-12)
    assert r.consistent and r.cr < 0.10
    assert r.derived == ((1, 0), (2, 0), (2, 1))
    assert r.matrix[2][0] == pytest.approx(0.2)


def test_random_index_table():
    """Saaty's random index as METHOD.md section 3 lists it."""
    assert RANDOM_INDEX == {1: 0.0, 2: 0.0, 3: 0.58, 4: 0.90, 5: 1.12, 6: 1.24, 7: 1.32, 8: 1.41,
                            9: 1.45, 10: 1.49}


def test_one_and_two_indicators_are_always_consistent():
    one = ahp_weights([[None]], ["only"])
    assert one.weights == (1.0,) and one.cr == 0 and one.consistent and one.ranks == (1,)
    two = ahp_weights([[1, 4], [None, 1]], ["a", "b"])
    assert two.weights == pytest.approx((0.8, 0.2), abs=1e-12)
    assert two.cr == 0 and two.ci == 0 and two.consistent


def test_more_than_ten_indicators_have_no_random_index():
    n = 11
    r = ahp_weights([[1.0] * n for _ in range(n)])
    assert r.weights == pytest.approx([1 / n] * n)
    assert r.ri is None and r.cr is None and r.consistent is None
    assert r.ranks == (1,) * n  # equal rows tie despite rounding noise


def test_equal_rows_tie():
    r = ahp_weights([[1, 1, 3], [1, 1, 3], [None, None, 1]], ["a", "b", "c"])
    assert r.ranks == (1, 1, 3)
    assert r.weight("c") == pytest.approx(1 / 7)


@pytest.mark.parametrize("matrix, words", [
    ([[1, None, 3], [None, 1, 2], [None, None, 1]], "a vs b is not compared"),
    ([[1, 3, 3], [3, 1, 2], [None, None, 1]], "b vs a is 3 but a vs b is 3"),
    ([[1, 10, 3], [None, 1, 2], [None, None, 1]], "a vs b is 10"),
    ([[1, 0.1, 3], [None, 1, 2], [None, None, 1]], "a vs b is 0.1"),
    ([[1, 0, 3], [None, 1, 2], [None, None, 1]], "a vs b is 0"),
    ([[1, -3, 3], [None, 1, 2], [None, None, 1]], "a vs b is -3"),
    ([[1, 2, "x"], [None, 1, 2], [None, None, 1]], "a vs c is 'x'"),
    ([[1, 2, "1/0"], [None, 1, 2], [None, None, 1]], "a vs c"),
    ([[1, 2, True], [None, 1, 2], [None, None, 1]], "a vs c"),
    ([[2, 2, 3], [None, 1, 2], [None, None, 1]], "a vs itself"),
])
def test_errors_name_both_indicators(matrix, words):
    with pytest.raises(PairwiseError, match=words):
        ahp_weights(matrix, ["a", "b", "c"])


@pytest.mark.parametrize("matrix, names, words", [
    ([], None, "empty"), ([[1, 2], [0.5]], None, "square"), ([[1, 2], [0.5, 1]], ["a"], "names"),
    ([[1, 2], [0.5, 1]], ["a", "a"], "twice"),
])
def test_malformed(matrix, names, words):
    with pytest.raises(PairwiseError, match=words):
        ahp_weights(matrix, names)


def test_judgment_forms():
    completed, derived = complete_reciprocal([["", "1/3", " 0,5 "], [3, None, "2"], ["2", 0.5, 1]], ["a", "b", "c"])
    assert completed[0][1] == pytest.approx(1 / 3) and completed[0][2] == 0.5 and completed[1][2] == 2
    assert derived == ()
    # 0.1111111111 typed for 1/9 is on the scale; 1/3 typed to 15 digits is reciprocal to 3
    complete_reciprocal([[1, 0.1111111111], [9, 1]])
    complete_reciprocal([[1, 0.333333333333333], [3, 1]])
    # decimals typed for a reciprocal are read as it (within 2 %): 0.333 and 0.33 are 1/3
    completed, _ = complete_reciprocal([[1, 0.333, 0.33], [3, 1, 0.143], [None, 7, 1]])
    assert completed[0][1] == completed[0][2] == 1 / 3 and completed[1][2] == 1 / 7
    assert snap_judgment(0.2) == 0.2 and snap_judgment(0.4) == 0.4 and snap_judgment(0.5) == 0.5
    assert snap_judgment(0.118) == 0.118  # between 1/8 and 1/9, off both by more than 2 %
    with pytest.raises(PairwiseError, match="reciprocals"):
        complete_reciprocal([[1, 0.3], [3, 1]])


def test_power_iteration_on_an_inconsistent_cycle():
    """A cyclic judgment (a > b > c > a, all 9): the eigenvector is uniform by symmetry,
    λmax = 1 + 9 + 1/9 (row sum of a circulant), far from consistent."""
    r = ahp_weights([[1, 9, 1 / 9], [1 / 9, 1, 9], [9, 1 / 9, 1]])
    assert r.weights == pytest.approx([1 / 3] * 3, abs=1e-12)
    assert r.lambda_max == pytest.approx(1 + 9 + 1 / 9, abs=1e-10)
    assert r.consistent is False


@st.composite
def saaty_matrices(draw):
    n = draw(st.integers(min_value=2, max_value=9))
    scale = [1 / 9, 1 / 7, 1 / 5, 1 / 3, 1, 3, 5, 7, 9, 2, 1 / 2, 4, 1 / 4]
    values = draw(st.lists(st.sampled_from(scale), min_size=n * (n - 1) // 2, max_size=n * (n - 1) // 2))
    matrix = [[1.0] * n for _ in range(n)]
    k = 0
    for i in range(n):
        for j in range(i + 1, n):
            matrix[i][j], matrix[j][i] = values[k], 1 / values[k]
            k += 1
    return matrix


@settings(max_examples=150, deadline=None)
@given(saaty_matrices())
def test_any_reciprocal_matrix_matches_numpy(matrix):
    """Property: power iteration agrees with numpy.linalg.eig; λmax >= n; weights sum to 1."""
    r = ahp_weights(matrix)
    ref_w, ref_lambda = numpy_reference(matrix)
    n = len(matrix)
    assert r.weights == pytest.approx(ref_w, abs=1e-9)
    assert r.lambda_max == pytest.approx(ref_lambda, abs=1e-9)
    assert r.lambda_max >= n - 1e-9 and r.ci >= 0
    assert sum(r.weights) == pytest.approx(1, abs=1e-12)
    assert r.consistent == (r.cr <= 0.10)


def test_principal_eigenvector_of_a_random_positive_matrix():
    """Not only reciprocal matrices: any positive matrix converges to numpy's answer."""
    rng = random.Random(7)
    matrix = [[rng.uniform(0.1, 5) for _ in range(6)] for _ in range(6)]
    weights, lam = principal_eigenvector(matrix)
    ref_w, ref_lambda = numpy_reference(matrix)
    assert weights == pytest.approx(ref_w, abs=1e-11)
    assert lam == pytest.approx(ref_lambda, abs=1e-10)
