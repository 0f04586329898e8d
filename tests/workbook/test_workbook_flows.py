"""The map's vocabulary on the workbook (issue 16): the Steps columns Flow in / FIFO max, the
Improvements column Steps changed and the Flows sheet read back exactly, problems at their
cells, and the Map sheet drawing them from its parts."""
from __future__ import annotations

import re
from pathlib import Path

import openpyxl
import pytest

from tests.io.test_interchange_flows import DOC
from tests.support.workbook_problems import problems_by_cell
from vsm_xl.core.flows import bursts
from vsm_xl.io.interchange_read import stream_from_dict
from vsm_xl.io.yaml_io import read_yaml
from vsm_xl.workbook.layout import template_layout as L
from vsm_xl.workbook.layout import layout_flows as LF
from vsm_xl.workbook.formulas import map_formulas as MF
from vsm_xl.workbook.read.reader import read_workbook
from vsm_xl.workbook.sheets.template import build_workbook

ROOT = Path(__file__).resolve().parents[2]
ORDER = ROOT / "examples" / "order_fulfillment.yaml"


def _save(stream, path: Path) -> Path:
    wb, _ = build_workbook(stream)
    wb.save(path)
    return path


def test_flows_round_trip_through_the_workbook(tmp_path):
    for stream in (stream_from_dict(DOC), read_yaml(ORDER)):
        assert read_workbook(_save(stream, tmp_path / "book.xlsx")).stream == stream


def test_a_stream_without_flows_leaves_them_blank(tmp_path):
    plain = stream_from_dict({"value_stream": {"current_state": [{"name": "A", "process_time": 1, "lead_time": 2}]}})
    read = read_workbook(_save(plain, tmp_path / "plain.xlsx")).stream
    assert read.customer is None and read.supplier is None
    assert read.states[0].production_control is None and read.states[0].information_flows == ()


def _cell_of(ws, text: str) -> tuple[int, int]:
    for row in ws.iter_rows():
        for c in row:
            if c.value == text:
                return c.row, c.column
    raise AssertionError(text)


def test_flow_problems_are_at_their_cells(tmp_path):
    path = _save(stream_from_dict(DOC), tmp_path / "book.xlsx")
    wb = openpyxl.load_workbook(path)
    steps = wb[L.STEPS]
    header, _ = _cell_of(steps, "Flow in")
    flow_col = L.STEP_COLUMN_INDEX["inflow"]
    max_col = L.STEP_COLUMN_INDEX["inflow_max"]
    steps.cell(row=header + 2, column=flow_col, value="conveyor")  # B, the second step
    steps.cell(row=header + 2, column=max_col, value=-4)
    flows = wb[LF.FLOWS]
    info_header, _ = _cell_of(flows, "Information flow")
    to_col = LF.col(LF.INFO_HEADERS, "target")
    flows.cell(row=info_header + 2, column=to_col, value="Nowhere")
    imp = wb[L.IMPROVEMENTS]
    imp_header, steps_col = _cell_of(imp, "Steps changed")
    imp.cell(row=imp_header + 2, column=steps_col, value="B; Z")
    wb.save(path)
    found = problems_by_cell(path)
    letter = openpyxl.utils.get_column_letter
    expected = {f"Steps!{letter(flow_col)}{header + 2}", f"Steps!{letter(max_col)}{header + 2}",
                f"Improvements!{letter(steps_col)}{imp_header + 2}"}
    assert set(found) == expected, found
    assert "conveyor" in found[f"Steps!{letter(flow_col)}{header + 2}"]
    # an information flow to no step of its state is a warning at its cell (the Map leaves the
    # arrow out): a state refreshed from an event log may have other steps than its flows name
    path = _save(stream_from_dict(DOC), tmp_path / "only_flows.xlsx")
    wb = openpyxl.load_workbook(path)
    wb[LF.FLOWS].cell(row=info_header + 2, column=to_col, value="Nowhere")
    wb.save(path)
    from vsm_xl.api import analyze_document, read_document

    _, warnings = analyze_document(read_document(path))
    warned = {w.location: w.message for w in warnings}
    assert "names no step" in warned[f"Flows!{letter(to_col)}{info_header + 2}"], warned


# -- the Map sheet from its parts --------------------------------------------------------------
@pytest.fixture(scope="module")
def order_map():
    stream = read_yaml(ORDER)
    wb, _ = build_workbook(stream)
    return stream, wb


def _formulas(ws) -> list:
    return [c for row in ws.iter_rows() for c in row if isinstance(c.value, str) and c.value.startswith("=")]


def test_one_box_per_step_and_a_triangle_formula_before_each(order_map):
    stream, wb = order_map
    cells = _formulas(wb[L.MAP])
    names = [c for c in cells if re.fullmatch(r'=IF\(Steps!\$B\d+="","",Steps!\$B\d+\)', c.value)]
    assert len(names) == sum(len(s.steps) for s in stream.states)
    triangles = [c for c in cells if '"▲"' in c.value]
    assert len(triangles) == len(names)
    assert all("N(Steps!$J" in c.value and ">0" in c.value for c in triangles)  # only where inventory > 0


def test_one_burst_per_improvement_and_step_linked_to_its_row(order_map):
    stream, wb = order_map
    ws = wb[L.MAP]
    found = [c for row in ws.iter_rows() for c in row if isinstance(c.value, str) and c.value.startswith("✸")]
    expected = sum(len(bursts(stream, s)) for s in range(len(stream.states)))
    assert expected == 5 and len(found) == expected
    labels = sorted(c.value.strip("✸ ") for c in found)
    assert labels == ["K1", "K2", "K3", "K4", "K4"]
    first = next(c for c in found if "K1" in c.value)
    assert first.hyperlink.location == "Improvements!A5"  # the plan's first row under its header
    assert wb[L.IMPROVEMENTS]["A5"].value == stream.improvements[0].name


def test_one_arrow_per_information_flow_reading_its_flows_row(order_map):
    stream, wb = order_map
    cells = [c for c in _formulas(wb[L.MAP]) if MF.ELECTRONIC_GLYPH in c.value]
    rows = sorted(int(re.search(r"Flows!\$D\$(\d+)", c.value).group(1)) for c in cells)
    n = sum(len(s.information_flows) for s in stream.states)
    assert len(rows) == n == len(set(rows))


def test_the_material_flow_symbol_reads_the_steps_inflow(order_map):
    _, wb = order_map
    arrows = [c for c in _formulas(wb[L.MAP]) if '"supermkt"' in c.value]
    assert len(arrows) == 10  # one before every box of both states
    assert all(f"Steps!${openpyxl.utils.get_column_letter(L.STEP_COLUMN_INDEX['inflow'])}" in c.value for c in arrows)


def test_the_map_calls_no_add_in_function(order_map):
    _, wb = order_map
    assert not [c.coordinate for c in _formulas(wb[L.MAP]) if "VSM_" in c.value.upper()]


def _lists(ws) -> dict:
    """{formula1: sqref text} of the sheet's list validations."""
    return {dv.formula1: str(dv.sqref) for dv in ws.data_validations.dataValidation if dv.type == "list"}


def test_the_inputs_are_validated_drop_downs(order_map):
    _, wb = order_map
    steps = _lists(wb[L.STEPS])
    letter = openpyxl.utils.get_column_letter(L.STEP_COLUMN_INDEX["inflow"])
    assert letter in steps['"push,fifo,supermarket,pull"']
    flows = wb[LF.FLOWS]
    kinds = _lists(flows)['"electronic,manual"']
    assert openpyxl.utils.get_column_letter(LF.col(LF.INFO_HEADERS, "kind")) in kinds
    ends = next(dv for dv in flows.data_validations.dataValidation if dv.formula1.startswith("$I$"))
    first, last = (int(x) for x in re.findall(r"\d+", ends.formula1))
    words = [flows.cell(r, 9).value for r in range(first, last + 1)]
    assert words[:3] == ["customer", "supplier", "production control"] and "Pick & Pack" in words


def test_an_evaluated_copy_keeps_the_flows(tmp_path):
    from vsm_xl.workbook.writer import write_evaluated

    stream = read_yaml(ORDER)
    source = _save(stream, tmp_path / "order.xlsx")
    read = read_workbook(source)
    write_evaluated(source, tmp_path / "evaluated.xlsx", read.analysis)
    assert read_workbook(tmp_path / "evaluated.xlsx").stream == stream
