import math
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vsm_xl.core.errors import PairwiseError
from vsm_xl.core.pairwise import PairwiseWeights, competition_ranks, complete_matrix, pairwise_weights

TABLE3_NAMES = ("Flow degree", "EPEI", "OEE", "Space")
TABLE3 = [
    [None, 1, 1, 2],
    [1, None, 1, 2],
    [1, 1, None, 1],
    [0, 0, 1, None],
]


def test_paper_table_3():
    """Paper Table 3 via METHOD.md 2.3: sums 4, 4, 3, 1 of 12; weights 33.3 %, 33.3 %, 25 %,
    8.3 %; ranks 1, 1, 3, 4."""
    w = pairwise_weights(TABLE3, TABLE3_NAMES)
    assert w.sums == (4, 4, 3, 1)
    assert sum(w.sums) == 12
    assert [round(x * 100, 1) for x in w.weights] == [33.3, 33.3, 25.0, 8.3]
    assert w.weights == pytest.approx([4 / 12, 4 / 12, 3 / 12, 1 / 12])
    assert w.ranks == (1, 1, 3, 4)
    assert w.weight("OEE") == 0.25
    assert w.derived == ()


def test_claims_example_weights(claims_model):
    """METHOD.md 2.5, constructed worked example: 2/3, 1/6, 1/6 and 1/6, 1/3, 1/2."""
    nm = claims_model.pairwise["non-monetary"]
    m = claims_model.pairwise["monetary"]
    assert pairwise_weights(nm.matrix, nm.indicators).weights == pytest.approx([2 / 3, 1 / 6, 1 / 6])
    assert pairwise_weights(m.matrix, m.indicators).weights == pytest.approx([1 / 6, 1 / 3, 1 / 2])


def test_blanks_are_derived_as_two_minus_mirror():
    """Table 3 with the lower triangle blank gives the same result; derived cells are listed."""
    upper = [[v if j > i else None for j, v in enumerate(row)] for i, row in enumerate(TABLE3)]
    w = pairwise_weights(upper, TABLE3_NAMES)
    assert w.sums == (4, 4, 3, 1)
    assert w.matrix[3][0] == 0 and w.matrix[2][1] == 1
    assert set(w.derived) == {(i, j) for i in range(4) for j in range(i)}
    # blank above the diagonal, filled below
    lower = [[v if j < i else None for j, v in enumerate(row)] for i, row in enumerate(TABLE3)]
    assert pairwise_weights(lower, TABLE3_NAMES).sums == (4, 4, 3, 1)


def test_both_blank_names_both_indicators():
    matrix = [[None, None, 1], [None, None, 1], [1, 1, None]]
    with pytest.raises(PairwiseError, match="Flow degree vs EPEI") as info:
        pairwise_weights(matrix, TABLE3_NAMES[:3])
    assert "both cells blank" in str(info.value)


def test_value_three_names_both_indicators():
    matrix = [[None, 3, 1], [None, None, 1], [1, 1, None]]
    with pytest.raises(PairwiseError, match="Flow degree vs EPEI is 3"):
        pairwise_weights(matrix, TABLE3_NAMES[:3])


def test_pair_summing_to_three_names_both_indicators():
    matrix = [[None, 2, 1], [1, None, 1], [1, 1, None]]
    with pytest.raises(PairwiseError, match="sum to 2") as info:
        pairwise_weights(matrix, TABLE3_NAMES[:3])
    assert "Flow degree" in str(info.value) and "EPEI" in str(info.value)


@pytest.mark.parametrize("matrix, names, words", [
    ([], None, "empty"),
    ([[None, 1], [1]], None, "square"),
    ([[None, 1], [1, None]], ["a"], "names"),
    ([[None, 1], [1, None]], ["a", "a"], "twice"),
    ([[None, "x"], [1, None]], None, "'x'"),
    ([[None, True], [1, None]], None, "True"),
])
def test_malformed_matrices(matrix, names, words):
    with pytest.raises(PairwiseError, match=words):
        pairwise_weights(matrix, names)


def test_text_cells_and_ignored_diagonal():
    w = pairwise_weights([["x", "2"], [" ", "anything"]], ["a", "b"])
    assert w.weights == (1.0, 0.0)
    assert w.derived == ((1, 0),)


def test_one_indicator_group_has_weight_one():
    w = pairwise_weights([[None]], ["Only"])
    assert w.weights == (1.0,) and w.ranks == (1,)


def test_default_names():
    assert pairwise_weights([[None, 2], [0, None]]).indicators == ("indicator 1", "indicator 2")


@pytest.mark.parametrize("scores, higher, ranks", [
    ([4, 4, 3, 1], True, (1, 1, 3, 4)),
    ([1, 3, 3, 3], True, (4, 1, 1, 1)),
    ([0.3, 0.1, 0.3], False, (2, 1, 2)),
    ([5], True, (1,)),
])
def test_competition_ranks(scores, higher, ranks):
    assert competition_ranks(scores, higher) == ranks


@st.composite
def consistent_matrices(draw):
    n = draw(st.integers(min_value=2, max_value=7))
    upper = draw(st.lists(st.sampled_from([0, 1, 2]), min_size=n * (n - 1) // 2, max_size=n * (n - 1) // 2))
    blanks = draw(st.lists(st.sampled_from(["none", "upper", "lower"]), min_size=len(upper), max_size=len(upper)))
    matrix = [[None] * n for _ in range(n)]
    k = 0
    for i in range(n):
        for j in range(i + 1, n):
            matrix[i][j], matrix[j][i] = upper[k], 2 - upper[k]
            if blanks[k] == "upper":
                matrix[i][j] = None
            elif blanks[k] == "lower":
                matrix[j][i] = None
            k += 1
    return matrix


@settings(max_examples=200, deadline=None)
@given(consistent_matrices())
def test_weights_sum_to_one_for_any_consistent_matrix(matrix):
    """Property: Σ s = n(n − 1), Σ g = 1, each g in [0, 2/n]; exact with fractions."""
    n = len(matrix)
    w = pairwise_weights(matrix)
    assert math.fsum(w.weights) == pytest.approx(1, abs=1e-12)
    assert sum(Fraction(s) for s in w.sums) == n * (n - 1)
    assert all(0 <= g <= 2 / n + 1e-12 for g in w.weights)
    full, _ = complete_matrix(matrix)
    assert all(full[i][j] + full[j][i] == 2 for i in range(n) for j in range(n) if i != j)


# -- exact messages, subjects and edge cases (each kills a mutant the tests above let live) ----

def test_text_cells_with_a_decimal_comma():
    """'2,0' and '0,0' typed in a German-locale sheet are 2 and 0."""
    w = pairwise_weights([[None, "2,0"], ["0,0", None]], ["a", "b"])
    assert w.matrix == ((None, 2.0), (0.0, None))
    assert w.weights == (1.0, 0.0)


@pytest.mark.parametrize("matrix, message, subject", [
    ([[None, "zwei"], [0, None]], "pairwise: indicator 1 vs indicator 2 is 'zwei'; use 0, 1 or 2", (0, 1)),
    ([[None, 1], [[1], None]], "pairwise: indicator 2 vs indicator 1 is [1]; use 0, 1 or 2", (1, 0)),
    ([[None, 1], [float("nan"), None]], "pairwise: indicator 2 vs indicator 1 is nan; use 0, 1 or 2", (1, 0)),
    ([[None, 1.5], [0.5, None]], "pairwise: indicator 1 vs indicator 2 is 1.5; use 0, 1 or 2", (0, 1)),
    ([[None, None, 1], [None, None, 1], [1, 1, None]],
     "pairwise: indicator 1 vs indicator 2 is not compared (both cells blank)", (0, 1)),
    ([[None, 2, 1], [1, None, 1], [1, 1, None]],
     "pairwise: indicator 2 vs indicator 1 is 1 but indicator 1 vs indicator 2 is 2 (must sum to 2)", (1, 0)),
])
def test_problems_say_the_pair_and_carry_its_cell(matrix, message, subject):
    with pytest.raises(PairwiseError) as info:
        pairwise_weights(matrix)
    assert info.value.message == message
    assert info.value.subject == subject


@pytest.mark.parametrize("matrix, names, message", [
    ([], None, "pairwise: the matrix is empty"),
    ([[None, 1], [1]], None, "pairwise: the matrix must be square, got 2 rows of lengths [1, 2]"),
    ([[None, 1], [1, None]], ["a"], "pairwise: 1 indicator names for a 2x2 matrix"),
    ([[None, 1, 1], [1, None, 1], [1, 1, None]], ["b", "a", "a"], "pairwise: indicator 'a' appears twice"),
])
def test_malformed_matrix_messages(matrix, names, message):
    with pytest.raises(PairwiseError) as info:
        pairwise_weights(matrix, names)
    assert info.value.message == message


def test_indicator_names_default_and_given():
    from vsm_xl.core.pairwise import indicator_names

    assert indicator_names(3, None, "x") == ["indicator 1", "indicator 2", "indicator 3"]
    assert indicator_names(2, (1, "b"), "x") == ["1", "b"]


def test_cells_derived_from_the_lower_triangle_are_listed_as_upper_cells():
    """Upper triangle blank: the derived cells are (i, j) with j > i, filled as 2 − a_ji."""
    w = pairwise_weights([[None, None], [2, None]], ["a", "b"])
    assert w.derived == ((0, 1),)
    assert w.matrix == ((None, 0.0), (2.0, None))


def test_a_single_indicator_is_the_whole_weight():
    """A 1x1 matrix (also given as a bare row): sum 0, weight 1, rank 1, nothing derived."""
    for matrix in ([[None]], [None], [7]):
        w = pairwise_weights(matrix, ["Only"])
        assert w == PairwiseWeights(("Only",), ((None,),), (0.0,), (1.0,), (1,), ())
    assert pairwise_weights([[None]]).indicators == ("indicator 1",)
