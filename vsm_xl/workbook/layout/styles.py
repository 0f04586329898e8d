"""How the template looks: input cells yellow and unlocked, computed cells grey-blue and
locked, headers dark blue. One place so that the legend on every sheet tells the truth."""
from __future__ import annotations

from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side

from vsm_xl.io.safe_text import keep_text

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

# Every font names its face: a font without a name falls back to the program's default, a serif
# face in LibreOffice on many machines. Arial: in every Excel, metric-compatible Liberation Sans
# in LibreOffice.
FONT_NAME = "Arial"
FONT_SIZE = 10
DEFAULT_FONT = Font(name=FONT_NAME, size=FONT_SIZE)
TITLE_FONT = Font(name=FONT_NAME, bold=True, size=14, color=TITLE_COLOR)
SUBTITLE_FONT = Font(name=FONT_NAME, bold=True, size=11, color=TITLE_COLOR)
HEADER_FONT = Font(name=FONT_NAME, size=FONT_SIZE, bold=True, color="FFFFFF")
LABEL_FONT = Font(name=FONT_NAME, size=FONT_SIZE, bold=True)
NOTE_FONT = Font(name=FONT_NAME, size=FONT_SIZE, italic=True, color=NOTE_COLOR)
COMPUTED_FONT = Font(name=FONT_NAME, size=FONT_SIZE, color="1F3864")

_THIN = Side(style="thin", color="BFBFBF")
GRID = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)

UNLOCKED = Protection(locked=False)
LOCKED = Protection(locked=True)

CENTER = Alignment(horizontal="center")
LEFT = Alignment(horizontal="left")
RIGHT = Alignment(horizontal="right")
CENTER_WRAP = Alignment(horizontal="center", wrap_text=True)
HEADER_ALIGNMENT = Alignment(horizontal="center", vertical="center", wrap_text=True)
HEADER_ALIGNMENT_NOWRAP = Alignment(horizontal="center", vertical="center", wrap_text=False)
NOTE_ALIGNMENT = Alignment(wrap_text=False, vertical="top")
TEXT_ALIGNMENT = Alignment(wrap_text=True, vertical="top")
SHRINK = Alignment(horizontal="center", vertical="center", shrink_to_fit=True)  # a header kept on one line


def apply(cell, steps) -> None:
    """Set a cell's look: ``steps`` are (attribute, value) pairs (``fill``, ``border``, ``font``,
    ``alignment``, ``protection``, ``number_format``) applied in order, as the openpyxl
    setters would. Values must be long-lived (the module's constants): they key a cache.

    Why: every openpyxl style setter hashes its style object to find it in the workbook's
    list, which made styling the empty room of the template cell by cell most of its build
    time. The resulting style (the cell's ``_style`` array of indices into the workbook's
    lists) depends only on the cell's previous style and the steps, so it is computed once
    per workbook on a scratch cell and copied; the workbook ends up with exactly what the
    setters would have given it."""
    _apply(cell, _recipe(tuple(steps)))


_RECIPES: dict = {}


def _recipe(steps: tuple) -> tuple:
    """(steps, key) of a list of steps; the entry keeps the style objects (and so their ids) alive."""
    key = tuple((name, value if isinstance(value, str) else id(value)) for name, value in steps)
    found = _RECIPES.get(key)
    if found is None:
        found = _RECIPES[key] = (steps, key)
    return found


def _apply(cell, recipe: tuple) -> None:
    from openpyxl.styles.cell_style import StyleArray

    prior = cell._style  # None for a cell never styled
    ws = cell.parent
    cache = ws.parent.__dict__.setdefault("_vsm_style_cache", {})
    key = (tuple(prior) if prior is not None else None, recipe[1])
    style = cache.get(key)
    if style is None:
        from openpyxl.cell.cell import Cell

        scratch = Cell(ws, style_array=prior)
        for name, value in recipe[0]:
            setattr(scratch, name, value)
        style = cache[key] = StyleArray(scratch._style)
    cell._style = StyleArray(style)


_KINDS = {
    "input": (("fill", INPUT_FILL), ("border", GRID), ("protection", UNLOCKED)),
    "computed": (("fill", COMPUTED_FILL), ("border", GRID), ("font", COMPUTED_FONT), ("protection", LOCKED)),
    "derived": (("fill", DERIVED_FILL), ("border", GRID), ("protection", LOCKED)),
    "label": (("font", LABEL_FONT), ("protection", LOCKED)),
}
_BY_ARGS: dict = {}


def _styled(cell, kind: str, number_format, font, alignment, protection) -> None:
    args = (kind, number_format, id(font), id(alignment), id(protection))
    recipe = _BY_ARGS.get(args)
    if recipe is None:
        steps = list(_KINDS[kind])
        if number_format:
            steps.append(("number_format", number_format))
        for name, value in (("font", font), ("alignment", alignment), ("protection", protection)):
            if value is not None:
                steps.append((name, value))
        recipe = _BY_ARGS[args] = _recipe(tuple(steps))
    _apply(cell, recipe)


def style_input(cell, number_format: str | None = None, *, font=None, alignment=None, protection=None) -> None:
    """A cell the user fills: yellow, unlocked (``font``, ``alignment``, ``protection``: more).
    What it holds is the user's data, so text in it stays text (never a formula)."""
    _styled(cell, "input", number_format, font, alignment, protection)
    keep_text(cell)


def style_computed(cell, number_format: str | None = None, *, font=None, alignment=None) -> None:
    """A cell a formula fills: blue, locked."""
    _styled(cell, "computed", number_format, font, alignment, None)


def style_derived(cell, *, alignment=None) -> None:
    """A cell filled automatically from another input (pairwise mirror, diagonal)."""
    _styled(cell, "derived", None, None, alignment, None)


def style_header(cell, wrap: bool = True) -> None:
    apply(cell, [("fill", HEADER_FILL), ("font", HEADER_FONT), ("border", GRID),
                 ("alignment", HEADER_ALIGNMENT if wrap else HEADER_ALIGNMENT_NOWRAP), ("protection", LOCKED)])


def style_label(cell, *, font=None, alignment=None) -> None:
    _styled(cell, "label", None, font, alignment, None)


def style_note(cell) -> None:
    apply(cell, [("font", NOTE_FONT), ("alignment", NOTE_ALIGNMENT)])


def style_font(cell, font) -> None:
    """Only a font (titles, subtitles)."""
    apply(cell, [("font", font)])


def style_border(cell, border=GRID) -> None:
    apply(cell, [("border", border)])


def font_xml(*, bold: bool = False, size: float = FONT_SIZE, color: str | None = None) -> str:
    """A ``<font>`` element of styles.xml in the workbook's face, for the parts vsm-xl writes as XML
    (an evaluated copy's banner, the Sensitivity and Checklist sheets): a font without a name is
    the program's default, a serif face in LibreOffice on many machines."""
    parts = [f'<name val="{FONT_NAME}"/>']
    if bold:
        parts.append('<b val="1"/>')
    if color:
        parts.append(f'<color rgb="FF{color}"/>')
    parts.append(f'<sz val="{size:g}"/>')
    return f"<font>{''.join(parts)}</font>"


def fill_xml(color: str) -> str:
    """A solid ``<fill>`` element of styles.xml."""
    return (f'<fill><patternFill patternType="solid"><fgColor rgb="FF{color}"/><bgColor rgb="FF{color}"/>'
            '</patternFill></fill>')


def chart_font(chart) -> None:
    """Give ``chart`` the workbook's face for all its text (title, axes, legend): openpyxl writes
    charts without one, and LibreOffice then sets them in DejaVu Sans. A ``<c:txPr>`` is added to the
    chart space when openpyxl writes it (openpyxl has no attribute for it)."""
    from openpyxl.chart.text import RichText
    from openpyxl.drawing.text import CharacterProperties, Paragraph, ParagraphProperties
    from openpyxl.drawing.text import Font as TypeFace
    from openpyxl.xml.constants import CHART_NS

    write = chart._write
    if getattr(write, "with_font", False):
        return

    def with_font():
        tree = write()
        text = RichText(p=[Paragraph(pPr=ParagraphProperties(defRPr=CharacterProperties(
            latin=TypeFace(typeface=FONT_NAME))), endParaRPr=CharacterProperties())])
        names = [child.tag.rsplit("}", 1)[-1] for child in tree]
        after = max(k for k, name in enumerate(names) if name in ("chart", "spPr"))  # the schema's order
        tree.insert(after + 1, text.to_tree(tagname="txPr", namespace=CHART_NS))
        return tree

    with_font.with_font = True  # type: ignore[attr-defined]
    chart._write = with_font


def use_default_font(wb) -> None:
    """Make :data:`DEFAULT_FONT` the workbook's default (the font of every cell without its own
    and of the Normal style). Call on a new workbook before writing cells."""
    from openpyxl.utils.indexed_list import IndexedList

    wb._fonts = IndexedList([DEFAULT_FONT])
    for style in wb._named_styles:
        if style.name == "Normal":
            style.font = DEFAULT_FONT


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
    style_input(ws.cell(row=row, column=col, value="Input"), protection=LOCKED)
    style_computed(ws.cell(row=row, column=col + 1, value="Computed"))
    style_note(ws.cell(row=row, column=col + 2, value=LEGEND_TEXT))


# one line on the narrowest printed sheet (Improvements)
LEGEND_TEXT = ("yellow: type or choose here; blue: computed (protected, no password: Review > Unprotect "
               "Sheet to change the layout)")


def wrapped_note(ws, row: int, text: str, last_col: int, height: float | None, first_col: int = 1) -> None:
    """A long note wrapped across the sheet's used width (not one line running off the page)."""
    note = ws.cell(row=row, column=first_col, value=text)
    style_note(note)
    note.alignment = Alignment(wrap_text=True, vertical="top")
    ws.merge_cells(start_row=row, start_column=first_col, end_row=row, end_column=last_col)
    ws.row_dimensions[row].height = height
