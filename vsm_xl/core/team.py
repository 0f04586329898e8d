"""Team weighting: several participants' comparison matrices pooled into one (METHOD.md
section 3), with each participant's own result kept beside the pooled one.

0/1/2 matrices are pooled by the mean score per cell; the pooled matrix still satisfies
a_ij + a_ji = 2 but its cells may be fractions, so its weights come straight from its row
sums (s_i / n(n − 1)), which equals the mean of the participants' weights. AHP matrices are
pooled by the element-wise geometric mean, which keeps them reciprocal (Aczél–Saaty).
"""
from __future__ import annotations

import math
from dataclasses import dataclass

from vsm_xl.core.ahp import AhpResult, _names, _result, complete_reciprocal
from vsm_xl.core.errors import PairwiseError
from vsm_xl.core.pairwise import PairwiseWeights, competition_ranks, pairwise_weights


@dataclass(frozen=True)
class TeamWeights:
    """The pooled weights and each participant's own, in the same indicator order.

    ``pooled`` and ``participants`` are :class:`PairwiseWeights` (from :func:`pool_pairwise`)
    or :class:`AhpResult` (from :func:`pool_ahp`).
    """

    pooled: PairwiseWeights | AhpResult
    participants: tuple
    labels: tuple[str, ...]

    @property
    def indicators(self) -> tuple[str, ...]:
        return self.pooled.indicators

    def weight_ranges(self) -> tuple[tuple[float, float], ...]:
        """Per indicator, the lowest and highest weight any participant gave it."""
        return tuple((min(p.weights[i] for p in self.participants), max(p.weights[i] for p in self.participants))
                     for i in range(len(self.indicators)))


def _labels(count: int, labels) -> tuple[str, ...]:
    if count == 0:
        raise PairwiseError("team weighting: there are no participants' matrices to pool")
    if labels is None:
        return tuple(f"participant {k + 1}" for k in range(count))
    labels = tuple(str(x) for x in labels)
    if len(labels) != count:
        raise PairwiseError(f"team weighting: {len(labels)} participant names for {count} matrices")
    return labels


def _each(matrices, labels, compute, size):
    """``compute(matrix)`` per participant, errors prefixed with the participant's name;
    ``size(result)`` is the matrix size, which must be the same for everyone."""
    results = []
    for label, matrix in zip(labels, matrices):
        try:
            results.append(compute(matrix))
        except PairwiseError as exc:
            raise PairwiseError(f"{label}: {exc.message}", subject=exc.subject) from None
    sizes = {size(r) for r in results}
    if len(sizes) > 1:
        raise PairwiseError(f"team weighting: the participants' matrices differ in size ({sorted(sizes)})")
    return results


def pool_pairwise(matrices, names=None, participants=None) -> TeamWeights:
    """Pool 0/1/2 matrices by the mean score of each cell.

    ``names`` are the indicators (the same order in every matrix); ``participants``
    optionally names the matrices' owners (default ``participant 1``, …).
    """
    matrices = list(matrices)
    labels = _labels(len(matrices), participants)
    own = tuple(_each(matrices, labels, lambda m: pairwise_weights(m, names), lambda w: len(w.indicators)))
    completed = [w.matrix for w in own]
    n = len(completed[0])
    indicators = own[0].indicators
    if n == 1:
        return TeamWeights(own[0], own, labels)
    k = len(completed)
    pooled = tuple(tuple(None if i == j else math.fsum(c[i][j] for c in completed) / k for j in range(n))
                   for i in range(n))
    sums = tuple(math.fsum(v for v in row if v is not None) for row in pooled)
    weights = tuple(s / (n * (n - 1)) for s in sums)
    ranks = competition_ranks(round(s, 9) for s in sums)  # means of a few 0/1/2: ties survive rounding
    return TeamWeights(PairwiseWeights(indicators, pooled, sums, weights, ranks), own, labels)


def pool_ahp(matrices, names=None, participants=None) -> TeamWeights:
    """Pool AHP matrices by the element-wise geometric mean; AHP on the pooled matrix."""
    matrices = list(matrices)
    labels = _labels(len(matrices), participants)
    completed_each = _each(matrices, labels, lambda m: complete_reciprocal(m, names), lambda r: len(r[0]))
    completed = [c for c, _ in completed_each]
    n, k = len(completed[0]), len(completed)
    indicators = _names(n, names)
    own = tuple(_result(indicators, c, d) for c, d in completed_each)
    pooled = [[1.0] * n for _ in range(n)]
    for i in range(n):
        for j in range(i + 1, n):
            mean = math.exp(math.fsum(math.log(c[i][j]) for c in completed) / k)
            pooled[i][j], pooled[j][i] = mean, 1.0 / mean
    return TeamWeights(_result(indicators, tuple(tuple(r) for r in pooled), ()), own, labels)


# ---- consensus ---------------------------------------------------------------------------

# Goepel's word scale as used in BPMSG's AHP Excel template: low below 65 %, moderate 65–75 %,
# high above 75 % (upper bounds of the first two bands; 65 % and 75 % themselves are moderate).
CONSENSUS_BANDS = ((0.65, "low"), (0.75, "moderate"))
AHP_SCALE_MAX = 9.0  # M, the largest judgment of Saaty's fundamental scale


@dataclass(frozen=True)
class Consensus:
    """The AHP consensus indicator S* of a team (METHOD.md section 3), from 0 (no agreement)
    to 1 (everyone gave the same weights), with the Shannon entropies it is built from."""

    value: float
    h_alpha: float  # mean entropy of the participants' own weights
    h_gamma: float  # entropy of the mean weights
    h_beta: float  # h_gamma − h_alpha
    d_alpha_min: float  # the most concentrated weights the scheme allows, as a Hill number

    @property
    def band(self) -> str:
        return consensus_band(self.value)


def consensus_band(value: float) -> str:
    """``low`` (< 65 %), ``moderate`` (65–75 %) or ``high`` (> 75 %)."""
    for limit, word in CONSENSUS_BANDS:
        if value < limit:
            return word
    return "moderate" if value <= 0.75 else "high"


def _entropy(weights) -> float:
    return -math.fsum(w * math.log(w) for w in weights if w > 0)


def alpha_entropy_min(n: int, scheme: str = "ahp", scale_max: float = AHP_SCALE_MAX) -> float:
    """The smallest Shannon entropy a participant's weights can have under the scheme.

    AHP (Goepel): one indicator judged ``scale_max`` times as important as each other one,
    weights M/(n+M−1) and 1/(n+M−1). 0/1/2: a strict ranking, weights 2(n−k)/(n(n−1)).
    """
    if n < 2:
        return 0.0
    if scheme == "ahp":
        top, rest = scale_max / (n + scale_max - 1.0), 1.0 / (n + scale_max - 1.0)
        return _entropy([top] + [rest] * (n - 1))
    return _entropy([2.0 * (n - k) / (n * (n - 1)) for k in range(1, n + 1)])


def shannon_consensus(weight_vectors, scheme: str = "ahp", scale_max: float = AHP_SCALE_MAX) -> Consensus:
    """Goepel's Shannon-entropy consensus of several participants' weight vectors.

    H_α = mean of −Σ w ln w over the participants, H_γ = −Σ w̄ ln w̄ of the mean weights w̄,
    H_β = H_γ − H_α; S* = (1/e^H_β − D_α,min/n) / (1 − D_α,min/n) with D_α,min = e^(H_α,min)
    (:func:`alpha_entropy_min`), clamped to [0, 1]. One indicator: 1 (nothing to disagree on).
    """
    vectors = [tuple(float(w) for w in v) for v in weight_vectors]
    if len(vectors) < 2:
        raise PairwiseError("consensus: it needs the weights of at least two participants")
    n = len(vectors[0])
    if n == 0 or any(len(v) != n for v in vectors):
        raise PairwiseError("consensus: the participants' weights differ in length")
    if any(w < 0 or not math.isfinite(w) for v in vectors for w in v):
        raise PairwiseError("consensus: weights must be non-negative numbers")
    vectors = [tuple(w / math.fsum(v) for w in v) for v in vectors]
    k = len(vectors)
    h_alpha = math.fsum(_entropy(v) for v in vectors) / k
    mean = [math.fsum(v[i] for v in vectors) / k for i in range(n)]
    h_gamma = _entropy(mean)
    h_beta = max(0.0, h_gamma - h_alpha)  # ≥ 0 by concavity; clamp rounding
    d_alpha_min = math.exp(alpha_entropy_min(n, scheme, scale_max))
    if n == 1:
        return Consensus(1.0, h_alpha, h_gamma, h_beta, d_alpha_min)
    floor = d_alpha_min / n  # 1 / correction, correction = D_γ,max / D_α,min with D_γ,max = n
    value = (math.exp(-h_beta) - floor) / (1.0 - floor)
    return Consensus(min(1.0, max(0.0, value)), h_alpha, h_gamma, h_beta, d_alpha_min)
