"""AHP and team weighting in the workbook (issue 9): the scheme cell, AHP judgments, the Team
sheet with as many participants as blocks, problems named by sheet and cell, and the round trip
YAML -> workbook -> YAML."""
from __future__ import annotations


import openpyxl
import pytest
from openpyxl.utils import get_column_letter, range_boundaries

from vsm_xl.core.errors import ValidationError
from vsm_xl.io.yaml_io import dump_yaml, read_yaml
from vsm_xl.workbook.layout import layout_team as T
from vsm_xl.workbook.read.reader import read_workbook
from vsm_xl.workbook.writer import write_template

from .conftest import EXAMPLES


@pytest.fixture(scope="module")
def team_book(tmp_path_factory):
    path = tmp_path_factory.mktemp("team") / "team.xlsx"
    return write_template(path, read_yaml(EXAMPLES / "claims_handling_team.yaml"))


def _problems(path) -> dict:
    with pytest.raises(ValidationError) as info:
        read_workbook(path)
    return {p.location: p.message for p in info.value.problems}


def test_yaml_workbook_yaml_is_identical(team_book):
    text = (EXAMPLES / "claims_handling_team.yaml").read_text(encoding="utf-8")
    stream = read_yaml(EXAMPLES / "claims_handling_team.yaml")
    back = read_workbook(team_book)
    assert back.warnings == ()
    assert back.stream == stream
    assert dump_yaml(back.stream) == dump_yaml(stream)
    assert "scheme: ahp" in dump_yaml(stream) and "1/3" in dump_yaml(stream) and "Chris (sponsor)" in text


def test_read_cells_are_located(team_book):
    read = read_workbook(team_book)
    nm = read.geometry.pairwise["non-monetary"]
    assert read.locate(("scheme", "non-monetary")) == f"Pairwise!{openpyxl.utils.get_column_letter(nm.weight_col)}" \
                                                        f"{nm.marker_row}"
    # Ben's judgment Investment vs Process costs: his block is the second one, monetary matrix from D
    top = read.geometry.team.filled["monetary"][1]
    assert read.locate(("participant", "monetary", 1, 0, 2)) == f"Team!F{top + 1}"


def _edit(path, target, change):
    wb = openpyxl.load_workbook(path)
    change(wb)
    wb.save(target)
    return target


def test_ahp_problems_name_their_cells(team_book, tmp_path):
    def change(wb):
        pw = wb["Pairwise"]
        pw["C15"] = 12  # Lead time vs First-pass yield, off Saaty's scale
        pw["D15"] = "x"
    problems = _problems(_edit(team_book, tmp_path / "bad.xlsx", change))
    assert "'x'; use 1 to 9 or a reciprocal such as =1/3" in problems["Pairwise!D15"]
    assert "outside Saaty's scale" in problems["Pairwise!C15"]


def test_unknown_scheme_names_its_cell(team_book, tmp_path):
    def change(wb):
        wb["Pairwise"]["H13"] = "topsis"
    problems = _problems(_edit(team_book, tmp_path / "bad.xlsx", change))
    assert "unknown weighting scheme 'topsis'" in problems["Pairwise!H13"]


def test_team_problems_name_their_cells(team_book, tmp_path):
    read = read_workbook(team_book)
    first, second = read.geometry.team.filled["monetary"][:2]

    def change(wb):
        ws = wb["Team"]
        ws[f"B{second}"] = wb["Team"][f"B{first}"].value  # the same name twice
        ws[f"E{first + 1}"] = 3  # not 0/1/2
    problems = _problems(_edit(team_book, tmp_path / "bad.xlsx", change))
    assert "appears twice" in problems[f"Team!B{second}"]
    assert "is 3" in problems[f"Team!E{first + 1}"] and "use 0, 1 or 2" in problems[f"Team!E{first + 1}"]


def test_no_participant_cap_copying_a_block_adds_one(team_book, tmp_path):
    """25 participants (BPMSG's template stops at 20): blocks copied below the last one are read,
    and the pooled weight is their mean (each block copies Anna's 1/6, 1/3, 1/2)."""
    read = read_workbook(team_book)
    team = read.geometry.team
    top = team.filled["monetary"][0]
    height = team.block_rows[1] - team.block_rows[0]
    last = team.block_rows[-1]

    def change(wb):
        ws = wb["Team"]
        for k in range(22):
            new_top = last + (k + 1) * height
            for r in range(height):
                for c in range(1, ws.max_column + 1):
                    source = ws.cell(top + r, c).value
                    if isinstance(source, str) and source.startswith("=") and r > 0:
                        continue  # derived cells: the reader treats a copied formula the same way
                    ws.cell(new_top + r, c).value = source
            ws.cell(new_top, 2).value = f"Copy {k + 1}"
    stream = read_workbook(_edit(team_book, tmp_path / "many.xlsx", change)).stream
    monetary = stream.evaluation.pairwise["monetary"]
    assert len(monetary.participants) == 25
    from vsm_xl.core.evaluation import evaluate

    weights = evaluate(stream.evaluation).weights["monetary"]
    # Anna 1/6 1/3 1/2 (x23: herself and 22 copies), Ben 0 1/2 1/2, Chris 1/2 1/6 1/3
    expected = [(23 * a + b + c) / 25 for a, b, c in zip((1 / 6, 1 / 3, 1 / 2), (0, 1 / 2, 1 / 2), (1 / 2, 1 / 6, 1 / 3))]
    assert weights.weights == pytest.approx(expected)
    assert len(weights.participants) == 25 and 0 <= weights.consensus <= 1


def test_blank_template_has_team_blocks_to_copy():
    from vsm_xl.workbook.sheets.template import build_workbook

    wb, _ = build_workbook(None)
    ws = wb[T.TEAM]
    markers = [r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == T.PARTICIPANT_MARKER]
    assert len(markers) == 1  # one block to fill; more participants: copy it (fewer calls to recalculate)
    assert ws.cell(T.TEAM_SUMMARY_ROW, 3).value == "monetary"
    tg = T.plan_team({"monetary": 12, "non-monetary": 12})["monetary"]
    # pooled weights and consensus from ONE call in hidden helper columns; the visible cells read them
    pooled = ws.cell(T.pooled_row(0), tg.helper_col).value
    assert "VSM_TEAM_WEIGHTS(" in pooled.text and pooled.text.endswith(",TRUE),\"needs the vsm-xl add-in\"))")
    assert range_boundaries(pooled.ref) == (tg.helper_col, T.pooled_row(0), tg.helper_col + 1, T.pooled_row(11))
    assert ws.cell(T.pooled_row(0), tg.first_col).value.endswith(f"{get_column_letter(tg.helper_col)}{T.pooled_row(0)}))")
    assert "VSM_" not in ws.cell(T.TEAM_SUMMARY_ROW + 2, tg.first_col).value
    block = ws.cell(markers[0] + 1, tg.helper_col).value
    assert "VSM_GROUP_WEIGHTS(" in block.text and "VSM_AHP_CR" not in block.text
    # weights and CR from one call: one array over both helper columns, hidden
    assert range_boundaries(block.ref) == (tg.helper_col, markers[0] + 1, tg.helper_col + 1, markers[0] + 12)
    for k in range(2):
        assert ws.column_dimensions[get_column_letter(tg.helper_col + k)].hidden
        assert ws.cell(markers[0], tg.helper_col + k).value == T.WEIGHT_HELPER_HEADERS[k]
    assert "VSM_" not in ws.cell(markers[0] + 1, tg.weight_col).value + ws.cell(markers[0] + 1, tg.cr_col).value


def test_participant_without_name_is_a_problem(team_book, tmp_path):
    read = read_workbook(team_book)
    first = read.geometry.team.filled["monetary"][0]

    def change(wb):
        wb["Team"][f"B{first}"] = None
    problems = _problems(_edit(team_book, tmp_path / "bad.xlsx", change))
    assert "has judgments but no name" in problems[f"Team!B{first}"]


def test_matrix_on_pairwise_ignored_with_a_warning_when_the_team_has_judgments(team_book, tmp_path):
    def change(wb):
        wb["Pairwise"]["C6"] = 2
    read = read_workbook(_edit(team_book, tmp_path / "both.xlsx", change))
    assert any("is not used" in w.message and w.location == "Pairwise!B6" for w in read.warnings)


def test_estimates_sheet_round_trips_ranges_and_targets(tmp_path):
    """Value ranges ({low, likely, high}) and a target-only future state survive YAML -> workbook
    -> YAML; the Estimates sheet lists them by indicator and alternative."""
    from vsm_xl.io.yaml_io import loads_document

    text = (EXAMPLES / "claims_handling_team.yaml").read_text(encoding="utf-8")
    text = text.replace('  analyst: "lean office"\n', '  analyst: "lean office"\n  future_state:\n'
                        '    target_lead_time_hours: 24\n    target_flow_efficiency_percent: 25\n')
    stream = loads_document(text).stream
    assert stream.future_targets == (("lead_time_hours", 24), ("flow_efficiency_percent", 25))
    path = write_template(tmp_path / "estimates.xlsx", stream)
    ws = openpyxl.load_workbook(path)["Estimates"]
    rows = [[c.value for c in row[:5]] for row in ws.iter_rows(min_row=6, max_row=8)]
    assert rows[0] == ["Lead time", "Option A", 7, None, 14]
    back = read_workbook(path)
    assert back.stream == stream and dump_yaml(back.stream) == dump_yaml(stream)
    assert back.stream.evaluation.indicators[0].ranges[3] == (5, 6, 10)


def test_estimates_problems_name_cells(team_book, tmp_path):
    def change(wb):
        ws = wb["Estimates"]
        ws["A6"], ws["B7"], ws["E8"] = "Cycle time", "Option Z", "lots"
    problems = _problems(_edit(team_book, tmp_path / "bad.xlsx", change))
    assert "not an indicator" in problems["Estimates!A6"]
    assert "'Option Z' is not one of the alternatives" in problems["Estimates!B7"]
    assert "must be a number, not 'lots'" in problems["Estimates!E8"]
