"""Writing what one conversion produced: the template workbook (built by the workbook
writer, with live VSM_* formulas), marked where the reading was ambiguous or guessed, and
the YAML beside it.

Marks: a cell comment on the template cell a note is about (a step's PT, a column header)
and a "Conversion notes" sheet listing every note with its source cell and template cell.
Both are added to the workbook the writer builds before it is saved once, atomically.
"""
from __future__ import annotations

from pathlib import Path

from vsm_xl.convert import vocabulary as V
from vsm_xl.convert.log import AMBIGUOUS, INFO, WARNING, FileLog, Note
from vsm_xl.core.model import ValueStream

NOTES_SHEET = "Conversion notes"

# field of a team sheet -> column key of the template's state blocks
_TEMPLATE_COLUMN = {
    V.STEP: "step", V.OWNER: "owner", V.PROCESS_TIME: "pt", V.LEAD_TIME: "lt", V.WAIT_TIME: "lt",
    V.COMPLETE_ACCURATE: "ca", V.INVENTORY: "inventory", V.CHANGEOVER: "changeover",
    V.NOTES: "notes", V.WASTE: "wastes", V.RESOURCES: "resources",
}
_LEVEL_WORD = {AMBIGUOUS: "ambiguous", WARNING: "warning", INFO: "info"}


def template_cell(note: Note, geometry) -> tuple[str, int, int] | None:
    """(sheet, row, column) of the template cell a note is about, from its subject."""
    from vsm_xl.workbook.layout import template_layout as L

    subject = note.subject
    if not subject or not geometry.blocks:
        return None
    if subject[0] == "step" and len(subject) >= 3:
        s, k = subject[1], subject[2]
        if s >= len(geometry.blocks):
            return None
        block = geometry.blocks[s]
        key = _TEMPLATE_COLUMN.get(subject[3] if len(subject) > 3 else V.STEP, "step")
        return L.STEPS, block.first_row + k, block.columns[key]
    if subject[0] == "column" and len(subject) >= 3 and subject[1] is not None:
        s = subject[1]
        if s >= len(geometry.blocks):
            return None
        block = geometry.blocks[s]
        return L.STEPS, block.header_row, block.columns[_TEMPLATE_COLUMN.get(subject[2], "step")]
    return None


def write_template_with_notes(stream: ValueStream, path: Path, log: FileLog, stream_over: int | None = None) -> None:
    """The template workbook for ``stream`` with the log's notes marked; saved atomically. A
    state of more than ``stream_over`` steps (default :data:`vsm_xl.workbook.sheets.row_runs.STREAM_OVER`)
    has its rows written straight into the saved package (bounded memory)."""
    from vsm_xl.io.atomic import atomic_path
    from vsm_xl.workbook.sheets import row_runs

    with atomic_path(path) as tmp:
        if not row_runs.is_large(stream, stream_over):
            from vsm_xl.workbook.evaluated.cached_values import add_cached_values

            _save_with_notes(stream, tmp, log, None)
            add_cached_values(tmp)  # numbers without the add-in
        else:
            limit = row_runs.STREAM_OVER if stream_over is None else stream_over
            runs = _save_with_notes(stream, tmp, log, limit)  # the openpyxl workbook is gone after this
            row_runs.finish(tmp, runs, stream)


def _save_with_notes(stream: ValueStream, path: Path, log: FileLog, stream_over: int | None) -> list:
    """Build the workbook, mark the notes, save it to ``path``; the row runs left out (none
    unless ``stream_over``)."""
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment

    from vsm_xl.io.safe_text import text_cell
    from vsm_xl.workbook.layout.print_setup import fit_row, page
    from vsm_xl.workbook.sheets.template import build_streamed, build_workbook

    if stream_over is None:
        wb, geometry = build_workbook(stream)
        runs: list = []
    else:
        wb, geometry, runs = build_streamed(stream, stream_over)
    marked = [n for n in log.notes if n.level in (AMBIGUOUS, WARNING)]
    placed: dict[tuple, list[str]] = {}
    where_in_template: list[str] = []
    for note in log.notes:
        target = template_cell(note, geometry) if note.level in (AMBIGUOUS, WARNING) else None
        if target:
            placed.setdefault(target, []).append(
                f"{_LEVEL_WORD[note.level]}: {note.message}" + (f" (source {note.location})" if note.location else ""))
            sheet, row, col = target
            where_in_template.append(f"{sheet}!{_letter(col)}{row}")
        else:
            where_in_template.append("")
    for (sheet, row, col), texts in placed.items():
        cell = wb[sheet].cell(row=row, column=col)
        text = "vsm-xl convert\n" + "\n".join(texts)
        if cell.comment is not None:
            text = cell.comment.text + "\n\n" + text
        comment = Comment(text[:2000], "vsm-xl convert")
        comment.width, comment.height = 320, 140
        cell.comment = comment
    from vsm_xl.workbook.layout import template_layout as L
    from vsm_xl.workbook.layout import styles as S

    # before xlwings.conf, which stays the last sheet
    ws = wb.create_sheet(NOTES_SHEET, index=wb.sheetnames.index(L.XLWINGS_CONF)
                         if L.XLWINGS_CONF in wb.sheetnames else None)
    ws.sheet_properties.tabColor = "F4B183" if marked else "A9D08E"
    ws["A1"] = "How this workbook was converted"
    S.style_font(ws["A1"], S.TITLE_FONT)
    text_cell(ws["A2"], f"Source: {log.source}")
    for i, table in enumerate(log.tables):
        text_cell(ws.cell(row=3 + i, column=1),
                  f"Table: sheet '{table.sheet}', header row {table.header_row}, range {table.range} "
                  f"-> {', '.join(table.states)}")
    row = 4 + len(log.tables)
    headers = ("Level", "Source cell", "Template cell", "Note")
    for col, header in enumerate(headers, start=1):
        S.style_header(ws.cell(row=row, column=col, value=header))
    for note, where in zip(log.notes, where_in_template):
        row += 1
        ws.cell(row=row, column=1, value=_LEVEL_WORD.get(note.level, note.level))
        text_cell(ws.cell(row=row, column=2), note.location or "")
        text_cell(ws.cell(row=row, column=3), where)
        text_cell(ws.cell(row=row, column=4), note.message).alignment = Alignment(wrap_text=True, vertical="top")
        fit_row(ws, row, 4, note.message, 100)
    if not log.notes:
        ws.cell(row=row + 1, column=4, value="Every value was read without ambiguity.")
    for letter, width in zip("ABCD", (11, 22, 16, 100)):
        ws.column_dimensions[letter].width = width
    header_row = 4 + len(log.tables)
    page(ws, area=f"A1:D{max(row + 1, header_row)}", title_rows=f"{header_row}:{header_row}")
    wb.save(path)
    return runs


def _letter(col: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(col)


def write_yaml_beside(stream: ValueStream, path: Path) -> None:
    """The YAML of the converted stream, with computed totals when the stream is valid."""
    from vsm_xl.io.yaml_io import write_yaml
    from vsm_xl.workbook.sheets.row_runs import analysis_or_none

    write_yaml(stream, path, analysis_or_none(stream))
