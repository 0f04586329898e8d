"""AHP weights: Saaty's 1–9 reciprocal judgments, principal eigenvector, consistency ratio
(METHOD.md section 3), an alternative to the paper's 0/1/2 scheme.

Cell (i, j) says how much more important indicator i is than j: 1 equal … 9 extreme, and
the reciprocals 1/3, 1/5 … for "less important". a_ji = 1 / a_ij; a blank whose mirror is
filled is derived as the reciprocal. Weights are the principal eigenvector (normalised to
sum 1), found by power iteration; CI = (λmax − n)/(n − 1), CR = CI / RI with Saaty's random
index RI; CR <= 0.10 is acceptable.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass

from vsm_xl.core.errors import PairwiseError
from vsm_xl.core.pairwise import competition_ranks, indicator_names, square_matrix

# Saaty's random consistency index by matrix size (n = 1, 2 are always consistent).
RANDOM_INDEX = {1: 0.0, 2: 0.0, 3: 0.58, 4: 0.90, 5: 1.12, 6: 1.24, 7: 1.32, 8: 1.41, 9: 1.45, 10: 1.49}
CR_LIMIT = 0.10
LOWEST, HIGHEST = 1.0 / 9.0, 9.0
_RECIPROCAL_TOLERANCE = 1e-9
_SCALE_TOLERANCE = 1e-9  # 0.11111111 typed for 1/9 is still on the scale
_CONVERGENCE = 1e-12
_MAX_ITERATIONS = 100_000
# a decimal typed for a reciprocal (0.333, 0.33, 0.143, 0.2) is read as that reciprocal when it
# lies within 2 % of it; neighbouring reciprocals (1/8, 1/9) are 11 % apart, so this is unambiguous
_SNAP_TOLERANCE = 0.02
RECIPROCALS = tuple(1.0 / k for k in range(2, 10))
_FRACTION = re.compile(r"^\s*(\d+(?:[.,]\d+)?)\s*/\s*(\d+(?:[.,]\d+)?)\s*$")


@dataclass(frozen=True)
class AhpResult:
    """AHP weights of one group. ``matrix`` is the completed reciprocal matrix (diagonal 1).

    ``ri``, ``cr`` and ``consistent`` are ``None`` for more than 10 indicators: Saaty's random
    index is tabulated up to n = 10 only.
    """

    indicators: tuple[str, ...]
    matrix: tuple[tuple[float, ...], ...]
    weights: tuple[float, ...]
    lambda_max: float
    ci: float
    ri: float | None
    cr: float | None
    consistent: bool | None
    ranks: tuple[int, ...]
    derived: tuple[tuple[int, int], ...] = ()  # cells filled as 1 / mirror

    def weight(self, name: str) -> float:
        return self.weights[self.indicators.index(name)]


def _judgment(value, a: str, b: str, where: tuple = ()):
    """One judgment as a float (``3``, ``0.2``, ``"1/3"``, ``"0,5"``), ``None`` when blank;
    errors carry ``where``, the cell (i, j)."""
    hint = "use 1 to 9 or a reciprocal such as 1/3"
    try:
        value = _judgment_value(value, f"AHP: {a} vs {b}")
    except PairwiseError as exc:
        raise PairwiseError(exc.message, subject=where) from None
    if value is None:
        return None
    value = snap_judgment(float(value))
    if not LOWEST - _SCALE_TOLERANCE <= value <= HIGHEST + _SCALE_TOLERANCE:
        raise PairwiseError(f"AHP: {a} vs {b} is {value:g}, outside Saaty's scale 1/9 to 9; {hint}", subject=where)
    return value


def judgment_number(value):
    """A typed judgment as a float (3, 0.2, ``"1/3"``, ``"0,5"``), ``None`` when blank; not yet
    checked against the scale. Raises :class:`PairwiseError` for anything else."""
    return _judgment_value(value, "AHP: a judgment")


def _judgment_value(value, what: str):
    if value is None:
        return None
    if isinstance(value, str):
        text = value.strip()
        if not text:
            return None
        fraction = _FRACTION.match(text)
        try:
            if fraction:
                numerator, denominator = (float(x.replace(",", ".")) for x in fraction.groups())
                return numerator / denominator
            return float(text.replace(",", "."))
        except (ValueError, ZeroDivisionError):
            raise PairwiseError(f"{what} is {value!r}; use 1 to 9 or a reciprocal such as 1/3") from None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise PairwiseError(f"{what} is {value!r}; use 1 to 9 or a reciprocal such as 1/3")
    return float(value)


def snap_judgment(value: float) -> float:
    """``value`` or the reciprocal 1/k (k = 2..9) it was typed for: 0.333 -> 1/3, 0.2 -> 1/5."""
    for reciprocal in RECIPROCALS:
        if abs(value - reciprocal) <= _SNAP_TOLERANCE * reciprocal:
            return reciprocal
    return value


def most_inconsistent(matrix, weights) -> tuple[int, int] | None:
    """The judgment (i, j), i < j, that deviates most from the weights' ratio w_i / w_j
    (largest |ln(a_ij · w_j / w_i)|); ``None`` when every judgment agrees with the weights."""
    worst, pair = 1e-9, None
    n = len(matrix)
    for i in range(n):
        for j in range(i + 1, n):
            if weights[i] <= 0 or weights[j] <= 0:
                continue
            deviation = abs(math.log(matrix[i][j] * weights[j] / weights[i]))
            if deviation > worst:
                worst, pair = deviation, (i, j)
    return pair


def _names(n: int, names) -> list[str]:
    return indicator_names(n, names, "AHP")


def complete_reciprocal(matrix, names=None):
    """The reciprocal matrix with blanks derived from their mirrors (diagonal 1).

    Returns ``(completed, derived_cells)``. Errors name both indicators of the pair.
    """
    rows, names = square_matrix(matrix, names, "AHP")
    n = len(rows)
    cells = [[1.0] * n for _ in range(n)]
    for i in range(n):
        diagonal = rows[i][i]
        if diagonal is not None and not (isinstance(diagonal, str) and not diagonal.strip()):
            if _judgment(diagonal, names[i], names[i], (i, i)) != 1.0:
                raise PairwiseError(f"AHP: {names[i]} vs itself must be 1 or blank, not {diagonal!r}", subject=(i, i))
    derived = []
    for i in range(n):
        for j in range(i + 1, n):
            a = _judgment(rows[i][j], names[i], names[j], (i, j))
            b = _judgment(rows[j][i], names[j], names[i], (j, i))
            if a is None and b is None:
                raise PairwiseError(f"AHP: {names[i]} vs {names[j]} is not compared (both cells blank)",
                                    subject=(i, j))
            if a is None:
                a = 1.0 / b
                derived.append((i, j))
            elif b is None:
                b = 1.0 / a
                derived.append((j, i))
            elif abs(a * b - 1.0) > _RECIPROCAL_TOLERANCE:
                raise PairwiseError(
                    f"AHP: {names[j]} vs {names[i]} is {b:g} but {names[i]} vs {names[j]} is {a:g} "
                    f"(must be reciprocals, e.g. 3 and 1/3)", subject=(j, i)
                )
            cells[i][j], cells[j][i] = a, b
    return tuple(tuple(r) for r in cells), tuple(derived)


def principal_eigenvector(matrix) -> tuple[tuple[float, ...], float]:
    """``(weights, lambda_max)`` of a positive square matrix by power iteration.

    Weights sum to 1; iteration stops when no weight moves by more than 1e-12. A positive
    matrix has one dominant real eigenvalue (Perron–Frobenius), so the iteration converges.
    """
    n = len(matrix)
    # start from the row geometric means (exact for a consistent matrix, close otherwise)
    vector = [math.exp(math.fsum(math.log(x) for x in row) / n) for row in matrix]
    total = math.fsum(vector)
    vector = [x / total for x in vector]
    for _ in range(_MAX_ITERATIONS):
        product = [math.fsum(a * x for a, x in zip(row, vector)) for row in matrix]
        total = math.fsum(product)
        new = [x / total for x in product]
        change = max(abs(x - y) for x, y in zip(new, vector))
        vector = new
        if change <= _CONVERGENCE:
            break
    # with Σw = 1, Σ(Aw) = λmax exactly at the eigenvector
    lambda_max = math.fsum(math.fsum(a * x for a, x in zip(row, vector)) for row in matrix)
    return tuple(vector), lambda_max


def _result(names, completed, derived) -> AhpResult:
    n = len(completed)
    weights, lambda_max = principal_eigenvector(completed)
    # λmax >= n for every positive reciprocal matrix; clamp rounding below n
    ci = max(0.0, (lambda_max - n) / (n - 1)) if n > 2 else 0.0
    ri = RANDOM_INDEX.get(n)
    if ri is None:
        cr = consistent = None
    else:
        cr = ci / ri if ri else 0.0
        consistent = cr <= CR_LIMIT
    # rank on rounded weights so that equal rows tie despite last-bit noise
    ranks = competition_ranks(round(w, 12) for w in weights)
    return AhpResult(tuple(names), completed, weights, lambda_max, ci, ri, cr, consistent, ranks, derived)


def ahp_weights(matrix, names=None) -> AhpResult:
    """AHP weights, λmax, CI, RI, CR and ranks of a matrix of Saaty judgments."""
    completed, derived = complete_reciprocal(matrix, names)
    return _result(_names(len(completed), names), completed, derived)
