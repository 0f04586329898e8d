"""Weights of a group by its scheme, team pooling, consensus and the consistency notice."""
import dataclasses
import math

import numpy as np
import pytest

from vsm_xl.core.ahp import most_inconsistent
from vsm_xl.core.errors import PairwiseError, ValidationError
from vsm_xl.core.evaluation import check_evaluation, evaluate
from vsm_xl.core.model import Participant, PairwiseMatrix
from vsm_xl.core.team import alpha_entropy_min, consensus_band, shannon_consensus
from vsm_xl.core.weighting import normalize_scheme, single_weights, team_weights

NM = ("Lead time", "First-pass yield", "Flow degree")


def _with_matrix(model, group, matrix):
    pairwise = dict(model.pairwise)
    pairwise[group] = matrix
    return dataclasses.replace(model, pairwise=pairwise)


def numpy_weights(matrix):
    values, vectors = np.linalg.eig(np.array(matrix, dtype=float))
    k = int(np.argmax(values.real))
    w = np.abs(vectors[:, k].real)
    return w / w.sum(), values[k].real


def test_ahp_group_matches_numpy_eigenvector(claims_model):
    """AHP judgments 1 3 5 / 1/3 1 2 / 1/5 1/2 1 (the issue's example, lower triangle as typed
    there: "1/3", 0.2, 0.5): weights, λmax, CR = ((λ−3)/2)/0.58 from numpy's eigen-decomposition."""
    matrix = PairwiseMatrix(NM, ((None, 3, 5), ("1/3", None, 2), (0.2, 0.5, None)), scheme="ahp")
    result = evaluate(_with_matrix(claims_model, "non-monetary", matrix))
    gw = result.group_weights["non-monetary"]
    ref_w, ref_lambda = numpy_weights([[1, 3, 5], [1 / 3, 1, 2], [1 / 5, 1 / 2, 1]])
    assert gw.scheme == "ahp"
    assert gw.weights == pytest.approx(ref_w, abs=1e-12)
    assert gw.lambda_max == pytest.approx(ref_lambda, abs=1e-10)
    assert gw.cr == pytest.approx((ref_lambda - 3) / 2 / 0.58, abs=1e-10)
    assert gw.random_index == 0.58 and gw.consistent is True
    assert result.weights["non-monetary"] is gw
    assert gw.participants == () and gw.consensus is None
    # the evaluation uses the AHP weights: G non-monetary of the current state by hand
    lead, fpy, flow = (row[0] for row in result.partial_benefits[:3])
    assert result.alternatives[0].benefit_non_monetary == pytest.approx(
        ref_w[0] * lead + ref_w[1] * fpy + ref_w[2] * flow, abs=1e-12)
    assert not [n for n in result.notices if "AHP" in n.message]


def test_inconsistent_ahp_is_a_notice_naming_the_worst_judgment(claims_model):
    """a > b (3), b > c (3) but c > a (5): CR far above 0.10. With weights w, the judgment whose
    a_ij deviates most from w_i / w_j is named; here the cyclic c-over-a judgment, (0, 2)."""
    matrix = PairwiseMatrix(NM, ((None, 3, "1/5"), (None, None, 3), (None, None, None)), scheme="ahp")
    result = evaluate(_with_matrix(claims_model, "non-monetary", matrix))
    gw = result.weights["non-monetary"]
    assert gw.cr > 0.10 and gw.consistent is False
    w = gw.weights
    deviations = {(i, j): abs(math.log(gw.matrix[i][j] * w[j] / w[i])) for i, j in ((0, 1), (0, 2), (1, 2))}
    assert gw.most_inconsistent == max(deviations, key=deviations.get)
    [notice] = [n for n in result.notices if "inconsistent" in n.message]
    assert f"CR = {gw.cr:.3f} > 0.10" in notice.message and "RI = 0.58" in notice.message
    a, b = gw.most_inconsistent
    assert f"{NM[a]} vs {NM[b]}" in notice.message
    assert notice.subject == ("pairwise", "non-monetary", a, b)


def test_most_inconsistent_of_a_consistent_matrix_is_none():
    assert most_inconsistent([[1, 2, 4], [0.5, 1, 2], [0.25, 0.5, 1]], [4 / 7, 2 / 7, 1 / 7]) is None


def test_team_ahp_by_geometric_mean_by_hand():
    """Anna's consistent judgments give 4:2:1, Ben's 1:2:4. Geometric means by hand:
    √(2·½) = 1, √(4·¼) = 1, √(2·½) = 1: the pooled matrix is all ones, weights 1/3 each, CR 0."""
    anna = [[None, 2, 4], [None, None, 2], [None, None, None]]
    ben = [[None, 0.5, 0.25], [None, None, "1/2"], [None, None, None]]
    gw = team_weights("ahp", [anna, ben], NM, ["Anna", "Ben"])
    assert gw.weights == pytest.approx([1 / 3] * 3, abs=1e-12)
    assert gw.cr == pytest.approx(0, abs=1e-12)
    assert [p.name for p in gw.participants] == ["Anna", "Ben"]
    assert gw.participants[0].weights == pytest.approx([4 / 7, 2 / 7, 1 / 7])
    assert gw.participants[1].weights == pytest.approx([1 / 7, 2 / 7, 4 / 7])
    assert gw.participants[0].cr == pytest.approx(0, abs=1e-12)
    # consensus of (4,2,1)/7 and (1,2,4)/7: see test_consensus_by_hand's formula
    h = -sum(x * math.log(x) for x in (4 / 7, 2 / 7, 1 / 7))
    mean = (5 / 14, 4 / 14, 5 / 14)
    h_gamma = -sum(x * math.log(x) for x in mean)
    floor = math.exp(-(9 / 11 * math.log(9 / 11) + 2 / 11 * math.log(1 / 11))) / 3
    assert gw.consensus == pytest.approx((math.exp(h - h_gamma) - floor) / (1 - floor), abs=1e-12)


def test_team_pairwise_by_mean_by_hand(claims_model):
    """0/1/2, two participants over the claims example's non-monetary indicators. Anna: the
    example's matrix (2 2 / 0 1 / 0 1: weights 4/6, 1/6, 1/6); Ben: flow degree first
    (0 0 / 2 1 / 2 1: 0, 3/6, 3/6). Cell means 1 1 / 1 1 / 1 1 -> row sums 2, 2, 2 -> 1/3 each."""
    anna = ((None, 2, 2), (0, None, 1), (0, 1, None))
    ben = ((None, 0, 0), (2, None, 1), (2, 1, None))
    matrix = PairwiseMatrix(NM, (), "pairwise", (Participant("Anna", anna), Participant("Ben", ben)))
    result = evaluate(_with_matrix(claims_model, "non-monetary", matrix))
    gw = result.group_weights["non-monetary"]
    assert gw.scheme == "pairwise"
    assert gw.weights == pytest.approx([1 / 3] * 3)
    assert gw.sums == (2.0, 2.0, 2.0)
    assert gw.participants[0].weights == pytest.approx([4 / 6, 1 / 6, 1 / 6])
    assert gw.participants[1].weights == pytest.approx([0, 3 / 6, 3 / 6])
    assert gw.participants[0].cr is None and gw.cr is None
    assert 0 <= gw.consensus <= 1 and gw.consensus_band in ("low", "moderate", "high")


def test_consensus_by_hand():
    """Goepel's AHP consensus for w1 = (.5, .3, .2), w2 = (.2, .3, .5), n = 3, M = 9, by hand:
    H_α = −(.5 ln .5 + .3 ln .3 + .2 ln .2) = 1.029653 (both); mean (.35, .3, .35):
    H_γ = 1.096067; H_β = 0.066414; 1/D_β = e^−0.066414 = 0.935743.
    H_α,min = −(9/11 ln 9/11 + 2/11 ln 1/11) = 0.600166, D_α,min = 1.822421, /n = 0.607474.
    S* = (0.935743 − 0.607474)/(1 − 0.607474) = 0.83630 -> high."""
    c = shannon_consensus([(0.5, 0.3, 0.2), (0.2, 0.3, 0.5)])
    assert round(c.h_alpha, 6) == 1.029653
    assert round(c.h_gamma, 6) == 1.096067
    assert round(c.h_beta, 6) == 0.066414
    assert round(alpha_entropy_min(3), 6) == 0.600166
    assert round(c.d_alpha_min, 6) == 1.822421
    assert round(c.value, 5) == 0.83630
    assert c.band == "high"


def test_consensus_limits_and_bands():
    assert shannon_consensus([(0.6, 0.4), (0.6, 0.4), (0.6, 0.4)]).value == pytest.approx(1.0)
    # maximal disagreement: each puts a different indicator at the top -> clamped to 0
    assert shannon_consensus([(1, 0, 0), (0, 1, 0), (0, 0, 1)]).value == 0.0
    assert consensus_band(0.6499) == "low" and consensus_band(0.65) == "moderate"
    assert consensus_band(0.75) == "moderate" and consensus_band(0.7501) == "high"
    # 0/1/2: the most concentrated weights are a strict ranking (4/6, 2/6, 0)
    assert alpha_entropy_min(3, "pairwise") == pytest.approx(-(2 / 3 * math.log(2 / 3) + 1 / 3 * math.log(1 / 3)))
    with pytest.raises(PairwiseError, match="at least two"):
        shannon_consensus([(0.5, 0.5)])
    with pytest.raises(PairwiseError, match="differ"):
        shannon_consensus([(0.5, 0.5), (1.0,)])


def test_scheme_spellings_and_unknown_scheme(claims_model):
    assert normalize_scheme(None) == "pairwise" and normalize_scheme(" AHP ") == "ahp"
    with pytest.raises(PairwiseError, match="unknown weighting scheme 'topsis'"):
        normalize_scheme("topsis")
    bad = dataclasses.replace(claims_model.pairwise["non-monetary"], scheme="topsis")
    problems = check_evaluation(_with_matrix(claims_model, "non-monetary", bad))
    assert [p.subject for p in problems] == [("scheme", "non-monetary")]


def test_participant_problems_name_participant_and_cell(claims_model):
    anna = ((None, 2, 2), (0, None, 1), (0, 1, None))
    bad = ((None, 3, 2), (None, None, 1), (None, None, None))
    matrix = PairwiseMatrix(NM, (), "pairwise", (Participant("Anna", anna), Participant("Anna", bad)))
    problems = check_evaluation(_with_matrix(claims_model, "non-monetary", matrix))
    subjects = [p.subject for p in problems]
    assert ("participant", "non-monetary", 1) in subjects  # the name appears twice
    assert ("participant", "non-monetary", 1, 0, 1) in subjects  # 3 is not 0/1/2
    with pytest.raises(ValidationError, match="Anna: pairwise: Lead time vs First-pass yield is 3"):
        evaluate(_with_matrix(claims_model, "non-monetary", matrix))


def test_ahp_participant_cr_notice(claims_model):
    cyclic = ((None, 3, "1/5"), (None, None, 3), (None, None, None))
    fine = ((None, 3, 5), (None, None, 2), (None, None, None))
    matrix = PairwiseMatrix(NM, (), "ahp", (Participant("Anna", fine), Participant("Ben", cyclic)))
    result = evaluate(_with_matrix(claims_model, "non-monetary", matrix))
    ben = [n for n in result.notices if n.message.startswith("Ben:")]
    assert len(ben) == 1 and ben[0].subject[:3] == ("participant", "non-monetary", 1)
    assert not [n for n in result.notices if n.message.startswith("Anna:")]


def test_ranges_are_checked(claims_model):
    ind = claims_model.indicators[0]
    ranges = (None, (5, 9, 14), (4, 3, 2), (1, 2, 3))
    model = dataclasses.replace(claims_model, indicators=(dataclasses.replace(ind, ranges=ranges),)
                                + claims_model.indicators[1:])
    problems = check_evaluation(model)
    messages = {p.subject: p.message for p in problems}
    assert "low <= likely <= high" in messages[("value", 0, 2)]
    assert ind.values[1] == 9 and ("value", 0, 1) not in messages  # 5 <= 9 <= 14, likely = value
    assert "likely value" in messages[("value", 0, 3)]


def test_single_weights_one_call():
    assert single_weights("pairwise", [[None, 2], [0, None]], ["a", "b"]).weights == (1.0, 0.0)
    assert single_weights("ahp", [[1, 4], [None, 1]], ["a", "b"]).weights == pytest.approx([0.8, 0.2])


SAATY_2008_DRINKS = """1 9 5 2 1 1 1/2
1/9 1 1/3 1/9 1/9 1/9 1/9
1/5 3 1 1/3 1/4 1/3 1/9
1/2 9 3 1 1/2 1 1/3
1 9 4 2 1 2 1/2
1 9 3 1 1/2 1 1/3
2 9 9 3 2 3 1"""


def test_saaty_2008_drink_consumption_example():
    """Saaty, T. L. (2008), Decision making with the analytic hierarchy process, Int. J. Services
    Sciences 1(1), 83-98: "Which drink is consumed more in the U.S.?" (coffee, wine, tea, beer,
    sodas, milk, water); derived priorities .177 .019 .042 .116 .190 .129 .327. Typed here as the
    upper triangle only (the reciprocals derived), and checked against numpy's eigenvector."""
    rows = [line.split() for line in SAATY_2008_DRINKS.splitlines()]
    upper = [[v if j > i else None for j, v in enumerate(row)] for i, row in enumerate(rows)]
    gw = single_weights("ahp", upper, ["coffee", "wine", "tea", "beer", "sodas", "milk", "water"])
    assert [round(w, 3) for w in gw.weights] == [0.177, 0.019, 0.042, 0.116, 0.190, 0.129, 0.327]
    full = [[float(eval(v)) for v in row] for row in rows]  # noqa: S307 - fractions of the test data
    ref_w, ref_lambda = numpy_weights(full)
    assert gw.weights == pytest.approx(ref_w, abs=1e-12)
    assert gw.cr == pytest.approx((ref_lambda - 7) / 6 / 1.32, abs=1e-10)
    assert gw.random_index == 1.32 and gw.consistent is True
