"""The checklist's stated totals and root causes in the template workbook (the Estimates sheet's
Stated totals and Root causes sections): written, read back exactly, compared at their cells."""
import openpyxl
import pytest

from tests.io.test_interchange_checklist import TWO_STEPS
from vsm_xl.api import evaluate
from vsm_xl.core.errors import ValidationError
from vsm_xl.io.yaml_io import stream_from_dict
from vsm_xl.workbook.read.estimates import CAUSES_MARKER, ESTIMATES, STATED_MARKER
from vsm_xl.workbook.read.reader import read_workbook
from vsm_xl.workbook.writer import write_template


@pytest.fixture(scope="module")
def book(tmp_path_factory):
    path = tmp_path_factory.mktemp("checklist") / "two_steps.xlsx"
    write_template(path, stream_from_dict(TWO_STEPS))
    return path


def _section_rows(ws, marker):
    start = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == marker)
    return start + 2


def test_workbook_round_trip_is_exact(book):
    stream = stream_from_dict(TWO_STEPS)
    read = read_workbook(book)
    assert read.stream == stream
    assert read.stream.states[0].stated == (("total_process_time_minutes", 70), ("total_lead_time_hours", 44),
                                            ("flow_efficiency_percent", 2.7), ("total_wip", 240))
    ws = openpyxl.load_workbook(book)[ESTIMATES]
    first = _section_rows(ws, STATED_MARKER)
    assert [ws.cell(first, c).value for c in (1, 2, 3)] == ["total_process_time_minutes", "Current state", 70]
    first = _section_rows(ws, CAUSES_MARKER)
    assert [ws.cell(first + k, 1).value for k in range(5)] == ["value stream", "Current state", "waiting", "waiting",
                                                              "defects"]


def test_stated_totals_warn_at_their_cells(book):
    """Stated LT 44 h, the two listed steps give 2 + 8 = 10 h."""
    ws = openpyxl.load_workbook(book)[ESTIMATES]
    row = _section_rows(ws, STATED_MARKER) + 1  # total_lead_time_hours
    warnings = {w.location: w.message for w in evaluate(book).warnings}
    assert warnings[f"{ESTIMATES}!C{row}"] == "Current state: stated LT 44 h, the 2 listed steps give 10 h: are steps missing?"


def test_bad_rows_are_problems_at_their_cells(book, tmp_path):
    wb = openpyxl.load_workbook(book)
    ws = wb[ESTIMATES]
    stated = _section_rows(ws, STATED_MARKER)
    ws.cell(stated, 2).value = "Nowhere"
    ws.cell(stated + 1, 1).value = "total_smiles"
    causes = _section_rows(ws, CAUSES_MARKER)
    ws.cell(causes, 1).value = "boredom"
    path = tmp_path / "bad.xlsx"
    wb.save(path)
    with pytest.raises(ValidationError) as info:
        read_workbook(path)
    found = {p.location: p.message for p in info.value.problems}
    assert "'Nowhere' is not a state on the Steps sheet" in found[f"{ESTIMATES}!B{stated}"]
    assert "'total_smiles': not a total the checklist states" in found[f"{ESTIMATES}!A{stated + 1}"]
    assert "root cause of 'boredom'" in found[f"{ESTIMATES}!A{causes}"]
