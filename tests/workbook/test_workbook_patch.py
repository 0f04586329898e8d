"""The evaluated copy as a patch of the source package, on a package as other programs write
it: saved by LibreOffice (shared strings, cached results), with an Excel-style shared formula,
a calculation chain, a sheet with namespace prefixes and cells without coordinates; and the
one-pass reader against openpyxl's own reading of the same files."""
from __future__ import annotations

import datetime as dt
import re
import zipfile

import openpyxl
import pytest
from openpyxl.worksheet.formula import ArrayFormula

from tests.support.libreoffice import soffice_path
from vsm_xl.workbook.layout import template_layout as L
from vsm_xl.workbook.xlsx.grid import is_formula, load_grids
from vsm_xl.workbook.xlsx.package import open_package
from vsm_xl.workbook.read.reader import read_workbook
from vsm_xl.workbook.writer import write_evaluated
from tests.support.packages import rewrite_package

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
DAY = dt.date(2026, 11, 21)




def _shared_formula(xml: str, col: str, first: int, last: int) -> str:
    """The formulas of ``col`` rows first..last as ONE shared formula (how Excel stores a
    filled-down column): the master keeps the text, the others refer to it by ``si``."""
    for row in range(first, last + 1):
        cell = re.search(rf'<c r="{col}{row}"[^>]*>(<f[^>]*>)(.*?)</f>', xml)
        assert cell is not None, f"{col}{row} holds no formula"
        if row == first:
            new = f'<f t="shared" ref="{col}{first}:{col}{last}" si="0">{cell.group(2)}</f>'
        else:
            new = '<f t="shared" si="0"/>'
        xml = xml[:cell.start(1)] + new + xml[cell.end(2) + len("</f>"):]
    return xml


def _prefixed(xml: str) -> str:
    """The sheet with the main namespace bound to ``x:`` instead of the default namespace."""
    xml = xml.replace(f'xmlns="{MAIN}"', f'xmlns:x="{MAIN}"', 1)
    return re.sub(r"<(/?)(?![\w.-]+:)([A-Za-z_][\w.-]*)", r"<\1x:\2", xml)


def _without_coordinates(xml: str, row: int) -> str:
    """Row ``row`` with the ``r`` attributes of its cells from column A on dropped (they then count
    from A), as long as they are contiguous; cells after a gap (hidden helper columns) keep theirs."""
    m = re.search(rf'<row r="{row}"[^>]*>(.*?)</row>', xml)
    refs = re.findall(r'<c r="([A-Z]+)\d+"', m.group(1))
    run = next((i for i, ref in enumerate(refs) if ref != openpyxl.utils.get_column_letter(i + 1)), len(refs))
    assert run > 5, "the row's first cells are contiguous"
    body = re.sub(r'(<c) r="[A-Z]+\d+"', r"\1", m.group(1), count=run)
    return xml[:m.start(1)] + body + xml[m.end(1):]


def _stale_ranks(xml: str, row: int) -> str:
    """The rank formulas of ``row`` with a cached result of 9 (as a program that computed them
    before would have saved them)."""
    def stale(m):
        cell = m.group(0)
        assert "RANK(" in cell, cell
        return re.sub(r'<v>[^<]*</v>|<v/>', "<v>9</v>", cell.replace(' t="str"', ' t="n"'))

    new, n = re.subn(rf'<c r="[B-E]{row}"[^>]*>.*?</c>', stale, xml)
    assert n == 4
    return new


@pytest.fixture(scope="module")
def hard(tmp_path_factory, built, reads):
    """The 'room' workbook (order fulfilment's states, the claims evaluation, every sheet in use)
    saved by LibreOffice, then given stale cached ranks, a shared formula (Steps PT (min) of the
    first block), a calculation chain, a prefixed Indicators sheet and a Pairwise row without
    coordinates."""
    if soffice_path() is None:
        pytest.skip("LibreOffice (soffice) not installed")
    from tests.support.libreoffice import convert_to_xlsx_roundtrip

    saved = convert_to_xlsx_roundtrip(built["room"], tmp_path_factory.mktemp("lo"))
    sheets = dict(open_package(saved).sheets)
    block = reads["room"].geometry.blocks[0]
    pt_min = openpyxl.utils.get_column_letter(block.columns["pt_min"])
    pairwise_row = reads["room"].geometry.pairwise["monetary"].first_row
    rank_row = reads["room"].geometry.results.row("rank")

    def edit(parts):
        results = sheets[L.RESULTS]
        parts[results] = _stale_ranks(parts[results].decode(), rank_row).encode()
        steps = sheets[L.STEPS]
        parts[steps] = _shared_formula(parts[steps].decode(), pt_min, block.first_row, block.last_row).encode()
        parts[sheets[L.INDICATORS]] = _prefixed(parts[sheets[L.INDICATORS]].decode()).encode()
        parts[sheets[L.PAIRWISE]] = _without_coordinates(parts[sheets[L.PAIRWISE]].decode(), pairwise_row).encode()
        parts["xl/calcChain.xml"] = (f'<?xml version="1.0" encoding="UTF-8"?><calcChain xmlns="{MAIN}">'
                                     f'<c r="{pt_min}{block.first_row}" i="2"/></calcChain>').encode()
        rels = "xl/_rels/workbook.xml.rels"
        parts[rels] = parts[rels].replace(b"</Relationships>", (
            b'<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            b'calcChain" Target="calcChain.xml"/></Relationships>'))
        parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(b"</Types>", (
            b'<Override PartName="/xl/calcChain.xml" ContentType="application/vnd.openxmlformats-officedocument.'
            b'spreadsheetml.calcChain+xml"/></Types>'))

    rewrite_package(saved, edit)
    return saved


def _grid_of_openpyxl(path) -> dict:
    """{sheet: (stored, saved)} as openpyxl's read-only mode gives them (two loads)."""
    import warnings

    def cells(ws):
        ws.reset_dimensions()
        return {(r, c): v for r, row in enumerate(ws.iter_rows(values_only=True), 1)
                for c, v in enumerate(row, 1) if v is not None}

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        stored = openpyxl.load_workbook(path, read_only=True)
        saved = openpyxl.load_workbook(path, read_only=True, data_only=True)
    result = {ws.title: (cells(ws), cells(saved[ws.title])) for ws in stored.worksheets}
    stored.close()
    saved.close()
    return result


def _comparable(value):
    # the reader's array formulas are its own light class (no openpyxl on the read path), with
    # openpyxl's attributes
    return ("array", value.ref, value.text) if getattr(value, "t", None) == "array" else value


def _assert_reads_as_openpyxl(path) -> None:
    ours, theirs = load_grids(path), _grid_of_openpyxl(path)
    assert list(ours) == list(theirs)
    for title, (stored, saved) in theirs.items():
        grid = ours[title]
        assert {k: _comparable(v) for k, v in grid.formulas.items()} == {k: _comparable(v) for k, v in stored.items()}
        for key, value in stored.items():
            if is_formula(value):
                assert grid.values.get(key) == saved.get(key), (title, key)


def test_one_pass_reading_sees_what_openpyxl_sees(tmp_path, hard):
    """Dates, times, durations ([h]:mm), booleans, errors, inline text, array formulas, the
    1904 date system; and the LibreOffice file with shared strings, a shared formula, a
    prefixed sheet and cells without coordinates."""
    from openpyxl.utils.datetime import CALENDAR_MAC_1904

    for epoch in (None, CALENDAR_MAC_1904):
        wb = openpyxl.Workbook()
        if epoch is not None:
            wb.epoch = epoch
        ws = wb.active
        ws.append(["text", 12, 2.5, True, "#N/A", dt.datetime(2026, 11, 21, 8, 30), dt.date(2026, 1, 2),
                   dt.time(2, 30), dt.timedelta(hours=27, minutes=15), "=A1&\"x\"", " spaced "])
        ws["L1"] = "=SUM(B1:C1)"
        ws["A3"] = ArrayFormula("A3:B4", "=B1:C2*2")
        ws["D5"] = 45000
        ws["D5"].number_format = "yyyy-mm-dd"
        path = tmp_path / f"typed{epoch is not None}.xlsx"
        wb.save(path)
        _assert_reads_as_openpyxl(path)
    _assert_reads_as_openpyxl(hard)


def test_a_package_written_by_other_programs_reads_the_same(hard, combined):
    assert read_workbook(hard).stream == combined


@pytest.fixture(scope="module")
def hard_copy(tmp_path_factory, hard):
    out = tmp_path_factory.mktemp("hard") / "evaluated.xlsx"
    notes = write_evaluated(hard, out, read_workbook(hard).analysis, today=DAY)
    return out, notes


def test_evaluated_copy_of_such_a_package(hard_copy, hard, reads, combined):
    out, notes = hard_copy
    assert notes == ()
    with zipfile.ZipFile(out) as zf:
        names = zf.namelist()
        assert "xl/calcChain.xml" not in names
        assert b"calcChain" not in zf.read("xl/_rels/workbook.xml.rels")
        assert b"calcChain" not in zf.read("[Content_Types].xml")
        with zipfile.ZipFile(hard) as source:  # every other part is still there
            assert set(source.namelist()) - set(names) == {"xl/calcChain.xml"}
    wb = openpyxl.load_workbook(out)
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                text = c.value.text if isinstance(c.value, ArrayFormula) else c.value
                assert not (isinstance(text, str) and text.startswith("=") and "VSM_" in text.upper()), \
                    f"{ws.title}!{c.coordinate}"
    block = reads["room"].geometry.blocks[0]
    steps = wb[L.STEPS]
    col = block.columns["pt_calc"]  # the helper the visible PT (min) cells refer to
    state = combined.states[0]
    assert [steps.cell(r, col).value for r in block.step_rows] == [s.process_time for s in state.steps]
    assert all(steps.cell(r, col).value is None for r in block.rows if r not in block.step_rows)
    # the rest of the shared formula's cells are not left pointing at a master that is gone
    assert read_workbook(out).stream == combined
    assert wb[L.RESULTS]["A2"].value.startswith("Evaluated copy: values computed by vsm-xl on 2026-11-21 from room")
    assert wb[L.RESULTS]["A2"].fill.start_color.rgb.endswith("E2EFDA") and wb[L.RESULTS]["A2"].font.b


def test_libreoffice_shows_computed_results_not_stale_cached_ones(hard_copy, tmp_path, reads):
    """The source's cached results (stale ranks of 9) are dropped with the VSM_* formulas, so
    even LibreOffice's default of not recalculating on load shows ranks 4, 2, 3, 1 (METHOD.md
    section 2.5) computed from the native WBF formulas."""
    from tests.support.libreoffice import recalculate_to_csv

    out, _ = hard_copy
    sheets = recalculate_to_csv(out, tmp_path / "csv", recalc="never")
    t = reads["room"].geometry.results
    results = sheets[L.RESULTS]
    assert [results[t.row("rank") - 1][t.col(j) - 1] for j in range(4)] == ["4", "2", "3", "1"]
    wbf = [float(results[t.row("wbf") - 1][t.col(j) - 1]) for j in range(4)]
    assert [round(w, 4) for w in wbf] == [1.0742, 0.4791, 0.622, 0.2962]


def test_patching_places_new_rows_and_cells_in_order_and_keeps_shared_dependents(tmp_path):
    """A put on the master of a shared formula leaves its dependents as formulas of their own;
    missing rows and cells are created in sheet order; other formulas lose their cached value."""
    from openpyxl.utils.datetime import CALENDAR_WINDOWS_1900

    from vsm_xl.workbook.xlsx.patch import Put, patch_sheet

    sheet = (f'<worksheet xmlns="{MAIN}"><sheetData>'
             '<row r="2"><c r="A2"><f t="shared" ref="A2:A4" si="0">B2*2</f><v>2</v></c>'
             '<c r="C2" t="n"><v>5</v></c></row>'
             '<row r="3"><c r="A3"><f t="shared" si="0"/><v>4</v></c><c r="B3"><v>2</v></c></row>'
             '<row r="4"><c r="A4"><f t="shared" si="0"/><v>0</v></c>'
             '<c r="B4" t="str"><f>"x"&amp;C2</f><v>x5</v></c></row>'
             '<row r="6" spans="1:3"/>'
             '</sheetData></worksheet>').encode()
    formulas = {(2, 1): "=B2*2", (3, 1): "=B3*2", (4, 1): "=B4*2", (4, 2): '="x"&C2'}
    puts = {(2, 1): Put(value="banner <1>"), (2, 2): Put(value=1.5), (1, 3): Put(value=True),
            (5, 3): Put(formula="=SUM(C1:C2)"), (6, 2): Put(value="#N/A")}
    patched = patch_sheet(sheet, puts, formulas, CALENDAR_WINDOWS_1900)
    path = tmp_path / "patched.xlsx"
    openpyxl.Workbook().save(path)
    rewrite_package(path, lambda parts: parts.update({"xl/worksheets/sheet1.xml": patched}))
    ws = openpyxl.load_workbook(path).active
    assert [[c.value for c in row] for row in ws.iter_rows(min_row=1, max_row=6, max_col=3)] == [
        [None, None, True],
        ["banner <1>", 1.5, 5],
        ["=B3*2", 2, None],
        ["=B4*2", '="x"&C2', None],
        [None, None, "=SUM(C1:C2)"],
        [None, "#N/A", None],
    ]
    saved = openpyxl.load_workbook(path, data_only=True).active
    assert saved["A3"].value is None and saved["B4"].value is None  # no stale cached results
    rows = [int(r) for r in re.findall(r'<row r="(\d+)"', patched.decode())]
    assert rows == sorted(rows) == [1, 2, 3, 4, 5, 6]
    assert re.findall(r'<c r="([A-Z]+2)"', patched.decode()) == ["A2", "B2", "C2"]
