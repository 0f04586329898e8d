"""What the package reader needs of openpyxl's reading helpers, without importing openpyxl.

``import openpyxl`` (any of its submodules imports the whole package, and it imports numpy when
installed) costs more than reading and evaluating a template workbook: 180 ms of a 400 ms
``vsm-xl evaluate``. The reader converts cells exactly as openpyxl 3.1 does (its shared strings,
number formats, dates and cell references); these few helpers are small, and
tests/workbook/test_excel_values.py checks them against openpyxl's own on every case they have.
Rare cases (shared formulas, data tables, ISO dates) still use openpyxl, imported when met.
"""
from __future__ import annotations

import datetime
import io
import re

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"

WINDOWS_EPOCH = datetime.datetime(1899, 12, 30)  # day 0 of the 1900 date system (openpyxl's)
MAC_EPOCH = datetime.datetime(1904, 1, 1)

# The built-in number formats that show dates or times (ECMA-376 18.8.30; openpyxl's
# BUILTIN_FORMATS); the others show numbers or text.
BUILTIN_DATE_FORMATS = {
    14: "mm-dd-yy", 15: "d-mmm-yy", 16: "d-mmm", 17: "mmm-yy", 18: "h:mm AM/PM", 19: "h:mm:ss AM/PM",
    20: "h:mm", 21: "h:mm:ss", 22: "m/d/yy h:mm", 45: "mm:ss", 46: "[h]:mm:ss", 47: "mmss.0",
}

# openpyxl.styles.numbers: text in quotes and [locale] brackets (not [h] [mm] [ss]) show no date
_STRIP = re.compile(r'".*?"|\[(?!hh?\]|mm?\]|ss?\])[^\]]*\]')
_DATE_LETTER = re.compile(r"(?<![_\\])[dmhysDMHYS]")
_TIMEDELTA = re.compile(r"\[hh?\](:mm(:ss(\.0*)?)?)?|\[mm?\](:ss(\.0*)?)?|\[ss?\](\.0*)?", re.I)


def is_date_format(code: str | None) -> bool:
    """The number format ``code`` shows a date or a time (its first section decides)."""
    if code is None:
        return False
    return _DATE_LETTER.search(_STRIP.sub("", code.split(";")[0])) is not None


def is_timedelta_format(code: str | None) -> bool:
    """The number format ``code`` shows a duration (``[h]:mm``)."""
    return code is not None and _TIMEDELTA.search(code.split(";")[0]) is not None


def from_excel(value, epoch: datetime.datetime = WINDOWS_EPOCH, timedelta: bool = False):
    """A date serial as a datetime (a time for fractions of a day, a timedelta for durations),
    to the millisecond, with Excel's 1900 leap-year bug (serials below 60)."""
    if timedelta:
        delta = datetime.timedelta(days=value)
        if delta.microseconds:
            delta = datetime.timedelta(seconds=delta.total_seconds() // 1, microseconds=round(delta.microseconds, -3))
        return delta
    day, fraction = divmod(value, 1)
    diff = datetime.timedelta(milliseconds=round(fraction * 86400 * 1000))
    if 0 <= value < 1 and diff.days == 0:
        minutes, seconds = divmod(diff.seconds, 60)
        hours, minutes = divmod(minutes, 60)
        return datetime.time(hours, minutes, seconds, diff.microseconds)
    if 0 < value < 60 and epoch == WINDOWS_EPOCH:
        day += 1
    return epoch + datetime.timedelta(days=day) + diff


_CELL = re.compile(r"([A-Za-z]{1,3})([0-9]+)")


def coordinate_to_tuple(coordinate: str) -> tuple[int, int]:
    """``"B12"`` -> ``(12, 2)``; a reference that is no cell (``"ZZZZ1"``, ``"1"``) is a
    ``ValueError`` (a damaged sheet)."""
    match = _CELL.fullmatch(coordinate)
    if match is None:
        raise ValueError(f"{coordinate!r} is not a cell reference")
    column = 0
    for letter in match.group(1).upper():
        column = column * 26 + ord(letter) - 64
    if column > 18278:
        raise ValueError(f"{coordinate!r} is not a cell reference")
    return int(match.group(2)), column


_SI = f"{{{MAIN_NS}}}si"
_T = f"{{{MAIN_NS}}}t"
_R = f"{{{MAIN_NS}}}r"


def shared_strings(data: bytes) -> list[str]:
    """The shared string table: each entry's plain text and its runs' text, not its phonetic
    hints, ``_x005F`` escapes undone as openpyxl does. Parsed by defusedxml (no entities)."""
    from defusedxml.ElementTree import iterparse

    strings = []
    for _, node in iterparse(io.BytesIO(data)):
        if node.tag != _SI:
            continue
        plain = None
        runs = []
        for child in node:
            if child.tag == _T:
                plain = child.text  # the last one counts
            elif child.tag == _R:
                text = None
                for part in child:
                    if part.tag == _T:
                        text = part.text
                if text is not None:
                    runs.append(text)
        strings.append(("".join(([plain] if plain is not None else []) + runs)).replace("x005F_", ""))
        node.clear()
    return strings
