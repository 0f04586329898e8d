"""What users see: LibreOffice, with its default settings, prints and exports the workbooks the
project writes (the examples, a `new --from` workbook, its evaluated copy, a `convert` output
and the portfolio). The Map and Charts sheets must show the batch's numbers (native formulas:
no add-in needed), no cell may show an error or ###, and each sheet must print on the pages its
print setup promises (METHOD.md section 5; issue 8)."""
from __future__ import annotations

import math
import re
import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.support.libreoffice import convert_to_pdf, recalculate_to_csv, soffice_path
from vsm_xl.cli import cli
from vsm_xl.workbook.layout import template_layout as L
from vsm_xl.workbook.layout import layout_team as T
from vsm_xl.workbook.layout import map_layout as M

# the module's LibreOffice rendering is made once per test process: under pytest-xdist
# (--dist loadgroup) its tests share one worker, not both
pytestmark = pytest.mark.xdist_group("map-rendered")

ROOT = Path(__file__).resolve().parents[2]
PARALLEL = Path(__file__).parent / "data" / "parallel_takt.yaml"
TEAM_SHEET = ROOT / "tests" / "data" / "team_sheets" / "sales_order_fulfilment.xlsx"
ERRORS = ("#NAME?", "#N/A", "#VALUE!", "#REF!", "#DIV/0!", "#NUM!", "Err:")
EXAMPLES = ("order_fulfillment", "claims_handling", "claims_handling_team")


def _run(*args) -> None:
    result = CliRunner().invoke(cli, [str(a) for a in args])
    assert result.exit_code == 0, result.output


@pytest.fixture(scope="module")
def rendered(tmp_path_factory) -> dict:
    """{name: (xlsx, pdf, {sheet: csv rows})} of every workbook a user opens."""
    if soffice_path() is None or shutil.which("pdftotext") is None:
        pytest.skip("LibreOffice or poppler-utils (pdftotext, pdfinfo) not installed")
    tmp = tmp_path_factory.mktemp("rendered")
    books = {name: ROOT / "examples" / f"{name}.xlsx" for name in EXAMPLES}
    books["parallel_new"] = tmp / "parallel_new.xlsx"
    _run("new", "--from", PARALLEL, "-o", books["parallel_new"])
    for name in ("order_fulfillment", "parallel_new"):
        books[f"{name}_evaluated"] = tmp / f"{name}_evaluated.xlsx"
        _run("evaluate", books[name], "-o", books[f"{name}_evaluated"])
    _run("convert", TEAM_SHEET, "-o", tmp / "converted")
    books["converted"] = next((tmp / "converted").glob("*.xlsx"))
    books["portfolio"] = tmp / "portfolio.xlsx"
    _run("portfolio", books["order_fulfillment"], books["parallel_new"], "-o", books["portfolio"])

    def render(item):
        name, path = item
        out = tmp / f"out_{name}"
        pdf = convert_to_pdf(path, out)
        return name, (path, pdf, recalculate_to_csv(path, out, recalc="never"))

    with ThreadPoolExecutor(max_workers=2) as pool:
        return dict(pool.map(render, books.items()))


def _pages_per_sheet(pdf: Path) -> dict:
    """{sheet: pages}, from the footer every page carries ("<sheet> – page n of N")."""
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    counts: dict = {}
    for page in text.split("\f"):
        found = re.findall(r"(\S[^\n]*?) – page \d+ of \d+", page)
        if found:
            sheet = found[-1].strip()
            counts[sheet] = counts.get(sheet, 0) + 1
    return counts


def _pdf_text(pdf: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout


def _helper_columns(path: Path) -> dict:
    """{sheet: {column}} of the hidden helper columns, as the layout places them (none in a
    workbook the reader does not know, such as the portfolio)."""
    from vsm_xl.core.errors import VsmError
    from vsm_xl.workbook.read.reader import read_workbook

    try:
        return T.helper_columns(read_workbook(path).geometry)
    except VsmError:
        return {}


def _vsm_cells_without_saved_result(path: Path, helpers: dict) -> list:
    """Visible cells whose VSM_* formula has no saved result (LibreOffice would compute it and show
    #NAME?), and visible VSM_* array formulas (LibreOffice recomputes those on opening). A saved
    empty text (``t="str"`` with ``<v></v>``: the takt time without demand) is a saved result."""
    import xml.etree.ElementTree as ET

    from openpyxl.utils.cell import column_index_from_string, coordinate_from_string

    from vsm_xl.workbook.xlsx.package import open_package

    ns = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
    package = open_package(path)
    bad = []
    for title, part in package.sheets:
        for c in ET.fromstring(package.parts[part]).iterfind(".//m:sheetData/m:row/m:c", ns):
            f = c.find("m:f", ns)
            if f is None or "VSM_" not in (f.text or "").upper():
                continue
            if column_index_from_string(coordinate_from_string(c.get("r"))[0]) in helpers.get(title, ()):
                continue
            if f.get("t") == "array" or c.find("m:v", ns) is None:
                bad.append(f"{title}!{c.get('r')}")
    return bad


def _csv_number(text: str) -> float:
    text = text.strip().replace(",", "")
    return float(text[:-1]) / 100 if text.endswith("%") else float(text)


# -- the Map and the Charts sheet show the batch's numbers -----------------------------------
def test_map_of_parallel_branches_equals_the_batch(rendered):
    """Hand-checked against METHOD.md section 1: of the parallel branches at position 2 only the
    longest (Collateral check, LT 2 d of 8 h) counts: LT = 4 h + 16 h + 24 h + 6 h = 50 h,
    PT = 20 + 30 + 15 + 25 min = 1.5 h, FE = 3 %; capacity constraint Collateral check (30 min per
    resource; Credit scoring 45 min / 2), largest delay Decision; takt 8 h / 16 = 30 min; inventory
    in days of demand: 12 / 16 = 0.75 d, 30 / 16 = 1.875 d."""
    _, _, sheets = rendered["parallel_new_evaluated"]
    charts = sheets[M.CHARTS]
    # the Charts unit: auto, the display rule's unit of the longest lead time (50 h of 8-hour days)
    assert charts[M.UNIT_ROW - 1][M.UNIT_VALUE_COL - 1] == "d"
    row = charts[M.COMPARE_HEADER_ROW]  # the first state (0-based: the row after the header)
    assert row[1] == "Current state"
    assert _csv_number(row[2]) == pytest.approx(50 / 8)
    assert _csv_number(row[3]) == pytest.approx(1.5 / 8)
    assert _csv_number(row[4]) == pytest.approx(0.03)
    assert row[5] == "significant waste"
    data = {r[M.DATA_COL["step"] - 1]: r for r in charts if len(r) >= len(M.DATA_COLUMNS)}
    on = {name for name, r in data.items() if r[M.DATA_COL["timeline"] - 1] == "yes"}
    assert on == {"Application intake", "Collateral check", "Decision", "Contract & payout"}
    assert [n for n, r in data.items() if r[M.DATA_COL["constraint"] - 1] == "yes"] == ["Collateral check"]
    assert [n for n, r in data.items() if r[M.DATA_COL["delay"] - 1] == "yes"] == ["Decision"]
    assert _csv_number(data["Decision"][M.DATA_COL["takt"] - 1]) == pytest.approx(30.0)
    map_text = [v for r in sheets[M.MAP] for v in r]
    for expected in ("Collateral check", "capacity constraint", "largest delay", "▲", "PT 45 min", "LT 2 d",
                     "Resources 2", "C/O 10m", "Lead time", "significant waste",
                     "0.8 d", "1.9 d"):  # inventory days: 12 / 16 per day, 30 / 16
        assert expected in map_text, expected
    # the totals beside the timeline by the display rule: 50 h = 6.25 working days, rounded once
    # half away from zero; 90 min of process time stays in minutes (below 3 h)
    assert "6.3 d" in map_text and "90 min" in map_text


def test_map_of_the_example_equals_method_md(rendered):
    """METHOD.md section 1, worked example: 2640 min = 44 h, 70 min, FE 2.65 %; future state
    400 min = 6.67 h, 47 min, FE 11.75 %."""
    _, _, sheets = rendered["order_fulfillment_evaluated"]
    assert sheets[M.CHARTS][M.UNIT_ROW - 1][M.UNIT_VALUE_COL - 1] == "d"  # 2640 min: 1.83 calendar days
    rows = sheets[M.CHARTS][M.COMPARE_HEADER_ROW: M.COMPARE_HEADER_ROW + 2]
    got = [(r[1], _csv_number(r[2]), _csv_number(r[3]), _csv_number(r[4]), r[5]) for r in rows]
    assert got[0][0] == "Current state" and got[1][0] == "Future state"
    assert got[0][1:4] == pytest.approx((2640 / 1440, 70 / 1440, 70 / 2640))
    assert got[1][1:4] == pytest.approx((400 / 1440, 47 / 1440, 47 / 400))
    assert (got[0][4], got[1][4]) == ("significant waste", "moderate")


# -- nothing shows an error or ### ----------------------------------------------------------
@pytest.mark.parametrize("name", [*EXAMPLES, "parallel_new", "order_fulfillment_evaluated",
                                  "parallel_new_evaluated", "converted", "portfolio"])
def test_no_cell_shows_an_error(rendered, name):
    """Every sheet, opened without the add-in: no error, no ###, and the add-in's absence said only
    in the hidden helper columns (the visible cells show their saved numbers)."""
    path, pdf, sheets = rendered[name]
    helpers = _helper_columns(path)
    problems = []
    for sheet, rows in sheets.items():
        for r, row in enumerate(rows, start=1):
            for c, value in enumerate(row, start=1):
                if value.startswith(ERRORS):
                    problems.append(f"{sheet}!{L.cell(c, r)} shows {value}")
                elif value == L.NEEDS_ADD_IN and c not in helpers.get(sheet, ()):  # the Guide may explain it
                    problems.append(f"{sheet}!{L.cell(c, r)} says {value!r}")
    assert not problems, problems[:20]
    assert "###" not in _pdf_text(pdf)
    assert not _vsm_cells_without_saved_result(path, helpers)


def test_the_helper_columns_are_hidden_and_say_what_is_missing(rendered):
    """The team example without the add-in: its helpers (Steps, Pairwise, Team, Sensitivity) are hidden and say
    that the add-in is missing (Steps: no steps, nothing to say), the weights show numbers."""
    path, _, sheets = rendered["claims_handling_team"]
    helpers = _helper_columns(path)
    assert set(helpers) == {L.STEPS, L.PAIRWISE, T.TEAM, L.SENSITIVITY} and all(helpers.values())
    import openpyxl

    wb = openpyxl.load_workbook(path)
    for sheet, cols in helpers.items():
        assert all(wb[sheet].column_dimensions[L.cell(c, 1)[:-1]].hidden for c in cols), sheet
        said = [row[c - 1] for row in sheets[sheet] for c in cols if c <= len(row)]
        assert (L.NEEDS_ADD_IN in said) == (sheet != L.STEPS), sheet  # the claims example has no steps
    pairwise = {row[0]: row for row in sheets[L.PAIRWISE] if row}
    assert _csv_number(pairwise["Lead time"][7]) == pytest.approx(0.6483290138, abs=1e-9)  # AHP weight
    assert _csv_number(pairwise["Investment"][7]) == pytest.approx(2 / 9, abs=1e-9)  # pooled by the team


def test_map_and_charts_never_show_errors_once_steps_hold_numbers(rendered):
    for name in ("order_fulfillment_evaluated", "parallel_new_evaluated"):
        _, _, sheets = rendered[name]
        for sheet in (M.MAP, M.CHARTS):
            bad = [v for row in sheets[sheet] for v in row if v.startswith(ERRORS) or "###" in v]
            assert not bad, (name, sheet, bad[:5])


# -- pages ------------------------------------------------------------------------------------
@pytest.mark.parametrize("name", [*EXAMPLES, "order_fulfillment_evaluated", "parallel_new", "converted"])
def test_each_sheet_prints_on_at_most_two_pages(rendered, name):
    path, pdf, sheets = rendered[name]
    pages = _pages_per_sheet(pdf)
    assert set(pages) == set(sheets) - {"xlwings.conf"}, pages  # every sheet prints, with its footer (the
    # add-in's settings sheet is hidden and never prints)
    assert {s: n for s, n in pages.items() if n > 2} == {}
    states = sum(1 for row in sheets[L.STEPS] if row and row[0] == L.STATE_MARKER)
    if name.startswith("claims_handling"):  # no steps: the Map prints its one line saying so
        assert pages[M.MAP] == 1
    else:
        assert pages[M.MAP] == states  # one landscape page per state


def test_the_portfolio_prints_one_page_wide(rendered):
    _, pdf, _ = rendered["portfolio"]
    out = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert int(re.search(r"Pages:\s+(\d+)", out).group(1)) <= 2


# -- labels are not cut -----------------------------------------------------------------------
def test_known_labels_fit_their_columns():
    """Labels that used to be cut ("Capacity constraint (largest PT"): each column is at least as
    wide as its longest fixed label (Excel width units ~ characters of the default font)."""
    from vsm_xl.workbook.sheets.template import build_workbook

    wb, geometry = build_workbook()
    steps = wb[L.STEPS]
    width = steps.column_dimensions["B"].width
    for _, label, _ in L.SUMMARY_ROWS:
        assert len(label) <= width, label
    for col in (L.STEP_COLUMN_INDEX[k] for k in L.TOTAL_KEYS):
        assert steps.column_dimensions[L.cell(col, 1)[:-1]].width >= len("99999.9 min") + 1
    for title in wb.sheetnames:
        for row in wb[title].iter_rows():
            for c in row:
                if c.has_style and c.font is not None:
                    assert c.font.name, f"{title}!{c.coordinate} has no font name (falls back to a serif face)"


def test_guide_lines_get_the_height_their_wrapped_text_needs():
    from vsm_xl.workbook.layout.print_setup import lines_needed
    from vsm_xl.workbook.sheets.template import build_workbook

    wb, _ = build_workbook()
    ws = wb[L.GUIDE]
    width = ws.column_dimensions["B"].width
    for (c,) in ws.iter_rows(min_col=2, max_col=2):
        if isinstance(c.value, str) and c.alignment.wrap_text:
            need = lines_needed(c.value, width)
            assert (ws.row_dimensions[c.row].height or 15) >= need * 12, (c.coordinate, need)
            assert math.ceil(len(c.value) / (width * 1.1)) <= need


# -- live equals batch: the Map's native formulas on random models ------------------------------
def _random_stream(seed: int):
    """A model with parallel branches, working hours, several states and blanks (inventory,
    resources, %C&A), durations from seconds to days."""
    import random

    from vsm_xl.core.durations import DurationRule
    from vsm_xl.core.model import State, Step, ValueStream

    rng = random.Random(seed)
    rule = rng.choice([DurationRule(), DurationRule(8.0, 5.0), DurationRule(7.5, 7.0)])
    states = []
    for s in range(rng.randint(1, 3)):
        steps, position = [], 0
        for k in range(rng.randint(1, 9)):
            if not steps or rng.random() > 0.3:
                position += 1
            pt = rng.choice([0.5, 5, 15, 45, 90, 240]) * rng.randint(1, 4)
            lt = pt + rng.choice([0, 10, 60, 480, 1440, 2880]) * rng.randint(1, 3)
            steps.append(Step(f"Step {s}.{k}", pt, lt, owner=rng.choice(["", "Sales", "Ops"]),
                              complete_accurate=rng.choice([None, 0.9, 0.99]),
                              inventory=rng.choice([None, 0, 7, 120]),
                              resources=rng.choice([1.0, 1.0, 2.0, 3.0]),
                              position=position if rng.random() > 0.2 else None))
        states.append(State(f"State {s}", tuple(steps), "current" if s == 0 else "target"))
    return ValueStream(name=f"Random {seed}", states=tuple(states), duration_rule=rule)


def test_map_equals_the_batch_on_random_models(tmp_path):
    """The Charts sheet's native formulas (which the Map shows) against the core on random models
    with parallel branches and working hours: totals on the timeline (only the longest branch
    counts), flow efficiency, band, capacity constraint and largest delay, as LibreOffice computes
    them from an evaluated copy's Steps sheet."""
    if soffice_path() is None:
        pytest.skip("LibreOffice (soffice) not installed")
    from vsm_xl.core.analysis import analyze
    from vsm_xl.workbook.read.reader import read_workbook
    from vsm_xl.workbook.writer import write_evaluated, write_template

    def check(seed):
        stream = _random_stream(seed)
        source, copy = tmp_path / f"r{seed}.xlsx", tmp_path / f"r{seed}_evaluated.xlsx"
        write_template(source, stream)
        write_evaluated(read_workbook(source), copy)
        sheets = recalculate_to_csv(copy, tmp_path / f"out{seed}", recalc="never")
        return seed, stream, sheets[M.CHARTS]

    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(check, range(6)))
    for seed, stream, charts in results:
        analysis = analyze(stream)
        per = stream.duration_rule.minutes_per(charts[M.UNIT_ROW - 1][M.UNIT_VALUE_COL - 1])  # the Charts unit
        for s, summary in enumerate(analysis.states):
            row = charts[M.COMPARE_HEADER_ROW + s]
            assert row[1] == summary.name
            assert _csv_number(row[2]) == pytest.approx(summary.total_lead_time / per, rel=1e-9), seed
            assert _csv_number(row[3]) == pytest.approx(summary.total_process_time / per, rel=1e-9), seed
            assert _csv_number(row[4]) == pytest.approx(summary.flow_efficiency, rel=1e-9, abs=1e-12), seed
            assert row[5] == summary.flow_rating, seed
        flagged = {key: [r[M.DATA_COL["step"] - 1] for r in charts
                         if len(r) >= len(M.DATA_COLUMNS) and r[M.DATA_COL[key] - 1] == "yes"]
                   for key in ("constraint", "delay")}
        assert flagged["constraint"] == [s.capacity_constraint for s in analysis.states], seed
        assert flagged["delay"] == [s.largest_delay for s in analysis.states], seed


def _long_model(tmp_path: Path, positions: int = 30) -> Path:
    """The order example with its current state stretched to ``positions`` steps in a row."""
    import yaml

    model = yaml.safe_load((ROOT / "examples" / "order_fulfillment.yaml").read_text(encoding="utf-8"))
    state = model["value_stream"]["current_state"]
    steps = state["steps"]
    state["steps"] = [dict(steps[k % len(steps)], name=f"S{k + 1} {steps[k % len(steps)]['name']}")
                      for k in range(positions)]
    path = tmp_path / "long.yaml"
    path.write_text(yaml.safe_dump(model, sort_keys=False), encoding="utf-8")
    return path


def test_a_long_map_prints_ten_positions_a_page_with_its_labels(tmp_path):
    """30 flow positions: column breaks after positions 10 and 20, column A repeated, one state's
    pages after each other, a fixed scale as large as a ten-step map's; the examples keep one
    page per state."""
    from openpyxl import load_workbook

    _run("new", "--from", _long_model(tmp_path), "-o", tmp_path / "long.xlsx")
    ws = load_workbook(tmp_path / "long.xlsx")[M.MAP]
    assert [b.id for b in ws.col_breaks.brk] == [M.LABEL_COL + 2 * 10, M.LABEL_COL + 2 * 20]
    assert ws.print_title_cols == "$A:$A"
    assert ws.page_setup.pageOrder == "overThenDown"
    assert not ws.sheet_properties.pageSetUpPr.fitToPage and 35 <= ws.page_setup.scale <= 60
    example = load_workbook(ROOT / "examples" / "order_fulfillment.xlsx")[M.MAP]
    assert not example.col_breaks.brk and example.sheet_properties.pageSetUpPr.fitToPage


def test_a_long_map_prints_each_state_on_its_own_pages(tmp_path):
    """LibreOffice: the 30-step current state on 3 pages (positions 1-10, 11-20, 21-30 and its
    totals), then the 5-step future state; no page is cut into ###."""
    if soffice_path() is None or shutil.which("pdftotext") is None:
        pytest.skip("LibreOffice or poppler-utils not installed")
    _run("new", "--from", _long_model(tmp_path), "-o", tmp_path / "long.xlsx")
    _run("evaluate", tmp_path / "long.xlsx", "-o", tmp_path / "long_evaluated.xlsx")
    pdf = convert_to_pdf(tmp_path / "long_evaluated.xlsx", tmp_path / "pdf")
    pages = [page for page in _pdf_text(pdf).split("\f") if "Map – page" in page]
    first_boxes = [re.findall(r"S(\d+) ", page)[:1] for page in pages]
    assert first_boxes[:3] == [["1"], ["11"], ["21"]], first_boxes
    assert "Future state" in pages[3] and not re.search(r"S\d+ ", pages[3])
    assert all("###" not in page for page in pages)


def test_a_state_without_steps_says_so_above_its_map_and_charts(rendered):
    """LibreOffice: the claims example has no steps, and its Map and Charts say why they are empty;
    the order example's sections, with steps, say nothing."""
    from vsm_xl.workbook.formulas import map_formulas as MF

    for name, expected in (("claims_handling", 2), ("order_fulfillment", 0)):
        _, _, sheets = rendered[name]
        for sheet in (M.MAP, M.CHARTS):
            said = sum(value == MF.NO_STEPS for row in sheets[sheet] for value in row)
            assert said == expected, (name, sheet, said)
