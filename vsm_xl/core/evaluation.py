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
    weights: dict  # group -> PairwiseWeights
    notices: tuple[Notice, ...] = ()

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
        try:
            pairwise_weights(matrix.matrix, matrix.indicators)
        except VsmError as exc:
            problems.append(Problem(exc.message, subject=("pairwise", group) + exc.subject))
    return tuple(problems)


def group_weights(model: EvaluationModel, group: str) -> PairwiseWeights:
    """The pairwise weights of one group, in the order of the model's indicators."""
    members = [ind.name for ind in model.indicators if ind.group == group]
    if len(members) == 1:
        return pairwise_weights([[None]], members)
    matrix = model.pairwise[group]
    result = pairwise_weights(matrix.matrix, matrix.indicators)
    return result


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
    weights = {group: group_weights(model, group) for group in GROUPS}
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
