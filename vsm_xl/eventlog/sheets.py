"""The Measurement and History sheets of a mined workbook, as new parts of its package.

Measurement says how each figure of the current state was measured (log, period, cases,
excluded cases, main-path share, and per step the percentiles); it is rewritten by every
refresh. History keeps one row per measurement (period, cases, LT, PT, FE, WIP, rolled %C&A)
and two native line charts of their trend; a refresh reads its rows back and appends one.
Both are written like the Sensitivity sheet (:func:`vsm_xl.workbook.evaluated.sensitivity_sheet.add_sheet`),
the charts as a drawing and chart parts of their own, so nothing else of the package changes.
"""
from __future__ import annotations

import datetime as _dt
import math
import posixpath
from dataclasses import dataclass

from vsm_xl.core import display as D
from vsm_xl.core.state_metrics import summarize_state
from vsm_xl.workbook.xlsx.package import rels_part
from vsm_xl.workbook.xlsx.patch import escape
from vsm_xl.workbook.evaluated.sensitivity_sheet import add_sheet, kind_styles, sheet_xml

MEASUREMENT = "Measurement"
MEASUREMENT_TITLE = "Measurement of the current state from an event log"
HISTORY = "History"
HISTORY_TITLE = "History of the measured current state"
HISTORY_HEADER_ROW = 4
# the History table: shown columns, then the raw minutes it is re-read from (hidden)
HISTORY_HEADERS = ("Measured on", "Period from", "Period to", "Cases", "LT", "PT", "FE", "WIP", "Rolled %C&A",
                   "Log", "LT (min)", "PT (min)")
_RAW_LT, _RAW_PT = 11, 12
_MEASUREMENT_WIDTHS = (24, 10, 8, 8, 10, 10, 10, 10, 10, 10, 10, 10, 10, 8, 14, 9, 19, 36)
_HISTORY_WIDTHS = (16, 18, 18, 8, 10, 11, 9, 8, 15, 26, 1, 1)
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_DRAWING_TYPE = "application/vnd.openxmlformats-officedocument.drawing+xml"
_CHART_TYPE = "application/vnd.openxmlformats-officedocument.drawingml.chart+xml"
_DRAWING_PART = "xl/drawings/vsm_history_drawing.xml"
_CHART_PARTS = ("xl/charts/vsm_history_lead_time.xml", "xl/charts/vsm_history_shares.xml")


@dataclass(frozen=True)
class HistoryRow:
    measured_on: str
    period_from: str
    period_to: str
    cases: int
    lead_time: float | None  # minutes
    process_time: float | None
    flow_efficiency: float | None
    wip: float | None
    rolled_ca: float | None
    log: str


def history_row(mined, today: _dt.date | None = None) -> HistoryRow:
    """The row a measurement adds to History: the totals of the measured current state."""
    state = mined.state
    measured = all(not math.isnan(s.process_time) for s in state.steps)
    summary = summarize_state(state) if measured else None
    lo, hi = mined.mining.period
    lt = summary.total_lead_time if summary else None
    if summary is None:  # without PT: the lead time still adds up (longest parallel branch)
        from dataclasses import replace

        zero = replace(state, steps=tuple(replace(s, process_time=0.0) for s in state.steps))
        lt = summarize_state(zero).total_lead_time
    return HistoryRow((today or _dt.date.today()).isoformat(), mined.when(lo), mined.when(hi), mined.mining.cases,
                      lt, summary.total_process_time if summary else None,
                      summary.flow_efficiency if summary else None, sum(s.inventory or 0 for s in state.steps),
                      summary.rolled_complete_accurate if summary else None, mined.source)


def read_history(package) -> list[HistoryRow]:
    """The rows of the package's own History sheet (none when it has none)."""
    from vsm_xl.workbook.xlsx.grid import load_grids

    titles = dict(package.sheets)
    part = titles.get(HISTORY)
    if part is None or HISTORY_TITLE.encode() not in package.parts.get(part, b"")[:4000]:
        return []
    grid = load_grids(package, [HISTORY])[HISTORY]
    rows = []
    for r in range(HISTORY_HEADER_ROW + 1, grid.max_row + 1):
        values = [grid.value(c, r) for c in range(1, len(HISTORY_HEADERS) + 1)]
        if values[0] in (None, ""):
            break

        def num(v):
            return float(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else None

        rows.append(HistoryRow(str(values[0]), str(values[1]), str(values[2]), int(num(values[3]) or 0),
                               num(values[_RAW_LT - 1]), num(values[_RAW_PT - 1]), num(values[6]), num(values[7]),
                               num(values[8]), str(values[9] or "")))
    return rows


# -- Measurement -----------------------------------------------------------------------------------
def measurement_rows(mined, rule) -> list[list]:
    m = mined.mining
    c = mined.columns
    two = m.two_timestamps
    rows: list[list] = [
        [(MEASUREMENT_TITLE, "title")],
        [(f"Measured by vsm-xl from {mined.source}; refreshed with `vsm-xl mine LOG --refresh WORKBOOK`. Medians "
          "are the step's figures; LT = median WT + median PT.", "text")],
        [],
        [("Period", "bold"), (mined.period_text, "text")],
        [("Cases", "bold"), (m.cases, "int")],
        [("Excluded cases", "bold"), (m.excluded_cases, "int"), ("with events outside the period", "text")],
        [("Events", "bold"), (m.events, "int")],
        [("Main-path share", "bold"), (m.main_path_share, "percent"),
         ("of the cases pass every step of the main path once, in its order", "text")],
        [("Columns", "bold"), (f"case {c.case!r}, activity {c.activity!r}, "
                               + (f"start {c.start!r}, end {c.end!r}" if c.start else
                                  f"lifecycle {c.lifecycle!r}, time {c.end!r}" if c.lifecycle else
                                  f"one timestamp {c.end!r} (PT not measured: type it)")
                               + (f", resource {c.resource!r}" if c.resource else ""), "text")],
        [("Time zone", "bold"), ("converted to UTC" if mined.utc else "as written in the log", "text")],
        [],
        [(h, "bold") for h in ("Step", "Position", "Cases", "Events", "PT p10", "PT p50", "PT p90", "WT p10",
                                "WT p50", "WT p90", "LT p10", "LT p50", "LT p90", "WIP", "WIP (Little)",
                                "%C&A", "Resources / day", "Owners (share of events)")],
    ]

    def shown(spread, attr, kind):
        if spread is None:
            return ("not in the log" if kind == D.PROCESS and not two else "–", "text")
        return (D.display(getattr(spread, attr), kind, rule), "text")

    for s in m.steps:
        rows.append([(s.name, "text"), (s.position + 1, "int"), (s.cases, "int"), (s.occurrences, "int"),
                     *(shown(s.process_time, a, D.PROCESS) for a in ("p10", "p50", "p90")),
                     *(shown(s.wait_time, a, D.WAIT) for a in ("p10", "p50", "p90")),
                     *(shown(s.lead_time, a, D.WAIT) for a in ("p10", "p50", "p90")),
                     (s.wip, "number"), (s.wip_little, "number"), (s.complete_accurate, "percent"),
                     (s.resources, "number"),
                     ("; ".join(f"{name or '(none)'} {share:.0%}" for name, share in s.owners), "text")])
    if m.off_path:
        rows += [[], [("Activities off the main path (in fewer than half of the cases)", "bold")],
                 [(h, "bold") for h in ("Activity", "Cases")]]
        rows += [[(name, "text"), (n, "int")] for name, n in m.off_path]
    rows += [[], [("How each figure was measured", "bold")]]
    rows += [[(text, "text")] for text in (
        "PT: end - start of each event of the step (median; p10 and p90 beside it).",
        "WT: start - the end of the case's previous event (of another position); the first step has none.",
        "LT of the step: median WT + median PT. WIP: cases waiting in front of the step, time-averaged over the period.",
        "WIP (Little): arrivals in the period x mean wait / the period's length, as a cross-check.",
        "%C&A: cases passing the step once and never returning to an earlier step. Resources: distinct per day.",
        "Steps sharing a position run in parallel (both orders or overlapping times in the log).")]
    return rows


def add_measurement_sheet(package, parts: dict, mined, patch_styles, rule) -> str | None:
    xml = sheet_xml(measurement_rows(mined, rule), kind_styles(patch_styles), _MEASUREMENT_WIDTHS)
    return add_sheet(package, parts, xml, MEASUREMENT, MEASUREMENT_TITLE, "rIdVsmMeasurement")


# -- History -------------------------------------------------------------------------------------
def history_units(rows, rule) -> tuple[str, str]:
    lts = [r.lead_time for r in rows if r.lead_time is not None]
    pts = [r.process_time for r in rows if r.process_time is not None]
    return (D.axis_unit(max(lts, default=0.0), D.WAIT, rule), D.axis_unit(max(pts, default=0.0), D.PROCESS, rule))


def history_rows(rows: list[HistoryRow], rule) -> list[list]:
    lt_unit, pt_unit = history_units(rows, rule)
    headers = list(HISTORY_HEADERS)
    headers[4], headers[5] = f"LT ({lt_unit})", f"PT ({pt_unit})"
    out: list[list] = [
        [(HISTORY_TITLE, "title")],
        [("One row per measurement from an event log (vsm-xl mine, --refresh): the living map's trend.", "text")],
        [],
        [(h, "bold") for h in headers],
    ]

    def in_unit(minutes, unit, kind):
        return None if minutes is None else D.shown(minutes, kind, rule, unit).value

    for r in rows:
        out.append([(r.measured_on, "text"), (r.period_from, "text"), (r.period_to, "text"), (r.cases, "int"),
                    (in_unit(r.lead_time, lt_unit, D.WAIT), "number"),
                    (in_unit(r.process_time, pt_unit, D.PROCESS), "number"),
                    (r.flow_efficiency, "percent"), (r.wip, "number"), (r.rolled_ca, "percent"), (r.log, "text"),
                    (r.lead_time, "number"), (r.process_time, "number")])
    return out


def _drawing_xml(charts: int, top_row: int) -> bytes:
    anchors = []
    for k in range(charts):
        c0, c1 = (0, 5) if k == 0 else (5, 10)
        anchors.append(
            f'<xdr:twoCellAnchor><xdr:from><xdr:col>{c0}</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>{top_row}</xdr:row>'
            f'<xdr:rowOff>0</xdr:rowOff></xdr:from><xdr:to><xdr:col>{c1}</xdr:col><xdr:colOff>0</xdr:colOff>'
            f'<xdr:row>{top_row + 18}</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:to><xdr:graphicFrame macro="">'
            f'<xdr:nvGraphicFramePr><xdr:cNvPr id="{k + 2}" name="History chart {k + 1}"/><xdr:cNvGraphicFramePr/>'
            '</xdr:nvGraphicFramePr><xdr:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/></xdr:xfrm><a:graphic>'
            '<a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/chart">'
            f'<c:chart xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" r:id="rId{k + 1}"/>'
            '</a:graphicData></a:graphic></xdr:graphicFrame><xdr:clientData/></xdr:twoCellAnchor>')
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<xdr:wsDr xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing" '
            f'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:r="{_REL}">'
            + "".join(anchors) + "</xdr:wsDr>").encode("utf-8")


def _chart_xml(title: str, series, n_rows: int, y_title: str, percent: bool) -> bytes:
    """A native line chart over the History table (openpyxl's chart model, serialised)."""
    from openpyxl import Workbook
    from openpyxl.chart import LineChart, Reference, Series
    from openpyxl.xml.functions import tostring

    ws = Workbook().active
    ws.title = HISTORY
    chart = LineChart()
    chart.title = title
    chart.y_axis.title = y_title
    chart.x_axis.title = "Period to"
    chart.y_axis.delete = False
    chart.x_axis.delete = False
    if percent:
        chart.y_axis.numFmt = "0%"
        chart.y_axis.number_format = "0%"
    first, last = HISTORY_HEADER_ROW + 1, HISTORY_HEADER_ROW + n_rows
    for col, name in series:
        s = Series(Reference(ws, min_col=col, min_row=first, max_row=last), title=name)
        s.marker.symbol = "circle"
        chart.series.append(s)
    chart.set_categories(Reference(ws, min_col=3, min_row=first, max_row=last))  # the period's end
    chart.y_axis.scaling.min = 0
    chart.legend.position = "b"
    return b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' + tostring(chart._write())


def add_history_sheet(package, parts: dict, rows: list[HistoryRow], patch_styles, rule) -> str | None:
    """Write History (its rows, then the two charts below them) into ``parts``."""
    table = history_rows(rows, rule)
    lt_unit, _ = history_units(rows, rule)
    xml = sheet_xml(table, kind_styles(patch_styles), _HISTORY_WIDTHS)
    hidden = ''.join(f'<col min="{c}" max="{c}" width="10" hidden="1" customWidth="1"/>' for c in (_RAW_LT, _RAW_PT))
    text = xml.decode("utf-8")
    text = text.replace(f'<col min="{_RAW_LT}" max="{_RAW_LT}" width="1" customWidth="1"/>'
                        f'<col min="{_RAW_PT}" max="{_RAW_PT}" width="1" customWidth="1"/>', hidden)
    text = text.replace("</worksheet>", '<drawing r:id="rIdVsmHistoryDrawing"/></worksheet>')
    xml = text.encode("utf-8")
    name = add_sheet(package, parts, xml, HISTORY, HISTORY_TITLE, "rIdVsmHistory")
    if name is None:
        return None
    part = next(p for p, data in parts.items() if data is xml)
    parts[rels_part(part)] = _rels([("rIdVsmHistoryDrawing", "drawing", posixpath.relpath(_DRAWING_PART, posixpath.dirname(part)))])
    n = len(rows)
    parts[_DRAWING_PART] = _drawing_xml(2, len(table) + 1)
    parts[rels_part(_DRAWING_PART)] = _rels([(f"rId{k + 1}", "chart", "../charts/" + posixpath.basename(c))
                                             for k, c in enumerate(_CHART_PARTS)])
    parts[_CHART_PARTS[0]] = _chart_xml("Lead time of the current state", ((5, f"LT ({lt_unit})"),), n,
                                        f"LT ({lt_unit})", False)
    parts[_CHART_PARTS[1]] = _chart_xml("Flow efficiency and rolled %C&A", ((7, "FE"), (9, "Rolled %C&A")), n, "",
                                        True)
    if "[Content_Types].xml" in parts:
        types = parts["[Content_Types].xml"].decode("utf-8")
        for p, kind in ((_DRAWING_PART, _DRAWING_TYPE), *((c, _CHART_TYPE) for c in _CHART_PARTS)):
            if f'PartName="/{p}"' not in types:
                types = types.replace("</Types>", f'<Override PartName="/{p}" ContentType="{kind}"/></Types>')
        parts["[Content_Types].xml"] = types.encode("utf-8")
    return name


def _rels(items) -> bytes:
    body = "".join(f'<Relationship Id="{i}" Type="{_REL}/{kind}" Target="{escape(target)}"/>' for i, kind, target in items)
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            + body + "</Relationships>").encode("utf-8")
