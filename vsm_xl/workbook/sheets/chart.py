"""The indifference-curve chart of the Results sheet: every alternative as a point
(G non-monetary, G monetary), its quarter circle of radius WBF around the ideal (1, 1), and
the ideal point. A native Excel scatter chart over cells, so it redraws without the add-in."""
from __future__ import annotations

from openpyxl.chart import Reference, ScatterChart, Series
from openpyxl.chart.layout import Layout, ManualLayout
from openpyxl.chart.legend import LegendEntry
from openpyxl.chart.marker import Marker
from openpyxl.chart.series import SeriesLabel, StrRef

from vsm_xl.workbook.layout import template_layout as L

PALETTE = ("1F77B4", "FF7F0E", "2CA02C", "D62728", "9467BD", "8C564B", "E377C2", "7F7F7F",
           "BCBD22", "17BECF")


def _label(ws, col: int, row: int) -> SeriesLabel:
    return SeriesLabel(strRef=StrRef(f"{L.sheet_ref(ws.title)}!{L.cell(col, row, absolute=True)}"))


def indifference_chart(ws, table: L.ResultsTable) -> ScatterChart:
    """The chart over ``table``'s cells (points, curves, ideal point); not yet placed."""
    chart = ScatterChart(scatterStyle="lineMarker")
    chart.title = L.CHART_TITLE
    chart.style = 2
    chart.visible_cells_only = False  # its curve points live in hidden rows (template.curves)
    chart.height = 11
    chart.width = 17
    chart.x_axis.title = "G non-monetary"
    chart.y_axis.title = "G monetary"
    for axis in (chart.x_axis, chart.y_axis):
        axis.scaling.min = 0
        axis.scaling.max = 1
        axis.majorUnit = 0.2
        axis.number_format = "0.0"
        axis.delete = False  # openpyxl 3.1 otherwise hides the axes in current Excel
    first_curve = table.curves_first_row
    last_curve = first_curve + len(L.CURVE_ANGLES) - 1
    hidden = []
    index = 0
    for j in range(table.n_alternatives):
        color = PALETTE[j % len(PALETTE)]
        x = Reference(ws, min_col=table.col(j), min_row=table.row("g_non_monetary"))
        y = Reference(ws, min_col=table.col(j), min_row=table.row("g_monetary"))
        point = Series(y, x)
        point.tx = _label(ws, table.col(j), table.row("alternative"))
        point.marker = Marker(symbol="circle", size=9)
        point.marker.graphicalProperties = None
        point.graphicalProperties.line.noFill = True
        _color_marker(point, color)
        chart.series.append(point)
        index += 1
        cx = Reference(ws, min_col=table.curve_x_col(j), min_row=first_curve, max_row=last_curve)
        cy = Reference(ws, min_col=table.curve_y_col(j), min_row=first_curve, max_row=last_curve)
        curve = Series(cy, cx)
        curve.tx = _label(ws, table.curve_x_col(j), table.curves_header_row - 1)
        curve.marker = Marker(symbol="none")
        curve.smooth = True
        curve.graphicalProperties.line.solidFill = color
        curve.graphicalProperties.line.dashStyle = "dash"
        curve.graphicalProperties.line.width = 12700
        chart.series.append(curve)
        hidden.append(index)
        index += 1
    ideal = Series(Reference(ws, min_col=3, min_row=table.ideal_row),
                   Reference(ws, min_col=2, min_row=table.ideal_row))
    ideal.tx = _label(ws, 1, table.ideal_row)
    ideal.marker = Marker(symbol="diamond", size=11)
    ideal.graphicalProperties.line.noFill = True
    _color_marker(ideal, "000000")
    chart.series.append(ideal)
    chart.legend.position = "r"
    chart.legend.legendEntry = [LegendEntry(idx=k, delete=True) for k in hidden]
    chart.layout = Layout(manualLayout=ManualLayout(x=0.02, y=0.1, w=0.7, h=0.8))
    return chart


def _color_marker(series, color: str) -> None:
    from openpyxl.chart.shapes import GraphicalProperties

    series.marker.graphicalProperties = GraphicalProperties(solidFill=color)
    series.marker.graphicalProperties.line.solidFill = color


def place_chart(ws, table: L.ResultsTable) -> None:
    """Build the chart and anchor it below the results table."""
    ws.add_chart(indifference_chart(ws, table), L.cell(1, table.ideal_row + 2))
