"""SMAA-2 of an evaluation (:class:`vsm_xl.core.smaa.SmaaResult`) as plain data (the ``smaa`` key
of ``vsm-xl sensitivity --smaa --format json``), as rows shared by the text tables and the
HTML report, and as readable tables.

Contract keys (more may be added, none removed)::

    {"method": "SMAA-2", "draws": N, "seed": S, "distribution": "triangular" | "pert",
     "ranges": COUNT, "measured": COUNT,
     "weights": [{"group", "mode", "indicators": [{"indicator", "low", "high"}]}],
     "ranks": [1, ..., m],
     "alternatives": [{"name", "acceptability": [b1, ..., bm], "central_weights": {INDICATOR: w} | null,
                       "confidence": c | null}],
     "winning": {NAME: {OTHER: share}}}

``weights[].mode`` says how a group's weights were drawn: ``simplex`` (uniformly from the whole
simplex), ``team`` (uniformly within the participants' lowest and highest weight of every
indicator), ``bounds`` (within bounds given to the API) or ``fixed`` (the evaluated weights;
also a group of one indicator). ``acceptability[r - 1]`` is the rank acceptability index b^r:
the share of the draws in which the alternative had rank r (ties share their ranks).
``central_weights`` is the mean weight vector of the draws in which it ranked first (each
group's weights sum to 1), null when it never did; ``confidence`` is the share of the value
draws in which it ranks first at its central weights (null likewise). ``winning[A][B]`` is the
share of the draws in which A ranked better than B (a tie counts half). ``ranges`` counts the
values given as low / likely / high, ``measured`` the measured values (lead time, flow
efficiency ...) of states whose step times are ranges, each drawn with its state's step times.
"""
from __future__ import annotations

from vsm_xl.io.formatting import num, percent, plain_text

MODE_WORDS = {"simplex": "uniformly from the whole simplex", "team": "uniformly within the team's range",
              "bounds": "uniformly within the given bounds", "fixed": "fixed at the evaluated weights"}


def smaa_dict(found) -> dict:
    """A :class:`~vsm_xl.core.smaa.SmaaResult` as plain data (see the module docstring)."""
    names = found.names
    return {
        "method": "SMAA-2",
        "draws": found.draws,
        "seed": found.seed,
        "distribution": found.distribution,
        "ranges": found.ranges,
        "measured": found.measured,
        "weights": [{"group": s.group, "mode": s.mode,
                     "indicators": [{"indicator": n, "low": lo, "high": hi}
                                    for n, lo, hi in zip(s.indicators, s.low, s.high)]}
                    for s in found.sampling],
        "ranks": list(range(1, len(names) + 1)),
        "alternatives": [
            {"name": a.name, "acceptability": list(a.acceptability),
             "central_weights": (dict(zip(found.indicators, a.central_weights))
                                 if a.central_weights is not None else None),
             "confidence": a.confidence}
            for a in found.alternatives
        ],
        "winning": {a: {b: found.winning[i][k] for k, b in enumerate(names) if k != i} for i, a in enumerate(names)},
    }


def share(value) -> str:
    """A share with one decimal, aligned: ``87.3 %``; a dash for None."""
    return "–" if value is None else f"{value * 100:.1f} %"


def sampling_text(found) -> str:
    """``Weights: monetary uniformly within the team's range (Investment 0–50 %, ...); ...``."""
    parts = []
    for s in found.sampling:
        text = f"{s.group} {MODE_WORDS.get(s.mode, s.mode)}"
        if s.mode in ("team", "bounds"):
            text += " (" + ", ".join(f"{n} {num(lo * 100, 1)}–{percent(hi, 1)}"
                                     for n, lo, hi in zip(s.indicators, s.low, s.high)) + ")"
        parts.append(text)
    what = "no value" if not found.ranges else ("1 value" if found.ranges == 1 else f"{found.ranges} values")
    measured = "" if not found.measured else (
        f" and of {'1 measured value' if found.measured == 1 else f'{found.measured} measured values'} "
        "of states whose step times are ranges (drawn with their states' step times)")
    return (f"{found.draws} draws (seed {found.seed}) of the weights: {'; '.join(parts)}; and of the "
            f"{what} given as low / likely / high ({found.distribution}){measured}.")


def acceptability_rows(found) -> list[tuple]:
    """``(alternative, b^1, ..., b^m)`` as text."""
    return [(a.name, *(share(b) for b in a.acceptability)) for a in found.alternatives]


def central_weight_rows(found) -> list[tuple]:
    """``(indicator, group, central weight of every alternative)`` and a last row of the
    confidence factors, as text; a dash where an alternative never ranks first."""
    rows = []
    for i, (name, group) in enumerate(zip(found.indicators, found.groups)):
        rows.append((name, group, *(share(a.central_weights[i]) if a.central_weights is not None else "–"
                                    for a in found.alternatives)))
    rows.append(("Confidence factor", "", *(share(a.confidence) for a in found.alternatives)))
    return rows


def winning_rows(found) -> list[tuple]:
    """``(alternative, share of draws it beats each other one)`` as text; a dash on the diagonal."""
    return [(name, *(share(c) for c in found.winning[i])) for i, name in enumerate(found.names)]


def smaa_renderables(found, *, ascii_only: bool = False) -> list:
    """The three tables (rank acceptabilities, central weights with the confidence factors,
    winning indices) and the line saying how the draws were made, as rich renderables."""
    from rich import box
    from rich.table import Table
    from rich.text import Text

    style = box.ASCII2 if ascii_only else box.SIMPLE_HEAD

    def table(title, headers, rows, left=1):
        t = Table(title=title, box=style, title_justify="left")
        for k, header in enumerate(headers):
            t.add_column(header, justify="left" if k < left else "right")
        for row in rows:
            t.add_row(*(str(c).replace("–", "-") if ascii_only else str(c) for c in row))
        return t

    names = list(found.names)
    ranks = [f"Rank {r}" for r in range(1, len(names) + 1)]
    return [
        Text(f"SMAA-2: {sampling_text(found)}"),
        table("Rank acceptability b^r: share of the draws with rank r",
              ["Alternative", *ranks], acceptability_rows(found)),
        table("Central weights (mean weights where it ranks first); confidence factor (share of the "
              "value draws in which it ranks first at them)",
              ["Indicator", "Group", *names], central_weight_rows(found), left=2),
        table("Winning index: share of the draws in which the row ranks better than the column",
              ["Alternative", *names], winning_rows(found)),
    ]


def render_smaa(found, *, width: int = 120, ascii_only: bool = False) -> str:
    """The tables as plain text."""
    return plain_text(smaa_renderables(found, ascii_only=ascii_only), width)
