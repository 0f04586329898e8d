"""An evaluated copy fills the blank inputs a reader without the add-in looks for: the
Bottleneck column (capacity constraint, largest delay) and the improvement priorities the
method derives (impact descending, then effort ascending: METHOD.md section 1)."""
from __future__ import annotations

import openpyxl

from vsm_xl.core.model import Improvement, State, Step, ValueStream
from vsm_xl.workbook.layout import template_layout as L
from vsm_xl.workbook.read.reader import read_workbook
from vsm_xl.workbook.writer import write_evaluated, write_template


def _stream() -> ValueStream:
    steps = (Step("Intake", 10, 60), Step("Review", 30, 90, marked_bottleneck=True),
             Step("Approve", 5, 600), Step("Archive", 1, 2))
    improvements = (Improvement("X", impact="low", effort="low"),
                    Improvement("Y", impact="high", effort="high"),
                    Improvement("Given", impact="low", effort="high", priority=1),
                    Improvement("Z", impact="high", effort="low"))
    return ValueStream(name="Marks", states=(State("Current state", steps, "current"),), improvements=improvements)


def test_blank_bottleneck_cells_and_priorities_are_filled(tmp_path):
    source, copy = tmp_path / "marks.xlsx", tmp_path / "marks_evaluated.xlsx"
    write_template(source, _stream())
    write_evaluated(read_workbook(source), copy)
    wb = openpyxl.load_workbook(copy)
    steps = wb[L.STEPS]
    col = L.STEP_COLUMN_INDEX["bottleneck"]
    marks = {steps.cell(r, 2).value: steps.cell(r, col).value for r in range(1, steps.max_row + 1)
             if steps.cell(r, 2).value in ("Intake", "Review", "Approve", "Archive")}
    # Review is marked by hand ("yes" stays) and is the capacity constraint (30 min): its cell is
    # not touched; Approve waits longest (595 min)
    assert marks == {"Intake": None, "Review": "yes", "Approve": "largest delay", "Archive": None}
    imp = wb[L.IMPROVEMENTS]
    first = L.IMPROVEMENTS_HEADER_ROW + 1
    priorities = {imp.cell(r, 1).value: imp.cell(r, 5).value for r in range(first, first + 4)}
    # given 1 first; then high/low (Z) 2, high/high (Y) 3, low/low (X) 4
    assert priorities == {"Given": 1, "Z": 2, "Y": 3, "X": 4}
    back = read_workbook(copy)
    assert [s.marked_bottleneck for s in back.stream.states[0].steps] == [False, True, False, False]
    assert back.analysis.states[0].largest_delay == "Approve"


def test_the_marks_read_back_as_not_marked_by_hand(tmp_path):
    source, copy = tmp_path / "plain.xlsx", tmp_path / "plain_evaluated.xlsx"
    stream = ValueStream(name="Plain", states=(State("Current state", (Step("A", 10, 60), Step("B", 30, 90)),
                                                     "current"),))
    write_template(source, stream)
    write_evaluated(read_workbook(source), copy)
    steps = openpyxl.load_workbook(copy)[L.STEPS]
    col = L.STEP_COLUMN_INDEX["bottleneck"]
    assert "capacity constraint, largest delay" in [steps.cell(r, col).value for r in range(1, steps.max_row + 1)]
    back = read_workbook(copy)
    assert not back.warnings and not any(s.marked_bottleneck for s in back.stream.states[0].steps)
