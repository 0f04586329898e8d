import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vsm_xl.core.ahp import ahp_weights
from vsm_xl.core.errors import PairwiseError
from vsm_xl.core.pairwise import pairwise_weights
from vsm_xl.core.team import TeamWeights, pool_ahp, pool_pairwise

MONETARY = ("Investment", "Annual savings", "Process costs")
CLAIMS_MONETARY = [[None, 1, 0], [1, None, 1], [2, 1, None]]  # METHOD.md 2.5: 1/6, 1/3, 1/2
INVESTMENT_FIRST = [[None, 2, 2], [None, None, 1], [None, None, None]]  # 2/3, 1/6, 1/6 (blanks derived)


def test_pool_pairwise_by_hand():
    """Two participants: the claims example's monetary matrix and one putting investment first.
    Cell means by hand: (1+2)/2 = 1.5, (0+2)/2 = 1, (1+1)/2 = 1 -> row sums 2.5, 1.5, 2 of 6
    -> weights 5/12, 3/12, 4/12, ranks 1, 3, 2."""
    team = pool_pairwise([CLAIMS_MONETARY, INVESTMENT_FIRST], MONETARY, ["Ana", "Ben"])
    assert isinstance(team, TeamWeights)
    assert team.pooled.matrix[0] == (None, 1.5, 1.0)
    assert team.pooled.sums == (2.5, 1.5, 2.0)
    assert team.pooled.weights == pytest.approx([5 / 12, 3 / 12, 4 / 12])
    assert team.pooled.ranks == (1, 3, 2)
    assert team.labels == ("Ana", "Ben")
    assert team.indicators == MONETARY
    assert team.participants[0].weights == pytest.approx([1 / 6, 1 / 3, 1 / 2])
    assert team.participants[1].weights == pytest.approx([2 / 3, 1 / 6, 1 / 6])
    assert team.participants[1].derived  # Ben's blanks were derived
    ranges = [bound for pair in team.weight_ranges() for bound in pair]
    assert ranges == pytest.approx([1 / 6, 2 / 3, 1 / 6, 1 / 3, 1 / 6, 1 / 2])


def test_pooled_matrix_keeps_sum_two_and_ties_share_rank():
    """Mean of 2 and 0 is 1 (equal importance): both indicators tie at rank 1."""
    team = pool_pairwise([[[None, 2], [0, None]], [[None, 0], [2, None]]], ["x", "y"])
    assert team.pooled.weights == (0.5, 0.5)
    assert team.pooled.ranks == (1, 1)
    assert team.labels == ("participant 1", "participant 2")


def test_single_participant_equals_own_weights():
    team = pool_pairwise([CLAIMS_MONETARY], MONETARY)
    assert team.pooled.weights == pytest.approx(pairwise_weights(CLAIMS_MONETARY, MONETARY).weights)


def test_one_indicator_team():
    team = pool_pairwise([[[None]], [[None]]], ["only"])
    assert team.pooled.weights == (1.0,)


def test_participant_errors_name_the_participant_and_both_indicators():
    bad = [[None, 3, 0], [1, None, 1], [2, 1, None]]
    with pytest.raises(PairwiseError, match="Ben: pairwise: Investment vs Annual savings is 3"):
        pool_pairwise([CLAIMS_MONETARY, bad], MONETARY, ["Ana", "Ben"])


def test_team_input_errors():
    with pytest.raises(PairwiseError, match="no participants"):
        pool_pairwise([], MONETARY)
    with pytest.raises(PairwiseError, match="2 participant names for 1"):
        pool_pairwise([CLAIMS_MONETARY], MONETARY, ["a", "b"])
    with pytest.raises(PairwiseError, match="differ in size"):
        pool_pairwise([[[None, 1], [1, None]], CLAIMS_MONETARY])
    with pytest.raises(PairwiseError, match="no participants"):
        pool_ahp([], MONETARY)


def test_pool_ahp_geometric_mean_by_hand():
    """Judgments 2 and 8 pool to sqrt(16) = 4 -> weights 4/5, 1/5; the pooled cell below
    the diagonal is exactly 1/4."""
    team = pool_ahp([[[1, 2], [0.5, 1]], [[1, 8], [None, 1]]], ["a", "b"], ["Ana", "Ben"])
    assert team.pooled.matrix[0][1] == pytest.approx(4)
    assert team.pooled.matrix[1][0] == pytest.approx(0.25)
    assert team.pooled.weights == pytest.approx((0.8, 0.2), abs=1e-12)
    assert team.participants[0].weights == pytest.approx((2 / 3, 1 / 3), abs=1e-12)
    assert team.participants[1].weights == pytest.approx((8 / 9, 1 / 9), abs=1e-12)
    assert team.participants[1].derived == ((1, 0),)
    assert team.labels == ("Ana", "Ben")


def test_pool_ahp_three_participants_against_hand_and_own_results():
    """Cells by hand: a vs b (3, 1/3, 1) -> 1; a vs c (9, 3, 1) -> 3; b vs c (3, 9, 1) -> 3."""
    m1 = [[1, 3, 9], [None, 1, 3], [None, None, 1]]
    m2 = [[1, 1 / 3, 3], [None, 1, 9], [None, None, 1]]
    m3 = [[1, 1, 1], [None, 1, 1], [None, None, 1]]
    team = pool_ahp([m1, m2, m3], ["a", "b", "c"])
    assert team.pooled.matrix[0][1] == pytest.approx(1)
    assert team.pooled.matrix[0][2] == pytest.approx(3)
    assert team.pooled.matrix[1][2] == pytest.approx(3)
    # pooled matrix is consistent (a = b, both 3 × c): weights 3/7, 3/7, 1/7, CR 0
    assert team.pooled.weights == pytest.approx((3 / 7, 3 / 7, 1 / 7), abs=1e-12)
    assert team.pooled.cr == pytest.approx(0, abs=1e-12) and team.pooled.consistent
    assert team.pooled.ranks == (1, 1, 3)
    for own, matrix in zip(team.participants, (m1, m2, m3)):
        assert own.weights == ahp_weights(matrix, ["a", "b", "c"]).weights
        assert own.cr == ahp_weights(matrix, ["a", "b", "c"]).cr


def test_pool_ahp_errors_name_the_participant():
    with pytest.raises(PairwiseError, match="participant 2: AHP: a vs b is 12"):
        pool_ahp([[[1, 2], [None, 1]], [[1, 12], [None, 1]]], ["a", "b"])


@st.composite
def teams(draw):
    n = draw(st.integers(min_value=2, max_value=5))
    k = draw(st.integers(min_value=1, max_value=6))
    matrices = []
    for _ in range(k):
        m = [[None] * n for _ in range(n)]
        for i in range(n):
            for j in range(i + 1, n):
                v = draw(st.sampled_from([0, 1, 2]))
                m[i][j], m[j][i] = v, 2 - v
        matrices.append(m)
    return matrices


@settings(max_examples=100, deadline=None)
@given(teams())
def test_pooled_weights_are_the_mean_of_own_weights(matrices):
    """Property: pooling is linear, so pooled weights = mean of the participants' weights,
    they sum to 1 and every pooled pair still sums to 2."""
    team = pool_pairwise(matrices)
    n, k = len(matrices[0]), len(matrices)
    for i in range(n):
        mean = math.fsum(p.weights[i] for p in team.participants) / k
        assert team.pooled.weights[i] == pytest.approx(mean, abs=1e-12)
        for j in range(n):
            if i != j:
                assert team.pooled.matrix[i][j] + team.pooled.matrix[j][i] == pytest.approx(2)
    assert math.fsum(team.pooled.weights) == pytest.approx(1, abs=1e-12)
