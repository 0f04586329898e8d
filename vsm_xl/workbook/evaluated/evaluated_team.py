"""The evaluated values of the weighting cells (METHOD.md section 3): each Pairwise block's CR
and its warning, and on the Team sheet the pooled weights, the consensus and every participant's
own weights and CR, as the core computed them (the evaluated copy replaces their VSM_* formulas),
hidden helper columns included (layout_team: where the VSM_* arrays of those cells live)."""
from __future__ import annotations

from vsm_xl.core.ahp import CR_LIMIT
from vsm_xl.core.weighting import GroupWeights
from vsm_xl.workbook.layout import template_layout as L
from vsm_xl.workbook.layout import layout_team as T


def weighting_cells(out: dict, g: L.Geometry, evaluation) -> None:
    for group, b in g.pairwise.items():
        w: GroupWeights | None = evaluation.weights.get(group) if evaluation is not None else None
        col = T.cr_col(b)
        own = w if w is not None and not w.participants else None  # weights of the block's own matrix
        cr = own.cr if own is not None and own.scheme == "ahp" else None
        out[(L.PAIRWISE, b.first_row, col)] = cr
        warn = None
        if w is not None and cr is not None and cr > CR_LIMIT and w.most_inconsistent is not None:
            warn = f"{T.CR_NOTE} {w.pair_label(w.most_inconsistent)}"
        out[(L.PAIRWISE, b.first_row + 1, col)] = warn
        if b.helpers:
            weights = _by_name(w, b.names, own.weights if own is not None else None, b.size)
            _helper(out, L.PAIRWISE, b.first_row, T.pairwise_helper_col(b), b.size, weights, cr)
    team = g.team
    if not isinstance(team, T.TeamGeometry):
        return
    for group, found in team.groups.items():
        b = g.pairwise.get(group)
        if b is None:
            continue
        tg = T.TeamGroup(group, found.label_col, b.size)  # sized like its Pairwise block
        helpers = group in team.helpers
        w = evaluation.weights.get(group) if evaluation is not None else None
        people = list(w.participants) if w is not None else []
        out[(T.TEAM, T.TEAM_SUMMARY_ROW + 2, tg.first_col)] = w.consensus if w is not None else None
        pooled = _by_name(w, b.names, w.weights if w is not None and people else None, tg.size)
        for i in range(tg.size):
            out[(T.TEAM, T.pooled_row(i), tg.first_col)] = pooled[i]
        if helpers:
            consensus = w.consensus if w is not None else None
            _helper(out, T.TEAM, T.pooled_row(0), tg.helper_col, tg.size, pooled, consensus)
        by_block = dict(zip(team.filled.get(group, ()), people)) if w is not None else {}
        for top in team.block_rows:  # the k-th block with judgments for this group is participant k
            p = by_block.get(top)
            weights = _by_name(w, b.names, p.weights if p is not None else None, tg.size)
            for i in range(tg.size):
                out[(T.TEAM, top + 1 + i, tg.weight_col)] = weights[i]
            out[(T.TEAM, top + 1, tg.cr_col)] = p.cr if p is not None else None
            if helpers:
                _helper(out, T.TEAM, top + 1, tg.helper_col, tg.size, weights, p.cr if p is not None else None)


def _by_name(w, names: list, weights, size: int) -> list:
    """``weights`` (in the order of ``w.indicators``) row by row of a block of ``size`` rows named ``names``."""
    return [weights[w.indicators.index(names[i])] if weights is not None and i < len(names) and names[i] in w.indicators
            else None for i in range(size)]


def _helper(out: dict, sheet: str, first_row: int, col: int, size: int, weights: list, second) -> None:
    """A two-column helper array: the weights down its first column, ``second`` atop the other."""
    for i in range(size):
        out[(sheet, first_row + i, col)] = weights[i] if i < len(weights) else None
        out[(sheet, first_row + i, col + 1)] = second if i == 0 else None
