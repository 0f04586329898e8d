"""How a group was weighted, as plain data for the JSON report and the YAML export:
scheme, consistency ratio with its random index, the most inconsistent judgment, each
participant's own weights and CR, and the team's consensus."""
from __future__ import annotations

from vsm_xl.io.formatting import rounded


def weighting_dict(w, digits: int | None = None) -> dict:
    """One group's :class:`~vsm_xl.core.weighting.GroupWeights` as a dict (numbers rounded to
    ``digits`` when given, full precision otherwise; ``None`` where a figure does not apply)."""

    def num(x):
        if x is None:
            return None
        return rounded(x, digits) if digits is not None else float(x)

    data = {
        "scheme": w.scheme,
        "cr": num(w.cr),
        "random_index": w.random_index,
        "consistent": w.consistent,
        "most_inconsistent": w.pair_label(w.most_inconsistent),
        "consensus": num(w.consensus),
        "consensus_band": w.consensus_band,
        "participants": [
            {"name": p.name, "weights": {n: num(g) for n, g in zip(w.indicators, p.weights)}, "cr": num(p.cr),
             "most_inconsistent": w.pair_label(p.most_inconsistent)}
            for p in w.participants
        ],
    }
    return data
