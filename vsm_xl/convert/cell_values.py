"""Reading one cell of a team spreadsheet: numbers with a decimal comma or thousands
separators, durations as numbers in the column's unit or as text with units ("1,5 d",
"2 h 30 m"), Excel time cells, and percents as 85, 0.85 or "85 %".

Each reader returns the value and a short word saying how it was read, so that the
conversion log can tell the user.
"""
from __future__ import annotations

import datetime as _dt
import re

from vsm_xl.core.durations import CALENDAR, DurationRule, parse_duration
from vsm_xl.core.errors import DurationError, InputError
from vsm_xl.core.fields import EMPTY_MARKS, NumberReading, clock_minutes
from vsm_xl.core.fields import read_number as fields_read_number
from vsm_xl.core.values import to_number

_APPROX = re.compile(r"^(?:~|≈|ca\.?|approx\.?|about|circa|etwa|rund)\s*", re.IGNORECASE)

# Grouped numbers: "1.200" / "1.200,5" with a decimal comma, "1,200" / "1,200.5" with a dot.
_GROUPED = {
    ",": re.compile(r"(?<![\d.,])\d{1,3}(?:\.\d{3})+(?:,\d+)?(?![\d.,])"),
    ".": re.compile(r"(?<![\d.,])\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\d.,])"),
}
_PLAIN = re.compile(r"^\s*[+-]?(\d+(?:[.,]\d+)?|[.,]\d+)\s*$")
_COMMA_DECIMAL = re.compile(r"\d,(?:\d{1,2}|\d{4,})(?!\d)")
_DOT_DECIMAL = re.compile(r"\d\.(?:\d{1,2}|\d{4,})(?!\d)")


def is_empty(value) -> bool:
    """Blank, or a placeholder such as ``-`` or ``n/a``."""
    if value is None:
        return True
    if value.__class__ is float or value.__class__ is int:
        return False
    if isinstance(value, str):
        text = value.strip()
        return not text or text.lower() in EMPTY_MARKS
    return False


def guess_decimal(texts) -> str | None:
    """``","`` or ``"."`` when numbers typed as text show which decimal mark is used
    ("1,5" against "1.5"); ``None`` when they do not tell."""
    comma = dot = 0
    for text in texts:
        if isinstance(text, str):
            comma += bool(_COMMA_DECIMAL.search(text))
            dot += bool(_DOT_DECIMAL.search(text))
    if comma > dot:
        return ","
    if dot > comma:
        return "."
    return None


def _ungroup(text: str, decimal: str | None) -> str:
    """Drop thousands separators in numbers written with the given decimal mark."""
    if decimal == ",":
        return _GROUPED[","].sub(lambda m: m.group(0).replace(".", ""), text)
    if decimal == ".":
        return _GROUPED["."].sub(lambda m: m.group(0).replace(",", ""), text)
    return text


def read_number(value, decimal: str | None = None, what: str = "value") -> float:
    """A number from a cell; text may use ``decimal`` ("," or ".") and thousands separators
    (and what :func:`vsm_xl.core.fields.read_number` reads: currency, "60k", "80 pcs")."""
    return read_number_noted(value, decimal, what).value


def read_number_noted(value, decimal: str | None = None, what: str = "value") -> NumberReading:
    """:func:`read_number` with what was around the number (its unit word, currency, scale)."""
    if isinstance(value, str):
        text = value.strip().replace("\u00a0", " ").replace("\u202f", " ")
        if decimal in (",", "."):
            text = _ungroup(text, decimal)
            text = re.sub(r"(?<=\d)[ '](?=\d{3}(?!\d))", "", text)
            if decimal == "." and re.fullmatch(r"[+-]?\d+,\d+", text):
                raise InputError(f"{what} must be a number, not {value!r}")
        try:
            return fields_read_number(text, what)
        except InputError:
            raise InputError(f"{what} must be a number, not {value!r}") from None
    return NumberReading(to_number(value, what))


def read_duration(value, unit: str | None, decimal: str | None = None,
                  rule: DurationRule = CALENDAR) -> tuple[float, str]:
    """Minutes in a duration cell and how it was read: ``"number"`` (in ``unit``),
    ``"text"`` (units written in the cell), ``"clock"`` (an Excel time or h:mm),
    each with ``" approx"`` appended when the cell said "~" or "ca.".

    Raises :class:`DurationError` for a bare number when ``unit`` is ``None``.
    """
    clock = clock_minutes(value)
    if clock is not None:
        if clock < 0:
            raise DurationError(f"a duration cannot be negative ({value!r})")
        return clock, "clock"
    if isinstance(value, (_dt.date, _dt.datetime)):
        raise DurationError(f"{value!s} is a date, not a duration")
    if isinstance(value, bool):
        raise DurationError(f"expected a duration, got {value!r}")
    if isinstance(value, (int, float)):
        if unit is None:
            raise DurationError(f"{value:g} has no unit")
        return parse_duration(value, unit, rule), "number"
    if not isinstance(value, str):
        raise DurationError(f"expected a duration, got {value!r}")
    text = value.strip()
    approx = ""
    stripped = _APPROX.sub("", text)
    if stripped != text:
        text, approx = stripped, " approx"
    text = _ungroup(text, decimal)
    if _PLAIN.match(text):
        if unit is None:
            raise DurationError(f"{value.strip()!r} has no unit")
        return parse_duration(read_number(text, decimal), unit, rule), "number" + approx
    if re.fullmatch(r"\d+:[0-5]\d(?::[0-5]\d)?", text):
        return parse_duration(text, "min", rule), "clock" + approx
    try:
        return parse_duration(text, unit or "min", rule), "text" + approx
    except DurationError:
        raise DurationError(
            f"cannot read {value.strip()!r} as a duration (e.g. 15m, 2 h, 1,5 d)"
        ) from None


# "5-12 d", "5 – 12 days", "2h-4h": a range of durations (an uncertain time, core.time_ranges)
_RANGE = re.compile(r"^\s*(\d+(?:[.,]\d+)?)\s*([^\d\s\-–]*)\s*(?:-|–|to|bis)\s*(\d+(?:[.,]\d+)?)\s*([^\d\s].*)?$",
                    re.IGNORECASE)


def read_duration_range(value, unit: str | None, decimal: str | None = None,
                        rule: DurationRule = CALENDAR) -> tuple[float, float, float] | None:
    """``(low, likely, high)`` minutes of a cell such as "5-12 d" (the likely value halfway: a
    symmetric triangle); None for anything else. A unit written once applies to both ends."""
    if not isinstance(value, str):
        return None
    m = _RANGE.match(value.strip())
    if m is None:
        return None
    low_unit, high_unit = m.group(2) or m.group(4) or "", m.group(4) or m.group(2) or ""
    low = read_duration(f"{m.group(1)} {low_unit}".strip(), unit, decimal, rule)[0]
    high = read_duration(f"{m.group(3)} {high_unit}".strip(), unit, decimal, rule)[0]
    if high < low:
        raise DurationError(f"{value.strip()!r}: the range runs backwards ({low:g} > {high:g} min)")
    return low, (low + high) / 2, high


def read_fraction(value, decimal: str | None = None) -> tuple[float, str]:
    """A share in [0, 1] and how it was read: ``"percent sign"`` ("85 %"), ``"percent"``
    (a number above 1, 85 -> 0.85) or ``"fraction"`` (0.85, and 1 = 100 %)."""
    if value.__class__ is float or value.__class__ is int:
        number = float(value)  # quick: a number
        how = "fraction"
        if number > 1:
            number /= 100.0
            how = "percent"
    elif isinstance(value, str) and value.strip().endswith("%"):
        number = read_number(value.strip()[:-1], decimal, "%C&A") / 100.0
        how = "percent sign"
    else:
        number = read_number(value, decimal, "%C&A")
        how = "fraction"
        if number > 1:
            number /= 100.0
            how = "percent"
    if not 0 <= number <= 1:
        raise InputError(f"%C&A must lie between 0 % and 100 %, not {value!r}")
    return number, how


def read_text(value) -> str:
    """A text cell as a clean string (numbers without a trailing ``.0``)."""
    if value is None:
        return ""
    if value.__class__ is str and "  " not in value and "\n" not in value and value == value.strip():
        return value  # already clean (the common case)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, _dt.datetime):
        return value.date().isoformat() if not value.time() else value.isoformat(sep=" ")
    return " ".join(str(value).split())


def is_number_like(value, decimal: str | None = None) -> bool:
    """A number, or text that reads as a number or a duration."""
    if isinstance(value, bool) or value is None:
        return False
    if isinstance(value, (int, float, _dt.time, _dt.timedelta)):
        return True
    if isinstance(value, str):
        text = value.strip()
        if not text or is_empty(text):
            return False
        if text.endswith("%"):
            text = text[:-1]
        try:
            read_number(text, decimal)
            return True
        except InputError:
            pass
        try:
            read_duration(text, "min", decimal)
            return True
        except (DurationError, InputError):
            return False
    return False
