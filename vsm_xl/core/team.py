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
            raise PairwiseError(f"{label}: {exc.message}") from None
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
