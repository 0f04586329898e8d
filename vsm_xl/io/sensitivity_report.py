"""The sensitivity of an evaluation as plain data (``vsm-xl sensitivity --format json``) and as
readable tables.

Contract keys (more may be added, none removed)::

    {"best": NAME, "draws": N, "seed": S, "distribution": "triangular" | "pert", "ranges": COUNT,
     "weights": [{"indicator", "group", "weight", "low", "high", "below", "above"}],
     "alternatives": [{"name", "p_best", "wbf_p5", "wbf_median", "wbf_p95"}]}

``low``/``high`` bound the weight over which ``best`` stays best (the group's other weights
keeping their proportions); ``below``/``above`` name the alternative that takes over just
outside (null where the interval reaches 0 or 1). ``p_best`` is the share of the draws in
which the alternative ranked first; the WBF percentiles are over the draws. Without draws
(``--draws 0``) these four are null. With ``--smaa`` the document has an ``smaa`` key
(:mod:`vsm_xl.io.smaa_report`).
"""
from __future__ import annotations

import json

from vsm_xl.io.formatting import num, percent, plain_text


def sensitivity_dict(found) -> dict:
    """A :class:`~vsm_xl.core.sensitivity.Sensitivity` as plain data (see the module docstring)."""
    r = found.robustness
    simulated = r.draws > 0
    return {
        "best": found.best,
        "draws": r.draws,
        "seed": r.seed,
        "distribution": r.distribution,
        "ranges": r.ranges,
        "weights": [
            {"indicator": s.indicator, "group": s.group, "weight": s.weight, "low": s.low, "high": s.high,
             "below": s.below, "above": s.above}
            for s in found.weights
        ],
        "alternatives": [
            {"name": a.name,
             "p_best": a.first_share if simulated else None,
             "wbf_p5": a.wbf_p5, "wbf_median": a.wbf_median, "wbf_p95": a.wbf_p95,
             # beyond the contract
             "wbf": a.wbf_likely, "rank": a.rank_likely, "rank_best": a.rank_best, "rank_worst": a.rank_worst,
             "wbf_min": a.wbf_best, "wbf_max": a.wbf_worst}
            for a in r.alternatives
        ],
    }


def sensitivity_json(found, indent: int | None = 2, smaa=None) -> str:
    """The JSON document; with ``smaa`` (a :class:`~vsm_xl.core.smaa.SmaaResult`) its figures
    under the ``smaa`` key (:mod:`vsm_xl.io.smaa_report`)."""
    data = sensitivity_dict(found)
    if smaa is not None:
        from vsm_xl.io.smaa_report import smaa_dict

        data["smaa"] = smaa_dict(smaa)
    return json.dumps(data, indent=indent, ensure_ascii=False, allow_nan=False)


def interval_text(s) -> str:
    """``0 – 39.58 %`` (the weight interval in percent)."""
    return f"{num(s.low * 100)} – {percent(s.high)}"


def sensitivity_renderables(found, *, ascii_only: bool = False) -> list:
    """The two tables (weight intervals, simulation) and a closing line, as rich renderables."""
    from rich import box
    from rich.table import Table
    from rich.text import Text

    style = box.ASCII2 if ascii_only else box.SIMPLE_HEAD
    dash = "-" if ascii_only else "–"
    parts: list = []
    table = Table(title=f"Weight stability: {found.best} stays best while a weight lies in its interval "
                        "(the group's other weights keep their proportions)",
                  box=style, title_justify="left")
    for header in ("Indicator", "Group", "Weight", "Low", "High", "Below: best", "Above: best"):
        table.add_column(header, justify="right" if header in ("Weight", "Low", "High") else "left")
    for s in found.weights:
        table.add_row(s.indicator, s.group, percent(s.weight, 1), percent(s.low, 2), percent(s.high, 2),
                      s.below or dash, s.above or dash)
    parts.append(table)
    r = found.robustness
    if r.draws and r.ranges:
        what = "the 1 value" if r.ranges == 1 else f"the {r.ranges} values"
        title = (f"Simulation: {r.draws} draws ({r.distribution}, seed {r.seed}) of {what} "
                 "given as low / likely / high")
    elif r.draws:
        title = "Simulation: no value is given as low / likely / high, so the ranking cannot change"
    else:
        title = "Ranks with the values at their ends (no draws)"
    table = Table(title=title, box=style, title_justify="left")
    for header in ("Alternative", "WBF", "P(best)", "WBF P5", "WBF median", "WBF P95", "Ranks"):
        table.add_column(header, justify="left" if header == "Alternative" else "right")
    for a in r.alternatives:
        ranks = str(a.rank_best) if a.rank_best == a.rank_worst else f"{a.rank_best}{dash}{a.rank_worst}"
        simulated = r.draws > 0
        table.add_row(a.name, f"{a.wbf_likely:.4f}", percent(a.first_share, 1) if simulated else dash,
                      *(f"{v:.4f}" if v is not None else dash for v in (a.wbf_p5, a.wbf_median, a.wbf_p95)),
                      ranks)
    parts.append(table)
    parts.append(Text(f"Best: {found.best}", style="bold"))
    return parts


def render_sensitivity(found, *, width: int = 120, ascii_only: bool = False) -> str:
    """The tables as plain text."""
    return plain_text(sensitivity_renderables(found, ascii_only=ascii_only), width)
