"""The bundled examples edited without the add-in (issue 17, item 1): recalculated by LibreOffice
with recalculation forced on load, and by the ``formulas`` engine with no VSM_* function
registered, no visible cell shows #NAME?, #DIV/0! or #N/A; where the inputs are numbers the Steps
results compute natively and equal the batch evaluation (`vsm-xl evaluate`'s figures)."""
from __future__ import annotations

import math
import shutil
from pathlib import Path

import openpyxl
import pytest
from openpyxl.utils import get_column_letter
from openpyxl.utils.cell import coordinate_from_string, column_index_from_string

from tests.support.libreoffice import soffice_path
from vsm_xl.workbook.layout import template_layout as L
from vsm_xl.workbook.evaluated.result_cells import expected_values
from vsm_xl.workbook.read.reader import read_workbook

pytestmark = pytest.mark.xdist_group("spreadsheet-engines")

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((ROOT / "examples").glob("*.xlsx"))
ERRORS = ("#NAME?", "#DIV/0!", "#N/A")


def _hidden(path: Path):
    """hidden(sheet, row, col): the cell is in a hidden row, column or sheet."""
    wb = openpyxl.load_workbook(path)

    def hidden(sheet: str, row: int, col: int) -> bool:
        ws = wb[sheet]
        return (ws.sheet_state != "visible" or bool(ws.row_dimensions[row].hidden)
                or bool(ws.column_dimensions[get_column_letter(col)].hidden))
    return hidden


def _visible_errors(path: Path, cells: dict) -> list:
    """``cells``: {(sheet, row, col): shown value}; the visible ones showing an error."""
    hidden = _hidden(path)
    return [f"{s}!{get_column_letter(c)}{r}: {v}" for (s, r, c), v in cells.items()
            if isinstance(v, str) and v.startswith(ERRORS) and not hidden(s, r, c)]


def _libreoffice(path: Path, out: Path) -> dict:
    from tests.support.libreoffice import recalculate_to_csv

    sheets = recalculate_to_csv(path, out, recalc="always")
    return {(s, r, c): v for s, rows in sheets.items() for r, row in enumerate(rows, start=1)
            for c, v in enumerate(row, start=1)}


def _split(address: str) -> tuple:
    sheet, coordinate = address.rsplit("!", 1)
    letters, row = coordinate_from_string(coordinate)
    return sheet.strip("'"), row, column_index_from_string(letters)


@pytest.fixture(scope="module")
def lo(tmp_path_factory):
    if soffice_path() is None:
        pytest.skip("LibreOffice (soffice) not installed")
    return tmp_path_factory.mktemp("lo")


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_libreoffice_forced_recalculation_shows_no_error(lo, path):
    cells = _libreoffice(path, lo / path.stem)
    assert not _visible_errors(path, cells)
    if path.stem == "claims_handling_team":  # AHP / team weights: said once, not "No evaluation yet"
        shown = set(cells.values())
        assert L.NEEDS_ADD_IN_WEIGHTS in shown and L.NO_EVALUATION not in shown


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_formulas_engine_without_vsm_functions_shows_no_error(path):
    pytest.importorskip("formulas")
    from tests.support.formula_engine import evaluate_workbook

    values = evaluate_workbook(path, {})
    cells = {_split(a): v for a, v in values.items() if "!" in a}
    assert not _visible_errors(path, cells)


def _numeric_copy(source: Path, target: Path) -> Path:
    """``source`` with every step's PT and LT typed as a plain number of minutes (the time unit of
    numbers set to min): what a user without the add-in types."""
    read = read_workbook(source)
    wb = openpyxl.load_workbook(source)
    ws = wb[L.STEPS]
    ws.cell(row=read.geometry.settings["time_unit"], column=L.SETTINGS_VALUE_COL).value = "min"
    for s, b in enumerate(read.state_blocks):
        block = read.geometry.blocks[b]
        for step, r in zip(read.stream.states[s].steps, block.step_rows):
            ws.cell(row=r, column=block.columns["pt"]).value = step.process_time
            ws.cell(row=r, column=block.columns["lt"]).value = step.lead_time
    wb.save(target)
    return target


def _number(text: str) -> float:
    text = text.strip().replace(",", "")
    return float(text[:-1]) / 100 if text.endswith("%") else float(text)


@pytest.mark.parametrize("name", ["order_fulfillment", "paper_cirp2013"])
def test_numeric_inputs_compute_the_batch_totals_without_the_add_in(lo, tmp_path, name):
    """Every Steps result (PT/LT minutes, totals, WT, FE, rolled %C&A, WIP, both bottlenecks) that
    LibreOffice computes without the add-in equals the batch evaluation's."""
    path = _numeric_copy(ROOT / "examples" / f"{name}.xlsx", tmp_path / f"{name}_numbers.xlsx")
    read = read_workbook(path)
    assert read.analysis is not None
    expected = {_split(a): v for a, v in expected_values(read, read.analysis).items() if a.startswith(L.STEPS)}
    cells = _libreoffice(path, lo / f"{name}_numbers")
    hidden = _hidden(path)
    checked, wrong = 0, []
    for (s, r, c), v in expected.items():
        if hidden(s, r, c):
            continue
        got = cells.get((s, r, c), "")
        if v is None or v == "":
            ok = got == ""
        elif isinstance(v, str):
            ok = got == v
        else:
            try:
                ok = math.isclose(_number(got), v, rel_tol=1e-9, abs_tol=1e-9)
            except ValueError:
                ok = False
        checked += 1
        if not ok:
            wrong.append((f"{get_column_letter(c)}{r}", v, got))
    assert not wrong, wrong[:10]
    summaries = {key for block in read.geometry.blocks for key in block.summary_rows}
    assert {"flow_efficiency", "rolled_ca", "wip", "capacity_constraint", "largest_delay"} <= summaries
    assert checked > 50


def test_a_duration_text_says_what_it_needs(lo, tmp_path):
    """PT typed as "2 h 30 m" needs the add-in: its minutes, the totals and FE say so in words."""
    path = tmp_path / "text.xlsx"
    shutil.copy(_numeric_copy(ROOT / "examples" / "order_fulfillment.xlsx", tmp_path / "n.xlsx"), path)
    read = read_workbook(path)
    block = read.geometry.blocks[0]
    wb = openpyxl.load_workbook(path)
    wb[L.STEPS].cell(row=block.step_rows[0], column=block.columns["pt"]).value = "2 h 30 m"
    wb.save(path)
    cells = _libreoffice(path, lo / "text")
    said = {key: cells[(L.STEPS, block.total_row, block.columns[key])] for key in ("pt_min", "lt_min")}
    assert said == {"pt_min": L.NEEDS_ADD_IN, "lt_min": pytest.approx(said["lt_min"])}
    assert _number(said["lt_min"]) == pytest.approx(read.analysis.states[0].total_lead_time)
    fe = cells[(L.STEPS, block.summary_rows["flow_efficiency"], L.SUMMARY_VALUE_COL)]
    assert fe == L.NEEDS_ADD_IN
    assert cells[(L.STEPS, block.step_rows[0], block.columns["pt_min"])] == L.NEEDS_ADD_IN
    assert not _visible_errors(path, cells)
