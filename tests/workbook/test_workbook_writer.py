"""The evaluated copy (numbers instead of VSM_* formulas, inputs untouched, chart kept) and the
content-loss guard of derived writes."""
from __future__ import annotations

import datetime as dt
import hashlib
import io
import shutil
import zipfile

import openpyxl
import pytest
from openpyxl.worksheet.formula import ArrayFormula

from vsm_xl.core.errors import VsmError
from vsm_xl.workbook.layout import template_layout as L
from vsm_xl.workbook.evaluated import preserve
from vsm_xl.workbook.read.reader import read_workbook
from vsm_xl.workbook.writer import write_evaluated, write_template
from tests.support.packages import rewrite_package

DAY = dt.date(2026, 11, 21)


def _formula_text(value):
    if isinstance(value, ArrayFormula):
        return value.text
    return value if isinstance(value, str) and value.startswith("=") else None


def _sha(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def claims_copy(tmp_path_factory, built, reads):
    out = tmp_path_factory.mktemp("copy") / "claims_evaluated.xlsx"
    before = _sha(built["claims_handling"])
    notes = write_evaluated(built["claims_handling"], out, reads["claims_handling"].analysis, today=DAY)
    assert _sha(built["claims_handling"]) == before  # the source is never touched
    return out, notes


def test_evaluated_copy_has_no_vsm_formula_and_the_same_inputs(claims_copy, built):
    out, notes = claims_copy
    assert notes == ()
    source = openpyxl.load_workbook(built["claims_handling"])
    copy = openpyxl.load_workbook(out)
    # the sheet evaluated copies add, before xlwings.conf (which stays last)
    assert copy.sheetnames == source.sheetnames[:-1] + ["Weight stability", "xlwings.conf"]
    for ws in copy.worksheets:
        for row in ws.iter_rows():
            for c in row:
                text = _formula_text(c.value)
                assert not (text and "VSM_" in text.upper()), f"{ws.title}!{c.coordinate}: {text}"
    banners = {("Guide", "B3"), ("Results", "A2")}
    for ws in source.worksheets:
        for row in ws.iter_rows():
            for c in row:
                if c.value is None or _formula_text(c.value) or (ws.title, c.coordinate) in banners:
                    continue
                assert copy[ws.title][c.coordinate].value == c.value, f"{ws.title}!{c.coordinate}"


def test_evaluated_copy_holds_numbers_natives_banner_and_chart(claims_copy, reads, built):
    out, _ = claims_copy
    wb = openpyxl.load_workbook(out)
    ws = wb["Results"]
    t = reads["claims_handling"].geometry.results
    assert "SUMPRODUCT(" in ws.cell(t.row("g_monetary"), t.col(0)).value  # the evaluation is native
    saved = openpyxl.load_workbook(built["claims_handling"], data_only=True)  # the results saved with it
    g_m = [saved["Results"].cell(t.row("g_monetary"), t.col(j)).value for j in range(4)]
    assert [round(v, 4) for v in g_m] == [0.25, 0.565, 0.455, 0.7222]  # METHOD.md 2.5
    assert ws.cell(t.row("wbf"), t.col(0)).value == "=IF(AND(ISNUMBER(B6),ISNUMBER(B5)),SQRT((B6-1)^2+(B5-1)^2),\"\")"
    assert ws["A2"].value.startswith("Evaluated copy: values computed by vsm-xl on 2026-11-21 from "
                                     "claims_handling.xlsx")
    assert wb["Guide"]["B3"].value == ws["A2"].value
    assert len(ws._charts) == 1 and len(ws._charts[0].series) == 2 * 4 + 1
    pb = saved["Indicators"]
    u = [pb.cell(r, 14).value for r in (6, 7)]  # first partial-benefit column (N)
    assert [round(x, 4) for x in u] == [0.2222, 0.1101]  # lead time (30-24)/27; FPY exponential
    assert wb.calculation.fullCalcOnLoad


def test_evaluated_steps_use_native_formulas_where_excel_computes_naturally(tmp_path, built, reads):
    out = tmp_path / "order.xlsx"
    write_evaluated(built["order_fulfillment"], out, reads["order_fulfillment"].analysis, today=DAY)
    ws = openpyxl.load_workbook(out)["Steps"]
    block = reads["order_fulfillment"].geometry.blocks[0]
    first, total = block.step_rows[0], block.total_row
    assert ws.cell(first, block.columns["pt_calc"]).value == 15  # a number in the (hidden) helper
    helper = openpyxl.utils.get_column_letter(block.columns["pt_calc"])
    # the helper's minutes; a plain number natively where the helper has none (no add-in)
    assert ws.cell(first, block.columns["pt_min"]).value.startswith(
        f'=IF(ISBLANK(D{first}),"",IF(ISNUMBER({helper}{first}),{helper}{first},')
    assert ws.cell(first, block.columns["wt"]).value == f'=IF(AND(ISNUMBER(G{first}),ISNUMBER(F{first})),G{first}-F{first},"")'
    assert ws.cell(total, block.columns["lt_min"]).value == f"=SUM(G{block.first_row}:G{block.last_row})"
    summary = {k: ws.cell(r, L.SUMMARY_VALUE_COL).value for k, r in block.summary_rows.items()}
    assert summary["flow_efficiency"] == f"=F{total}/G{total}"
    fe = f'C{block.summary_rows["flow_efficiency"]}'  # the band is native in the template already
    assert summary["flow_rating"] == (f'=IF(ISNUMBER({fe}),IF({fe}<0.05,"significant waste",IF({fe}<0.15,'
                                      f'"moderate",IF({fe}<=0.25,"good","excellent"))),"")')
    assert round(summary["rolled_ca"], 4) == 0.6552
    assert (summary["capacity_constraint"], summary["largest_delay"]) == ("Pick & Pack", "Ship")


def test_evaluated_copy_reads_back_the_same_model_and_can_be_evaluated_again(tmp_path, claims_copy, streams):
    out, _ = claims_copy
    again = read_workbook(out)
    assert again.stream == streams["claims_handling"]
    second = tmp_path / "twice.xlsx"
    assert write_evaluated(out, second, again.analysis, today=DAY) == ()
    assert read_workbook(second).stream == streams["claims_handling"]


def test_in_place_evaluation_replaces_the_file_atomically(example_copy, streams):
    path = example_copy("claims_handling")
    analysis = read_workbook(path).analysis
    write_evaluated(path, path, analysis, today=DAY)
    assert read_workbook(path).stream == streams["claims_handling"]
    assert [p.name for p in path.parent.iterdir()] == [path.name]  # no temporary file left


def test_analysis_of_another_workbook_is_refused(tmp_path, built, reads):
    with pytest.raises(VsmError, match="analysis"):
        write_evaluated(built["claims_handling"], tmp_path / "x.xlsx", reads["order_fulfillment"].analysis)


def test_unknown_vsm_formula_keeps_its_saved_value(example_copy, tmp_path, reads):
    from tests.support.libreoffice import inject_cached_values

    path = example_copy("claims_handling")
    wb = openpyxl.load_workbook(path)
    wb["Results"]["H20"] = "=VSM_PAYBACK(180000,150000)"
    wb["Results"]["H21"] = "=VSM_PAYBACK(1,1)"
    wb.save(path)
    inject_cached_values(path, {"Results!H20": 1.2})
    out = tmp_path / "out.xlsx"
    notes = write_evaluated(path, out, read_workbook(path).analysis, today=DAY)
    assert [n.location for n in notes] == ["Results!H20", "Results!H21"]
    ws = openpyxl.load_workbook(out)["Results"]
    assert (ws["H20"].value, ws["H21"].value) == (1.2, None)


# -- the content-loss guard ------------------------------------------------------------------
def _png() -> bytes:
    from PIL import Image as PILImage

    buffer = io.BytesIO()
    PILImage.new("RGB", (4, 4), (200, 30, 30)).save(buffer, format="PNG")
    return buffer.getvalue()




def _results_drawing(parts: dict) -> str:
    """The drawing part of the Results sheet (openpyxl names sheet parts in workbook order)."""
    import re

    rels = parts[f"xl/worksheets/_rels/sheet{L.SHEETS.index(L.RESULTS) + 1}.xml.rels"]
    return "xl/drawings/" + re.search(rb'drawings/(drawing\d+\.xml)"', rels).group(1).decode()


# a text box in the default (spreadsheetDrawing) namespace of the drawing openpyxl wrote
_SHAPE = (b'<twoCellAnchor><from><col>8</col><colOff>0</colOff><row>2</row><rowOff>0</rowOff></from>'
          b'<to><col>11</col><colOff>0</colOff><row>6</row><rowOff>0</rowOff></to><sp macro="" textlink="">'
          b'<nvSpPr><cNvPr id="99" name="Note 1"/><cNvSpPr txBox="1"/></nvSpPr>'
          b'<spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="100" cy="100"/></a:xfrm>'
          b'<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></spPr>'
          b'<txBody><a:bodyPr/><a:p><a:r><a:t>Decision: option C</a:t></a:r></a:p></txBody>'
          b'</sp><clientData/></twoCellAnchor>')


def test_a_text_box_openpyxl_would_drop_is_kept_in_the_copy(example_copy, tmp_path):
    """The copy is the source package with its result cells patched: content openpyxl cannot
    carry (here a text box on the chart's drawing) stays, byte for byte."""
    path = example_copy("claims_handling")

    def add_shape(parts):
        name = _results_drawing(parts)
        assert parts[name].endswith(b"</wsDr>")
        parts[name] = parts[name].replace(b"</wsDr>", _SHAPE + b"</wsDr>")

    rewrite_package(path, add_shape)
    analysis = read_workbook(path).analysis
    before = _sha(path)
    out = tmp_path / "copy.xlsx"
    assert write_evaluated(path, out, analysis, today=DAY) == ()
    assert _sha(path) == before
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(out) as copy:
        drawing = _results_drawing({n: source.read(n) for n in source.namelist() if n.endswith(".rels")})
        assert b"Decision: option C" in copy.read(drawing) and copy.read(drawing) == source.read(drawing)
    assert ("a shape or text box", "Results") in {(c.kind, c.sheet) for c in preserve.inventory(out)}
    assert read_workbook(out).stream == read_workbook(path).stream


def test_vba_is_named_and_kept_in_xlsm_and_a_slicer_is_kept(example_copy, tmp_path):
    path = example_copy("claims_handling")
    xlsm = tmp_path / "macro.xlsm"
    shutil.copy(path, xlsm)

    def add_parts(parts):
        parts["xl/vbaProject.bin"] = b"\xd0\xcf\x11\xe0fake-vba-project"

    rewrite_package(xlsm, add_parts)
    analysis = read_workbook(xlsm).analysis
    with pytest.raises(VsmError, match=r"VBA macros \(xl/vbaProject.bin\) that a \.xlsx file cannot hold"):
        write_evaluated(xlsm, tmp_path / "copy.xlsx", analysis)
    out = tmp_path / "copy.xlsm"
    write_evaluated(xlsm, out, analysis, today=DAY)
    with zipfile.ZipFile(out) as zf:
        assert zf.read("xl/vbaProject.bin") == b"\xd0\xcf\x11\xe0fake-vba-project"
    with pytest.raises(VsmError, match="has no macros, so the copy must be .xlsx"):
        write_evaluated(path, tmp_path / "plain.xlsm", analysis)
    rewrite_package(path, lambda parts: parts.update({"xl/slicers/slicer1.xml": b"<slicers/>"}))
    write_evaluated(path, tmp_path / "other.xlsx", analysis, today=DAY)
    with zipfile.ZipFile(tmp_path / "other.xlsx") as zf:
        assert zf.read("xl/slicers/slicer1.xml") == b"<slicers/>"


def test_an_image_is_kept_and_verified(example_copy, tmp_path):
    from openpyxl.drawing.image import Image

    path = example_copy("claims_handling")
    wb = openpyxl.load_workbook(path)
    wb["Indicators"].add_image(Image(io.BytesIO(_png())), "X3")
    wb.save(path)
    assert [c.kind for c in preserve.inventory(path) if c.sheet == "Indicators"].count("an image") == 1
    out = tmp_path / "copy.xlsx"
    write_evaluated(path, out, read_workbook(path).analysis, today=DAY)
    kinds = {(c.kind, c.sheet) for c in preserve.inventory(out)}
    assert ("an image", "Indicators") in kinds and ("the indifference chart", "Results") in kinds
    # a copy without the image is caught by the verification after writing
    bare = tmp_path / "bare.xlsx"
    write_template(bare, read_workbook(path).stream)
    with pytest.raises(VsmError, match="Indicators lost an image"):
        preserve.verify_copy(path, bare)
