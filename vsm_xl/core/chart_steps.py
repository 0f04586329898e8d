"""Which steps the per-step charts of one state draw (the lead-time ladder, cycle time against
takt): the one rule for every output that draws them (the workbook's Charts sheet, the report).

Up to :data:`CHART_STEPS_MAX` steps a chart draws every step. Past that no bar is readable (a
chart 12 cm wide gives a 100,000-step state a thousandth of a millimetre a bar) and the per-step
table behind the chart is most of the workbook, so the chart draws a Pareto instead: the
:data:`LONGEST_SHOWN` steps with the longest lead time, longest first, where a lean practitioner
looks for the waiting to remove, and one bar for all the other steps (their average in the
workbook, so that it stands on the same scale as a step; their sum in the report's ladder, whose
bars add up to the state's lead time). The totals still count every step.
"""
from __future__ import annotations

import heapq
from collections.abc import Sequence

CHART_STEPS_MAX = 2_000  # steps of a state up to which its charts draw every step (the streamed threshold too)
LONGEST_SHOWN = 30  # steps drawn one by one past it: the longest lead times


def summarised(n_steps: int) -> bool:
    """Whether the charts of a state of ``n_steps`` steps draw the summary, not every step."""
    return n_steps > CHART_STEPS_MAX


def longest_steps(lead_times: Sequence) -> list[int]:
    """Indices of the :data:`LONGEST_SHOWN` steps with the longest lead time, longest first
    (ties: flow order; a missing lead time counts as none)."""
    return heapq.nsmallest(LONGEST_SHOWN, range(len(lead_times)), key=lambda k: (-(lead_times[k] or 0), k))


def others_label(n_others: int) -> str:
    """The category of the bar that stands for the steps not drawn one by one (short: a chart
    prints it upright under its bar)."""
    return f"{n_others:,} others (avg)"


def note(n_steps: int) -> str:
    """What a summarised chart says about itself."""
    return (f"{n_steps:,} steps: the charts show the {LONGEST_SHOWN} longest lead times (as written) and "
            f"the others' average; totals count every step.")


def title_suffix(n_steps: int) -> str:
    """The words a summarised chart's title ends with."""
    return f" ({LONGEST_SHOWN} longest LT of {n_steps:,} steps)"
