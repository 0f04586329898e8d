"""Reading workbooks made from the template (batch mode): the method's published figures,
round trips, robustness to edited layouts, and bad inputs reported all at once with cells."""
from __future__ import annotations

import hashlib
import math

import openpyxl
import pytest

from vsm_xl.core.errors import ValidationError, VsmError
from vsm_xl.workbook.read.reader import read_workbook
from tests.support.workbook_problems import problems_by_cell


def _cell(read, subject):
    """(sheet, coordinate) of a subject in a read workbook."""
    sheet, coordinate = read.locate(subject).split("!")
    return sheet, coordinate


_problems = problems_by_cell  # the problems a refused workbook reports, by cell


def _sha(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# -- the method's figures --------------------------------------------------------------------
def test_order_fulfillment_figures(reads):
    """METHOD.md section 1, worked example (lean checklist table): current state total PT 70 min,
    LT 2640 min, FE 2.65 % significant waste, rolled %C&A 65.5 %, WIP 240, constraint Pick & Pack,
    largest delay Ship; future state PT 47, LT 400, FE 11.75 % moderate, WIP 45; PT -32.9 %,
    LT -84.8 %, FE x4.43."""
    analysis = reads["order_fulfillment"].analysis
    current, future = analysis.states
    assert (current.total_process_time, current.total_lead_time) == (70, 2640)
    assert round(current.flow_efficiency * 100, 2) == 2.65 and current.flow_rating == "significant waste"
    assert round(current.rolled_complete_accurate * 100, 1) == 65.5
    assert current.wip_total == 240
    assert (current.capacity_constraint, current.largest_delay) == ("Pick & Pack", "Ship")
    assert (future.total_process_time, future.total_lead_time) == (47, 400)
    assert round(future.flow_efficiency * 100, 2) == 11.75 and future.flow_rating == "moderate"
    assert future.wip_total == 45
    (comparison,) = analysis.comparisons
    assert round(comparison.process_time_reduction * 100, 1) == 32.9
    assert round(comparison.lead_time_reduction * 100, 1) == 84.8
    assert round(comparison.flow_efficiency_ratio, 2) == 4.43


def test_claims_figures(reads):
    """METHOD.md section 2.5 (constructed worked example): weights 2/3, 1/6, 1/6 and 1/6, 1/3, 1/2;
    G non-monetary 0.2309 / 0.7991 / 0.7002 / 0.8972, G monetary 0.2500 / 0.5650 / 0.4550 / 0.7222,
    WBF 1.0742 / 0.4791 / 0.6220 / 0.2962, ranks 4 / 2 / 3 / 1."""
    evaluation = reads["claims_handling"].analysis.evaluation
    assert [round(w, 4) for w in evaluation.weights["non-monetary"].weights] == [0.6667, 0.1667, 0.1667]
    assert [round(w, 4) for w in evaluation.weights["monetary"].weights] == [0.1667, 0.3333, 0.5]
    alts = evaluation.alternatives
    assert [round(a.benefit_non_monetary, 4) for a in alts] == [0.2309, 0.7991, 0.7002, 0.8972]
    assert [round(a.benefit_monetary, 4) for a in alts] == [0.25, 0.565, 0.455, 0.7222]
    assert [round(a.wbf, 4) for a in alts] == [1.0742, 0.4791, 0.6220, 0.2962]
    assert [a.rank for a in alts] == [4, 2, 3, 1]
    assert evaluation.best == "Option C"


# -- round trips -----------------------------------------------------------------------------
@pytest.mark.parametrize("name", ["order_fulfillment", "claims_handling"])
def test_round_trip_of_the_examples(reads, streams, name):
    """write_template(stream) read back gives the same model (METHOD.md section 4)."""
    assert reads[name].stream == streams[name]
    assert reads[name].warnings == ()


def test_round_trip_in_the_full_template_layout(reads, combined):
    assert reads["room"].stream == combined


def test_blank_template_reads_as_an_empty_model(reads):
    stream = reads["template"].stream
    assert stream.states == () and stream.evaluation is None and stream.improvements == ()


def test_round_trip_keeps_working_time_demand_boundaries_and_extras(tmp_path, streams):
    from dataclasses import replace

    from vsm_xl.core.durations import DurationRule
    from vsm_xl.core.model import Demand, Improvement, State, Step, Waste
    from vsm_xl.workbook.writer import write_template

    base = streams["order_fulfillment"]
    step = Step("Review", 7.123, 3 * 8 * 60, owner="QA", complete_accurate=0.875, inventory=3, changeover=12.5,
                wastes=(Waste("waiting", "queue"), Waste("skills")), notes="x", resources=2.0, position=4,
                marked_bottleneck=True)
    stream = replace(
        base, duration_rule=DurationRule(8, 5),
        demand=Demand(available_minutes=450, units=90, period="shift", periods_per_day=2),
        boundaries=base.boundaries + (("plant", "Werk 2"),),
        states=base.states + (State("Target B", (step,), "target"),),
        improvements=base.improvements + (Improvement("Kanban", extra=(("owner", "Ops"), ("budget", 1200))),))
    path = write_template(tmp_path / "x.xlsx", stream)
    read = read_workbook(path)
    assert read.stream == stream
    assert read.warnings == ()
    parallel = replace(stream, states=stream.states[:2] + (State("Target B", (step, replace(step, name="Alt")),
                                                                 "target"),))
    read = read_workbook(write_template(tmp_path / "p.xlsx", parallel))
    # the live totals count parallel branches once, as the batch does: nothing to warn about
    assert read.warnings == ()
    assert read.analysis.states[2].parallel_steps_skipped == ("Alt",)


# -- workbooks edited by people --------------------------------------------------------------
def test_inserted_rows_moved_blocks_and_a_copied_target_condition_still_read(example_copy, streams):
    path = example_copy("order_fulfillment")
    wb = openpyxl.load_workbook(path)
    ws = wb["Steps"]
    ws.protection.sheet = False
    future = next(r for r in range(1, ws.max_row + 1)
                  if ws.cell(r, 1).value == "State" and ws.cell(r, 2).value == "Future state")
    end = next(r for r in range(future, ws.max_row + 1) if ws.cell(r, 2).value == "Largest delay (largest WT)")
    below = ws.max_row + 3
    for offset in range(end - future + 1):  # copy the future block as a third state
        for col in range(1, 17):
            ws.cell(below + offset, col).value = ws.cell(future + offset, col).value
    ws.cell(below, 2).value = "Target B"
    ws.cell(below, 4).value = "target"
    ws.cell(below + 2, 5).value = "3h"  # Order Entry LT in the copy
    ws.insert_rows(2, amount=3)  # rows inserted at the top move everything down
    wb.save(path)
    stream = read_workbook(path).stream
    assert [s.name for s in stream.states] == ["Current state", "Future state", "Target B"]
    assert stream.states[:2] == streams["order_fulfillment"].states
    assert stream.states[2].kind == "target" and stream.states[2].steps[0].lead_time == 180
    assert stream.name == "Customer Order Fulfillment"


def test_time_unit_and_working_hours_apply_to_numbers_and_texts(example_copy):
    path = example_copy("order_fulfillment")
    before = read_workbook(path)
    wb = openpyxl.load_workbook(path)
    ws = wb["Steps"]
    rows = before.geometry.settings
    ws.cell(rows["time_unit"], 3).value = "h"
    ws.cell(rows["hours_per_day"], 3).value = 8
    _, pt = _cell(before, ("step", 0, 0, "process_time"))
    _, lt = _cell(before, ("step", 0, 0, "lead_time"))
    ws[pt] = 0.25  # hours
    ws[lt] = "1d"  # a working day
    wb.save(path)
    step = read_workbook(path).stream.states[0].steps[0]
    assert (step.process_time, step.lead_time) == (15, 480)


def test_input_formula_uses_its_saved_value_and_without_one_is_reported(example_copy):
    from tests.support.libreoffice import inject_cached_values

    path = example_copy("order_fulfillment")
    read = read_workbook(path)
    sheet, pt = _cell(read, ("step", 0, 1, "process_time"))
    wb = openpyxl.load_workbook(path)
    wb[sheet][pt] = "=5+5"
    wb.save(path)
    assert _problems(path) == {f"Steps!{pt}": "holds a formula with no saved value; open and save the file in "
                                              "Excel or LibreOffice first"}
    inject_cached_values(path, {f"Steps!{pt}": 12})
    assert read_workbook(path).stream.states[0].steps[1].process_time == 12


# -- bad workbooks ---------------------------------------------------------------------------
def test_every_problem_comes_at_once_with_its_cell(example_copy, reads):
    """Text where a number belongs, LT < PT, %C&A outside 0-100 %, worst = best, an unknown function,
    a missing value, duplicate names, an inconsistent pairwise pair: one ValidationError."""
    read = reads["room"]
    path = example_copy("room")
    wb = openpyxl.load_workbook(path)
    edits = {
        ("step", 0, 0, "process_time"): "abc",
        ("step", 0, 1, "lead_time"): "1m",  # PT is 10m
        ("step", 0, 2, "complete_accurate"): 150,  # 150 %
        ("indicator", 0, "worst"): 3,  # best is 3
        ("indicator", 1, "function"): "cubic",
        ("value", 2, 2): "n/a",
        ("value", 3, 1): None,
        ("indicator", 4, "group"): "moneyz",
        ("alternative", 3): "Option B",
    }
    where = {}
    for subject, value in edits.items():
        sheet, coordinate = _cell(read, subject)
        wb[sheet][coordinate] = value
        where[subject] = f"{sheet}!{coordinate}"
    # non-monetary pairwise: Lead time vs First-pass yield is 2, its mirror typed as 1 (sum 3)
    sheet, upper = _cell(read, ("pairwise", "non-monetary", 0, 1))
    lower = wb[sheet][upper].offset(row=1, column=-1)
    lower.value = 1
    wb.save(path)
    problems = _problems(path)
    assert "cannot read 'abc' as a duration" in problems[where[("step", 0, 0, "process_time")]]
    assert "shorter than process time" in problems[where[("step", 0, 1, "lead_time")]]
    assert "between 0 % and 100 %" in problems[where[("step", 0, 2, "complete_accurate")]]
    assert "worst and best are both 3" in problems[where[("indicator", 0, "worst")]]
    assert "unknown value function 'cubic'" in problems[where[("indicator", 1, "function")]]
    assert "must be a number" in problems[where[("value", 2, 2)]]
    assert "is missing" in problems[where[("value", 3, 1)]]
    assert "unknown indicator group 'moneyz'" in problems[where[("indicator", 4, "group")]]
    assert "appears twice" in problems[where[("alternative", 3)]]
    pair = [m for m in problems.values() if "must sum to 2" in m]
    assert pair and "Lead time" in pair[0] and "First-pass yield" in pair[0]
    edited = _sha(path)
    with pytest.raises(ValidationError):
        read_workbook(path)
    assert _sha(path) == edited  # reading never writes


def test_duplicate_indicator_and_bad_pairwise_value(example_copy, reads):
    read = reads["claims_handling"]
    path = example_copy("claims_handling")
    wb = openpyxl.load_workbook(path)
    sheet, name = _cell(read, ("indicator", 5, "name"))
    wb[sheet][name] = "Annual savings"
    sheet, cell = _cell(read, ("pairwise", "monetary", 0, 2))
    wb[sheet][cell] = 3
    wb.save(path)
    problems = _problems(path)
    assert "'Annual savings' appears twice" in problems[f"Indicators!{name}"]
    assert "use 0, 1 or 2" in problems[f"Pairwise!{cell}"]


def test_workbook_not_from_the_template(tmp_path, example_copy):
    other = tmp_path / "other.xlsx"
    wb = openpyxl.Workbook()
    wb.active.title = "Data"
    wb.save(other)
    problems = _problems(other)
    assert set(problems) == {"Steps", "Indicators", "Pairwise"}
    assert all("has no sheet" in m and "template" in m for m in problems.values())
    path = example_copy("order_fulfillment")
    wb = openpyxl.load_workbook(path)
    ws = wb["Steps"]
    header = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "#")
    ws.cell(header, 5).value = "Lead"
    del wb["Pairwise"]
    wb.save(path)
    problems = _problems(path)
    assert "no 'LT' column" in problems[f"Steps!A{header}"]
    assert "has no sheet 'Pairwise'" in problems["Pairwise"]


def test_unreadable_file(tmp_path):
    bad = tmp_path / "bad.xlsx"
    bad.write_text("not a zip")
    with pytest.raises(VsmError, match="not a readable .xlsx workbook"):
        read_workbook(bad)


# -- locate ----------------------------------------------------------------------------------
def test_locate_translates_core_subjects_into_cells(reads):
    read = reads["claims_handling"]
    assert read.locate(("value", 2, 1)) == "Indicators!J8"  # flow degree, Option A
    assert read.locate(("indicator", 0, "worst")) == "Indicators!D6"
    assert read.locate(("alternative", 3)) == "Indicators!L5"
    assert read.locate(("group", "monetary")) == "Pairwise!B4"
    nm = read.geometry.pairwise["non-monetary"]
    assert read.locate(("pairwise", "non-monetary", 0, 2)) == f"Pairwise!D{nm.first_row}"
    # a derived (lower-triangle) cell points at the input that drives it
    assert read.locate(("pairwise", "non-monetary", 2, 0)) == f"Pairwise!D{nm.first_row}"
    order = reads["order_fulfillment"]
    block = order.geometry.blocks[0]
    row = block.step_rows[3]
    # the subject names the field: no message is read to find it
    assert order.locate(("step", 0, 3, "lead_time")) == f"Steps!E{row}"
    assert order.locate(("step", 0, 3)) == f"Steps!B{row}"
    assert order.locate(("state", 1)) == f"Steps!B{order.geometry.blocks[1].marker_row}"


def test_clipped_values_come_back_as_notices_with_cells(example_copy, reads):
    read = reads["claims_handling"]
    path = example_copy("claims_handling")
    wb = openpyxl.load_workbook(path)
    sheet, cell = _cell(read, ("value", 0, 1))
    wb[sheet][cell] = 45  # lead time worse than the worst value 30
    wb.save(path)
    again = read_workbook(path)
    (notice,) = again.analysis.notices
    assert again.locate(notice.subject) == f"Indicators!{cell}"
    assert math.isclose(again.analysis.evaluation.partial_benefits[0][1], 0.0)
