"""The native charts of the Charts sheet (drawn by Excel and LibreOffice from cells that hold
numbers without the add-in, :mod:`vsm_xl.workbook.map_sheet`): per state the lead-time ladder
(PT and WT per step, stacked) and the cycle time per step (PT per resource) against the takt
line; for all states their lead time and flow efficiency side by side (METHOD.md section 5)."""
from __future__ import annotations

from openpyxl.chart import BarChart, LineChart, Reference
from openpyxl.chart.series import SeriesLabel, StrRef

from vsm_xl.workbook import layout as L
from vsm_xl.workbook import map_layout as M
from vsm_xl.workbook import styles as S

PT_COLOR = "1F4E78"
WT_COLOR = "F4B183"
CYCLE_COLOR = "5B9BD5"
TAKT_COLOR = "C00000"
LT_COLOR = "ED7D31"
FE_COLOR = "70AD47"
WIDTH_CM = 11.5
HEIGHT_CM = 7.6


def _title(ws, col: int, row: int) -> SeriesLabel:
    return SeriesLabel(strRef=StrRef(f"{L.sheet_ref(ws.title)}!{L.cell(col, row, absolute=True)}"))


def title_text(text: str, size: int = 11):
    """A chart title in the sheets' font, small enough to stay on one line."""
    from openpyxl.chart.text import RichText, Text
    from openpyxl.chart.title import Title
    from openpyxl.drawing.text import CharacterProperties, Font, Paragraph, ParagraphProperties, RegularTextRun

    props = CharacterProperties(sz=size * 100, b=True, latin=Font(typeface=S.FONT_NAME))
    paragraph = Paragraph(pPr=ParagraphProperties(defRPr=props), r=[RegularTextRun(rPr=props, t=text)])
    return Title(tx=Text(rich=RichText(p=[paragraph])), overlay=False)


def _bar(title: str, y_title: str, *, stacked: bool = False) -> BarChart:
    chart = BarChart()
    chart.type = "col"
    chart.title = title_text(title)
    chart.style = 10
    chart.width, chart.height = WIDTH_CM, HEIGHT_CM
    chart.y_axis.title = y_title
    chart.y_axis.majorGridlines = None
    if stacked:
        chart.grouping = "stacked"
        chart.overlap = 100
    chart.gapWidth = 60
    chart.legend.position = "b"
    for axis in (chart.x_axis, chart.y_axis):
        axis.delete = False  # openpyxl 3.1 otherwise hides the axes in current Excel
    return chart


def _colour(series, colour: str) -> None:
    series.graphicalProperties.solidFill = colour
    series.graphicalProperties.line.solidFill = colour


def _series(chart, ws, col: int, section: M.DataSection, colour: str, shown: int) -> None:
    data = Reference(ws, min_col=col, min_row=section.first_row, max_row=section.first_row + shown - 1)
    chart.add_data(data, titles_from_data=False)
    series = chart.series[-1]
    series.tx = _title(ws, col, section.header_row)
    _colour(series, colour)


def ladder_chart(ws, section: M.DataSection, name: str, shown: int) -> BarChart:
    """PT and WT per step, stacked: the lead-time ladder of one state (its first ``shown``
    rows: the steps it had when written, or the whole block of a blank template)."""
    chart = _bar(f"Lead-time ladder: {name}" if name else "Lead-time ladder", "time (unit of totals)", stacked=True)
    _series(chart, ws, M.DATA_COL["pt"], section, PT_COLOR, shown)
    _series(chart, ws, M.DATA_COL["wt"], section, WT_COLOR, shown)
    chart.set_categories(Reference(ws, min_col=M.DATA_COL["step"], min_row=section.first_row,
                                   max_row=section.first_row + shown - 1))
    return chart


def cycle_chart(ws, section: M.DataSection, name: str, shown: int) -> BarChart:
    """PT per resource per step (bars) against takt (a line, where demand is given)."""
    chart = _bar(f"Cycle time against takt: {name}" if name else "Cycle time against takt", "minutes")
    _series(chart, ws, M.DATA_COL["cycle"], section, CYCLE_COLOR, shown)
    last = section.first_row + shown - 1
    categories = Reference(ws, min_col=M.DATA_COL["step"], min_row=section.first_row, max_row=last)
    chart.set_categories(categories)
    takt = LineChart()
    data = Reference(ws, min_col=M.DATA_COL["takt"], min_row=section.first_row, max_row=last)
    takt.add_data(data, titles_from_data=False)
    line = takt.series[0]
    line.tx = _title(ws, M.DATA_COL["takt"], section.header_row)
    line.graphicalProperties.line.solidFill = TAKT_COLOR
    line.graphicalProperties.line.width = 28575
    line.graphicalProperties.line.dashStyle = "dash"
    line.marker.symbol = "none"
    line.smooth = False
    takt.set_categories(categories)
    chart += takt
    return chart


def compare_charts(ws, n_states: int) -> tuple:
    """Lead time and flow efficiency of every state, side by side."""
    first, last = M.COMPARE_HEADER_ROW + 1, M.COMPARE_HEADER_ROW + max(n_states, 1)
    names = Reference(ws, min_col=2, min_row=first, max_row=last)
    charts = []
    for col, title, colour, fmt in ((3, "Lead time per state", LT_COLOR, "#,##0"),
                                    (5, "Flow efficiency per state", FE_COLOR, "0%")):
        chart = _bar(title, "")
        chart.add_data(Reference(ws, min_col=col, min_row=first, max_row=last), titles_from_data=False)
        series = chart.series[0]
        series.tx = _title(ws, col, M.COMPARE_HEADER_ROW)
        _colour(series, colour)
        chart.set_categories(names)
        chart.y_axis.numFmt = fmt
        chart.y_axis.number_format = fmt
        chart.legend = None
        from openpyxl.chart.label import DataLabelList

        chart.dataLabels = DataLabelList()
        chart.dataLabels.showVal = True
        for flag in ("showSerName", "showCatName", "showLegendKey", "showPercent"):
            setattr(chart.dataLabels, flag, False)
        chart.width, chart.height = WIDTH_CM, HEIGHT_CM
        charts.append(chart)
    return tuple(charts)


def add_flow_charts(ws, geometry: L.Geometry, mg: M.MapGeometry, states: list) -> None:
    """Place every chart on the Charts sheet: the comparison beside its table, each state's
    ladder and cycle-time charts beside its data table."""
    n = len(geometry.blocks)
    lt_chart, fe_chart = compare_charts(ws, n)
    below = M.compare_charts_row(n)
    ws.add_chart(lt_chart, L.cell(1, below))
    ws.add_chart(fe_chart, L.cell(M.DATA_COL["cycle"], below))
    for b, section in enumerate(mg.data):
        state = states[b] if b < len(states) else None
        name = state.name if state is not None else ""
        shown = len(state.steps) if state is not None and state.steps else section.n_rows
        ws.add_chart(ladder_chart(ws, section, name, shown), L.cell(1, section.total_row + 2))
        ws.add_chart(cycle_chart(ws, section, name, shown), L.cell(M.DATA_COL["cycle"], section.total_row + 2))
