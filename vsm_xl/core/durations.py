"""Durations as people type them (``15m``, ``2 h 30 m``, ``1,5 d``), in minutes.

Calendar time by default (a day is 24 h, a week 7 days) because lead times are clock time;
a workbook that declares working hours per day switches to working time.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass

from vsm_xl.core.errors import DurationError


@dataclass(frozen=True)
class DurationRule:
    """How days and weeks convert into minutes."""

    hours_per_day: float = 24.0
    days_per_week: float = 7.0

    def __post_init__(self):
        for name, limit, limit_text in (("hours_per_day", 24, "a day has at most 24 hours"),
                                        ("days_per_week", 7, "a week has at most 7 days")):
            value = getattr(self, name)
            if not isinstance(value, (int, float)) or isinstance(value, bool) or not (value > 0) or math.isinf(value):
                raise DurationError(f"{name.replace('_', ' ')} must be a positive number, not {value!r}",
                                    subject=(name,))
            if value > limit:
                raise DurationError(f"{limit_text}, not {value:g}", subject=(name,))

    @property
    def is_calendar(self) -> bool:
        return self.hours_per_day == 24 and self.days_per_week == 7

    def describe(self) -> str:
        if self.is_calendar:
            return "calendar time: 1 d = 24 h, 1 w = 7 d"
        return f"working time: 1 d = {self.hours_per_day:g} h, 1 w = {self.days_per_week:g} d"

    def minutes_per(self, unit: str) -> float:
        """Minutes in one ``unit`` (any spelling :func:`normalize_unit` accepts)."""
        canonical = normalize_unit(unit)
        if canonical == "s":
            return 1 / 60
        if canonical == "min":
            return 1.0
        if canonical == "h":
            return 60.0
        if canonical == "d":
            return 60.0 * self.hours_per_day
        return 60.0 * self.hours_per_day * self.days_per_week  # "w"


CALENDAR = DurationRule()

# Every spelling seen in team spreadsheets, English and German, singular and plural.
_UNIT_WORDS = {
    "s": ("s", "sec", "secs", "second", "seconds", "sek", "sekunde", "sekunden"),
    "min": ("m", "min", "mins", "minute", "minutes", "minuten", "mn"),
    "h": ("h", "hr", "hrs", "hour", "hours", "std", "stunde", "stunden"),
    "d": ("d", "day", "days", "t", "tag", "tage", "tagen", "wt"),
    "w": ("w", "wk", "wks", "week", "weeks", "woche", "wochen"),
}
_UNITS = {word: canonical for canonical, words in _UNIT_WORDS.items() for word in words}
UNIT_WORDS = _UNIT_WORDS  # canonical unit -> its spellings (the workbook's native unit look-ups use them)

_NUMBER = r"\d+(?:[.,]\d+)?|[.,]\d+"
_PART = re.compile(rf"\s*({_NUMBER})\s*([a-zA-Zäöü]+)?\.?\s*")
_CLOCK = re.compile(r"^\s*(\d+):([0-5]\d)(?::([0-5]\d))?\s*$")


def normalize_unit(unit: str) -> str:
    """The canonical unit (``s``, ``min``, ``h``, ``d``, ``w``) for any accepted spelling."""
    if not isinstance(unit, str):
        raise DurationError(f"unit must be text such as min, h or d, not {unit!r}")
    key = unit.strip().lower().rstrip(".")
    if key in _UNITS:
        return _UNITS[key]
    raise DurationError(f"unknown time unit {unit!r} (use s, min, h, d or w)")


def _to_float(text: str) -> float:
    return float(text.replace(",", "."))


def parse_duration(value, unit: str = "min", rule: DurationRule = CALENDAR) -> float:
    """Minutes in ``value``: a number in ``unit``, or a duration string.

    >>> parse_duration("2 h 30 m")
    150.0
    >>> parse_duration(1.5, "d")
    2160.0
    """
    if isinstance(value, bool) or value is None:
        raise DurationError(f"expected a duration, got {'an empty cell' if value is None else value!r}")
    if isinstance(value, (int, float)):
        try:
            number = float(value)
        except OverflowError:  # an int beyond the float range
            raise DurationError("expected a duration, got a number too large") from None
        if math.isnan(number) or math.isinf(number):
            raise DurationError(f"expected a duration, got {value!r}")
        if number < 0:
            raise DurationError(f"a duration cannot be negative ({value!r})")
        return _finite(number * rule.minutes_per(unit), value)
    if not isinstance(value, str):
        raise DurationError(f"expected a duration, got {value!r}")
    text = value.strip()
    if not text:
        raise DurationError("expected a duration, got an empty text")
    if text.startswith("-"):
        raise DurationError(f"a duration cannot be negative ({value!r})")
    clock = _CLOCK.match(text)
    if clock:  # h:mm or h:mm:ss
        hours, minutes, seconds = clock.groups()
        return int(hours) * 60 + int(minutes) + (int(seconds or 0) / 60)
    total = 0.0
    position = 0
    parts = 0
    while position < len(text):
        match = _PART.match(text, position)
        if not match or match.end() == position:
            raise DurationError(f"cannot read {value!r} as a duration (e.g. 45s, 15m, 2 h 30 m, 1.5d)")
        digits, word = match.groups()
        if word is None:
            if parts or match.end() < len(text):
                raise DurationError(f"cannot read {value!r} as a duration: {digits!r} has no unit")
            word = unit  # a bare number in text: the declared unit
        total += _to_float(digits) * rule.minutes_per(word)
        parts += 1
        position = match.end()
    return _finite(total, value)


def _finite(minutes: float, value) -> float:
    # "999…9m" with hundreds of digits or 1e308 weeks overflow to inf
    if math.isinf(minutes):
        raise DurationError(f"{value!r} is too long to be a duration")
    return minutes


def try_parse_duration(value, unit: str = "min", rule: DurationRule = CALENDAR):
    """Like :func:`parse_duration` but ``None`` for an empty value."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return parse_duration(value, unit, rule)


def format_duration(minutes: float) -> str:
    """A short human form: ``15m``, ``2h``, ``2h 30m``, ``1.5d`` style (calendar days)."""
    if minutes is None:
        return ""
    if minutes < 1 and minutes > 0:
        return f"{minutes * 60:g}s"
    if minutes < 60:
        return f"{round(minutes, 2):g}m"
    hours, rest = divmod(minutes, 60)
    if minutes % (24 * 60) == 0 and minutes >= 24 * 60 * 2:
        return f"{minutes / (24 * 60):g}d"
    if rest and abs(rest - round(rest)) < 1e-9:
        return f"{int(hours)}h {int(round(rest))}m"
    return f"{round(minutes / 60, 2):g}h"


def convert_minutes(minutes: float, unit: str, rule: DurationRule = CALENDAR) -> float:
    """``minutes`` expressed in ``unit``."""
    return minutes / rule.minutes_per(unit)
