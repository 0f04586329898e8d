"""Writing workbooks: the template (blank or filled from a ValueStream, live VSM_* formulas)
and the evaluated copy of a workbook (every result a number or a native formula, so that it
shows numbers without the add-in). Writes are atomic; an evaluated copy never loses content
openpyxl cannot carry (:mod:`vsm_xl.workbook.preserve`).
"""
from __future__ import annotations

import datetime as _dt
import warnings
from pathlib import Path

from vsm_xl.core.errors import Problem, VsmError
from vsm_xl.io.atomic import atomic_path
from vsm_xl.workbook import layout as L
from vsm_xl.workbook import preserve
from vsm_xl.workbook.evaluated import Native, result_cells
from vsm_xl.workbook.guide import evaluated_banner


def write_template(path, stream=None, *, room: bool | None = None) -> Path:
    """Write the template to ``path``: blank (``stream`` None) or filled from ``stream`` with
    live ``VSM_*`` formulas. ``room``: None (default) gives a filled workbook a few spare rows,
    True the blank template's full room, False exactly its content
    (:func:`vsm_xl.workbook.template.build_workbook`). Returns the path."""
    from vsm_xl.workbook.template import build_workbook

    path = Path(path)
    wb, _ = build_workbook(stream, room=room)
    with atomic_path(path) as tmp:
        wb.save(tmp)
    return path


def _has_vsm(value) -> bool:
    """A formula (plain or array) calling a VSM_* function."""
    if isinstance(value, str):
        return value.startswith("=") and "VSM_" in value.upper()
    text = getattr(value, "text", None)
    return isinstance(text, str) and "VSM_" in text.upper()


def write_evaluated(source_path, out_path, analysis, *, today: _dt.date | None = None) -> tuple:
    """Write the evaluated copy of the workbook ``source_path`` to ``out_path``.

    Every ``VSM_*`` formula becomes the value ``analysis`` computed (or a native Excel formula
    computing it: WT, totals, flow efficiency, WIP, WBF); inputs stay as they were; the Guide
    and Results sheets say that this is an evaluated copy; the chart is rebuilt. Refuses
    (:class:`VsmError`) when the copy would lose content openpyxl cannot carry. Returns
    warnings (``Problem`` with cells) about formulas it could only replace by their saved value.
    """
    import openpyxl

    from vsm_xl.workbook.reader import read_workbook

    source, target = Path(source_path), Path(out_path)
    suffix = preserve.output_suffix(source, target)
    preserve.check_source(source, suffix)
    keep_vba = suffix == ".xlsm"
    if keep_vba and not preserve.has_vba(source):
        raise VsmError(f"cannot write evaluated copy: {source.name} has no macros, so the copy must be .xlsx, "
                       f"not {target.name}")
    read = read_workbook(source, validate=False)
    _check_matches(read.stream, analysis)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        wb = openpyxl.load_workbook(source, keep_vba=keep_vba, keep_links=True)
        saved = openpyxl.load_workbook(source, data_only=True, keep_links=False)
    replacements = result_cells(read, analysis)
    notes = []
    for ws in wb.worksheets:
        _replace(ws, saved[ws.title] if ws.title in saved.sheetnames else None, replacements, notes)
    day = (today or _dt.date.today()).isoformat()
    banner = (f"{L.EVALUATED_NOTE_PREFIX}: values computed by vsm-xl on {day} from {source.name}. The live VSM_* "
              "formulas are in the original workbook (and in the template).")
    if L.GUIDE in wb.sheetnames:
        evaluated_banner(wb[L.GUIDE], banner, row=3, col=2)
    if L.RESULTS in wb.sheetnames:
        evaluated_banner(wb[L.RESULTS], banner, row=2, col=1)
        if read.geometry.results is not None:
            _rebuild_chart(wb[L.RESULTS], read.geometry.results)
    wb.calculation.fullCalcOnLoad = True  # native formulas compute on opening
    with atomic_path(target) as tmp:
        wb.save(tmp)
        preserve.verify_copy(source, tmp)
    return tuple(notes)


def _check_matches(stream, analysis) -> None:
    """The analysis must be of this workbook's content (same states, same alternatives)."""
    mine = [s.name for s in stream.states]
    theirs = [s.name for s in analysis.value_stream.states]
    if mine != theirs:
        raise VsmError(f"the analysis is of states {theirs} but the workbook holds {mine}")
    ev_a, ev_w = analysis.evaluation, stream.evaluation
    if (ev_a is None) != (ev_w is None) or (ev_a is not None and (
            tuple(a.name for a in ev_a.alternatives) != tuple(ev_w.alternatives)
            or tuple(ev_a.indicators) != tuple(i.name for i in ev_w.indicators))):
        raise VsmError("the analysis does not belong to this workbook's evaluation (alternatives or "
                       "indicators differ)")


def _replace(ws, saved_ws, replacements: dict, notes: list) -> None:
    from openpyxl.worksheet.formula import ArrayFormula

    title = ws.title
    targets = []
    for row in ws.iter_rows():
        for c in row:
            if _has_vsm(c.value):
                targets.append(c)
    for c in targets:
        if isinstance(c.value, ArrayFormula):
            ref = c.value.ref
            c.value = None
            for row in ws[ref] if ":" in ref else ((ws[ref],),):
                for member in row:
                    _set(ws, member, title, saved_ws, replacements, notes)
        else:
            _set(ws, c, title, saved_ws, replacements, notes)


def _set(ws, c, title: str, saved_ws, replacements: dict, notes: list) -> None:
    key = (title, c.row, c.column)
    if key in replacements:
        value = replacements[key]
        c.value = value.formula if isinstance(value, Native) else value
        return
    # a VSM_* formula the template does not have (the user's own): keep its saved result
    cached = saved_ws.cell(row=c.row, column=c.column).value if saved_ws is not None else None
    where = L.address(title, c.column, c.row)
    if cached is None:
        notes.append(Problem("a VSM_* formula vsm-xl does not know, without a saved value: left blank in the "
                             "evaluated copy", where))
    else:
        notes.append(Problem("a VSM_* formula vsm-xl does not know: its saved value is kept", where))
    c.value = cached


def _rebuild_chart(ws, table: L.ResultsTable) -> None:
    from vsm_xl.workbook.chart import is_our_chart, place_chart

    ours = [ch for ch in ws._charts if is_our_chart(ch)]
    anchor = None
    for chart in ours:
        anchor = getattr(chart, "anchor", None) or anchor
        ws._charts.remove(chart)
    place_chart(ws, table)
    if anchor is not None and not isinstance(anchor, str):
        ws._charts[-1].anchor = anchor
