"""The comprehensive evaluation of alternatives, end to end (METHOD.md section 2):
value functions -> partial benefits, pairwise weights per group, overall benefits, WBF, rank.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

from vsm_xl.core.benefits import overall_benefit, rank_by_wbf, wbf
from vsm_xl.core.errors import Notice, Problem, ValidationError, VsmError
from vsm_xl.core.model import GROUPS, MONETARY, NON_MONETARY, EvaluationModel
from vsm_xl.core.pairwise import PairwiseWeights, pairwise_weights
from vsm_xl.core.weighting import (
    GroupWeights, check_group_matrix, consistency_notices, group_matrix_weights, one_indicator,
)
from vsm_xl.core.value_functions import ValueFunction

_GROUP_NAMES = {
    "monetary": MONETARY, "m": MONETARY, "money": MONETARY, "monetär": MONETARY, "monetaer": MONETARY,
    "non-monetary": NON_MONETARY, "nonmonetary": NON_MONETARY, "non monetary": NON_MONETARY,
    "non_monetary": NON_MONETARY, "nm": NON_MONETARY, "nicht-monetär": NON_MONETARY,
    "nicht monetär": NON_MONETARY, "nichtmonetär": NON_MONETARY, "nicht-monetaer": NON_MONETARY,
}


def normalize_group(name) -> str:
    """``"monetary"`` or ``"non-monetary"`` for any accepted spelling."""
    if isinstance(name, str) and name.strip().lower() in _GROUP_NAMES:
        return _GROUP_NAMES[name.strip().lower()]
    raise VsmError(f"unknown indicator group {name!r} (use monetary or non-monetary)")


@dataclass(frozen=True)
class AlternativeResult:
    name: str
    benefit_monetary: float
    benefit_non_monetary: float
    wbf: float
    rank: int


@dataclass(frozen=True)
class EvaluationResult:
    alternatives: tuple[AlternativeResult, ...]
    indicators: tuple[str, ...]
    partial_benefits: tuple[tuple[float, ...], ...]  # one row per indicator, model order
    weights: dict  # group -> GroupWeights (scheme, pooled weights, CR, participants, consensus)
    notices: tuple[Notice, ...] = ()

    @property
    def group_weights(self) -> dict:
        """Group -> :class:`GroupWeights` (the same objects as ``weights``)."""
        return self.weights

    @property
    def best(self) -> str:
        return min(self.alternatives, key=lambda a: (a.rank, a.wbf)).name

    def alternative(self, name: str) -> AlternativeResult:
        for alt in self.alternatives:
            if alt.name == name:
                return alt
        raise KeyError(name)


def check_evaluation(model: EvaluationModel) -> tuple[Problem, ...]:
    """Every problem of an evaluation model at once. Subjects: ``("alternative", j)``,
    ``("indicator", i, field)``, ``("value", i, j)``, ``("pairwise", group, i, j)``,
    ``("group", group)``."""
    problems: list[Problem] = []
    n_alt = len(model.alternatives)
    if n_alt == 0:
        problems.append(Problem("there are no alternatives", subject=("alternatives",)))
    seen: dict = {}
    for j, name in enumerate(model.alternatives):
        if not str(name).strip():
            problems.append(Problem(f"alternative {j + 1} has no name", subject=("alternative", j)))
        elif name in seen:
            problems.append(Problem(f"alternative {name!r} appears twice", subject=("alternative", j)))
        seen[name] = j
    seen = {}
    for i, ind in enumerate(model.indicators):
        if not str(ind.name).strip():
            problems.append(Problem(f"indicator {i + 1} has no name", subject=("indicator", i, "name")))
        elif ind.name in seen:
            problems.append(Problem(f"indicator {ind.name!r} appears twice", subject=("indicator", i, "name")))
        seen[ind.name] = i
        if ind.group not in GROUPS:
            problems.append(Problem(f"indicator {ind.name!r}: unknown group {ind.group!r} "
                                    "(use monetary or non-monetary)", subject=("indicator", i, "group")))
        try:
            ValueFunction(ind.worst, ind.best, ind.function, ind.curvature)
        except VsmError as exc:
            field = exc.subject[0] if exc.subject else "worst"
            problems.append(Problem(f"indicator {ind.name!r}: {exc.message}", subject=("indicator", i, field)))
        if len(ind.values) != n_alt:
            problems.append(Problem(f"indicator {ind.name!r} has {len(ind.values)} values for {n_alt} "
                                    "alternatives", subject=("indicator", i, "values")))
        for j, value in enumerate(ind.values[:n_alt]):
            if value is None:
                alt = model.alternatives[j]
                problems.append(Problem(f"indicator {ind.name!r}: value for {alt!r} is missing",
                                        subject=("value", i, j)))
            elif isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
                alt = model.alternatives[j]
                problems.append(Problem(f"indicator {ind.name!r}: value for {alt!r} must be a number, "
                                        f"not {value!r}", subject=("value", i, j)))
    for group in GROUPS:
        members = [ind.name for ind in model.indicators if ind.group == group]
        if not members:
            problems.append(Problem(f"there is no {group} indicator (the WBF needs both groups)",
                                    subject=("group", group)))
            continue
        if len(members) == 1:
            continue
        matrix = model.pairwise.get(group)
        if matrix is None:
            problems.append(Problem(f"the pairwise comparison of the {group} indicators is missing",
                                    subject=("group", group)))
            continue
        if sorted(matrix.indicators) != sorted(members):
            problems.append(Problem(
                f"the {group} pairwise comparison covers {', '.join(matrix.indicators) or 'nothing'} "
                f"but the {group} indicators are {', '.join(members)}", subject=("group", group)))
            continue
        problems.extend(check_group_matrix(group, matrix))
    problems.extend(_range_problems(model))
    return tuple(problems)


def _range_problems(model: EvaluationModel) -> list[Problem]:
    """Estimated values: low <= likely <= high, the likely value the one in ``values``."""
    problems = []
    for i, ind in enumerate(model.indicators):
        for j, bounds in enumerate(ind.ranges[:len(ind.values)]):
            if bounds is None:
                continue
            alt = model.alternatives[j] if j < len(model.alternatives) else f"alternative {j + 1}"
            low, likely, high = bounds
            if not low <= likely <= high:
                problems.append(Problem(f"indicator {ind.name!r}: the range for {alt!r} must have low <= likely "
                                        f"<= high, got {low:g}, {likely:g}, {high:g}", subject=("value", i, j)))
            elif ind.values[j] is not None and likely != ind.values[j]:
                problems.append(Problem(f"indicator {ind.name!r}: the likely value for {alt!r} is {likely:g} "
                                        f"but the value is {ind.values[j]:g}", subject=("value", i, j)))
    return problems


def group_weights(model: EvaluationModel, group: str) -> PairwiseWeights:
    """The 0/1/2 weights of one group (a group of one indicator: weight 1)."""
    members = [ind.name for ind in model.indicators if ind.group == group]
    if len(members) == 1:
        return pairwise_weights([[None]], members)
    matrix = model.pairwise[group]
    result = pairwise_weights(matrix.matrix, matrix.indicators)
    return result


def scheme_weights(model: EvaluationModel, group: str) -> GroupWeights:
    """The weights of one group by its scheme, pooled over its participants if it has any."""
    members = [ind.name for ind in model.indicators if ind.group == group]
    matrix = model.pairwise.get(group)
    if len(members) == 1 or matrix is None:  # a group of one indicator (check_evaluation: else a matrix)
        return one_indicator(matrix.scheme if matrix is not None else "pairwise", members[0])
    return group_matrix_weights(matrix)


def evaluate(model: EvaluationModel) -> EvaluationResult:
    """Partial benefits, weights, overall benefits, WBF and ranks of every alternative.

    Raises :class:`ValidationError` listing every problem of the model at once.
    """
    problems = check_evaluation(model)
    if problems:
        raise ValidationError(problems)
    notices = []
    partial = []
    for i, ind in enumerate(model.indicators):
        vf = ValueFunction(ind.worst, ind.best, ind.function, ind.curvature)
        row = []
        for j, value in enumerate(ind.values):
            if vf.is_clipped(value):
                notices.append(Notice(
                    f"indicator {ind.name!r}: {model.alternatives[j]!r} value {value:g} lies outside "
                    f"[{min(ind.worst, ind.best):g}, {max(ind.worst, ind.best):g}]; its benefit is clipped "
                    f"to {vf(value):g}", subject=("value", i, j)))
            row.append(vf(value))
        partial.append(tuple(row))
    chosen = {group: scheme_weights(model, group) for group in GROUPS}
    for group in GROUPS:
        notices.extend(consistency_notices(group, chosen[group]))
    weights = chosen
    benefits = {}
    for group in GROUPS:
        w = weights[group]
        rows = [(partial[i], w.weight(ind.name)) for i, ind in enumerate(model.indicators) if ind.group == group]
        benefits[group] = [
            overall_benefit([r[0][j] for r in rows], [r[1] for r in rows]) for j in range(len(model.alternatives))
        ]
    wbfs = [wbf(m, nm) for m, nm in zip(benefits[MONETARY], benefits[NON_MONETARY])]
    ranks = rank_by_wbf(wbfs)
    alternatives = tuple(
        AlternativeResult(name, benefits[MONETARY][j], benefits[NON_MONETARY][j], wbfs[j], ranks[j])
        for j, name in enumerate(model.alternatives)
    )
    return EvaluationResult(alternatives, tuple(i.name for i in model.indicators), tuple(partial),
                            weights, tuple(notices))

