"""Saved results in the formula cells of a workbook the template writes, so that it shows
numbers where the VSM_* functions are not installed.

openpyxl saves formulas without their results. A spreadsheet program without the add-in then
computes them and shows ``#NAME?``. With a saved result (``<c><f>..</f><v>0.0265</v></c>``) and
no forced recalculation on opening, Excel and LibreOffice (default settings) show the saved
result until an input changes (docs/PLATFORM facts: /work/shared/PLATFORM_NOTES.md). The
results come from the core's Analysis, the same figures ``vsm-xl evaluate`` prints, through
:func:`vsm_xl.workbook.evaluated.result_cells.result_cells`: one place says what each result cell holds.

Native formulas that compute from those cells (ranks, the best alternative, WT) get their
saved result too where the Analysis says it; the others (mirrored names, the pairwise lower
triangle) LibreOffice and Excel compute themselves from saved inputs.
"""
from __future__ import annotations

from pathlib import Path

from vsm_xl.core.errors import VsmError
from vsm_xl.workbook.layout import template_layout as L
from vsm_xl.workbook.evaluated.result_cells import Native, result_cells


def cached_values(read, analysis) -> dict:
    """``{(sheet, row, col): value}``: the result of every result cell of ``read`` (a
    :class:`~vsm_xl.workbook.read.reader.WorkbookRead`) under ``analysis``; a blank result is ``""``
    (a formula that shows nothing)."""
    values = {}
    for key, v in result_cells(read, analysis).items():
        v = v.value if isinstance(v, Native) else v
        values[key] = "" if v is None else v
    t = read.geometry.results
    evaluation = analysis.evaluation
    if t is not None:
        for j in range(t.n_alternatives):
            alt = evaluation.alternatives[j] if evaluation is not None and j < len(evaluation.alternatives) else None
            values[(L.RESULTS, t.row("rank"), t.col(j))] = alt.rank if alt is not None else ""
        has = evaluation is not None and evaluation.alternatives
        values[(L.RESULTS, t.best_row, 2)] = evaluation.best if has else L.NO_EVALUATION
        values[(L.RESULTS, t.best_wbf_row, 2)] = min(a.wbf for a in evaluation.alternatives) if has else ""
    return values


def add_cached_values(path) -> bool:
    """Write the saved results into the formula cells of the workbook at ``path`` (in place: call
    it on the temporary file of an atomic write). Returns False, leaving the file as it is, when
    the workbook's inputs do not evaluate (``vsm-xl evaluate`` names the problems)."""
    from vsm_xl.workbook.xlsx.package import epoch_of
    from vsm_xl.workbook.xlsx.patch import cache_results
    from vsm_xl.workbook.read.reader import read_workbook

    path = Path(path)
    try:
        read = read_workbook(path)  # the batch: the same reading and analysis as vsm-xl evaluate
    except VsmError:
        return False
    package, analysis = read.package, read.analysis
    if package is None or analysis is None:
        return False
    by_sheet: dict = {}
    for (sheet, row, col), value in cached_values(read, analysis).items():
        by_sheet.setdefault(sheet, {})[(row, col)] = value
    parts = dict(package.parts)
    epoch = epoch_of(package)
    for title, part in package.sheets:
        if title in by_sheet:
            patched = cache_results(parts[part], by_sheet[title], epoch)
            if patched is not None:
                parts[part] = patched
    import zipfile

    data = {info.filename: parts[info.filename] for info in package.infos if info.filename in parts}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for info in package.infos:
            if info.filename in data:
                zf.writestr(info, data[info.filename])
    return True
