"""The portfolio as a workbook: one sheet with a row per value stream and state in an Excel
table (autofilter), grouped by value stream (the stream with the lowest flow efficiency
first) and within a stream its states in the workbook's order (current before future), times in
hours, the flow-efficiency bands coloured by conditional formatting, streams whose conversion
guessed a reading flagged; a chart sheet with the flow efficiency of every stream and state that
has steps (one chart, each bar labelled "stream – state", in the table's order) and the streams
without steps listed below its data with their evaluation instead of an empty bar; and a sheet
listing the files that could not be read.

Values are plain numbers (no formulas), so the workbook shows them in any spreadsheet
program without the add-in.
"""
from __future__ import annotations

from pathlib import Path

from vsm_xl.portfolio.collect import Portfolio, ordered_rows, row_rule, stream_label, time_units  # noqa: F401  (ordered_rows: here before)

SHEET = "Portfolio"
CHART_SHEET = "Chart"
FAILURES_SHEET = "Not read"
HEADER_ROW = 4
XLSX_SHEET_ROWS = 1_048_576  # rows of a worksheet (Excel, LibreOffice)

# (row key, header, number format, width)
COLUMNS = (
    ("file", "File", None, 28),
    ("value_stream", "Value stream", None, 26),
    ("name", "State", None, 18),
    ("kind", "Kind", None, 9),
    ("step_count", "Steps", "0", 7),
    ("total_process_time_hours", "PT (h)", "#,##0.0#", 10),
    ("total_lead_time_hours", "LT (h)", "#,##0.0", 11),
    ("total_wait_time_hours", "WT (h)", "#,##0.0", 11),
    ("flow_efficiency", "Flow efficiency", "0.00%", 11),
    ("flow_rating", "Flow rating", None, 17),
    ("rolled_complete_accurate", "Rolled %C&A", "0.0%", 11),
    ("wip_total", "WIP", "#,##0.##", 9),
    ("capacity_constraint", "Capacity constraint", None, 20),
    ("largest_delay", "Largest delay", None, 20),
    ("best_alternative", "Best alternative", None, 18),
    ("best_wbf", "Best WBF", "0.0000", 10),
    ("reading", "Reading", None, 30),
    ("label", "Chart label", None, 34),
)
HOURS = {"total_process_time_hours": "total_process_time_minutes", "total_lead_time_hours": "total_lead_time_minutes",
         "total_wait_time_hours": "total_wait_time_minutes"}  # column key -> row key in minutes
GUESSED_FILL = "FCE4D6"
CM_PER_BAR = 0.55  # chart height per stream and state: every label readable at 50 streams
BAND_FILLS = {  # fill colours of the flow-efficiency bands (METHOD.md section 1)
    "significant waste": "F8CBAD",
    "moderate": "FFE699",
    "good": "C6E0B4",
    "excellent": "A9D08E",
}


def xlsx_row_limit() -> int:
    """Rows of the portfolio a workbook can hold: a sheet's rows less the title and header rows."""
    return XLSX_SHEET_ROWS - HEADER_ROW


def too_many_rows_message(target, limit: int) -> str:
    return (f"{Path(target).name}: the portfolio has more than {limit:,} rows, more than a worksheet holds "
            f"({XLSX_SHEET_ROWS:,} rows with the title and header); write it as Parquet "
            f"(-o {Path(target).with_suffix('.parquet').name}) or CSV instead")


def column_units(rows) -> dict:
    """:func:`vsm_xl.portfolio.collect.time_units` by the workbook's column keys."""
    units = time_units(rows)
    return {key: units[source] for key, source in HOURS.items()}


def _units_note(units: dict) -> str:
    return (f"Times: PT in {units['total_process_time_hours']}, LT and WT in {units['total_lead_time_hours']} "
            "(d = working days of each stream).")


def write_portfolio_workbook(portfolio: Portfolio, path) -> Path:
    """Write the portfolio workbook atomically to ``path``; more rows than a sheet holds are
    refused (:class:`~vsm_xl.core.errors.OutputError`, pointing to Parquet)."""
    from vsm_xl.core.errors import OutputError

    limit = xlsx_row_limit()
    if len(portfolio.rows) > limit or len(portfolio.failures) >= XLSX_SHEET_ROWS:
        raise OutputError(too_many_rows_message(path, limit))
    from openpyxl import Workbook

    from vsm_xl.io.atomic import atomic_path
    from vsm_xl.workbook.layout.styles import use_default_font

    units = column_units(portfolio.rows)
    wb = Workbook()
    use_default_font(wb)
    ws = wb.active
    ws.title = SHEET
    _title(ws, portfolio, units)
    _header(ws, units)
    rows = ordered_rows(portfolio.rows)
    _portfolio_rows(ws, portfolio, rows, units)
    _as_table(ws, rows)
    if rows:
        _chart_sheet(wb, rows)
    if portfolio.failures:
        _failures_sheet(wb, portfolio.failures)
    path = Path(path)
    with atomic_path(path) as tmp:
        wb.save(tmp)
    return path


def _title(ws, portfolio: Portfolio, units: dict) -> None:
    """The title and the line under it: what is in the portfolio and how to read it."""
    from openpyxl.styles import Font

    from vsm_xl.workbook.layout.styles import FONT_NAME

    ws["A1"] = "Value stream portfolio"
    ws["A1"].font = Font(name=FONT_NAME, bold=True, size=14)
    streams = len({(r["file"], r["value_stream"]) for r in portfolio.rows})
    guessed = getattr(portfolio, "guessed", {}) or {}
    ws["A2"] = (f"{streams} value stream{'s' if streams != 1 else ''}, {len(portfolio.rows)} rows, from "
                f"{portfolio.files} file{'s' if portfolio.files != 1 else ''}"
                + (f"; {len(portfolio.failures)} not read (see '{FAILURES_SHEET}')" if portfolio.failures else "")
                + (f"; {len(guessed)} converted with guessed readings (column Reading: check them with "
                   "vsm-xl convert)" if guessed else "")
                + f". Grouped by value stream (lowest flow efficiency first), then state. {_units_note(units)} Flow efficiency = total PT / total "
                  "LT; bands: < 5 % significant waste, < 15 % moderate, <= 25 % good, above excellent. WBF: lower "
                  "is better.")
    ws["A2"].font = Font(name=FONT_NAME, italic=True, color="595959")


def _header(ws, units: dict) -> None:
    """The header row: the columns' names (times in the unit of the display rule) and widths."""
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    from vsm_xl.workbook.layout.styles import FONT_NAME

    for c, (key, header, fmt, width) in enumerate(COLUMNS, start=1):
        if key in HOURS:  # "PT (h)" -> the unit the display rule gives the column
            header = f"{header.split(' (')[0]} ({units[key]})"
        cell = ws.cell(row=HEADER_ROW, column=c, value=header)
        cell.font = Font(name=FONT_NAME, bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center")  # "Flow efficiency" whole, on two lines
        ws.column_dimensions[get_column_letter(c)].width = width
    ws.row_dimensions[HEADER_ROW].height = 30


def _portfolio_rows(ws, portfolio: Portfolio, rows: list, units: dict) -> None:
    """One row per stream and state under the header; guessed readings flagged."""
    from openpyxl.styles import Alignment, Font, PatternFill

    from vsm_xl.io.safe_text import text_cell
    from vsm_xl.workbook.layout.print_setup import fit_row
    from vsm_xl.workbook.layout.styles import FONT_NAME

    wrapped = Alignment(wrap_text=True, vertical="top")
    guessed = getattr(portfolio, "guessed", {}) or {}
    converted = set(getattr(portfolio, "converted", ()) or ())
    for r, row in enumerate(rows, start=HEADER_ROW + 1):
        values = dict(row)
        values["label"] = stream_label(row)
        for key, source in HOURS.items():
            minutes = row.get(source)
            values[key] = None if minutes is None else minutes / row_rule(row).minutes_per(units[key])
        n = guessed.get(row.get("file"))
        values["reading"] = (f"guessed {n} reading{'s' if n != 1 else ''}: check" if n
                             else "converted" if row.get("file") in converted else "template")
        for c, (key, _, fmt, width) in enumerate(COLUMNS, start=1):
            cell = text_cell(ws.cell(row=r, column=c), values.get(key))
            if fmt:
                cell.number_format = fmt
            elif isinstance(cell.value, str) and len(cell.value) > width:  # wraps, the row grows: not cut
                cell.alignment = wrapped
                fit_row(ws, r, c, cell.value, width)
            if key == "reading" and n:
                cell.fill = PatternFill(start_color=GUESSED_FILL, end_color=GUESSED_FILL, fill_type="solid")
                cell.font = Font(name=FONT_NAME, bold=True, color="C00000")


def _as_table(ws, rows: list) -> None:
    """The rows as an Excel table (autofilter), frozen header, print setup, and the
    flow-efficiency bands coloured by conditional formatting."""
    from openpyxl.formatting.rule import FormulaRule
    from openpyxl.styles import PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.table import Table, TableStyleInfo

    from vsm_xl.workbook.layout.print_setup import page

    last_row = HEADER_ROW + max(len(rows), 1)
    last_col = get_column_letter(len(COLUMNS))
    table = Table(displayName="Portfolio", ref=f"A{HEADER_ROW}:{last_col}{last_row}")
    table.tableStyleInfo = TableStyleInfo(name="TableStyleLight9", showRowStripes=True)
    ws.add_table(table)
    ws.freeze_panes = f"A{HEADER_ROW + 1}"
    page(ws, area=f"A1:{last_col}{last_row}", title_rows=f"{HEADER_ROW}:{HEADER_ROW}")
    if not rows:
        return
    fe_col = get_column_letter(_column("flow_efficiency"))
    band_col = get_column_letter(_column("flow_rating"))
    first = HEADER_ROW + 1
    for band, colour in BAND_FILLS.items():
        ws.conditional_formatting.add(
            f"{fe_col}{first}:{band_col}{last_row}",
            FormulaRule(formula=[f'${band_col}{first}="{band}"'],
                        fill=PatternFill(start_color=colour, end_color=colour, fill_type="solid")))


def _failures_sheet(wb, failures) -> None:
    """The sheet listing the files that could not be read, and why."""
    from openpyxl.styles import Font

    from vsm_xl.io.safe_text import text_cell
    from vsm_xl.workbook.layout.print_setup import page
    from vsm_xl.workbook.layout.styles import FONT_NAME

    bad = wb.create_sheet(FAILURES_SHEET)
    bad["A1"] = "File"
    bad["B1"] = "Why it was not read"
    bad["A1"].font = bad["B1"].font = Font(name=FONT_NAME, bold=True)
    for r, (name, reason) in enumerate(failures, start=2):
        text_cell(bad.cell(row=r, column=1), name)
        text_cell(bad.cell(row=r, column=2), reason)
    bad.column_dimensions["A"].width = 34
    bad.column_dimensions["B"].width = 120
    page(bad, area=f"A1:B{len(failures) + 1}", title_rows="1:1")


def _column(key: str) -> int:
    return next(i for i, c in enumerate(COLUMNS, start=1) if c[0] == key)


def without_steps_text(row: dict) -> str:
    """What a row without figures (a stream without steps) shows in place of a bar."""
    best, wbf = row.get("best_alternative"), row.get("best_wbf")
    if best is None:
        return f"{row.get('value_stream') or row.get('file')}: no steps and no evaluation"
    said = f", WBF {wbf:.4f}" if wbf is not None else ""
    return f"{row.get('value_stream') or row.get('file')}: no steps; evaluation: best alternative {best}{said}"


def _chart_sheet(wb, rows: list[dict]) -> None:
    """The flow efficiency of every stream and state with steps as horizontal bars, one label
    per bar (none skipped), in the table's order, tall enough for every label to be read. The
    chart reads a small table of its own (label, flow efficiency) in columns A:B of the sheet,
    printed beside it; streams without steps are listed under that table with their evaluation
    rather than drawn as empty bars."""
    from openpyxl.chart import BarChart, Reference
    from openpyxl.chart.label import DataLabelList
    from openpyxl.chart.text import RichText
    from openpyxl.drawing.text import CharacterProperties, Font as DrawingFont, Paragraph, ParagraphProperties
    from openpyxl.styles import Alignment, Font

    from vsm_xl.io.safe_text import text_cell
    from vsm_xl.workbook.sheets.flow_charts import title_text
    from vsm_xl.workbook.layout.print_setup import page
    from vsm_xl.workbook.layout.styles import FONT_NAME

    sheet = wb.create_sheet(CHART_SHEET)
    drawn = [r for r in rows if r.get("flow_efficiency") is not None]
    sheet["A1"], sheet["B1"] = "Value stream – state", "Flow efficiency"
    sheet["A1"].font = sheet["B1"].font = Font(name=FONT_NAME, bold=True)
    sheet["B1"].alignment = Alignment(horizontal="right")
    for r, row in enumerate(drawn, start=2):
        text_cell(sheet.cell(row=r, column=1), stream_label(row))
        sheet.cell(row=r, column=2, value=row["flow_efficiency"]).number_format = "0.00%"
    # one line per label (wrapped labels would need row heights only a spreadsheet program measures)
    sheet.column_dimensions["A"].width = min(60, max([22, *(len(stream_label(r)) + 2 for r in drawn)]))
    sheet.column_dimensions["B"].width = 15
    last_row = len(drawn) + 1
    note_row = last_row + 2
    undrawn = [r for r in rows if r.get("flow_efficiency") is None]
    if undrawn:
        sheet.cell(row=note_row, column=1, value="Without steps (no bar):").font = Font(name=FONT_NAME, bold=True)
        for k, row in enumerate(undrawn, start=1):
            cell = text_cell(sheet.cell(row=note_row + k, column=1), without_steps_text(row))
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            sheet.merge_cells(start_row=note_row + k, start_column=1, end_row=note_row + k, end_column=2)
            sheet.row_dimensions[note_row + k].height = 30
    if not drawn:
        page(sheet, landscape=False, area=f"A1:B{note_row + len(undrawn)}")
        return
    chart = BarChart()
    chart.type = "bar"
    chart.style = 10
    chart.title = title_text("Flow efficiency per value stream and state")
    chart.y_axis.numFmt = "0%"
    chart.y_axis.number_format = "0%"
    chart.y_axis.majorGridlines = None
    chart.legend = None
    data = Reference(sheet, min_col=2, min_row=1, max_row=last_row)
    labels = Reference(sheet, min_col=1, min_row=2, max_row=last_row)
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(labels)
    chart.series[0].graphicalProperties.solidFill = "2E75B6"
    chart.dataLabels = DataLabelList()
    chart.dataLabels.showVal = True
    for flag in ("showSerName", "showCatName", "showLegendKey", "showPercent"):
        setattr(chart.dataLabels, flag, False)
    chart.x_axis.scaling.orientation = "maxMin"  # first row on top, like the table
    chart.x_axis.tickLblSkip = 1  # every label, also at 50 streams
    chart.x_axis.tickMarkSkip = 1
    small = CharacterProperties(sz=800, latin=DrawingFont(typeface=FONT_NAME))
    chart.x_axis.txPr = RichText(p=[Paragraph(pPr=ParagraphProperties(defRPr=small), endParaRPr=small)])
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    chart.gapWidth = 40
    chart.width = 16
    chart.height = max(8.0, CM_PER_BAR * len(drawn) + 3)
    from vsm_xl.workbook.layout.styles import chart_font

    chart_font(chart)  # its text in the workbook's face
    sheet.add_chart(chart, "D1")
    tall = max(int(chart.height / 0.5) + 2, note_row + len(undrawn))
    page(sheet, landscape=True, area=f"A1:M{tall}")
