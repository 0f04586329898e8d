"""The evaluated values of the weighting cells (METHOD.md section 3): each Pairwise block's CR
and its warning, and on the Team sheet the pooled weights, the consensus and every participant's
own weights and CR, as the core computed them (the evaluated copy replaces their VSM_* formulas)."""
from __future__ import annotations

from vsm_xl.core.ahp import CR_LIMIT
from vsm_xl.core.weighting import GroupWeights
from vsm_xl.workbook import layout as L
from vsm_xl.workbook import layout_team as T


def weighting_cells(out: dict, g: L.Geometry, evaluation) -> None:
    for group, b in g.pairwise.items():
        w: GroupWeights | None = evaluation.weights.get(group) if evaluation is not None else None
        col = T.cr_col(b)
        cr = w.cr if w is not None and w.scheme == "ahp" and not w.participants else None
        out[(L.PAIRWISE, b.first_row, col)] = cr
        warn = None
        if w is not None and cr is not None and cr > CR_LIMIT and w.most_inconsistent is not None:
            warn = f"{T.CR_NOTE} {w.pair_label(w.most_inconsistent)}"
        out[(L.PAIRWISE, b.first_row + 1, col)] = warn
    team = g.team
    if not isinstance(team, T.TeamGeometry):
        return
    for group, found in team.groups.items():
        b = g.pairwise.get(group)
        if b is None:
            continue
        tg = T.TeamGroup(group, found.label_col, b.size)  # sized like its Pairwise block
        w = evaluation.weights.get(group) if evaluation is not None else None
        people = list(w.participants) if w is not None else []
        out[(T.TEAM, T.TEAM_SUMMARY_ROW + 2, tg.first_col)] = w.consensus if w is not None else None
        names = b.names
        for i in range(tg.size):
            name = names[i] if i < len(names) else ""
            pooled = w.weight(name) if w is not None and people and name in w.indicators else None
            out[(T.TEAM, T.pooled_row(i), tg.first_col)] = pooled
        for top in team.block_rows:
            for i in range(tg.size):
                out[(T.TEAM, top + 1 + i, tg.weight_col)] = None
            out[(T.TEAM, top + 1, tg.cr_col)] = None
        if w is None:
            continue
        # the k-th block with judgments for this group is participant k (the reader's order)
        for top, p in zip(team.filled.get(group, ()), people):
            for i in range(tg.size):
                name = names[i] if i < len(names) else ""
                if name in w.indicators:
                    out[(T.TEAM, top + 1 + i, tg.weight_col)] = p.weights[w.indicators.index(name)]
            out[(T.TEAM, top + 1, tg.cr_col)] = p.cr
