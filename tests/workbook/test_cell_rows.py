"""The package reader keeps a sheet's cells compactly, a row at a time
(vsm_xl/workbook/xlsx/cell_rows.py), and reads back exactly what it was given: the tricky
cases by hand here (tests/workbook/test_workbook_patch.py checks every example against
openpyxl), and the memory a row costs against a bound a dict keyed by cell cannot meet."""
from __future__ import annotations

import datetime as dt
import io
import tracemalloc

import pytest

from vsm_xl.workbook.xlsx import cell_rows
from vsm_xl.workbook.xlsx.cell_rows import CellRows
from vsm_xl.workbook.xlsx.cell_types import ArrayFormula, LiteralText
from vsm_xl.workbook.xlsx.excel_values import WINDOWS_EPOCH
from vsm_xl.workbook.xlsx.package import CellReader, read_cells

_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def _sheet(rows_xml: str) -> bytes:
    return f'<worksheet xmlns="{_NS}"><sheetData>{rows_xml}</sheetData></worksheet>'.encode()


def _reader(strings=()) -> CellReader:
    return CellReader(list(strings), frozenset({1}), frozenset(), WINDOWS_EPOCH)


def test_cells_read_back_as_given():
    """Formulas that hold their row's number elsewhere too (row 1, row 13 beside $C$13, row 6
    beside 60), a text starting with "=", an array formula, dates, a row element met twice, a
    cell whose reference names another row, cells without references: each reads back as a
    dict keyed by (row, col) would hold it."""
    xml = _sheet(
        '<row r="1"><c r="A1"><f>B1*10+$C$1+11</f><v>21</v></c><c r="B1"><v>1</v></c>'
        '<c r="C1" t="inlineStr"><is><t>=Order entry</t></is></c></row>'
        '<row r="6"><c r="A6"><f>B6*60+SUM(B1:B6)</f><v>366</v></c><c r="B6" s="1"><v>46000.5</v></c></row>'
        '<row r="13"><c r="A13"><f>$C$13+B13</f></c><c r="B13" t="s"><v>0</v></c>'
        '<c r="D13"><f t="array" ref="D13:D14">B13:B14*2</f><v>4</v></c></row>'
        '<row r="14"><c r="A14"><f>$C$13+B14</f><v>7</v></c><c r="B14"><v>2</v></c></row>'
        '<row r="6"><c r="A6"><v>5</v></c><c r="E6" t="b"><v>1</v></c><c r="F7"><v>8</v></c></row>'
        '<row r="20"><c><v>1</v></c><c><v>2</v></c><c r="E20" t="e"><v>#N/A</v></c><c r="F20" s="1"/></row>')
    cells = read_cells(xml, _reader(["shared text"]))
    stored = {(1, 1): "=B1*10+$C$1+11", (1, 2): 1, (1, 3): "=Order entry",
              (6, 1): 5, (6, 2): dt.datetime(2025, 12, 9, 12, 0), (6, 5): True, (7, 6): 8,
              (13, 1): "=$C$13+B13", (13, 2): "shared text", (13, 4): ArrayFormula("D13:D14", "=B13:B14*2"),
              (14, 1): "=$C$13+B14", (14, 2): 2, (20, 1): 1, (20, 2): 2, (20, 5): "#N/A"}
    assert dict(cells.stored.items()) == stored
    assert cells.stored == stored and len(cells.stored) == len(stored)
    assert type(cells.stored[(1, 3)]) is LiteralText
    assert all(type(v) is str for k, v in stored.items() if k != (1, 3) and isinstance(v, str))
    # the value saved with A6's formula stays when a later element writes a constant over it
    assert cells.saved == {(1, 1): 21, (6, 1): 366, (13, 4): 4, (14, 1): 7}
    assert (cells.max_row, cells.max_col) == (20, 6)
    assert cells.get_stored(13, 3) is None and cells.get_stored(99, 1) is None and cells.get_saved(13, 1) is None
    assert (13, 1) in cells.stored and (13, 3) not in cells.stored and "A13" not in cells.stored
    with pytest.raises(KeyError):
        cells.stored[(2, 1)]


def test_formulas_past_the_table_of_shapes_are_kept_as_text(monkeypatch):
    """Once the table of formula shapes is full, a formula of a new shape is kept as its
    text, and still reads back exactly."""
    monkeypatch.setattr(cell_rows, "_MAX_SHAPES", 3)
    rows = CellRows()
    formulas = {r: f"=A{r}*{r % 7}+B{r}" for r in range(2, 40)}
    for r, text in formulas.items():
        rows.add(r, {1: text}, {1: r})
    assert len(rows._shapes) == 3
    assert {k: v for k, v in rows.stored.items()} == {(r, 1): text for r, text in formulas.items()}
    assert all(rows.get_stored(r, 1) == text for r, text in formulas.items())


def _steps_like_sheet(n: int) -> bytes:
    """``n`` rows shaped like a converted Steps sheet's (13 filled cells: text, numbers, three
    formulas with their saved values), every value one that costs no memory of its own (shared
    strings, small numbers), so that what is measured is what keeping the cells costs."""
    out = io.StringIO()
    out.write(f'<worksheet xmlns="{_NS}"><sheetData>')
    for r in range(1, n + 1):
        out.write(
            f'<row r="{r}"><c r="A{r}"><v>{r % 200}</v></c><c r="B{r}" t="s"><v>{r % 3}</v></c>'
            f'<c r="C{r}" t="s"><v>1</v></c><c r="D{r}" t="s"><v>2</v></c><c r="E{r}" t="s"><v>0</v></c>'
            f'<c r="F{r}"><f>IF(ISBLANK(D{r}),"",IF(ISNUMBER(Y{r}),Y{r},D{r}*60))</f><v>{r % 60}</v></c>'
            f'<c r="G{r}"><f>IF(ISBLANK(E{r}),"",IF(ISNUMBER(Z{r}),Z{r},E{r}*60))</f><v>{r % 90}</v></c>'
            f'<c r="H{r}"><f>IF(AND(ISNUMBER(G{r}),ISNUMBER(F{r})),G{r}-F{r},"")</f><v>{r % 30}</v></c>'
            f'<c r="I{r}"><v>0.5</v></c><c r="J{r}"><v>{r % 100}</v></c><c r="M{r}" t="s"><v>1</v></c>'
            f'<c r="Y{r}"><v>{r % 60}</v></c><c r="Z{r}"><v>{r % 90}</v></c>'
            '<c r="AA1" s="5"/></row>'.replace('r="AA1"', f'r="AA{r}"'))
    out.write("</sheetData></worksheet>")
    return out.getvalue().encode()


def test_a_large_sheet_costs_little_memory_a_row():
    """Rows of 13 cells (16 values with the saved ones) read in under 600 bytes a row at the
    peak of the read (360 measured, of which 90 the parser's emptied row elements until the
    end of the sheet): the cells as a dict keyed by (row, col) took 2,000 (a key tuple and a
    dict entry a value, the formulas' text a cell), which made evaluating the workbook that
    `vsm-xl convert` writes from 100,000 rows take 398 MB. A bound per row, from 5,000 rows
    (the figure is the same at 20,000; 5,000 keep the traced read short)."""
    rows = 5_000
    data = _steps_like_sheet(rows)
    reader = _reader(["Step", "Team", "5 min"])
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        cells = read_cells(data, reader)
        held, peak = (x - before for x in tracemalloc.get_traced_memory())
    finally:
        tracemalloc.stop()
    assert len(cells.stored) == 13 * rows and len(cells.saved) == 3 * rows
    assert cells.stored[(rows, 8)] == f'=IF(AND(ISNUMBER(G{rows}),ISNUMBER(F{rows})),G{rows}-F{rows},"")'
    assert peak / rows < 600, (held / rows, peak / rows)
