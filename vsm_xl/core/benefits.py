"""Overall benefit per group, the WBF and indifference curves (METHOD.md 2.4).

G = Σ u·g per group; WBF = sqrt((G_monetary − 1)² + (G_non-monetary − 1)²), the distance to
the ideal (1, 1): lower is better.
"""
from __future__ import annotations

import math
import operator
from itertools import repeat

from vsm_xl.core.errors import InputError
from vsm_xl.core.pairwise import competition_ranks
from vsm_xl.core.values import all_floats

SQRT2 = math.sqrt(2.0)


def overall_benefit(partial_benefits, weights) -> float:
    """G = Σ_z u_z · g_z over one group's indicators."""
    partial_benefits = list(partial_benefits)
    weights = list(weights)
    if len(partial_benefits) != len(weights):
        raise InputError(f"{len(partial_benefits)} partial benefits but {len(weights)} weights")
    if not weights:
        raise InputError("no indicators to pool")
    return _weighted_sum(partial_benefits, weights)


def overall_benefits(partial_benefit_rows, weights) -> list[float]:
    """G of every alternative at once: one row of partial benefits per indicator (alternatives
    in columns), one weight per row. Equal to :func:`overall_benefit` of each column."""
    rows = [row if isinstance(row, (list, tuple)) else list(row) for row in partial_benefit_rows]
    weights = list(weights)
    if len(rows) != len(weights):
        raise InputError(f"{len(rows)} rows of partial benefits but {len(weights)} weights")
    if not weights:
        raise InputError("no indicators to pool")
    if len({len(row) for row in rows}) != 1:
        raise InputError("every indicator needs one partial benefit per alternative")
    # Column sums of the row-wise products: the same products summed in the same (indicator)
    # order as _weighted_sum of each column, so the same floats; zip can reuse its tuple because
    # sum() lets go of it at once, and the products are taken in C, row by row.
    return list(map(sum, zip(*map(map, repeat(operator.mul), rows, map(repeat, weights)))))


def overall_benefits_of_matrix(matrix, weights) -> list[float]:
    """:func:`overall_benefits` of a numpy matrix (indicators in rows, alternatives in columns;
    the cell functions take this path for large blocks): the products added row by row in
    indicator order, from 0 as sum() starts. The same floats as :func:`overall_benefits` where
    sum() adds left to right (CPython up to 3.11; see vsm_xl.cell_functions.fast_arrays)."""
    total = matrix[0] * weights[0] + 0.0  # 0 + u·g, as sum() begins (a -0.0 becomes 0.0)
    for row, weight in zip(matrix[1:], weights[1:]):
        total += row * weight
    return total.tolist()


def _weighted_sum(partial_benefits, weights) -> float:
    """Σ u·g in indicator order. A plain sum, not fsum: the terms are in [0, 1] and the weights
    sum to 1, so rounding stays below 1e-15, and the cell functions pool 1,000s of alternatives
    per call (Python 3.12+ compensates sum() itself; results agree across versions to 1e-15)."""
    return sum(map(operator.mul, partial_benefits, weights))


def wbf(benefit_monetary: float, benefit_non_monetary: float) -> float:
    """Value stream assessment factor: distance of (G_nm, G_m) to the ideal (1, 1)."""
    for value, what in ((benefit_monetary, "monetary benefit"), (benefit_non_monetary, "non-monetary benefit")):
        if isinstance(value, bool) or not isinstance(value, (int, float)) or math.isnan(value):
            raise InputError(f"{what} must be a number, not {value!r}")
        if not -1e-12 <= value <= 1 + 1e-12:
            raise InputError(f"{what} must lie in [0, 1], not {value:g}")
    return math.hypot(benefit_monetary - 1.0, benefit_non_monetary - 1.0)


def wbfs(benefits_monetary, benefits_non_monetary) -> list[float]:
    """The WBF of many alternatives at once; equal to :func:`wbf` of each pair."""
    m, nm = list(benefits_monetary), list(benefits_non_monetary)
    if len(m) != len(nm):
        raise InputError(f"{len(m)} monetary but {len(nm)} non-monetary benefits")
    if m and all_floats(m) and all_floats(nm) and math.isfinite(sum(m) + sum(nm)) \
            and -1e-12 <= min(m) and max(m) <= 1 + 1e-12 and -1e-12 <= min(nm) and max(nm) <= 1 + 1e-12:
        return [math.hypot(a - 1.0, b - 1.0) for a, b in zip(m, nm)]
    return [wbf(a, b) for a, b in zip(m, nm)]  # checks each pair and names the bad value


def rank_by_wbf(wbfs) -> tuple[int, ...]:
    """Ranks by WBF ascending (the lowest is best); ties share the better rank."""
    return competition_ranks(wbfs, higher_is_better=False)


def indifference_curve(radius: float, points: int = 31) -> tuple[tuple[float, float], ...]:
    """Points (G_non-monetary, G_monetary) at distance ``radius`` from (1, 1) inside the unit
    square: the quarter circle on which every alternative has the same WBF."""
    if not 0 <= radius <= SQRT2 + 1e-12:
        raise InputError(f"a WBF lies in [0, sqrt(2)], not {radius:g}")
    if points < 2:
        raise InputError("an indifference curve needs at least 2 points")
    if radius == 0:
        return ((1.0, 1.0),)
    # keep both coordinates >= 0: for r > 1 only the middle of the quarter circle is inside
    low = math.acos(min(1.0, 1.0 / radius))
    high = math.pi / 2 - low
    result = []
    for k in range(points):
        theta = low + (high - low) * k / (points - 1)
        x = max(0.0, 1.0 - radius * math.cos(theta))
        y = max(0.0, 1.0 - radius * math.sin(theta))
        result.append((x, y))
    return tuple(result)
