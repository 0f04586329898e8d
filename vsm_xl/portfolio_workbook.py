"""The portfolio as a workbook: one sheet with a row per value stream and state in an Excel
table (autofilter), the flow-efficiency bands coloured by conditional formatting, a bar
chart of flow efficiency per stream, and a sheet listing the files that could not be read.

Values are plain numbers (no formulas), so the workbook shows them in any spreadsheet
program without the add-in.
"""
from __future__ import annotations

from pathlib import Path

from vsm_xl.portfolio import Portfolio

SHEET = "Portfolio"
FAILURES_SHEET = "Not read"
HEADER_ROW = 4

# (row key, header, number format, width)
COLUMNS = (
    ("file", "File", None, 28),
    ("value_stream", "Value stream", None, 26),
    ("name", "State", None, 18),
    ("kind", "Kind", None, 9),
    ("step_count", "Steps", "0", 7),
    ("total_process_time_minutes", "PT (min)", "#,##0.0", 11),
    ("total_lead_time_minutes", "LT (min)", "#,##0.0", 12),
    ("total_wait_time_minutes", "WT (min)", "#,##0.0", 12),
    ("flow_efficiency", "Flow efficiency", "0.00%", 11),
    ("flow_rating", "Flow rating", None, 17),
    ("rolled_complete_accurate", "Rolled %C&A", "0.0%", 11),
    ("wip_total", "WIP", "#,##0.##", 9),
    ("capacity_constraint", "Capacity constraint", None, 20),
    ("largest_delay", "Largest delay", None, 20),
    ("best_alternative", "Best alternative", None, 18),
    ("best_wbf", "Best WBF", "0.0000", 10),
    ("label", "Chart label", None, 34),
)
BAND_FILLS = {  # fill colours of the flow-efficiency bands (METHOD.md section 1)
    "significant waste": "F8CBAD",
    "moderate": "FFE699",
    "good": "C6E0B4",
    "excellent": "A9D08E",
}


def write_portfolio_workbook(portfolio: Portfolio, path) -> Path:
    """Write the portfolio workbook atomically to ``path``."""
    from openpyxl import Workbook
    from openpyxl.chart import BarChart, Reference
    from openpyxl.formatting.rule import FormulaRule
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.table import Table, TableStyleInfo

    from vsm_xl.io.atomic import atomic_path
    from vsm_xl.io.safe_text import text_cell

    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    ws["A1"] = "Value stream portfolio"
    ws["A1"].font = Font(bold=True, size=14)
    streams = len({(r["file"], r["value_stream"]) for r in portfolio.rows})
    ws["A2"] = (f"{streams} value stream{'s' if streams != 1 else ''}, {len(portfolio.rows)} rows, from "
                f"{portfolio.files} file{'s' if portfolio.files != 1 else ''}"
                + (f"; {len(portfolio.failures)} not read (see '{FAILURES_SHEET}')" if portfolio.failures else "")
                + ". Flow efficiency = total PT / total LT; bands: < 5 % significant waste, < 15 % moderate, "
                  "<= 25 % good, above excellent. WBF: lower is better.")
    for c, (key, header, fmt, width) in enumerate(COLUMNS, start=1):
        cell = ws.cell(row=HEADER_ROW, column=c, value=header)
        cell.font = Font(bold=True)
        ws.column_dimensions[get_column_letter(c)].width = width
    for r, row in enumerate(portfolio.rows, start=HEADER_ROW + 1):
        values = dict(row)
        values["label"] = " – ".join(str(v) for v in (row.get("value_stream"), row.get("name")) if v)
        for c, (key, _, fmt, _) in enumerate(COLUMNS, start=1):
            cell = text_cell(ws.cell(row=r, column=c), values.get(key))
            if fmt:
                cell.number_format = fmt
    last_row = HEADER_ROW + max(len(portfolio.rows), 1)
    last_col = get_column_letter(len(COLUMNS))
    table = Table(displayName="Portfolio", ref=f"A{HEADER_ROW}:{last_col}{last_row}")
    table.tableStyleInfo = TableStyleInfo(name="TableStyleLight9", showRowStripes=True)
    ws.add_table(table)
    ws.freeze_panes = f"A{HEADER_ROW + 1}"
    ws.page_setup.orientation = "landscape"  # printed: the table and the chart on one page wide
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    if portfolio.rows:
        fe_col = get_column_letter(_column("flow_efficiency"))
        band_col = get_column_letter(_column("flow_rating"))
        first = HEADER_ROW + 1
        for band, colour in BAND_FILLS.items():
            ws.conditional_formatting.add(
                f"{fe_col}{first}:{band_col}{last_row}",
                FormulaRule(formula=[f'${band_col}{first}="{band}"'],
                            fill=PatternFill(start_color=colour, end_color=colour, fill_type="solid")))
        chart = BarChart()
        chart.type = "bar"
        chart.style = 10
        chart.title = "Flow efficiency per value stream and state"
        chart.y_axis.title = "Flow efficiency"
        chart.y_axis.numFmt = "0%"
        chart.y_axis.majorGridlines = None
        chart.legend = None
        data = Reference(ws, min_col=_column("flow_efficiency"), min_row=HEADER_ROW, max_row=last_row)
        labels = Reference(ws, min_col=_column("label"), min_row=HEADER_ROW + 1, max_row=last_row)
        chart.add_data(data, titles_from_data=True)
        chart.set_categories(labels)
        chart.x_axis.scaling.orientation = "maxMin"  # first row on top, like the table
        chart.x_axis.delete = False
        chart.y_axis.delete = False
        chart.width = 18
        chart.height = min(max(7.5, 0.6 * len(portfolio.rows) + 3), 80)
        ws.add_chart(chart, f"{get_column_letter(len(COLUMNS) + 2)}{HEADER_ROW}")
    if portfolio.failures:
        bad = wb.create_sheet(FAILURES_SHEET)
        bad["A1"] = "File"
        bad["B1"] = "Why it was not read"
        bad["A1"].font = bad["B1"].font = Font(bold=True)
        for r, (name, reason) in enumerate(portfolio.failures, start=2):
            text_cell(bad.cell(row=r, column=1), name)
            text_cell(bad.cell(row=r, column=2), reason)
        bad.column_dimensions["A"].width = 34
        bad.column_dimensions["B"].width = 120
    path = Path(path)
    with atomic_path(path) as tmp:
        wb.save(tmp)
    return path


def _column(key: str) -> int:
    return next(i for i, c in enumerate(COLUMNS, start=1) if c[0] == key)
