"""Rows written straight into the sheet XML of a saved workbook: the rows of a large state
block (and of its data table on the Charts sheet), so that a 100,000-step stream converts in
bounded memory.

openpyxl keeps every cell as an object (some 8 KB per step row of styled cells with formulas).
For a stream larger than :data:`STREAM_OVER` steps per state the template builder writes only
the first row of each large table through openpyxl
(:func:`vsm_xl.workbook.sheets.template.build_streamed`); each :class:`RowRun` describes the rows
left out. :func:`write_runs` then rewrites the saved package once, writing those rows one by
one into their sheet part with the cell styles of the table's first row, their saved results
included (:mod:`vsm_xl.workbook.evaluated.cached_values`). What a row holds comes from the same functions
the builder uses (:func:`vsm_xl.workbook.sheets.template.step_row`,
:func:`vsm_xl.workbook.sheets.map_sheet.data_row`): one place for each cell's formula and style.
"""
from __future__ import annotations

import math
import zipfile
from dataclasses import dataclass, replace
from pathlib import Path
from types import SimpleNamespace
from typing import Callable, cast

from vsm_xl.workbook.layout.template_layout import column_letter
from vsm_xl.io.safe_text import check_text
from vsm_xl.workbook.xlsx.patch import Put, cell_xml, escape, result_cell_xml

STREAM_OVER = 2_000  # steps of a state above which convert writes its rows straight into the XML
_NO = object()  # no saved result
_CHUNK = 500  # rows joined before they are written
_ZIP64_ROWS = 500_000  # rows of a sheet beyond which its part may need zip64 (some 2 KB of XML a row)


@dataclass(frozen=True)
class RowRun:
    """Rows ``first``..``last`` of ``sheet`` left out by the builder; ``style_row`` is the
    written row whose cell styles they take; ``cells(row, results)`` gives
    ``[(column, Put, saved result or _NO)]`` of one row (results: whether to give them)."""

    sheet: str
    first: int
    last: int
    style_row: int
    cells: Callable


def step_cells(block, steps, rule, step_row: Callable, input_kind, clock=None) -> Callable:
    """``cells`` of the rows of a state block. ``step_row`` and ``input_kind``: the builder's
    (:func:`vsm_xl.workbook.sheets.template.step_row`, ``template.INPUT``), passed in by the builder so
    that this module does not import it back."""
    from vsm_xl.workbook.evaluated.result_cells import Native, step_results

    def cells(r: int, results: bool) -> list:
        k = r - block.first_row
        saved = step_results(block.columns, r, steps[k] if k < len(steps) else None) if results else {}
        out = []
        for key, col, kind, value in step_row(block, k, steps, rule, clock):
            text = kind == input_kind
            put = Put(formula=value) if not text and _is_formula(value) else Put(value=value)
            result = saved.get(col, _NO)
            if isinstance(result, Native):
                result = result.value
            out.append((col, put, "" if result is None else result, text))
        return out

    return cells


def data_cells(section, group_of: dict, data_row: Callable) -> Callable:
    """``cells`` of the rows of a state's data table on the Charts sheet (no saved results:
    spreadsheet programs compute these native formulas themselves). ``data_row``: the builder's
    (:func:`vsm_xl.workbook.sheets.map_sheet.data_row`), passed in so that this module does not import it
    back."""
    from vsm_xl.workbook.layout import map_layout as M

    def cells(r: int, results: bool) -> list:
        values = data_row(section, r - section.first_row, group_of)
        return [(M.DATA_COL[key], Put(formula=v) if _is_formula(v) else Put(value=v), _NO, False)
                for key, *_ in M.DATA_COLUMNS for v in (values[key],)]

    return cells


def _is_formula(value) -> bool:
    return isinstance(value, str) and value.startswith("=")


def is_large(stream, stream_over: int | None = None) -> bool:
    """Whether a state of ``stream`` has more steps than ``stream_over`` (default
    :data:`STREAM_OVER`): then its workbook is written with :func:`finish`."""
    limit = STREAM_OVER if stream_over is None else stream_over
    return max((len(state.steps) for state in stream.states), default=0) > limit


def finish(path, runs: list, stream) -> None:
    """Complete the workbook saved at ``path`` by :func:`vsm_xl.workbook.sheets.template.build_streamed`:
    the rows of ``runs`` and the saved results (numbers without the add-in) of every cell."""
    write_runs(path, runs, saved_results(path, runs, analysis_or_none(stream)))


def analysis_or_none(stream):
    """The analysis of ``stream``, None when it does not evaluate (then the outputs of convert
    carry no computed figures; ``vsm-xl evaluate`` names the problems)."""
    from vsm_xl.core.analysis import analyze
    from vsm_xl.core.errors import VsmError

    try:
        return analyze(stream)
    except VsmError:
        return None


def write_runs(path, runs: list, saved: dict | None) -> None:
    """Rewrite the package at ``path`` in place (call it on the temporary file of an atomic
    write) with the rows of ``runs`` written into their sheets. ``saved``: ``{sheet: {(row,
    col): result}}`` saved results of the cells openpyxl wrote, and a sign to save the results
    of the run rows too; None: no saved results (the workbook's inputs do not evaluate)."""
    from vsm_xl.workbook.xlsx.package import epoch_of, open_package
    from vsm_xl.workbook.xlsx.patch import cache_results

    package = open_package(path)
    epoch = epoch_of(package)
    title_of = {part: title for title, part in package.sheets}
    by_sheet: dict = {}
    for run in runs:
        by_sheet.setdefault(run.sheet, []).append(run)
    with zipfile.ZipFile(Path(path), "w", zipfile.ZIP_DEFLATED) as zf:
        for info in package.infos:
            data = package.parts.get(info.filename)
            if data is None:
                continue
            title = title_of.get(info.filename)
            if saved is not None and title in saved:
                data = cache_results(data, saved[title], epoch) or data
            if title in by_sheet:
                entry = zipfile.ZipInfo(info.filename, info.date_time)
                entry.compress_type = zipfile.ZIP_DEFLATED
                # a fast deflate level: these parts are the bulk of a large workbook (some 12 kB of
                # formulas a step on Charts); level 3 deflates them 2.6 times faster than the default 6,
                # to 1/21 instead of 1/29 of their size (measured on a converted 5,000-step sheet)
                entry._compresslevel = 3  # type: ignore[attr-defined]  # ZipInfo.compress_level from 3.13
                rows = sum(run.last - run.first + 1 for run in by_sheet[title])
                # zip64 only where a part may pass 2 GiB (some spreadsheet programs dislike it otherwise)
                with zf.open(entry, "w", force_zip64=rows > _ZIP64_ROWS) as out:
                    _write_sheet(out, data, sorted(by_sheet[title], key=lambda run: run.first), epoch,
                                 saved is not None)
            else:
                zf.writestr(info, data)


def _write_sheet(out, xml: bytes, runs: list, epoch, results: bool) -> None:
    """The worksheet ``xml`` with the rows of ``runs`` (in row order) put in their place; rows
    the builder left there (empty rows, a comment's cell) are replaced."""
    from vsm_xl.workbook.xlsx.patch import _ROW, _SHEET_DATA, _Walker, _attrs, cell_styles

    text = xml.decode("utf-8")
    m = _SHEET_DATA.search(text)
    if m is None or m.group(4) is None:
        raise ValueError("a streamed sheet without rows")  # the builder always writes a table's first row
    inner = m.group(4)
    styles = {run.first: cell_styles(inner, run.style_row) for run in runs}
    out.write(text[:m.start(4)].encode("utf-8"))
    walker = _Walker()
    pending = list(runs)
    pos = 0
    for row in _ROW.finditer(inner):
        r = walker.next_row(_attrs(row.group(1)))
        while pending and r > pending[0].last:
            out.write(inner[pos:row.start()].encode("utf-8"))
            pos = row.start()
            _write_run(out, pending.pop(0), styles, epoch, results)
        if pending and pending[0].first <= r:  # a row the run writes
            out.write(inner[pos:row.start()].encode("utf-8"))
            pos = row.end()
    out.write(inner[pos:].encode("utf-8"))
    for run in pending:
        _write_run(out, run, styles, epoch, results)
    out.write(text[m.end(4):].encode("utf-8"))


def _write_run(out, run: RowRun, styles: dict, epoch, results: bool) -> None:
    style = styles[run.first]
    letters: dict = {}
    chunk: list = []
    for r in range(run.first, run.last + 1):
        chunk.append(f'<row r="{r}">')
        for col, put, result, text in run.cells(r, results):
            letter = letters.get(col) or letters.setdefault(col, column_letter(col))
            if result is _NO or not results:
                fast = _plain_cell(f"{letter}{r}", style.get(col, 0), put, text)
                chunk.append(fast if fast is not None else
                             cell_xml("", {"r": f"{letter}{r}", "s": str(style.get(col, 0))}, put, epoch, text=text))
            else:
                fast = _result_cell(f"{letter}{r}", style.get(col, 0), put.formula, result)
                chunk.append(fast if fast is not None else
                             result_cell_xml("", {"r": f"{letter}{r}", "s": str(style.get(col, 0))}, put.formula,
                                             result, epoch))
        chunk.append("</row>")
        if len(chunk) > _CHUNK * 20:
            out.write("".join(chunk).encode("utf-8"))
            chunk = []
    out.write("".join(chunk).encode("utf-8"))


def _plain_cell(ref: str, style: int, put: Put, text: bool = False) -> str | None:
    """The text :func:`~vsm_xl.workbook.xlsx.patch.cell_xml` gives a run's formula, number,
    blank or user text cell (most of a 100,000-row run, millions of cells), without its general
    steps; None for other cells (dates, booleans, computed text), which take those steps."""
    if put.style is not None:
        return None
    s = f' s="{style}"' if style else ""
    formula, value = put.formula, put.value
    if formula is not None:
        return f'<c r="{ref}"{s}><f>{escape(formula[1:] if formula.startswith("=") else formula)}</f></c>'
    if type(value) is int or (type(value) is float and math.isfinite(value)):
        return f'<c r="{ref}"{s}><v>{"%.16g" % cast(float, value)}</v></c>'
    if value is None or value == "":
        return f'<c r="{ref}"{s}/>'
    if text and type(value) is str:
        check_text(value, ref)  # the one rule for text (io.safe_text), as cell_xml applies it
        space = ' xml:space="preserve"' if value != value.strip() and value.strip() else ""
        return f'<c r="{ref}"{s} t="inlineStr"><is><t{space}>{escape(value)}</t></is></c>'
    return None


def _result_cell(ref: str, style: int, formula: str | None, result) -> str | None:
    """The text :func:`~vsm_xl.workbook.xlsx.patch.result_cell_xml` gives a formula cell whose
    saved result is a finite number or blank (the minutes of every step row), without its
    general steps; None for other results."""
    f = f"<f>{escape(formula[1:] if formula.startswith('=') else formula)}</f>" if formula else ""
    if type(result) is int or (type(result) is float and math.isfinite(result)):
        return f'<c r="{ref}" s="{style}">{f}<v>{"%.16g" % cast(float, result)}</v></c>'
    if result == "" and type(result) is str:
        return f'<c r="{ref}" s="{style}" t="str">{f}<v></v></c>'
    return None


def saved_results(path, runs: list, analysis) -> dict | None:
    """``{sheet: {(row, col): result}}`` of the cells the builder wrote into the workbook at
    ``path`` (before :func:`write_runs`), from ``analysis`` of the whole stream; None when the
    workbook's inputs do not read back (then no results are saved, as
    :func:`vsm_xl.workbook.evaluated.cached_values.add_cached_values` does)."""
    from vsm_xl.core.errors import VsmError
    from vsm_xl.workbook.evaluated.cached_values import cached_values
    from vsm_xl.workbook.layout.template_layout import STEPS
    from vsm_xl.workbook.read.reader import read_workbook

    if analysis is None:
        return None
    try:
        read = read_workbook(path, analyze_it=False)  # the first rows only: small
    except VsmError:
        return None
    cut = {run.style_row: run.first for run in runs if run.sheet == STEPS}  # a block's first row -> first left out
    blocks = [replace(b, last_row=cut[b.first_row] - 1, step_rows=[r for r in b.step_rows if r < cut[b.first_row]])
              if b.first_row in cut else b for b in read.geometry.blocks]
    view = SimpleNamespace(geometry=replace(read.geometry, blocks=blocks), state_blocks=read.state_blocks,
                           grids=read.grids)
    by_sheet: dict = {}
    for (sheet, row, col), value in cached_values(view, analysis).items():
        by_sheet.setdefault(sheet, {})[(row, col)] = value
    return by_sheet
