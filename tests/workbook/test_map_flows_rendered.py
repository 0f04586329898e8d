"""The order example's Map recalculated by LibreOffice WITHOUT the add-in (every formula computed,
no saved result used): every figure it shows equals `vsm-xl evaluate`'s, in the unit shown by
the one display rule (core.display), and the map's vocabulary is drawn (issue 16 item 2)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.support.libreoffice import recalculate_to_csv, soffice_path
from vsm_xl.cli import cli
from vsm_xl.core.display import PROCESS, WAIT, display
from vsm_xl.io.yaml_io import read_yaml
from vsm_xl.workbook.layout import map_layout as M

pytestmark = pytest.mark.xdist_group("map-flows-rendered")

ROOT = Path(__file__).resolve().parents[2]
BOOK = ROOT / "examples" / "order_fulfillment.xlsx"


@pytest.fixture(scope="module")
def map_rows(tmp_path_factory) -> list:
    if soffice_path() is None:
        pytest.skip("LibreOffice not installed")
    sheets = recalculate_to_csv(BOOK, tmp_path_factory.mktemp("map"), recalc="always")
    return sheets[M.MAP]


@pytest.fixture(scope="module")
def batch() -> dict:
    result = CliRunner().invoke(cli, ["evaluate", str(BOOK), "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output[result.output.index("{"):])


def _sections(rows: list) -> list:
    """The rows of each state's map, from its title row to the next."""
    starts = [i for i, r in enumerate(rows) if r and r[0].startswith("Value stream map: ") and "process boxes" not in r[0]]
    return [rows[a:b] for a, b in zip(starts, starts[1:] + [len(rows)])]


def _row(section: list, label: str) -> list:
    return next(r for r in section if label in r)


def test_boxes_timeline_and_totals_equal_the_batch_in_the_unit_shown(map_rows, batch):
    stream = read_yaml(ROOT / "examples" / "order_fulfillment.yaml")
    states = {s["name"]: s for s in batch["states"]}
    sections = _sections(map_rows)
    assert len(sections) == len(stream.states) == 2
    for state, section in zip(stream.states, sections):
        texts = [v for r in section for v in r if v]
        summary = states[state.name]
        for step in state.steps:
            for prefix, minutes, kind in (("PT", step.process_time, PROCESS), ("LT", step.lead_time, WAIT),
                                          ("WT", step.wait_time, WAIT)):
                assert f"{prefix} {display(minutes, kind)}" in texts, (state.name, step.name, prefix)
        waits = [v for v in _row(section, "Waiting")[1:] if v and v != "Lead time"]
        process = [v for v in _row(section, "Process")[1:] if v and v != "Process time"]
        assert waits[:-1] == [display(s.wait_time, WAIT) for s in state.steps]
        assert process[:-1] == [display(s.process_time, PROCESS) for s in state.steps]
        assert waits[-1] == display(summary["total_lead_time_minutes"], WAIT)
        assert process[-1] == display(summary["total_process_time_minutes"], PROCESS)


def test_the_vocabulary_is_drawn(map_rows):
    current, future = _sections(map_rows)
    texts = {name: [v for r in section for v in r if v] for name, section in (("current", current),
                                                                              ("future", future))}
    for words in texts.values():
        assert {"Supplier", "Customer", "Central distribution", "Retail stores", "Demand 40/day",
                "Takt 12 min"} <= set(words)
    assert texts["current"].count("➡\npush") == 4
    assert "Order desk\nERP (MRP run)" in texts["current"]
    assert "⇣ order batch (daily)" in texts["current"] and "↯ forecast (weekly)" in texts["current"]
    assert "FIFO ➡\nmax 10" in texts["future"] and "☰\nsupermkt" in texts["future"] and "↺\npull" in texts["future"]
    assert sorted(v for v in texts["future"] if v.startswith("✸")) == ["✸ K1 ✸", "✸ K2 ✸", "✸ K3 ✸", "✸ K4 ✸",
                                                                      "✸ K4 ✸"]
    assert not [v for v in texts["current"] if v.startswith("✸")]
    # triangles only where inventory > 0: the future state's Credit Check and Inventory Alloc have none
    assert texts["current"].count("▲") == 5 and texts["future"].count("▲") == 3
    assert not [v for words in texts.values() for v in words if v.startswith(("#", "Err:"))]


def test_a_45_s_step_and_a_12_working_day_wait_read_45_s_and_12_d(tmp_path):
    """Issue 16's own example: PT 45 s, WT 12 working days of 8 h, recalculated without the add-in."""
    if soffice_path() is None:
        pytest.skip("LibreOffice not installed")
    from vsm_xl.io.interchange_read import stream_from_dict
    from vsm_xl.workbook.sheets.template import build_workbook

    stream = stream_from_dict({"value_stream": {"working_hours_per_day": 8, "current_state": [
        {"name": "Inspect", "process_time": "45s", "lead_time_minutes": 12 * 480 + 0.75}]}})
    wb, _ = build_workbook(stream)
    wb.save(tmp_path / "small.xlsx")
    rows = recalculate_to_csv(tmp_path / "small.xlsx", tmp_path / "out", recalc="always")[M.MAP]
    texts = [v for r in rows for v in r if v]
    assert {"PT 45 s", "WT 12 d", "LT 12 d"} <= set(texts)
    assert "12 d" in _row(rows, "Waiting")
    assert "45 s" in _row(rows, "Process")


def test_the_map_follows_edits_of_steps_and_flows(tmp_path):
    """Typed after writing: a FIFO lane of 7 into Credit Check, another label and kind of the first
    information flow, no inventory at Order Entry; LibreOffice shows them on the Map."""
    if soffice_path() is None:
        pytest.skip("LibreOffice not installed")
    import openpyxl

    from vsm_xl.workbook.layout import template_layout as L
    from vsm_xl.workbook.layout import layout_flows as LF
    from vsm_xl.workbook.read.reader import read_workbook

    read = read_workbook(BOOK)
    block = read.geometry.blocks[0]
    wb = openpyxl.load_workbook(BOOK)
    steps = wb[L.STEPS]
    credit, entry = block.step_rows[1], block.step_rows[0]
    steps.cell(credit, block.columns["inflow"], "fifo")
    steps.cell(credit, block.columns["inflow_max"], 7)
    steps.cell(entry, block.columns["inventory"], 0)
    flows = wb[LF.FLOWS]
    first = next(r for r in range(1, flows.max_row + 1) if flows.cell(r, 1).value == "Information flow") + 1
    flows.cell(first, LF.col(LF.INFO_HEADERS, "label"), "rolling forecast")
    flows.cell(first, LF.col(LF.INFO_HEADERS, "kind"), "manual")
    wb.save(tmp_path / "edited.xlsx")
    current = _sections(recalculate_to_csv(tmp_path / "edited.xlsx", tmp_path / "out", recalc="always")[M.MAP])[0]
    texts = [v for r in current for v in r if v]
    assert "FIFO ➡\nmax 7" in texts and texts.count("➡\npush") == 3
    assert "⇣ rolling forecast (weekly)" in texts and "↯ forecast (weekly)" not in texts
    assert texts.count("▲") == 4
