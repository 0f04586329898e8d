"""Uncertain step times on the Steps sheet (issue 20): PT low / PT high, LT low / LT high and
WT low / WT high are written by the template from the YAML, read back exactly (YAML -> workbook
-> YAML), give the spreads of vsm-xl evaluate, and a range that cannot be right is reported at
its cell."""
from __future__ import annotations

import openpyxl
import pytest

from vsm_xl.core.errors import ValidationError
from vsm_xl.core.time_ranges import state_uncertainty
from vsm_xl.io.yaml_io import dump_yaml, loads_yaml
from vsm_xl.workbook.layout import template_layout as L
from vsm_xl.workbook.read.reader import read_workbook
from vsm_xl.workbook.writer import write_template

MODEL = """
value_stream:
  name: Ranged steps
  current_state:
    steps:
      - {name: Order entry, process_time_minutes: {low: 10, likely: 15, high: 30}, lead_time_hours: 4}
      - {name: Credit check, process_time_minutes: 20, lead_time_days: {low: 1, likely: 2, high: 5}}
      - {name: Picking, process_time_minutes: {low: 30, likely: 45, high: 90}, wait_time_hours: {low: 2, likely: 6, high: 24}}
      - {name: Shipping, process_time_minutes: 12, lead_time_hours: 8}
"""
RANGES = ("process_time_range", "lead_time_range", "wait_time_range")


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    stream = loads_yaml(MODEL)
    return stream, write_template(tmp_path_factory.mktemp("ranges") / "ranges.xlsx", stream)


def _ranges(stream):
    return [tuple(getattr(step, r) for r in RANGES) for step in stream.states[0].steps]


def test_the_yaml_ranges_survive_workbook_and_yaml_exactly(written):
    stream, path = written
    expected = [((10.0, 15.0, 30.0), None, None), (None, (1440.0, 2880.0, 7200.0), None),
                ((30.0, 45.0, 90.0), None, (120.0, 360.0, 1440.0)), (None, None, None)]
    assert _ranges(stream) == expected
    read = read_workbook(path)
    assert _ranges(read.stream) == expected
    assert [(s.process_time, s.lead_time) for s in read.stream.states[0].steps] == \
        [(s.process_time, s.lead_time) for s in stream.states[0].steps]
    again = loads_yaml(dump_yaml(read.stream))
    assert _ranges(again) == expected


def test_the_steps_sheet_shows_the_ranges_in_their_columns(written):
    _, path = written
    read = read_workbook(path)
    block = read.geometry.blocks[0]
    ws = openpyxl.load_workbook(path)[L.STEPS]

    def row(k, key):
        return ws.cell(row=block.step_rows[k], column=block.columns[key]).value

    assert [L.STEP_COLUMNS[L.STEP_COLUMN_INDEX[k] - 1].header for k in ("pt_low", "pt_high", "wt_low", "wt_high")] \
        == ["PT low", "PT high", "WT low", "WT high"]
    assert (row(0, "pt_low"), row(0, "pt_high"), row(0, "lt_low")) == ("10m", "30m", None)
    assert (row(1, "lt_low"), row(1, "lt_high")) == ("24h", "5d")
    assert (row(2, "wt_low"), row(2, "wt_high"), row(2, "pt_high")) == ("2h", "24h", "1h 30m")


def test_the_spreads_of_the_workbook_are_the_yamls(written):
    stream, path = written
    read = read_workbook(path)
    spread = read.analysis.spreads[0]
    assert spread == state_uncertainty(stream.states[0])
    assert spread.ranged == 4
    # the WT range moves the lead time: its p95 is above the lead time with the PT range alone
    assert spread.lead_time.p95 > 4 * 60 + 2880 + 45 + 360 + 8 * 60 + 600


@pytest.mark.parametrize("key, value, words", [("pt_high", "5m", "PT low <= PT <= PT high"),
                                               ("wt_low", "2d", "WT low <= WT <= WT high (WT = LT - PT)")])
def test_a_range_that_cannot_be_right_names_its_cell(tmp_path, written, key, value, words):
    _, path = written
    block = read_workbook(path).geometry.blocks[0]
    wb = openpyxl.load_workbook(path)
    at = L.cell(block.columns[key], block.first_row + 2)
    wb[L.STEPS][at] = value
    wb.save(tmp_path / "bad.xlsx")
    with pytest.raises(ValidationError) as caught:
        read_workbook(tmp_path / "bad.xlsx")
    assert any(p.location == f"{L.STEPS}!{at}" and words in p.message for p in caught.value.problems), \
        [(p.location, p.message) for p in caught.value.problems]


def test_the_range_columns_print_only_where_a_step_has_a_range(tmp_path, written, streams):
    """A model with ranges prints its six range columns; one without prints up to the column
    before them, so larger (the Steps sheet is one page wide)."""
    _, path = written
    plain = write_template(tmp_path / "plain.xlsx", streams["order_fulfillment"])
    last_range = L.cell(len(L.STEP_COLUMNS), 1)[:-1]
    before_ranges = L.cell(min(L.STEP_COLUMN_INDEX[low] for low, _, _, _ in L.STEP_RANGES) - 1, 1)[:-1]
    ranged_ws, plain_ws = (openpyxl.load_workbook(p)[L.STEPS] for p in (path, plain))
    assert f"${last_range}$" in ranged_ws.print_area
    assert f"${before_ranges}$" in plain_ws.print_area
    assert plain_ws.page_setup.scale > ranged_ws.page_setup.scale
