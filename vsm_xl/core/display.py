"""The one display rule for durations, used by every output (CLI tables, Steps totals, the Map's
boxes and timeline, Charts axes, the report, Markdown, SVG).

Waiting and lead time read in working days once they reach a day (hours below that, minutes
below an hour); process time in seconds below a minute, minutes up to three hours, then hours and
days like the others. Each figure is rounded once, half away from zero as Excel's ROUND does, to
one decimal below 10 and to whole units from 10 up, so that a box and its timeline, the workbook
and the CLI show the same number. A unit is kept only while its ROUNDED figure stays below the
next unit: 59.99 min reads "1 h", not "60 min"; 7.98 h of an 8-hour day reads "1 d" (``workbook/formulas/display_formulas.py`` writes this rule as a native
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


def rounded(value: float) -> float:
    """``value`` rounded once by the rule (one decimal below 10, whole from 10)."""
    return excel_round(value, digits_for(value))


def unit_for(minutes: float, kind: str = WAIT, rule: DurationRule = CALENDAR) -> str:
    """The unit ``minutes`` of this kind reads in: the first whose rounded figure stays below
    the threshold (expressed in that unit)."""
    for limit, unit in limits(kind, rule.minutes_per("d")):
        per = rule.minutes_per(unit)
        if rounded(minutes / per) < bound(limit, unit, per):
            return unit
    return "d"


def bound(limit_minutes: float, unit: str, per: float) -> float:
    """A threshold in minutes expressed in ``unit`` (60 s, 60 min, 180 min, 8 h)."""
    return round(limit_minutes / per, 9)


@dataclass(frozen=True)
class Shown:
    """A duration as displayed: the rounded number and its unit."""

    value: float
    unit: str

    def __str__(self) -> str:
        return f"{number_text(self.value)} {self.unit}"


def number_text(value: float) -> str:
    """A rounded figure as the workbook's ``&`` writes it: ``1036800``, ``2.5``, never 1e+06."""
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.1f}"


def shown(minutes: float, kind: str = WAIT, rule: DurationRule = CALENDAR, unit: str | None = None) -> Shown:
    """``minutes`` by the display rule, or in ``unit`` when a setting fixes one."""
    unit = unit or unit_for(minutes, kind, rule)
    return Shown(rounded(minutes / rule.minutes_per(unit)), unit)


def display(minutes: float | None, kind: str = WAIT, rule: DurationRule = CALENDAR, unit: str | None = None) -> str:
    """The text of :func:`shown` ("45 s", "12 d"); "" for no figure."""
    return "" if minutes is None else str(shown(minutes, kind, rule, unit))


def axis_unit(largest_minutes: float, kind: str = WAIT, rule: DurationRule = CALENDAR) -> str:
    """One unit for an axis or a column whose largest figure is ``largest_minutes``."""
    return unit_for(largest_minutes, kind, rule)


def limits(kind: str, day_minutes):
    """The rule's thresholds in minutes, one working day being ``day_minutes`` (None: left as
    None, for formula writers that put a cell there)."""
    return tuple((day_minutes if limit is None else limit, unit) for limit, unit in _STEPS[kind])


def units_of(stream) -> tuple[str | None, str | None]:
    """(unit of waiting/lead time, unit of process time) a stream's display setting fixes
    (``ValueStream.display_unit``); None where the rule chooses by magnitude."""
    unit = getattr(stream, "display_unit", "") or None
    return unit, unit


def of(stream, minutes: float | None, kind: str = WAIT) -> str:
    """``minutes`` of ``stream`` as displayed: its working day, its display setting."""
    waiting, process = units_of(stream)
    return display(minutes, kind, stream.duration_rule, waiting if kind == WAIT else process)


AUTO = "auto"  # the setting's word for "the rule chooses"
SETTING_UNITS = (AUTO, "min", "h", "d")  # what the workbook's drop-down offers


def setting_unit(value) -> str:
    """The display setting as typed (``auto``, blank, ``h``, ``hours``, ``d`` ...) as the model
    keeps it: "" for the rule, else the canonical unit (s, min, h, d)."""
    from vsm_xl.core.durations import normalize_unit
    from vsm_xl.core.errors import InputError

    text = "" if value is None else str(value).strip()
    if not text or text.lower() == AUTO:
        return ""
    try:
        unit = normalize_unit(text)
    except InputError:
        unit = ""
    if unit not in UNITS:
        raise InputError(f"the unit of displayed times must be auto, s, min, h or d, not {text!r}",
                         subject=("setting", "display_unit"))
    return unit
