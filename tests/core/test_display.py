"""The one display rule (core/display), against figures worked out by hand."""
from __future__ import annotations

import pytest

from vsm_xl.core.display import PROCESS, WAIT, axis_unit, display, excel_round, shown, unit_for
from vsm_xl.core.durations import CALENDAR, DurationRule

EIGHT_HOURS = DurationRule(hours_per_day=8, days_per_week=5)


@pytest.mark.parametrize("minutes, kind, rule, text", [
    # process time: seconds below a minute, minutes below 3 h, then hours, then days
    (0.75, PROCESS, CALENDAR, "45 s"),
    (0.5, PROCESS, CALENDAR, "30 s"),
    (1 / 60 * 7.25, PROCESS, CALENDAR, "7.3 s"),  # 7.25 s rounds half away from zero
    (1.0, PROCESS, CALENDAR, "1 min"),
    (15, PROCESS, CALENDAR, "15 min"),
    (9.95, PROCESS, CALENDAR, "10 min"),  # 9.95 -> 10.0 (one decimal below 10)
    (179.9, PROCESS, CALENDAR, "3 h"),
    (180, PROCESS, CALENDAR, "3 h"),
    (200, PROCESS, CALENDAR, "3.3 h"),
    (200, PROCESS, EIGHT_HOURS, "3.3 h"),
    (480, PROCESS, EIGHT_HOURS, "1 d"),
    # waiting and lead time: minutes below an hour, hours below one working day, then days
    (45, WAIT, CALENDAR, "45 min"),
    (59.99, WAIT, CALENDAR, "1 h"),  # rounds to 60 min: read as the next unit
    (60, WAIT, CALENDAR, "1 h"),
    (105, WAIT, CALENDAR, "1.8 h"),  # 1.75 h: half away from zero, not Python's banker's 1.8/1.7
    (135, WAIT, CALENDAR, "2.3 h"),  # 2.25 h -> 2.3 (round() would give 2.2)
    (1430, WAIT, CALENDAR, "1 d"),  # 23.833 h rounds to 24 h = one day
    (1400, WAIT, CALENDAR, "23 h"),  # 23.33 h, whole from 10
    (1000, WAIT, CALENDAR, "17 h"),
    (0.9999, PROCESS, CALENDAR, "1 min"),  # 59.99 s rounds to 60 s
    (1440, WAIT, CALENDAR, "1 d"),
    (479, WAIT, EIGHT_HOURS, "1 d"),  # 7.98 h rounds to 8 h = one working day
    (480, WAIT, EIGHT_HOURS, "1 d"),  # one working day exactly
    (12 * 480, WAIT, EIGHT_HOURS, "12 d"),
    (12 * 480 + 200, WAIT, EIGHT_HOURS, "12 d"),  # 12.42 d, whole from 10
    (4.5 * 480, WAIT, EIGHT_HOURS, "4.5 d"),
    (0, WAIT, CALENDAR, "0 min"),
    (0, PROCESS, CALENDAR, "0 s"),
])
def test_display_by_hand(minutes, kind, rule, text):
    assert display(minutes, kind, rule) == text


def test_a_fixed_unit_overrides_the_choice():
    assert display(12 * 480, WAIT, EIGHT_HOURS, unit="h") == "96 h"
    assert display(0.75, PROCESS, CALENDAR, unit="min") == "0.8 min"
    assert display(90, WAIT, CALENDAR, unit="min") == "90 min"
    assert shown(2160, WAIT, CALENDAR, unit="d") == shown(2160, WAIT, CALENDAR)


def test_nothing_shows_nothing():
    assert display(None) == ""


def test_excel_round_is_half_away_from_zero():
    assert excel_round(2.5, 0) == 3
    assert excel_round(-2.5, 0) == -3
    assert excel_round(1.005, 2) == 1.01  # 1.00499999... in binary; Excel rounds the 15 digits
    assert excel_round(0.15, 1) == 0.2
    assert round(0.15, 1) == 0.1  # what the rule must not do


def test_units_by_magnitude():
    assert unit_for(0.99, PROCESS) == "s"
    assert unit_for(1, PROCESS) == "min"
    assert unit_for(59.4, WAIT) == "min"
    assert unit_for(59.99, WAIT) == "h"
    assert unit_for(1400, WAIT) == "h"
    assert unit_for(1439, WAIT) == "d"  # 23.98 h rounds to a whole day
    assert axis_unit(12 * 480, WAIT, EIGHT_HOURS) == "d"


def test_the_setting_as_typed():
    from vsm_xl.core.display import setting_unit
    from vsm_xl.core.errors import InputError

    assert [setting_unit(v) for v in (None, "", " auto ", "AUTO", "h", "hours", "Tage", "min", "s")] == [
        "", "", "", "", "h", "h", "d", "min", "s"]
    for bad in ("w", "weeks", "soon"):
        with pytest.raises(InputError, match="auto, s, min, h or d") as caught:
            setting_unit(bad)
        assert caught.value.subject == ("setting", "display_unit")
