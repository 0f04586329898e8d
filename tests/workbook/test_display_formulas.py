"""The display rule as a native formula (workbook/formulas/display_formulas) gives exactly the text of
core/display, computed by LibreOffice over a grid of values: the x.x5 rounding edges, the
thresholds (59.99 min, one working day exactly), both kinds, both day lengths and fixed units."""
from __future__ import annotations

import pytest
from openpyxl import Workbook

from tests.support.libreoffice import recalculate_to_csv, soffice_path
from vsm_xl.core.display import KINDS, PROCESS, WAIT, display
from vsm_xl.core.durations import CALENDAR, DurationRule
from vsm_xl.workbook.formulas.display_formulas import display_formula, unit_formula

pytestmark = pytest.mark.xdist_group("display-formulas")

RULES = (CALENDAR, DurationRule(hours_per_day=8, days_per_week=5))


def _grid(rule: DurationRule) -> list[float]:
    day = rule.minutes_per("d")
    values = [0, 0.75, 0.5, 7.25 / 60, 9.95 / 60, 0.99, 0.9999, 1, 1.05, 1.25, 2.25, 9.95, 9.949, 10.5,
              15, 45, 59.4, 59.5, 59.99, 60, 61.5, 105, 135, 179.4, 179.9, 180, 200, 591, 597,
              day - 1, day - 0.01, day, day + 1, 1.25 * day, 2.35 * day, 9.95 * day, 12 * day,
              12 * day + 200, 100.5 * day]
    return values


def _cases():
    for rule in RULES:
        for kind in KINDS:
            for unit in (None, "s", "min", "h", "d"):
                if unit == "s" and kind == WAIT:
                    continue
                for minutes in _grid(rule):
                    yield rule, kind, unit, minutes


@pytest.mark.skipif(soffice_path() is None, reason="LibreOffice not installed")
def test_libreoffice_shows_the_python_text(tmp_path):
    cases = list(_cases())
    book = Workbook()
    sheet = book.active
    sheet.title = "Grid"
    for row, (rule, kind, unit, minutes) in enumerate(cases, 1):
        sheet.cell(row, 1, minutes)
        sheet.cell(row, 2, rule.minutes_per("d"))
        sheet.cell(row, 3, f"={display_formula(f'A{row}', kind, f'B{row}', unit)}")
        sheet.cell(row, 4, f"={unit_formula(f'A{row}', kind, f'B{row}')}")
    blank = len(cases) + 1
    sheet.cell(blank, 3, f"={display_formula(f'A{blank}', WAIT, f'B{blank}')}")
    path = tmp_path / "grid.xlsx"
    book.save(path)
    rows = recalculate_to_csv(path, tmp_path / "out")["Grid"]
    wrong = []
    for (rule, kind, unit, minutes), row in zip(cases, rows):
        expected = display(minutes, kind, rule, unit)
        if row[2] != expected:
            wrong.append((kind, unit, rule.hours_per_day, minutes, row[2], expected))
        if unit is None and row[3] != expected.split()[1]:
            wrong.append(("unit", kind, rule.hours_per_day, minutes, row[3], expected))
    assert not wrong, wrong[:20]
    assert rows[blank - 1][2] == ""
    assert len(cases) > 600


def test_the_formula_names_its_units_and_thresholds():
    text = display_formula("A1", PROCESS, "B1")
    assert text.startswith("IF(ISNUMBER(A1),")
    assert '" s"' in text and '" min"' in text and '" h"' in text and '" d"' in text
    assert "<60," in text and "<180," in text and "(B1)/60" in text
    assert display_formula("A1", WAIT, "B1", "h") == (
        'IF(ISNUMBER(A1),ROUND((A1)/60,IF(ABS((A1)/60)>=10,0,1))&" h","")')
