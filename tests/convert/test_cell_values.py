"""Values as teams type them: numbers in a header unit, duration texts with a decimal comma,
Excel time cells, percents as 85, 0.85 or "85 %", thousands separators (issue 4)."""
import datetime as dt

import pytest

from vsm_xl.convert.cell_values import (
    guess_decimal, is_empty, read_duration, read_fraction, read_number, read_text,
)
from vsm_xl.core.errors import DurationError, InputError


@pytest.mark.parametrize("value,unit,decimal,minutes,how", [
    (15, "min", None, 15, "number"),
    (2, "h", None, 120, "number"),
    (1.5, "d", None, 2160, "number"),       # calendar day: 1.5 × 24 × 60
    ("1,5 d", None, ",", 2160, "text"),     # decimal comma in a duration text
    ("1,5", "h", ",", 90, "number"),        # a bare number typed as text, in the column unit
    ("15m", None, None, 15, "text"),
    ("2 h", "min", None, 120, "text"),      # a unit in the cell beats the column's unit
    ("2 h 30 m", None, None, 150, "text"),
    ("45s", None, None, 0.75, "text"),
    ("2 Std", None, ",", 120, "text"),
    ("3 h 35 min", None, ",", 215, "text"),
    ("2:30", "d", None, 150, "clock"),      # h:mm text
    (dt.time(0, 12), "h", None, 12, "clock"),  # an Excel time cell (h:mm format)
    (dt.timedelta(hours=30), "min", None, 1800, "clock"),
    (dt.datetime(1899, 12, 31, 6, 0), "min", None, 1800, "clock"),  # [h]:mm over 24 h
    ("1.200", "min", ",", 1200, "number"),  # thousands separator with a decimal comma
    ("ca. 2h", "min", None, 120, "text approx"),
])
def test_durations(value, unit, decimal, minutes, how):
    assert read_duration(value, unit, decimal) == (pytest.approx(minutes), how)


@pytest.mark.parametrize("value,unit", [("soon", "min"), (15, None), ("15", None), (-2, "h"), ("-1h", "min"),
                                        (dt.date(2024, 3, 1), "min")])
def test_unreadable_durations(value, unit):
    with pytest.raises(DurationError):
        read_duration(value, unit)


@pytest.mark.parametrize("value,decimal,number", [
    ("1.200", ",", 1200), ("1.234,5", ",", 1234.5), ("12,5", ",", 12.5),
    ("1,250", ".", 1250), ("1,250.75", ".", 1250.75), ("1 200", None, 1200), (7, None, 7.0),
])
def test_numbers(value, decimal, number):
    assert read_number(value, decimal) == number


def test_a_comma_is_no_decimal_mark_where_the_file_uses_points():
    with pytest.raises(InputError):
        read_number("1,5", ".")


@pytest.mark.parametrize("value,fraction,how", [
    (85, 0.85, "percent"), (0.85, 0.85, "fraction"), ("85 %", 0.85, "percent sign"), ("85%", 0.85, "percent sign"),
    ("97,5 %", 0.975, "percent sign"), (1, 1.0, "fraction"), (100, 1.0, "percent"), ("0,9", 0.9, "fraction"),
])
def test_fractions(value, fraction, how):
    got, got_how = read_fraction(value, ",")
    assert (got, got_how) == (pytest.approx(fraction), how)


@pytest.mark.parametrize("value", [150, -5, "abc", float("nan")])
def test_bad_fractions(value):
    with pytest.raises(InputError):
        read_fraction(value)


def test_decimal_mark_from_texts():
    assert guess_decimal(["1,5", "2,25", "3"]) == ","
    assert guess_decimal(["1.5", "0.85"]) == "."
    assert guess_decimal(["1,200", "3.000"]) is None  # thousands only: not evident


def test_empty_marks_and_text():
    assert is_empty(None) and is_empty("  ") and is_empty("-") and is_empty("n/a")
    assert not is_empty(0) and not is_empty("0")
    assert read_text(12.0) == "12"
    assert read_text("  Pick \n & Pack ") == "Pick & Pack"
