"""The native charts of the Charts sheet (drawn by Excel and LibreOffice from cells that hold
numbers without the add-in, :mod:`vsm_xl.workbook.sheets.map_sheet`): per state the lead-time ladder
(PT and WT per step, stacked, and PT in minutes on a second axis, so that process time shows
beside the waiting) and the cycle time per step (PT per resource) against the takt line (only
where there is customer demand); for all states their lead time and flow efficiency side by
side (METHOD.md section 5). Every axis is titled with its unit; every ladder reaches the longest
step lead time of all states (an invisible series), so that the states share one scale."""
from __future__ import annotations

from openpyxl.chart import BarChart, LineChart, Reference
from openpyxl.chart.legend import LegendEntry
from openpyxl.chart.series import SeriesLabel, StrRef

from vsm_xl.core import chart_steps
from vsm_xl.workbook.layout import template_layout as L
from vsm_xl.workbook.layout import map_layout as M
from vsm_xl.workbook.layout import styles as S

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


def ladder_chart(ws, section: M.DataSection, name: str, shown: int, unit: str = "h",
                 block: L.StepBlock | None = None) -> BarChart:
    """PT and WT per step, stacked: the lead-time ladder of one state (its first ``shown``
    rows: the steps it had when written, or the whole block of a blank template), in ``unit``;
    PT in minutes (from the Steps block) as markers on a second axis; an invisible point at the
    longest step lead time of all states (the common scale)."""
    chart = _bar(f"Lead-time ladder: {name}" if name else "Lead-time ladder", f"Time per step ({unit})",
                 stacked=True)
    _series(chart, ws, M.DATA_COL["pt"], section, PT_COLOR, shown)
    _series(chart, ws, M.DATA_COL["wt"], section, WT_COLOR, shown)
    categories = Reference(ws, min_col=M.DATA_COL["step"], min_row=section.first_row,
                           max_row=section.first_row + shown - 1)
    chart.set_categories(categories)
    scale = LineChart()  # on the bars' axis: reaches the common maximum, drawn as nothing
    scale.add_data(Reference(ws, min_col=M.UNIT_VALUE_COL, min_row=M.LONGEST_ROW), titles_from_data=False)
    scale.series[0].graphicalProperties.line.noFill = True
    scale.series[0].marker.symbol = "none"
    scale.set_categories(categories)
    chart += scale
    if block is not None and "pt_min" in block.columns:
        steps = ws.parent[L.STEPS]
        col = block.columns["pt_min"]
        process = LineChart()
        process.add_data(Reference(steps, min_col=col, min_row=block.first_row,
                                   max_row=block.first_row + shown - 1), titles_from_data=False)
        series = process.series[0]
        series.tx = SeriesLabel(v="PT (min, right axis)")
        series.graphicalProperties.line.noFill = True
        series.marker.symbol = "diamond"
        series.marker.size = 8
        series.marker.graphicalProperties.solidFill = PT_COLOR
        series.marker.graphicalProperties.line.solidFill = PT_COLOR
        longest = Reference(ws, min_col=M.LONGEST_PT_COL, min_row=M.LONGEST_ROW)
        process.add_data(longest, titles_from_data=False)  # the common PT scale, drawn as nothing
        process.series[1].graphicalProperties.line.noFill = True
        process.series[1].marker.symbol = "none"
        process.y_axis.axId = 200
        process.y_axis.numFmt = "#,##0"
        process.y_axis.number_format = "#,##0"
        process.y_axis.title = "Process time (min)"
        process.y_axis.crosses = "max"
        process.y_axis.majorGridlines = None
        process.y_axis.delete = False
        process.set_categories(categories)
        chart += process
    # the invisible scale series: no legend entries
    chart.legend.legendEntry = [LegendEntry(idx=2, delete=True), LegendEntry(idx=4, delete=True)]
    return chart


def cycle_chart(ws, section: M.DataSection, name: str, shown: int, takt: bool = True) -> BarChart:
    """PT per resource per step (bars) against takt (a line, only where demand is given)."""
    title = "Cycle time against takt" if takt else "Cycle time"
    chart = _bar(f"{title}: {name}" if name else title, "Cycle time: PT per resource (min)")
    _series(chart, ws, M.DATA_COL["cycle"], section, CYCLE_COLOR, shown)
    last = section.first_row + shown - 1
    categories = Reference(ws, min_col=M.DATA_COL["step"], min_row=section.first_row, max_row=last)
    chart.set_categories(categories)
    chart.x_axis.title = "Step"
    if not takt:  # no customer demand: no takt line, no legend entry for it
        chart.legend = None
        return chart
    takt_line = LineChart()
    data = Reference(ws, min_col=M.DATA_COL["takt"], min_row=section.first_row, max_row=last)
    takt_line.add_data(data, titles_from_data=False)
    line = takt_line.series[0]
    line.tx = _title(ws, M.DATA_COL["takt"], section.header_row)
    line.graphicalProperties.line.solidFill = TAKT_COLOR
    line.graphicalProperties.line.width = 28575
    line.graphicalProperties.line.dashStyle = "dash"
    line.marker.symbol = "none"
    line.smooth = False
    takt_line.set_categories(categories)
    chart += takt_line
    return chart


def compare_charts(ws, n_states: int, unit: str = "h") -> tuple:
    """Lead time and flow efficiency of every state, side by side, their axes titled."""
    first, last = M.COMPARE_HEADER_ROW + 1, M.COMPARE_HEADER_ROW + max(n_states, 1)
    names = Reference(ws, min_col=2, min_row=first, max_row=last)
    charts = []
    for col, title, colour, fmt, y_title in ((3, "Lead time per state", LT_COLOR, "#,##0.#", f"Lead time ({unit})"),
                                             (5, "Flow efficiency per state", FE_COLOR, "0%", "Flow efficiency (%)")):
        chart = _bar(title, y_title)
        chart.x_axis.title = "State"
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


def add_flow_charts(ws, geometry: L.Geometry, mg: M.MapGeometry, states: list, *, unit: str = "h",
                    takt: bool = True) -> None:
    """Place every chart on the Charts sheet: the comparison beside its table, each state's
    ladder and cycle-time charts beside its data table. ``unit``: the Charts sheet's unit (the
    axis titles name it); ``takt``: whether there is a takt line to draw."""
    n = len(geometry.blocks)
    lt_chart, fe_chart = compare_charts(ws, n, unit)
    below = M.compare_charts_row(n)
    ws.add_chart(lt_chart, L.cell(1, below))
    ws.add_chart(fe_chart, L.cell(M.DATA_COL["cycle"], below))
    for b, section in enumerate(mg.data):
        state = states[b] if b < len(states) else None
        name = state.name if state is not None else ""
        shown = len(state.steps) if state is not None and state.steps else section.n_rows
        block = geometry.blocks[b] if b < len(geometry.blocks) else None
        if section.summary_of:  # its longest steps and the others (core.chart_steps), said in the titles
            name, shown, block = name + chart_steps.title_suffix(section.summary_of), section.n_rows, None
        ws.add_chart(ladder_chart(ws, section, name, shown, unit, block), L.cell(1, section.total_row + 2))
        ws.add_chart(cycle_chart(ws, section, name, shown, takt),
                     L.cell(M.DATA_COL["cycle"], section.total_row + 2))
