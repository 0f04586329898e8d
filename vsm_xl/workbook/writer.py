"""Writing workbooks: the template (blank or filled from a ValueStream, live VSM_* formulas)
and the evaluated copy of a workbook (every result a number or a native formula, so that it
shows numbers without the add-in). Writes are atomic. The evaluated copy is the source package
with its result cells patched (:mod:`vsm_xl.workbook.xlsx.patch`): nothing else is touched, so it
keeps even what openpyxl cannot carry, and it is verified against the source
(:mod:`vsm_xl.workbook.evaluated.preserve`).
"""
from __future__ import annotations

import datetime as _dt
from pathlib import Path

from openpyxl.utils.cell import coordinate_to_tuple

from vsm_xl.core.errors import InputError, Problem, VsmError
from vsm_xl.core.limits import shorten
from vsm_xl.io.atomic import atomic_path
from vsm_xl.workbook.layout import template_layout as L
from vsm_xl.workbook.evaluated import preserve
from vsm_xl.workbook.layout import styles as S
from vsm_xl.workbook.evaluated.result_cells import Native, result_cells
from vsm_xl.workbook.xlsx.grid import is_formula
from vsm_xl.workbook.evaluated.evaluated_marks import filled_inputs
from vsm_xl.workbook.xlsx.patch import (
    Put, StylesPatch, cell_style, content_types, drop_relationship, full_calc_on_load,
)
from vsm_xl.workbook.evaluated.package_copy import PartsCopy, write_package


def write_template(path, stream=None, *, room: bool | None = None) -> Path:
    """Write the template to ``path``: blank (``stream`` None) or filled from ``stream`` with
    live ``VSM_*`` formulas. ``room``: None (default) gives a filled workbook a few spare rows,
    True the blank template's full room, False exactly its content
    (:func:`vsm_xl.workbook.sheets.template.build_workbook`). Returns the path."""
    from openpyxl.utils.exceptions import IllegalCharacterError

    from vsm_xl.workbook.sheets import row_runs

    path = Path(path)
    try:
        with atomic_path(path) as tmp:
            if stream is not None and room is None and row_runs.is_large(stream):
                _save_streamed(stream, tmp)
            else:
                _save_built(stream, room, tmp)
    except IllegalCharacterError as exc:  # a model built in Python: the files' readers refuse these first
        raise InputError(f"a text of the model holds a control character that a workbook cannot hold "
                         f"({shorten(str(exc).removesuffix(' cannot be used in worksheets.'))!r}); remove it") from None
    return path


def _save_built(stream, room, path) -> None:
    from vsm_xl.workbook.evaluated.cached_values import add_cached_values
    from vsm_xl.workbook.sheets.template import build_workbook

    wb, _ = build_workbook(stream, room=room)
    wb.save(path)
    add_cached_values(path)


def _save_streamed(stream, path) -> None:
    """A large stream's template in bounded memory (:mod:`vsm_xl.workbook.sheets.row_runs`)."""
    from vsm_xl.workbook.sheets import row_runs
    from vsm_xl.workbook.sheets.template import build_streamed

    wb, _, runs = build_streamed(stream, row_runs.STREAM_OVER)
    wb.save(path)
    del wb  # before the rows are written
    row_runs.finish(path, runs, stream)


def _has_vsm(value) -> bool:
    """A formula (plain or array) calling a VSM_* function."""
    if isinstance(value, str):
        return is_formula(value) and "VSM_" in value.upper()
    text = getattr(value, "text", None)
    return isinstance(text, str) and "VSM_" in text.upper()


def write_evaluated(source, out_path, analysis=None, *, today: _dt.date | None = None) -> tuple:
    """Write the evaluated copy of a workbook to ``out_path``.

    ``source`` is the :class:`~vsm_xl.workbook.read.reader.WorkbookRead` of the workbook (read once:
    its package, sheets, table positions and analysis are used as they are), or a path, which is
    read here. ``analysis`` defaults to the read's own (it must be of this workbook's content).

    Every ``VSM_*`` formula becomes the value the analysis computed (or a native Excel formula
    computing it: WT, totals, flow efficiency, WIP, WBF); inputs stay as they were; the Guide
    and Results sheets say that this is an evaluated copy. The copy is the source package with
    those cells patched (:mod:`vsm_xl.workbook.xlsx.patch`): everything else, the chart included,
    is kept as it was. Refuses (:class:`VsmError`) a ``.xlsx`` copy of a workbook with macros.
    Returns warnings (``Problem`` with cells) about formulas it could only replace by their
    saved value.
    """
    from vsm_xl.workbook.read.reader import WorkbookRead, read_workbook

    read = source if isinstance(source, WorkbookRead) else read_workbook(source)
    if read.package is None or read.path is None:
        raise VsmError("cannot write an evaluated copy of a workbook read without its package")
    if analysis is not None and analysis.value_stream != read.stream:
        raise VsmError("the analysis given is not of this workbook's content; evaluate the workbook itself")
    analysis = analysis if analysis is not None else read.analysis
    if analysis is None:
        raise VsmError(f"cannot write an evaluated copy of {read.path.name}: it has not been evaluated")
    package = read.package
    from vsm_xl.workbook.xlsx.grid import load_grids
    from vsm_xl.workbook.xlsx.scan import check_well_formed

    check_well_formed(read.path, package.parts)  # every XML part, also those copied unread: nothing written

    # the sheets the reader did not look at are parsed now, to be patched (a damaged one refuses the copy)
    grids = {**load_grids(package, [title for title, _ in package.sheets if title not in read.grids]), **read.grids}
    source_path, target = read.path, Path(out_path)
    suffix = preserve.output_suffix(source_path, target)
    preserve.check_macros(source_path, suffix)
    if suffix == ".xlsm" and "xl/vbaProject.bin" not in package.parts:
        raise VsmError(f"cannot write evaluated copy: {source_path.name} has no macros, so the copy must be .xlsx, "
                       f"not {target.name}")
    replacements = result_cells(read, analysis)
    notes: list = []
    puts = {}
    for title, part in package.sheets:
        if title in grids:
            puts[title] = _puts(grids[title], replacements, notes)
    del replacements  # in the puts now (some 80 MB at 100,000 steps: not kept while the sheets are patched)
    for (title, row, col), value in filled_inputs(grids, read, analysis).items():
        puts.setdefault(title, {})[(row, col)] = Put(value=value)
    day = (today or _dt.date.today()).isoformat()
    # one line that fits the Guide's printed width (the live formulas: in the original workbook)
    banner = f"{L.EVALUATED_NOTE_PREFIX}: values computed by vsm-xl on {day} from {source_path.name}"
    parts = PartsCopy(package)  # the source's parts read when asked for, the large sheets patched as streams
    try:
        _patch_parts(package, parts, grids, puts, analysis, banner, day, source_path.name, suffix)
        with atomic_path(target) as tmp:
            write_package(package, parts, tmp)
            preserve.verify_copy(source_path, tmp)
    finally:
        parts.close()
    return tuple(notes)


def _patch_parts(package, parts, grids: dict, puts: dict, analysis, banner: str, day: str, source_name: str,
                 suffix: str) -> None:
    """The copy's changed parts: result cells, banners, the Checklist and Sensitivity sheets,
    styles, calculation on opening."""
    from vsm_xl.workbook.xlsx.package import epoch_of

    try:
        styles = _styles_part(package)
        patch_styles = StylesPatch(parts[styles]) if styles else None
        _banners(package, puts, patch_styles, banner)
        epoch = epoch_of(package)
        for title, part in package.sheets:
            grid = grids.get(title)
            parts.patch_sheet(part, puts.get(title, {}), grid.formulas if grid else {}, epoch)
        from vsm_xl.workbook.evaluated.checklist_sheet import add_checklist_sheet
        from vsm_xl.workbook.evaluated.sensitivity_sheet import add_sensitivity_sheet

        add_checklist_sheet(package, parts, analysis, patch_styles, day=day, source=source_name)
        add_sensitivity_sheet(package, parts, analysis, patch_styles, day=day, source=source_name)
        if patch_styles is not None and patch_styles.changed:
            parts[styles] = patch_styles.result()
        _calculate_on_opening(package, parts, suffix)
    except (UnicodeDecodeError, ValueError, IndexError, AttributeError) as exc:  # XML not as the spec writes it
        raise VsmError(f"cannot write evaluated copy: {source_name} is laid out in a way vsm-xl cannot patch "
                       f"({exc}); evaluate without -o") from None


_BANNER_FONT = S.font_xml(bold=True)  # styles.LABEL_FONT, its face named
_BANNER_FILL = (f'<fill><patternFill patternType="solid"><fgColor rgb="00{S.EVALUATED_COLOR}"/>'
                f'<bgColor rgb="00{S.EVALUATED_COLOR}"/></patternFill></fill>')  # styles.EVALUATED_FILL
_MAIN_TYPES = {".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
               ".xlsm": "application/vnd.ms-excel.sheet.macroEnabled.main+xml"}


_MAX_ARRAY_CELLS = 100_000  # a template's largest array formula has some hundreds ...
_ARRAY_COLUMNS = 2  # ... but for the Steps table's durations: two columns of every step row


def _max_array_cells() -> int:
    """The most cells of an array formula the copy writes: a Steps table at the rows budget
    (what ``convert`` writes: 200,010 cells at 100,000 steps) or the default, whichever is more."""
    from vsm_xl.core.limits import HEADER_ALLOWANCE, current

    return max(_MAX_ARRAY_CELLS, _ARRAY_COLUMNS * (current().max_rows + HEADER_ALLOWANCE))


def _puts(grid, replacements: dict, notes: list) -> dict:
    """{(row, col): Put} of one sheet: every cell of a VSM_* formula (all cells of an array
    formula's range) with its result, in reading order."""
    title = grid.title
    puts = {}
    for (row, col) in sorted(k for k, v in grid.formulas.items() if _has_vsm(v)):
        value = grid.formulas[(row, col)]
        ref = getattr(value, "ref", None)
        if isinstance(value, str) or not ref:
            members = [(row, col)]
        else:
            first, _, last = ref.partition(":")
            try:
                r1, c1 = coordinate_to_tuple(first)
                r2, c2 = coordinate_to_tuple(last or first)
            except (ValueError, TypeError, AttributeError):
                raise VsmError(f"the array formula's range {shorten(str(ref))!r} is damaged; evaluate without -o",
                               location=L.address(title, col, row)) from None
            if (r2 - r1 + 1) * (c2 - c1 + 1) > _max_array_cells() or r2 < r1 or c2 < c1:
                raise VsmError(f"the array formula's range {shorten(str(ref))!r} is not one a template holds; "
                               "evaluate without -o", location=L.address(title, col, row))
            members = [(r, c) for r in range(r1, r2 + 1) for c in range(c1, c2 + 1)]
        for r, c in members:
            puts[(r, c)] = _put(grid, r, c, title, replacements, notes)
    return puts


def _put(grid, row: int, col: int, title: str, replacements: dict, notes: list) -> Put:
    key = (title, row, col)
    if key in replacements:
        value = replacements[key]
        return Put(formula=value.formula) if isinstance(value, Native) else Put(value=value)
    # a VSM_* formula the template does not have (the user's own): keep its saved result
    cached = grid.saved(col, row)
    where = L.address(title, col, row)
    if cached is None:
        notes.append(Problem("a VSM_* formula vsm-xl does not know, without a saved value: left blank in the "
                             "evaluated copy", where))
    else:
        notes.append(Problem("a VSM_* formula vsm-xl does not know: its saved value is kept", where))
    return Put(value=cached)


def _styles_part(package) -> str | None:
    for _, kind, target in package.rels(package.workbook_part):
        if kind.endswith("/styles") and target in package.parts:
            return target
    return None


def _banners(package, puts: dict, patch_styles, text: str) -> None:
    """The banner saying this is an evaluated copy (at layout.EVALUATED_BANNERS), green and bold
    (the cell's own style otherwise: a copy of it with styles.EVALUATED_FILL and LABEL_FONT)."""
    parts = dict(package.sheets)
    for title, row, col in L.EVALUATED_BANNERS:
        if title not in puts:
            continue
        style = None
        if patch_styles is not None:
            try:
                style = patch_styles.derive(cell_style(package.parts[parts[title]], row, col), _BANNER_FONT,
                                            _BANNER_FILL)
                if title == L.GUIDE:  # its last printed column: a long file name wraps there, not clipped
                    style = patch_styles.aligned(style, "left", wrap=True)
            except ValueError:  # a style sheet without fonts or fills: the banner keeps the cell's look
                style = None
        puts[title][(row, col)] = Put(value=text, style=style)


def _calculate_on_opening(package, parts: dict, suffix: str) -> None:
    """fullCalcOnLoad on (native formulas compute on opening); no calculation chain (it lists
    formula cells that are values now: spreadsheet programs rebuild it); the main part's
    content type as the copy's suffix needs."""
    parts[package.workbook_part] = full_calc_on_load(parts[package.workbook_part])
    from vsm_xl.workbook.xlsx.package import rels_part

    chains = [target for _, kind, target in package.rels(package.workbook_part) if kind.endswith("/calcChain")]
    rels = rels_part(package.workbook_part)
    if chains and rels in parts:
        parts[rels] = drop_relationship(parts[rels], "/calcChain")
    for chain in chains:
        parts.pop(chain, None)
    if "[Content_Types].xml" in parts:
        parts["[Content_Types].xml"] = content_types(parts["[Content_Types].xml"], chains, package.workbook_part,
                                                     _MAIN_TYPES.get(suffix))
