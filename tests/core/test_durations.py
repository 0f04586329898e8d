import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vsm_xl.core.durations import (
    CALENDAR, DurationRule, convert_minutes, format_duration, normalize_unit, parse_duration,
    try_parse_duration,
)
from vsm_xl.core.errors import DurationError, VsmError


@pytest.mark.parametrize("text, minutes", [
    ("45s", 0.75),
    ("15m", 15),
    ("15 min", 15),
    ("2h", 120),
    ("2 h 30 m", 150),
    ("1.5d", 1.5 * 24 * 60),
    ("8 hours", 480),
    ("2 days", 2 * 24 * 60),
    ("1w", 7 * 24 * 60),
    ("1,5 d", 1.5 * 24 * 60),  # decimal comma
    ("0,5h", 30),
    ("1h30m", 90),
    ("3 Stunden", 180),
    ("1:30", 90),  # h:mm
    ("0:01:30", 1.5),  # h:mm:ss
    ("90", 90),  # bare number in text: the declared unit (min)
    ("  15m  ", 15),
])
def test_forms_people_type(text, minutes):
    """The duration forms METHOD.md section 1 requires, by hand: 1 d = 24 h, 1 w = 7 d."""
    assert parse_duration(text) == pytest.approx(minutes, abs=1e-12)


@pytest.mark.parametrize("value, unit, minutes", [
    (2, "h", 120), (1.5, "d", 2160), (30, "s", 0.5), (1, "w", 10080), (12, "min", 12), ("3", "hours", 180),
])
def test_numbers_in_a_declared_unit(value, unit, minutes):
    assert parse_duration(value, unit) == pytest.approx(minutes)


def test_working_hours_rule_changes_days_and_weeks_only():
    """8 h working days and 5-day weeks: 1 d = 480 min, 1 w = 2400 min; hours are unchanged."""
    rule = DurationRule(hours_per_day=8, days_per_week=5)
    assert parse_duration("1d", rule=rule) == 480
    assert parse_duration("1.5d", rule=rule) == 720
    assert parse_duration("1w", rule=rule) == 2400
    assert parse_duration("2h", rule=rule) == 120
    assert parse_duration(2, "d", rule) == 960
    assert not rule.is_calendar and "working time" in rule.describe() and "8 h" in rule.describe()
    assert CALENDAR.is_calendar and "calendar" in CALENDAR.describe()


@pytest.mark.parametrize("bad", [-5, "-5m", None, "", "   ", "abc", "5 parsecs", "5 10m", "m", True,
                                 float("nan"), float("inf"), [15], "15m 3", "9" * 400 + "m"])
def test_unreadable_durations_raise_duration_error(bad):
    with pytest.raises(DurationError):
        parse_duration(bad)


def test_overflow_to_infinity_is_an_error():
    with pytest.raises(DurationError, match="too long"):
        parse_duration(1e308, "w")
    with pytest.raises(DurationError):
        parse_duration(10 ** 400)  # an int beyond the float range


@pytest.mark.parametrize("bad", [0, -8, float("inf"), True])
def test_rule_needs_positive_hours(bad):
    with pytest.raises(DurationError):
        DurationRule(hours_per_day=bad)


@pytest.mark.parametrize("spelling, canonical", [
    ("min", "min"), ("Minutes", "min"), ("hrs.", "h"), ("Tage", "d"), ("wk", "w"), ("sec", "s"),
])
def test_unit_spellings(spelling, canonical):
    assert normalize_unit(spelling) == canonical


def test_unknown_unit_names_it():
    with pytest.raises(DurationError, match="parsec"):
        normalize_unit("parsec")


def test_try_parse_blank_is_none():
    assert try_parse_duration(None) is None
    assert try_parse_duration("  ") is None
    assert try_parse_duration("2h") == 120


@pytest.mark.parametrize("minutes, text", [
    (15, "15m"), (120, "2h"), (150, "2h 30m"), (2880, "2d"), (0.75, "45s"), (90, "1h 30m"),
])
def test_format_duration_round_trips(minutes, text):
    assert format_duration(minutes) == text
    assert parse_duration(text) == pytest.approx(minutes)


def test_convert_minutes():
    assert convert_minutes(2160, "d") == 1.5
    assert convert_minutes(2400, "w", DurationRule(8, 5)) == 1


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_any_text_is_a_non_negative_finite_number_or_a_duration_error(text):
    """Property: parse_duration never raises anything but VsmError on arbitrary text."""
    try:
        minutes = parse_duration(text)
    except VsmError:
        return
    assert isinstance(minutes, float) and math.isfinite(minutes) and minutes >= 0


@settings(max_examples=150, deadline=None)
@given(st.from_regex(r"\A\s*\d{1,4}([.,]\d{1,3})?\s*(s|m|min|h|d|w|hours|days)\s*\Z"))
def test_well_formed_durations_always_parse(text):
    assert parse_duration(text) >= 0


@settings(max_examples=200, deadline=None)
@given(st.one_of(st.floats(), st.integers(), st.none(), st.booleans()),
       st.sampled_from(["s", "min", "h", "d", "w"]))
def test_any_number_is_a_non_negative_finite_number_or_a_duration_error(value, unit):
    try:
        minutes = parse_duration(value, unit)
    except VsmError:
        return
    assert math.isfinite(minutes) and minutes >= 0
