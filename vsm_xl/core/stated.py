"""Figures a document STATES beside its steps (METHOD.md section 4): a state summary's own totals
(``total_lead_time_hours: 44``, ``total_wip: 240``) and the future state's targets
(``target_lead_time_hours: 24``). Both are kept as given, in the unit of their key, and compared
here with what the steps give: a stated total that differs by more than 1 % is a notice (are
steps missing?), a target is met or not by the designed future state.

One key grammar for both: an optional ``total_`` prefix or ``_total`` suffix, then
``process_time`` / ``lead_time`` / ``wait_time`` with an optional unit (``_minutes`` (default),
``_seconds``, ``_hours``, ``_days``, ``_weeks``), ``flow_efficiency_percent``,
``rolled_complete_accurate_percent``, or ``wip`` / ``inventory`` (a count).
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass

from vsm_xl.core.durations import CALENDAR, DurationRule
from vsm_xl.core.errors import Notice
from vsm_xl.core.state_metrics import StateSummary

TOLERANCE = 0.01  # a stated total within 1 % of the computed one agrees with it (or within its rounding)

_TIME = re.compile(r"^(process_time|lead_time|wait_time)(?:_(seconds|minutes|hours|days|weeks))?$")
_UNIT_OF_WORD = {"seconds": "s", "minutes": "min", "hours": "h", "days": "d", "weeks": "w"}
_OTHER = {"flow_efficiency_percent": ("flow_efficiency", "%"),
          "rolled_complete_accurate_percent": ("rolled_complete_accurate", "%"),
          "wip": ("wip", ""), "inventory": ("wip", "")}
# metric -> (short label, higher is better, the summary's figure in model units: minutes, fractions)
METRICS = {
    "process_time": ("PT", False, lambda s: s.total_process_time),
    "lead_time": ("LT", False, lambda s: s.total_lead_time),
    "wait_time": ("WT", False, lambda s: s.total_wait_time),
    "flow_efficiency": ("FE", True, lambda s: s.flow_efficiency),
    "rolled_complete_accurate": ("rolled %C&A", True, lambda s: s.rolled_complete_accurate),
    "wip": ("WIP", False, lambda s: s.wip_total),
}


@dataclass(frozen=True)
class Figure:
    """What a key states: a metric of :data:`METRICS` in a unit (``min``, ``h``, ``d``, ``%`` or
    ``""`` for a count)."""

    metric: str
    unit: str

    def to_model(self, value: float, rule: DurationRule = CALENDAR) -> float:
        """``value`` in the key's unit -> model units (minutes, fractions, counts)."""
        if self.unit == "%":
            return value / 100.0
        if self.unit in ("", None):
            return value
        return value * rule.minutes_per(self.unit)

    def from_model(self, value: float, rule: DurationRule = CALENDAR) -> float:
        if self.unit == "%":
            return value * 100.0
        if self.unit in ("", None):
            return value
        return value / rule.minutes_per(self.unit)

    def text(self, value: float) -> str:
        """``44 h``, ``2.65 %``, ``240``: a figure in this key's unit."""
        number = f"{value:.2f}".rstrip("0").rstrip(".") if math.isfinite(value) else str(value)
        if number in ("-0", ""):
            number = "0"
        return f"{number} {self.unit}" if self.unit else number

    @property
    def label(self) -> str:
        return METRICS[self.metric][0]


def figure(key: str) -> Figure | None:
    """The figure a summary or target key states, None for a key of no known figure.

    >>> figure("total_lead_time_hours")
    Figure(metric='lead_time', unit='h')
    >>> figure("total_wip"), figure("wip_total") == figure("total_wip")
    (Figure(metric='wip', unit=''), True)
    """
    if not isinstance(key, str):
        return None
    name = key.strip().lower()
    name = name[len("total_"):] if name.startswith("total_") else name
    name = name[:-len("_total")] if name.endswith("_total") else name
    match = _TIME.match(name)
    if match:
        return Figure(match.group(1), _UNIT_OF_WORD.get(match.group(2) or "minutes", "min"))
    if name in _OTHER:
        return Figure(*_OTHER[name])
    return None


@dataclass(frozen=True)
class StatedCheck:
    """A state's stated total against the one its steps give (both in the key's unit)."""

    state: int
    key: str
    stated: float
    computed: float | None  # None: the steps give no such figure (no inventory given)
    agrees: bool


@dataclass(frozen=True)
class TargetCheck:
    """A future-state target against the designed state (both in the key's unit); ``met`` is
    None where there is no designed state (or it gives no such figure)."""

    key: str  # without the target_ prefix: lead_time_hours
    target: float
    designed: float | None
    met: bool | None
    state: str | None = None  # the designed state's name

    @property
    def text(self) -> str:
        """``LT target 5 d, designed 6.67 d: not met``."""
        f = figure(self.key)
        if f is None:
            return f"target {self.key} {self.target:g}: not compared (no such figure)"
        head = f"{f.label} target {f.text(self.target)}"
        if self.designed is None:
            why = "no designed future state" if self.state is None else f"{self.state} gives no {f.label}"
            return f"{head}: not compared ({why})"
        return f"{head}, designed {f.text(self.designed)}: {'met' if self.met else 'not met'}"


def rounding(value: float) -> float:
    """Half a unit of the last digit a figure is stated with: 2.7 -> 0.05 (the checklist's prose
    says 2.7 % for 2.65 %), 44 -> 0.5."""
    text = repr(float(value))
    if "e" in text or "n" in text:  # 1e+20, inf, nan
        return 0.0
    decimals = text.split(".")[1].rstrip("0")
    return 0.5 * 10.0 ** -len(decimals)


def check_stated(s: int, stated, summary: StateSummary, step_count: int,
                 rule: DurationRule = CALENDAR) -> tuple[tuple[StatedCheck, ...], tuple[Notice, ...]]:
    """Every stated total of state ``s`` against its summary; a difference of more than 1 % (and
    more than the stated figure's rounding, :func:`rounding`) is a notice with subject ``("stated", s, key)``: ``stated LT 44 h, the 2 listed steps give 10 h:
    are steps missing?``."""
    checks, notices = [], []
    for key, value in stated:
        f = figure(key)
        if f is None:
            continue
        raw = METRICS[f.metric][2](summary)
        computed = None if raw is None else f.from_model(raw, rule)
        agrees = computed is not None and abs(computed - value) <= max(
            TOLERANCE * max(abs(value), abs(computed)), rounding(value))
        checks.append(StatedCheck(s, key, value, computed, agrees))
        if agrees:
            continue
        steps = "the listed step gives" if step_count == 1 else f"the {step_count} listed steps give"
        if computed is None:
            message = f"stated {f.label} {f.text(value)}, {steps} no {f.label} (no inventory given)"
        else:
            hint = ": are steps missing?" if computed < value and not METRICS[f.metric][1] else ""
            message = f"stated {f.label} {f.text(value)}, {steps} {f.text(computed)}{hint}"
        notices.append(Notice(f"{summary.name}: {message}", subject=("stated", s, key)))
    return tuple(checks), tuple(notices)


def check_targets(targets, summary: StateSummary | None, rule: DurationRule = CALENDAR) -> tuple[TargetCheck, ...]:
    """Every target against the designed state's summary (None: no designed state)."""
    result = []
    for key, value in targets:
        f = figure(key)
        raw = METRICS[f.metric][2](summary) if f is not None and summary is not None else None
        if f is None or raw is None or summary is None:
            result.append(TargetCheck(key, value, None, None, summary.name if summary is not None else None))
            continue
        designed = f.from_model(raw, rule)
        slack = 1e-9 * max(abs(value), 1.0)
        met = designed >= value - slack if METRICS[f.metric][1] else designed <= value + slack
        result.append(TargetCheck(key, value, designed, met, summary.name))
    return tuple(result)
