"""Weight stability on plain data (METHOD.md section 3): the interval of one weight over which
the best alternative stays best, from partial benefits, weights and groups alone, as a cell
function has them. The computation is :mod:`vsm_xl.core.sensitivity`'s."""
from __future__ import annotations

import math

from vsm_xl.core.errors import InputError, NoDataError
from vsm_xl.core.model import GROUPS, EvaluationModel, Indicator
from vsm_xl.core.sensitivity import WeightStability, _stability

_WEIGHT_TOLERANCE = 0.005  # typed, rounded weights (33.3 %, 33.3 %, 33.3 %) are fine


def weight_range(partial_benefits, weights, groups, index: int, names=None, alternatives=None) -> WeightStability:
    """Stability interval of indicator ``index`` (0-based).

    ``partial_benefits``: one row per indicator, one value in [0, 1] per alternative;
    ``weights``: one per indicator, summing to 1 within each group (rescaled when they are off
    by rounding only); ``groups``: ``"monetary"`` / ``"non-monetary"`` per indicator.
    """
    rows = [tuple(float(u) for u in row) for row in partial_benefits]
    if not rows or not rows[0]:
        raise NoDataError("no partial benefits")
    n, m = len(rows), len(rows[0])
    if any(len(r) != m for r in rows) or len(weights) != n or len(groups) != n:
        raise InputError("partial benefits, weights and groups must have one row per indicator")
    if not 0 <= index < n:
        raise InputError(f"index {index + 1} is outside 1..{n}")
    names = [f"indicator {i + 1}" for i in range(n)] if names is None else [str(x) for x in names]
    alternatives = tuple(f"alternative {j + 1}" for j in range(m)) if alternatives is None else tuple(alternatives)
    table: dict[str, float] = {}
    for group in GROUPS:
        members = [i for i in range(n) if groups[i] == group]
        if not members:
            raise InputError(f"there is no {group} indicator (the WBF needs both groups)")
        total = math.fsum(weights[i] for i in members)
        if any(weights[i] < 0 for i in members) or abs(total - 1) > _WEIGHT_TOLERANCE:
            raise InputError(f"the {group} weights sum to {total:.4g}, not 1 (100 %)")
        table.update((names[i], weights[i] / total) for i in members)
    indicators = tuple(Indicator(names[i], groups[i], 0.0, 1.0, rows[i]) for i in range(n))
    model = EvaluationModel(alternatives, indicators)
    benefits = {names[i]: rows[i] for i in range(n)}
    return _stability(model, table, benefits, groups[index], names[index])
