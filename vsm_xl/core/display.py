"""The one display rule for durations, used by every output (CLI tables, Steps totals, the Map's
boxes and timeline, Charts axes, the report, Markdown, SVG).

Waiting and lead time read in working days once they reach a day (hours below that, minutes
below an hour); process time in seconds below a minute, minutes up to three hours, then hours and
days like the others. Each figure is rounded once, half away from zero as Excel's ROUND does, to
one decimal below 10 and to whole units from 10 up, so that a box and its timeline, the workbook
and the CLI show the same number (``workbook/display_formulas.py`` writes this rule as a native
formula; tests hold the two together).
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from vsm_xl.core.durations import CALENDAR, DurationRule

WAIT = "wait"  # waiting time and lead time: the upper level of the timeline
PROCESS = "process"  # process time: the lower level
KINDS = (WAIT, PROCESS)

UNITS = ("s", "min", "h", "d")
# below these many minutes the kind reads in the smaller unit: (limit, unit) in order;
# None stands for one working day (the stream's hours per day)
_STEPS = {
    WAIT: ((60.0, "min"), (None, "h")),
    PROCESS: ((1.0, "s"), (180.0, "min"), (None, "h")),
}
WHOLE_FROM = 10  # figures from 10 up are shown in whole units, below with one decimal


def excel_round(value: float, digits: int) -> float:
    """``ROUND(value, digits)`` as Excel and LibreOffice compute it (half away from zero on the
    value's 15 significant digits), not Python's round half to even on the binary value."""
    exact = Decimal(format(value, ".15g"))
    return float(exact.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP))


def digits_for(value: float) -> int:
    return 0 if abs(value) >= WHOLE_FROM else 1


def unit_for(minutes: float, kind: str = WAIT, rule: DurationRule = CALENDAR) -> str:
    """The unit ``minutes`` of this kind reads in."""
    day = rule.minutes_per("d")
    for limit, unit in _STEPS[kind]:
        if minutes < (day if limit is None else limit):
            return unit
    return "d"


@dataclass(frozen=True)
class Shown:
    """A duration as displayed: the rounded number and its unit."""

    value: float
    unit: str

    def __str__(self) -> str:
        return f"{self.value:g} {self.unit}"


def shown(minutes: float, kind: str = WAIT, rule: DurationRule = CALENDAR, unit: str | None = None) -> Shown:
    """``minutes`` by the display rule, or in ``unit`` when a setting fixes one."""
    unit = unit or unit_for(minutes, kind, rule)
    value = minutes / rule.minutes_per(unit)
    return Shown(excel_round(value, digits_for(value)), unit)


def display(minutes: float | None, kind: str = WAIT, rule: DurationRule = CALENDAR, unit: str | None = None) -> str:
    """The text of :func:`shown` ("45 s", "12 d"); "" for no figure."""
    return "" if minutes is None else str(shown(minutes, kind, rule, unit))


def axis_unit(largest_minutes: float, kind: str = WAIT, rule: DurationRule = CALENDAR) -> str:
    """One unit for an axis or a column whose largest figure is ``largest_minutes``."""
    return unit_for(largest_minutes, kind, rule)


def limits(kind: str, day_minutes: float | None) -> tuple[tuple[float | None, str], ...]:
    """The rule's thresholds in minutes, one working day being ``day_minutes`` (None: left as
    None, for formula writers that put a cell there)."""
    return tuple((day_minutes if limit is None else limit, unit) for limit, unit in _STEPS[kind])
