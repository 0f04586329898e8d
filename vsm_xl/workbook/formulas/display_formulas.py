"""The display rule of ``core/display`` as a native formula: a minutes cell shown as "45 s",
"1.8 h" or "12 d" in the workbook, computed by Excel or LibreOffice without the add-in, with the
same thresholds and the same rounding as the CLI and the report (a unit is kept while its
ROUNDED figure stays below the next unit's threshold, as ``display.unit_for`` decides)."""
from __future__ import annotations

from vsm_xl.core import display

# minutes in one unit, for every unit but the working day (a cell or a number given by the caller)
_PER = {"s": "(1/60)", "min": "1", "h": "60"}
_PER_VALUE = {"s": 1 / 60, "min": 1.0, "h": 60.0}


def _number(minutes: str, per: str) -> str:
    value = f"({minutes})/{per}"
    return f"ROUND({value},IF(ABS({value})>={display.WHOLE_FROM},0,1))"


def _bound(limit, unit: str, day_minutes: str) -> str:
    """The threshold in ``unit``: a number (60 s, 180 min), or the working day in hours."""
    if limit is None:
        return f"({day_minutes})/60"  # the only day-long threshold is in hours
    return f"{display.bound(limit, unit, _PER_VALUE[unit]):g}"


def display_formula(minutes: str, kind: str = display.WAIT, day_minutes: str = "1440",
                    unit: str | None = None) -> str:
    """Formula text (without "=") showing the cell or expression ``minutes`` by the rule.

    ``day_minutes`` is a cell or number with the minutes of one working day; ``unit`` fixes the
    unit (a workbook setting) instead of choosing it by magnitude. Blank for a blank ``minutes``.
    """
    per = dict(_PER, d=f"({day_minutes})")
    if unit:
        body = f'{_number(minutes, per[unit])}&" {unit}"'
    else:
        body = f'{_number(minutes, per["d"])}&" d"'
        for limit, step_unit in reversed(display.limits(kind, None)):
            number = _number(minutes, per[step_unit])
            body = f'IF({number}<{_bound(limit, step_unit, day_minutes)},{number}&" {step_unit}",{body})'
    return f'IF(ISNUMBER({minutes}),{body},"")'


def unit_formula(minutes: str, kind: str = display.WAIT, day_minutes: str = "1440") -> str:
    """Formula text giving the unit ("s", "min", "h", "d") the rule chooses for ``minutes``."""
    per = dict(_PER, d=f"({day_minutes})")
    body = '"d"'
    for limit, step_unit in reversed(display.limits(kind, None)):
        number = _number(minutes, per[step_unit])
        body = f'IF({number}<{_bound(limit, step_unit, day_minutes)},"{step_unit}",{body})'
    return body


def value_formula(minutes: str, unit: str, day_minutes: str = "1440") -> str:
    """Formula text of ``minutes`` in ``unit`` (a unit text or a cell holding one), rounded
    by the rule: the number the display shows, for charts and totals."""
    if unit in _PER or unit == "d":
        per = dict(_PER, d=f"({day_minutes})")[unit]
    else:  # a cell holding the unit
        per = f'IF({unit}="s",1/60,IF({unit}="min",1,IF({unit}="h",60,({day_minutes}))))'
    return _number(minutes, per)


FIXED_UNITS = ("s", "min", "h", "d")  # a "Unit of totals" among these fixes the unit; else the rule
AUTO = "auto"


def setting_display_formula(minutes: str, kind: str, day_minutes: str, setting: str) -> str:
    """Formula text showing ``minutes`` as the workbook's display setting says: in the unit the
    setting cell ``setting`` names, or by the rule when it says ``auto`` (or is blank)."""
    fixed = f'IF(ISNUMBER({minutes}),{value_formula(minutes, setting, day_minutes)}&" "&{setting},"")'
    chosen = ",".join(f'{setting}="{u}"' for u in FIXED_UNITS)
    return f"IF(OR({chosen}),{fixed},{display_formula(minutes, kind, day_minutes)})"
