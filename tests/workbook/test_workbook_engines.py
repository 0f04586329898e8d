"""Real spreadsheet engines on the workbooks: LibreOffice opens and recalculates the template,
the examples and the evaluated copies; the ``formulas`` engine computes the examples' own
VSM_* formulas with the cell functions of vsm_xl.udfs bound in. Both must arrive at the batch
evaluation's numbers, and at METHOD.md's."""
from __future__ import annotations

import math
from pathlib import Path

import pytest

from tests.support.libreoffice import soffice_path
from vsm_xl.workbook.layout import template_layout as L
from vsm_xl.workbook.layout import layout_team as T
from vsm_xl.workbook.evaluated.result_cells import expected_values


# the session fixtures of the spreadsheet engines (formulas, LibreOffice) are made once per test
# process: under pytest-xdist (--dist loadgroup) these modules share one worker, not both
pytestmark = pytest.mark.xdist_group("spreadsheet-engines")

LIVE = ("order_fulfillment", "claims_handling", "claims_handling_team", "paper_cirp2013", "room")


def _split(address: str) -> tuple[str, int, int]:
    from openpyxl.utils.cell import coordinate_from_string, column_index_from_string

    sheet, coordinate = address.split("!")
    letters, row = coordinate_from_string(coordinate)
    return sheet, row, column_index_from_string(letters)


def _csv_value(sheets: dict, address: str) -> str:
    sheet, row, col = _split(address)
    rows = sheets[sheet]
    if row > len(rows) or col > len(rows[row - 1]):
        return ""
    return rows[row - 1][col - 1]


def _number(text: str) -> float:
    text = text.strip()
    if text.endswith("%"):
        return float(text[:-1]) / 100
    return float(text)


def _same(expected, got, *, csv: bool) -> bool:
    if expected is None:
        return got in (None, "")
    if isinstance(expected, str):
        return got == expected
    if csv:
        try:
            got = _number(got)
        except ValueError:
            return False
    if not isinstance(got, (int, float)) or isinstance(got, bool):
        return False
    return math.isclose(got, expected, rel_tol=1e-12 if not csv else 1e-9, abs_tol=1e-12)


# -- LibreOffice -----------------------------------------------------------------------------
def test_libreoffice_opens_the_template_blank_and_quiet(libreoffice_csv):
    sheets = libreoffice_csv["template"]
    assert list(sheets) == list(L.SHEETS)
    text = [v for rows in sheets.values() for row in rows for v in row]
    assert "Value stream" in text and "Partial benefits u (computed)" in text
    # every VSM_* call of an unfilled template is behind a blank guard: nothing shows an error,
    # except the chart helper points that are #N/A on purpose (gaps in the chart)
    errors = {(name, v) for name, rows in sheets.items() for row in rows for v in row if v.startswith(("#", "Err:"))}
    assert errors <= {("Steps", "#"), ("Charts", "#"), ("Results", "#N/A")}  # "#": the step-number headers


@pytest.mark.parametrize("name", ["order_fulfillment", "claims_handling"])
def test_libreoffice_shows_live_formulas_need_the_add_in(libreoffice_csv, reads, name):
    """Recalculated without the add-in, the VSM_* cells fall back to native formulas or say that they
    need the add-in (never #NAME?); native formulas (the whole evaluation) still compute."""
    sheets = libreoffice_csv[name]
    read = reads[name]
    if name == "claims_handling":
        t = read.geometry.results
        # the evaluation is native: it computes even without the add-in (METHOD.md 2.5: 1.0742)
        assert round(_number(_csv_value(sheets, L.address(L.RESULTS, t.col(0), t.row("wbf")))), 4) == 1.0742
        for group, block in read.geometry.pairwise.items():  # lower triangle: 2 minus the mirror
            matrix = read.stream.evaluation.pairwise[group].matrix
            for i in range(len(matrix)):
                for j in range(i):
                    got = _csv_value(sheets, L.address(L.PAIRWISE, block.col(j), block.row(i)))
                    assert _number(got) == matrix[i][j]
        assert [_csv_value(sheets, L.address(L.RESULTS, t.col(j), t.row("alternative"))) for j in range(4)] == [
            "Current state", "Option A", "Option B", "Option C"]
    else:
        block = read.geometry.blocks[0]
        row = block.summary_rows["flow_efficiency"]
        # durations typed as text ("15m") need the add-in: the cell says so (a native fallback
        # computes plain numbers: tests/workbook/test_without_add_in.py)
        assert _csv_value(sheets, L.address(L.STEPS, L.SUMMARY_VALUE_COL, row)) == "needs the vsm-xl add-in"


@pytest.mark.parametrize("name", ["template", "order_fulfillment", "claims_handling", "paper_cirp2013", "room"])
def test_libreoffice_default_settings_show_the_saved_results(tmp_path, built, reads, name):
    """Opened with LibreOffice's default settings (no recalculation on opening) and without the
    add-in, every computed cell shows the batch figure saved in it: no #NAME?, no #N/A. Only the
    hidden helper columns (the VSM_* arrays: durations, weights with CR, pooled weights with the
    consensus, which LibreOffice recalculates anyway) say that they need the add-in."""
    if soffice_path() is None:
        pytest.skip("LibreOffice (soffice) not installed")
    from tests.support.libreoffice import recalculate_to_csv

    sheets = recalculate_to_csv(built[name], tmp_path / "lo", recalc="never")
    helper = {L.STEP_COLUMN_INDEX[k] for k in L.HELPER_STEP_KEYS}
    errors = [(sheet, r, c, v) for sheet, rows in sheets.items() for r, row in enumerate(rows, start=1)
              for c, v in enumerate(row, start=1)
              if v.startswith(("#N", "#V", "#D", "#R", "Err:"))]
    assert not errors
    read = reads[name]
    shown = {_csv_value(sheets, L.address(L.STEPS, c, r)) for block in read.geometry.blocks for r in block.rows
             for c in helper}
    has_steps = any(state.steps for state in read.stream.states)
    assert shown == ({L.NEEDS_ADD_IN} if has_steps else {""})
    if read.analysis is not None:
        expected = expected_values(read, read.analysis)
        helpers = T.helper_columns(read.geometry)
        wrong = {a: (v, _csv_value(sheets, a)) for a, v in expected.items()
                 if _split(a)[2] not in helpers.get(_split(a)[0], ()) and not _same(v, _csv_value(sheets, a), csv=True)}
        assert not wrong


def test_a_converted_team_sheet_and_new_from_show_numbers_in_libreoffice(tmp_path):
    """`vsm-xl convert` and `vsm-xl new --from` outputs opened with LibreOffice's default settings:
    no error cell, and the flow efficiency the batch computes."""
    if soffice_path() is None:
        pytest.skip("LibreOffice (soffice) not installed")
    import subprocess
    import sys

    from tests.support.libreoffice import recalculate_to_csv
    from vsm_xl.workbook.read.reader import read_workbook

    root = Path(__file__).resolve().parents[2]
    for args in (("convert", root / "tests/data/team_sheets/wertstrom_nebeneinander.xlsx", "-o", tmp_path / "conv"),
                 ("new", "--from", root / "examples/order_fulfillment.yaml", "-o", tmp_path / "new.xlsx")):
        subprocess.run([sys.executable, "-m", "vsm_xl", *map(str, args)], check=True, capture_output=True,
                       timeout=120)
    for path in (tmp_path / "conv" / "wertstrom_nebeneinander.xlsx", tmp_path / "new.xlsx"):
        sheets = recalculate_to_csv(path, tmp_path / path.stem, recalc="never")
        assert not [v for rows in sheets.values() for row in rows for v in row
                    if v.startswith(("#N", "#V", "#D", "#R", "Err:"))]
        read = read_workbook(path)
        block = read.geometry.blocks[read.state_blocks[0]]
        fe = _csv_value(sheets, L.address(L.STEPS, L.SUMMARY_VALUE_COL, block.summary_rows["flow_efficiency"]))
        assert math.isclose(_number(fe), read.analysis.states[0].flow_efficiency, rel_tol=1e-9)


@pytest.mark.parametrize("name", LIVE)
def test_libreoffice_evaluated_copy_shows_numbers_that_match_batch(libreoffice_csv, reads, name):
    """The evaluated copy opened without the add-in: no #NAME?/Err:, and every result cell,
    natives recalculated by LibreOffice included, equals the batch evaluation."""
    sheets = libreoffice_csv[f"{name}_evaluated"]
    for sheet, rows in sheets.items():
        for r, row in enumerate(rows, start=1):
            for c, v in enumerate(row, start=1):
                assert not v.startswith(("#NAME", "Err:", "#VALUE", "#DIV", "#REF")), (sheet, r, c, v)
    expected = expected_values(reads[name], reads[name].analysis)
    wrong = {a: (v, _csv_value(sheets, a)) for a, v in expected.items()
             if not _same(v, _csv_value(sheets, a), csv=True)}
    assert not wrong
    assert len(expected) > 50


def test_libreoffice_recomputes_method_figures_in_evaluated_copies(libreoffice_csv, reads):
    """METHOD.md 2.5: WBF 1.0742 / 0.4791 / 0.6220 / 0.2962, ranks 4 / 2 / 3 / 1, Option C best
    (WBF, rank and best are native formulas LibreOffice computes from the G values); METHOD.md 1:
    FE 2.65 % and 11.75 %, total LT 2640 and 400 min, WIP 240 and 45 (native in the copy)."""
    sheets = libreoffice_csv["claims_handling_evaluated"]
    t = reads["claims_handling"].geometry.results
    wbf = [round(_number(_csv_value(sheets, L.address(L.RESULTS, t.col(j), t.row("wbf")))), 4) for j in range(4)]
    assert wbf == [1.0742, 0.4791, 0.6220, 0.2962]
    assert [_csv_value(sheets, L.address(L.RESULTS, t.col(j), t.row("rank"))) for j in range(4)] == ["4", "2", "3",
                                                                                                   "1"]
    assert _csv_value(sheets, L.address(L.RESULTS, 2, t.best_row)) == "Option C"
    sheets = libreoffice_csv["order_fulfillment_evaluated"]
    got = []
    for block in reads["order_fulfillment"].geometry.blocks:
        fe = _number(_csv_value(sheets, L.address(L.STEPS, L.SUMMARY_VALUE_COL, block.summary_rows["flow_efficiency"])))
        lt = _number(_csv_value(sheets, L.address(L.STEPS, block.columns["lt_min"], block.total_row)))
        wip = _number(_csv_value(sheets, L.address(L.STEPS, L.SUMMARY_VALUE_COL, block.summary_rows["wip"])))
        got.append((round(fe * 100, 2), lt, wip))
    assert got == [(2.65, 2640, 240), (11.75, 400, 45)]


# -- the formulas engine ---------------------------------------------------------------------
@pytest.mark.parametrize("name", LIVE)
def test_formulas_engine_computes_the_live_workbook_like_batch(engine, reads, name):
    """Every result cell of the live workbook (its own VSM_* formulas, vsm_xl.udfs bound in)
    equals the batch evaluation, blank rows and columns of the full template included ('room')."""
    cells = engine[name]
    expected = expected_values(reads[name], reads[name].analysis)
    wrong = {a: (v, cells.get(a)) for a, v in expected.items() if not _same(v, cells.get(a), csv=False)}
    assert not wrong
    assert len(expected) > 50


def test_formulas_engine_arrives_at_method_figures(engine, reads):
    """METHOD.md 2.5 and 1, read from the cells the live formulas compute."""
    cells = engine["claims_handling"]
    t = reads["claims_handling"].geometry.results
    row = {key: t.row(key) for key in ("g_non_monetary", "g_monetary", "wbf", "rank")}
    values = {key: [cells[L.address(L.RESULTS, t.col(j), r)] for j in range(4)] for key, r in row.items()}
    assert [round(v, 4) for v in values["g_non_monetary"]] == [0.2309, 0.7991, 0.7002, 0.8972]
    assert [round(v, 4) for v in values["g_monetary"]] == [0.25, 0.565, 0.455, 0.7222]
    assert [round(v, 4) for v in values["wbf"]] == [1.0742, 0.4791, 0.6220, 0.2962]
    assert values["rank"] == [4, 2, 3, 1]
    assert cells[L.address(L.RESULTS, 2, t.best_row)] == "Option C"
    cells = engine["order_fulfillment"]
    block = reads["order_fulfillment"].geometry.blocks[0]
    summary = {key: cells[L.address(L.STEPS, L.SUMMARY_VALUE_COL, r)] for key, r in block.summary_rows.items()}
    assert round(summary["flow_efficiency"] * 100, 2) == 2.65
    assert summary["flow_rating"] == "significant waste"
    assert round(summary["rolled_ca"] * 100, 1) == 65.5
    assert summary["wip"] == 240
    assert (summary["capacity_constraint"], summary["largest_delay"]) == ("Pick & Pack", "Ship")


def _paper_figures(value_of, read) -> tuple:
    """Flow degree per alternative (the first measured indicator) and G non-monetary, as shown."""
    t, res = read.geometry.indicators, read.geometry.results
    flow = [round(float(value_of(L.address(L.INDICATORS, t.value_col(j), t.indicator_rows[0]))), 1) for j in range(4)]
    g = [round(float(value_of(L.address(L.RESULTS, res.col(j), res.row("g_non_monetary")))), 3) for j in range(4)]
    return flow, g


def test_formulas_engine_gives_the_papers_table_4_from_the_maps(engine, reads):
    """The paper's example (CIRP Annals 2013): the live formulas take flow degree 90 / 37 / 42 / 37
    from the Steps blocks and arrive at Table 4's G non-monetary 0.250 / 0.478 / 0.445 / 0.520."""
    flow, g = _paper_figures(engine["paper_cirp2013"].__getitem__, reads["paper_cirp2013"])
    assert flow == [90.0, 37.0, 42.0, 37.0]
    assert g == [0.250, 0.478, 0.445, 0.520]


def test_libreoffice_recalculates_the_papers_example_to_table_4(libreoffice_csv, reads):
    """The evaluated copy of the paper's example opened and recalculated by LibreOffice: the measured
    values (native formulas over the Steps cells) and G non-monetary as in Table 4."""
    sheets = libreoffice_csv["paper_cirp2013_evaluated"]
    flow, g = _paper_figures(lambda a: _number(_csv_value(sheets, a)), reads["paper_cirp2013"])
    assert flow == [90.0, 37.0, 42.0, 37.0]
    assert g == [0.250, 0.478, 0.445, 0.520]


def test_a_workbook_saved_by_libreoffice_reads_and_evaluates(tmp_path, built, streams, libreoffice_csv):
    """A file a spreadsheet program saved (cached #NAME? results, its own chart and comment
    parts) reads back to the same model, and its evaluated copy is written without loss."""
    from tests.support.libreoffice import convert_to_xlsx_roundtrip
    from vsm_xl.workbook.read.reader import read_workbook
    from vsm_xl.workbook.writer import write_evaluated

    saved = convert_to_xlsx_roundtrip(built["claims_handling"], tmp_path / "lo")
    read = read_workbook(saved)
    assert read.stream == streams["claims_handling"]
    out = tmp_path / "evaluated.xlsx"
    assert write_evaluated(saved, out, read.analysis) == ()
    assert read_workbook(out).stream == streams["claims_handling"]


def test_takt_time_from_demand(engine, libreoffice_csv, reads):
    """Takt = available time / demand (METHOD.md section 1): 450 min / 90 units = 5 min."""
    row = reads["room"].geometry.settings["takt"]
    where = L.address(L.STEPS, L.SETTINGS_VALUE_COL, row)
    assert engine["room"][where] == 5
    assert _number(_csv_value(libreoffice_csv["room_evaluated"], where)) == 5
