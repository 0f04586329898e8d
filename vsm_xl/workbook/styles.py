"""How the template looks: input cells yellow and unlocked, computed cells grey-blue and
locked, headers dark blue. One place so that the legend on every sheet tells the truth."""
from __future__ import annotations

from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side

INPUT_COLOR = "FFF2CC"  # light yellow: type here
COMPUTED_COLOR = "DDEBF7"  # light blue: computed, protected
DERIVED_COLOR = "EDEDED"  # grey: derived automatically (mirror cells, diagonal)
HEADER_COLOR = "1F4E78"  # dark blue
TITLE_COLOR = "1F4E78"
NOTE_COLOR = "7F7F7F"
EVALUATED_COLOR = "E2EFDA"  # light green banner of an evaluated copy

INPUT_FILL = PatternFill("solid", start_color=INPUT_COLOR, end_color=INPUT_COLOR)
COMPUTED_FILL = PatternFill("solid", start_color=COMPUTED_COLOR, end_color=COMPUTED_COLOR)
DERIVED_FILL = PatternFill("solid", start_color=DERIVED_COLOR, end_color=DERIVED_COLOR)
HEADER_FILL = PatternFill("solid", start_color=HEADER_COLOR, end_color=HEADER_COLOR)
EVALUATED_FILL = PatternFill("solid", start_color=EVALUATED_COLOR, end_color=EVALUATED_COLOR)

TITLE_FONT = Font(bold=True, size=14, color=TITLE_COLOR)
SUBTITLE_FONT = Font(bold=True, size=11, color=TITLE_COLOR)
HEADER_FONT = Font(bold=True, color="FFFFFF")
LABEL_FONT = Font(bold=True)
NOTE_FONT = Font(italic=True, color=NOTE_COLOR)
COMPUTED_FONT = Font(color="1F3864")

_THIN = Side(style="thin", color="BFBFBF")
GRID = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)

UNLOCKED = Protection(locked=False)
LOCKED = Protection(locked=True)


def style_input(cell, number_format: str | None = None) -> None:
    """A cell the user fills: yellow, unlocked."""
    cell.fill = INPUT_FILL
    cell.border = GRID
    cell.protection = UNLOCKED
    if number_format:
        cell.number_format = number_format


def style_computed(cell, number_format: str | None = None) -> None:
    """A cell a formula fills: blue, locked."""
    cell.fill = COMPUTED_FILL
    cell.border = GRID
    cell.font = COMPUTED_FONT
    cell.protection = LOCKED
    if number_format:
        cell.number_format = number_format


def style_derived(cell) -> None:
    """A cell filled automatically from another input (pairwise mirror, diagonal)."""
    cell.fill = DERIVED_FILL
    cell.border = GRID
    cell.protection = LOCKED


def style_header(cell, wrap: bool = True) -> None:
    cell.fill = HEADER_FILL
    cell.font = HEADER_FONT
    cell.border = GRID
    cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=wrap)
    cell.protection = LOCKED


def style_label(cell) -> None:
    cell.font = LABEL_FONT
    cell.protection = LOCKED


def style_note(cell) -> None:
    cell.font = NOTE_FONT
    cell.alignment = Alignment(wrap_text=False, vertical="top")


def add_comment(cell, text: str) -> None:
    comment = Comment(text, "vsm-xl")
    comment.width = 260
    comment.height = 90
    cell.comment = comment


def protect(ws) -> None:
    """Protect the sheet without a password: locked (computed) cells cannot be typed over by
    accident; formatting, resizing and inserting rows stay allowed (False = not protected)."""
    prot = ws.protection
    prot.sheet = True
    prot.formatCells = False
    prot.formatColumns = False
    prot.formatRows = False
    prot.insertRows = False
    prot.deleteRows = False
    prot.sort = False
    prot.autoFilter = False
    prot.selectLockedCells = False
    prot.selectUnlockedCells = False


def legend(ws, row: int, col: int = 1) -> None:
    """The colour legend: ``[Input] [Computed]  yellow: type here, blue: computed ...``."""
    a = ws.cell(row=row, column=col, value="Input")
    style_input(a)
    a.protection = LOCKED
    b = ws.cell(row=row, column=col + 1, value="Computed")
    style_computed(b)
    c = ws.cell(row=row, column=col + 2, value=LEGEND_TEXT)
    style_note(c)


LEGEND_TEXT = ("yellow: type or choose here; blue: computed by VSM_* formulas (the sheet is protected "
               "without a password: Review > Unprotect Sheet to change the layout)")
