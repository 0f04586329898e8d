"""The display rule of ``core/display`` as a native formula: a minutes cell shown as "45 s",
"1.8 h" or "12 d" in the workbook, computed by Excel or LibreOffice without the add-in, with the
same thresholds and the same rounding as the CLI and the report."""
from __future__ import annotations

from vsm_xl.core import display

# minutes in one unit, for every unit but the working day (a cell or a number given by the caller)
_PER = {"s": "(1/60)", "min": "1", "h": "60"}


def _number(minutes: str, per: str) -> str:
    value = f"({minutes})/{per}"
    return f"ROUND({value},IF(ABS({value})>={display.WHOLE_FROM},0,1))"


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
            bound = day_minutes if limit is None else f"{limit:g}"
            body = f'IF(({minutes})<{bound},{_number(minutes, per[step_unit])}&" {step_unit}",{body})'
    return f'IF(ISNUMBER({minutes}),{body},"")'
