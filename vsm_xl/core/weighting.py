"""The weights of one indicator group by its scheme (METHOD.md 2.3 and 3): the paper's 0/1/2
comparison or AHP, from one matrix or pooled from a team's matrices, with the consistency
ratio, each participant's own weights and the team's consensus.
"""
from __future__ import annotations

from dataclasses import dataclass

from vsm_xl.core.ahp import CR_LIMIT, AhpResult, ahp_weights, most_inconsistent
from vsm_xl.core.errors import Notice, PairwiseError, Problem, VsmError
from vsm_xl.core.model import AHP, PAIRWISE, SCHEMES, PairwiseMatrix
from vsm_xl.core.pairwise import PairwiseWeights, pairwise_weights
from vsm_xl.core.team import consensus_band, pool_ahp, pool_pairwise, shannon_consensus

_SCHEME_NAMES = {"pairwise": PAIRWISE, "0/1/2": PAIRWISE, "012": PAIRWISE, "paarvergleich": PAIRWISE,
                 "ahp": AHP, "saaty": AHP}


def normalize_scheme(name) -> str:
    """``"pairwise"`` or ``"ahp"`` for any accepted spelling (blank: pairwise)."""
    if name is None or (isinstance(name, str) and not name.strip()):
        return PAIRWISE
    key = str(name).strip().lower()
    if key in _SCHEME_NAMES:
        return _SCHEME_NAMES[key]
    raise PairwiseError(f"unknown weighting scheme {name!r} (use {' or '.join(SCHEMES)})")


@dataclass(frozen=True)
class ParticipantWeights:
    """One participant's own weights (group indicator order); ``cr`` and
    ``most_inconsistent`` only for AHP."""

    name: str
    weights: tuple[float, ...]
    cr: float | None = None
    most_inconsistent: tuple[int, int] | None = None


@dataclass(frozen=True)
class GroupWeights:
    """The weights of one group as the evaluation uses them.

    ``weights`` are pooled when there are participants. ``sums`` are the 0/1/2 row sums;
    ``lambda_max``, ``ci``, ``cr``, ``random_index`` and ``most_inconsistent`` (the judgment
    (i, j) farthest from w_i / w_j) are AHP's; ``cr`` and ``random_index`` are ``None`` above
    10 indicators. ``consensus`` (0..1) needs two participants or more.
    """

    scheme: str
    indicators: tuple[str, ...]
    weights: tuple[float, ...]
    ranks: tuple[int, ...]
    matrix: tuple[tuple, ...] = ()  # the completed (pooled) matrix
    sums: tuple[float, ...] | None = None
    lambda_max: float | None = None
    ci: float | None = None
    cr: float | None = None
    random_index: float | None = None
    most_inconsistent: tuple[int, int] | None = None
    participants: tuple[ParticipantWeights, ...] = ()
    consensus: float | None = None

    def weight(self, name: str) -> float:
        return self.weights[self.indicators.index(name)]

    def rows(self):
        """``(indicator, row sum or None, weight, rank)`` per indicator (row sums: 0/1/2 only)."""
        sums = self.sums if self.sums is not None else (None,) * len(self.indicators)
        return tuple(zip(self.indicators, sums, self.weights, self.ranks))

    def pair_label(self, pair) -> str | None:
        """``"Lead time vs Flow degree"`` for a judgment (i, j)."""
        return None if pair is None else f"{self.indicators[pair[0]]} vs {self.indicators[pair[1]]}"

    @property
    def consistent(self) -> bool | None:
        return None if self.cr is None else self.cr <= CR_LIMIT

    @property
    def consensus_band(self) -> str | None:
        return None if self.consensus is None else consensus_band(self.consensus)


def _from_pairwise(w: PairwiseWeights, **extra) -> GroupWeights:
    return GroupWeights(PAIRWISE, tuple(w.indicators), tuple(w.weights), tuple(w.ranks), tuple(w.matrix),
                        sums=tuple(w.sums), **extra)


def _from_ahp(r: AhpResult, **extra) -> GroupWeights:
    return GroupWeights(AHP, tuple(r.indicators), tuple(r.weights), tuple(r.ranks), tuple(r.matrix),
                        lambda_max=r.lambda_max, ci=r.ci, cr=r.cr, random_index=r.ri,
                        most_inconsistent=most_inconsistent(r.matrix, r.weights), **extra)


def single_weights(scheme: str, matrix, names) -> GroupWeights:
    """The weights of one matrix under ``scheme``."""
    scheme = normalize_scheme(scheme)
    if scheme == AHP:
        return _from_ahp(ahp_weights(matrix, names))
    return _from_pairwise(pairwise_weights(matrix, names))


def team_weights(scheme: str, matrices, names=None, labels=None) -> GroupWeights:
    """Pooled weights of several matrices (0/1/2: mean; AHP: geometric mean), each
    participant's own weights and CR, and the consensus (two participants or more)."""
    scheme = normalize_scheme(scheme)
    matrices = list(matrices)
    pool = pool_ahp if scheme == AHP else pool_pairwise
    team = pool(matrices, names, labels)
    own = []
    for label, p in zip(team.labels, team.participants):
        if scheme == AHP:
            own.append(ParticipantWeights(label, tuple(p.weights), p.cr, most_inconsistent(p.matrix, p.weights)))
        else:
            own.append(ParticipantWeights(label, tuple(p.weights)))
    consensus = shannon_consensus([p.weights for p in own], scheme).value if len(own) > 1 else None
    pooled = team.pooled
    if isinstance(pooled, AhpResult):
        return _from_ahp(pooled, participants=tuple(own), consensus=consensus)
    return _from_pairwise(pooled, participants=tuple(own), consensus=consensus)


def group_matrix_weights(matrix: PairwiseMatrix) -> GroupWeights:
    """The weights a group's :class:`PairwiseMatrix` gives, by its scheme and participants."""
    if matrix.participants:
        return team_weights(matrix.scheme, [p.matrix for p in matrix.participants], matrix.indicators,
                            [p.name for p in matrix.participants])
    return single_weights(matrix.scheme, matrix.matrix, matrix.indicators)


def one_indicator(scheme: str, name: str) -> GroupWeights:
    """A group of one indicator: weight 1, nothing to compare."""
    scheme = normalize_scheme(scheme)
    return GroupWeights(scheme, (name,), (1.0,), (1,), ((None,),) if scheme == PAIRWISE else ((1.0,),),
                        sums=(0.0,) if scheme == PAIRWISE else None)


def check_group_matrix(group: str, matrix: PairwiseMatrix) -> list[Problem]:
    """Every problem of one group's comparison input. Subjects: ``("scheme", group)``,
    ``("pairwise", group[, i, j])`` and ``("participant", group, k[, i, j])``."""
    try:
        scheme = normalize_scheme(matrix.scheme)
    except VsmError as exc:
        return [Problem(f"{group}: {exc.message}", subject=("scheme", group))]
    compute = ahp_weights if scheme == AHP else pairwise_weights
    if not matrix.participants:
        try:
            compute(matrix.matrix, matrix.indicators)
        except VsmError as exc:
            return [Problem(exc.message, subject=("pairwise", group) + exc.subject)]
        return []
    problems, seen = [], set()
    for k, participant in enumerate(matrix.participants):
        name = str(participant.name).strip()
        if not name:
            problems.append(Problem(f"{group}: participant {k + 1} has no name", subject=("participant", group, k)))
        elif name in seen:
            problems.append(Problem(f"{group}: participant {name!r} appears twice", subject=("participant", group, k)))
        seen.add(name)
        try:
            compute(participant.matrix, matrix.indicators)
        except VsmError as exc:
            problems.append(Problem(f"{name or f'participant {k + 1}'}: {exc.message}",
                                    subject=("participant", group, k) + exc.subject))
    return problems


def consistency_notices(group: str, weights: GroupWeights) -> list[Notice]:
    """A notice per AHP matrix whose CR exceeds 0.10 (pooled and each participant's), naming the
    most inconsistent judgment; and one when CR is undefined (more than 10 indicators)."""
    if weights.scheme != AHP or len(weights.indicators) < 3:
        return []
    names = weights.indicators
    if weights.cr is None:
        return [Notice(f"the {group} AHP matrix has {len(names)} indicators; Saaty's random index is "
                       "tabulated up to 10, so its consistency ratio is not computed", subject=("pairwise", group))]
    notices = []

    def notice(who: str, cr: float | None, pair, subject: tuple, cell: bool = True) -> None:
        if cr is None or cr <= CR_LIMIT:
            return
        text = f"{who}the {group} AHP judgments are inconsistent, CR = {cr:.3f} > {CR_LIMIT:.2f} " \
               f"(random index RI = {weights.random_index:g} for n = {len(names)})"
        if pair is not None:
            text += f"; the most inconsistent judgment is {names[pair[0]]} vs {names[pair[1]]}"
        notices.append(Notice(text, subject=subject + (tuple(pair) if pair and cell else ())))

    if weights.participants:
        for k, p in enumerate(weights.participants):
            notice(f"{p.name}: ", p.cr, p.most_inconsistent, ("participant", group, k))
        # the pooled matrix has no cells of its own: the notice is about the group
        notice("pooled: ", weights.cr, weights.most_inconsistent, ("pairwise", group), cell=False)
    else:
        notice("", weights.cr, weights.most_inconsistent, ("pairwise", group))
    return notices
