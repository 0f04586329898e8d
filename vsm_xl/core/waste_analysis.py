"""The checklist's waste analysis of one state, computed from its steps: which of the eight
wastes were seen at which steps, and waiting as a share of the lead time (METHOD.md 1)."""
from __future__ import annotations

from dataclasses import dataclass

from vsm_xl.core.model import WASTES, State
from vsm_xl.core.state_metrics import summarize_state


@dataclass(frozen=True)
class WasteFigures:
    """One waste: the steps it was seen at; for waiting also the state's total wait time
    (minutes, on the timeline) and its share of the total lead time (a fraction)."""

    type: str
    steps: tuple[str, ...]
    wait_minutes: float | None = None
    share_of_lead_time: float | None = None


def waste_analysis(state: State) -> tuple[WasteFigures, ...]:
    """The wastes seen in ``state`` in TIMWOODS order, waiting always included (its wait time
    is a fact of the timeline even where nobody marked it); most-seen first would hide the order."""
    seen: dict[str, list[str]] = {w: [] for w in WASTES}
    for step in state.steps:
        for waste in step.wastes:
            if step.name not in seen[waste.type]:
                seen[waste.type].append(step.name)
    summary = summarize_state(state)
    share = summary.total_wait_time / summary.total_lead_time if summary.total_lead_time > 0 else 0.0
    result = []
    for kind in WASTES:
        if kind == "waiting":
            result.append(WasteFigures(kind, tuple(seen[kind]), summary.total_wait_time, share))
        elif seen[kind]:
            result.append(WasteFigures(kind, tuple(seen[kind])))
    return tuple(result)
