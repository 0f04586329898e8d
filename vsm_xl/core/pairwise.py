"""Weights by pairwise comparison, the paper's 0/1/2 scheme (METHOD.md 2.3).

Cell (i, j) is 2 if indicator i is more important than j, 1 if equal, 0 if less; the
diagonal is blank. a_ij + a_ji = 2; a blank whose mirror is filled is derived as 2 − a_ji.
Weight g_i = s_i / Σ s with s_i the row sum; ranks by s_i descending, ties share the better rank.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

from vsm_xl.core.errors import PairwiseError

_ALLOWED = (0.0, 1.0, 2.0)


@dataclass(frozen=True)
class PairwiseWeights:
    indicators: tuple[str, ...]
    matrix: tuple[tuple[float | None, ...], ...]  # completed: every off-diagonal cell filled
    sums: tuple[float, ...]
    weights: tuple[float, ...]
    ranks: tuple[int, ...]
    derived: tuple[tuple[int, int], ...] = ()  # cells filled as 2 − mirror

    def weight(self, name: str) -> float:
        return self.weights[self.indicators.index(name)]


def competition_ranks(scores, higher_is_better: bool = True) -> tuple[int, ...]:
    """Ranks 1, 1, 3, 4: ties share the better rank ("standard competition ranking")."""
    scores = list(scores)
    ranks = []
    for s in scores:
        better = sum(1 for other in scores if (other > s if higher_is_better else other < s))
        ranks.append(better + 1)
    return tuple(ranks)


def _cell(value, a: str, b: str, where: tuple = ()):
    if value is None:
        return None
    if isinstance(value, str):
        if not value.strip():
            return None
        try:
            value = float(value.strip().replace(",", "."))
        except ValueError:
            raise PairwiseError(f"pairwise: {a} vs {b} is {value!r}; use 0, 1 or 2", subject=where) from None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or math.isnan(value):
        raise PairwiseError(f"pairwise: {a} vs {b} is {value!r}; use 0, 1 or 2", subject=where)
    value = float(value)
    if value not in _ALLOWED:
        raise PairwiseError(f"pairwise: {a} vs {b} is {value:g}; use 0, 1 or 2", subject=where)
    return value


def square_matrix(matrix, names, scheme: str):
    """The matrix as a list of rows and its indicator names, checked: square, one distinct name
    per row (``indicator 1``, ... when none are given). ``scheme`` starts the error messages."""
    rows = [list(r) if isinstance(r, (list, tuple)) else [r] for r in matrix]
    n = len(rows)
    if n == 0:
        raise PairwiseError(f"{scheme}: the matrix is empty")
    if any(len(r) != n for r in rows):
        raise PairwiseError(f"{scheme}: the matrix must be square, got {n} rows of lengths "
                            f"{sorted({len(r) for r in rows})}")
    return rows, indicator_names(n, names, scheme)


def indicator_names(n: int, names, scheme: str) -> list[str]:
    """``n`` distinct indicator names (``indicator 1``, ... when none are given)."""
    if names is None:
        return [f"indicator {i + 1}" for i in range(n)]
    names = [str(x) for x in names]
    if len(names) != n:
        raise PairwiseError(f"{scheme}: {len(names)} indicator names for a {n}x{n} matrix")
    if len(set(names)) != n:
        dup = next(x for x in names if names.count(x) > 1)
        raise PairwiseError(f"{scheme}: indicator {dup!r} appears twice")
    return names


def complete_matrix(matrix, names=None):
    """The matrix with blanks derived from their mirrors; errors name both indicators.

    Returns ``(completed, derived_cells)``.
    """
    rows, names = square_matrix(matrix, names, "pairwise")
    n = len(rows)
    cells = [[None if i == j else _cell(rows[i][j], names[i], names[j], (i, j)) for j in range(n)]
             for i in range(n)]
    derived = []
    for i in range(n):
        for j in range(i + 1, n):
            a, b = cells[i][j], cells[j][i]
            if a is None and b is None:
                raise PairwiseError(f"pairwise: {names[i]} vs {names[j]} is not compared (both cells blank)",
                                    subject=(i, j))
            if a is None:
                assert b is not None
                cells[i][j] = 2.0 - b
                derived.append((i, j))
            elif b is None:
                cells[j][i] = 2.0 - a
                derived.append((j, i))
            elif a + b != 2:
                raise PairwiseError(
                    f"pairwise: {names[j]} vs {names[i]} is {b:g} but {names[i]} vs {names[j]} "
                    f"is {a:g} (must sum to 2)", subject=(j, i)
                )
    return tuple(tuple(r) for r in cells), tuple(derived)


def pairwise_weights(matrix, names=None) -> PairwiseWeights:
    """Weights, row sums and ranks of a 0/1/2 pairwise comparison matrix."""
    completed, derived = complete_matrix(matrix, names)
    n = len(completed)
    names = tuple(str(x) for x in names) if names is not None else tuple(f"indicator {i + 1}" for i in range(n))
    if n == 1:
        return PairwiseWeights(names, completed, (0.0,), (1.0,), (1,), derived)
    sums = tuple(math.fsum(v for v in row if v is not None) for row in completed)
    total = n * (n - 1)  # Σ s is always n(n − 1) for a consistent matrix
    weights = tuple(s / total for s in sums)
    return PairwiseWeights(names, completed, sums, weights, competition_ranks(sums), derived)
