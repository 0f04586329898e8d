"""The spread of a state's totals (uncertain step times, :mod:`vsm_xl.core.time_ranges`) as the
outputs show it beside the figures: "2.1 d / 2.8 d / 4.5 d" (p5 / median / p95), durations by the one
display rule (:mod:`vsm_xl.core.display`)."""
from __future__ import annotations

from vsm_xl.core.display import PROCESS, WAIT, display

LABELS = ("Lead time p5 / median / p95", "Process time p5 / median / p95", "Flow efficiency p5 / median / p95")


def _three(spread, show) -> str:
    return f"{show(spread.p5)} / {show(spread.median)} / {show(spread.p95)}"


def spread_cells(found, rule) -> tuple[str, str, str]:
    """The three texts of one state (lead time, process time, flow efficiency); "-" when its
    times are exact."""
    if found is None:
        return ("-", "-", "-")
    return (_three(found.lead_time, lambda m: display(m, WAIT, rule)),
            _three(found.process_time, lambda m: display(m, PROCESS, rule)),
            _three(found.flow_efficiency, lambda f: f"{f * 100:.2f} %"))


def spread_rows(analysis) -> list[tuple[str, list[str]]]:
    """(label, one text per state) rows; none when every state's times are exact."""
    if not any(analysis.spreads):
        return []
    rule = analysis.value_stream.duration_rule
    per_state = [spread_cells(found, rule) for found in analysis.spreads]
    return [(label, [cells[k] for cells in per_state]) for k, label in enumerate(LABELS)]


def spread_note(analysis) -> str:
    """How the spreads were drawn (one sentence), "" without any."""
    found = next((f for f in analysis.spreads if f is not None), None)
    if found is None:
        return ""
    return (f"Step times given as low / likely / high: {found.draws:,} draws ({found.distribution}, seed "
            f"{found.seed}) of each state's totals.")
