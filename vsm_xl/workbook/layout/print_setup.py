"""How each sheet of the template prints and wraps: orientation, fit to the page width, print
areas, repeated header rows, and the row heights wrapped text needs (spreadsheet programs do
not grow a row for wrapped text written by a library)."""
from __future__ import annotations

import math

from openpyxl.utils import get_column_letter

from vsm_xl.workbook.layout import styles as S

# characters of the default font (Arial 10) per unit of column width: a little under one, so
# that estimated heights err towards room rather than overlap
CHARS_PER_WIDTH = 1.1
LINE_POINTS = 12.75  # one line of Arial 10


FOOTER_FONT = f"{S.FONT_NAME},Regular"


def page(ws, *, landscape: bool = True, pages_tall: int = 0, area: str | None = None,
         title_rows: str | None = None, margins: float = 0.4) -> None:
    """Fit ``ws`` to one page wide (and ``pages_tall`` pages tall; 0 = as many as needed)."""
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = pages_tall
    ws.print_options.horizontalCentered = False
    for side in ("left", "right"):
        setattr(ws.page_margins, side, margins)
    ws.page_margins.top = ws.page_margins.bottom = 0.5
    ws.page_margins.header = ws.page_margins.footer = 0.25
    ws.oddFooter.center.text = "&A – page &P of &N"
    ws.oddFooter.center.size = 8
    ws.oddFooter.center.font = FOOTER_FONT  # else the program's own face (DejaVu Sans in LibreOffice)
    if area:
        ws.print_area = area
    if title_rows:
        ws.print_title_rows = title_rows


def lines_needed(text, width: float) -> int:
    """Lines a wrapped ``text`` takes in a column ``width`` wide (Excel width units)."""
    if text is None or text == "":
        return 1
    per_line = max(1, int(width * CHARS_PER_WIDTH))
    return sum(max(1, math.ceil(len(part) / per_line)) for part in str(text).split("\n"))


def fit_row(ws, row: int, col: int, text, width: float, *, minimum: float = LINE_POINTS + 2) -> None:
    """Give ``row`` the height ``text`` (wrapped in column ``col`` of ``width``) needs."""
    height = max(minimum, lines_needed(text, width) * LINE_POINTS + 3)
    current = ws.row_dimensions[row].height
    if current is None or current < height:
        ws.row_dimensions[row].height = height


def used_area(ws, last_col: int, last_row: int | None = None) -> str:
    return f"A1:{get_column_letter(last_col)}{last_row or ws.max_row}"


# printable room of an A4 page with the margins of :func:`page`, in points (portrait)
A4_POINTS = (595 - 2 * 0.4 * 72, 842 - 2 * 0.5 * 72 - 20)
WIDTH_POINTS = 5.6  # a unit of column width (Arial 10), with room to spare
DEFAULT_ROW_POINTS = 15.0
PAGE_ROOM = 0.9  # of a page's height that the packing of blocks may fill


def scale_to(ws, width_units: float, pages: list, *, landscape: bool) -> None:
    """Print at a fixed scale instead of fit-to-page (which ignores manual page breaks): the
    largest at which ``width_units`` of columns fit the page width and each page's rows
    ``(first, last)`` its height."""
    w, h = A4_POINTS if not landscape else A4_POINTS[::-1]
    heights = {r: d.height for r, d in ws.row_dimensions.items() if d.height}  # no dimension made per row
    tallest = max((sum(heights.get(r, DEFAULT_ROW_POINTS) for r in range(a, b + 1)) for a, b in pages), default=1)
    scale = min(1.0, w / (width_units * WIDTH_POINTS), h / tallest)
    ws.sheet_properties.pageSetUpPr.fitToPage = False
    ws.page_setup.scale = max(10, int(scale * 100))


def pack(segments: list, room: float, heights: dict) -> list:
    """Consecutive row ranges ``(first, last)`` packed into pages of ``room`` points (rows of
    ``heights``, default :data:`DEFAULT_ROW_POINTS`): a segment never splits unless it alone is
    taller than a page. Returns the pages as ``(first, last)``."""
    pages: list = []
    used = 0.0
    for first, last in segments:
        height = sum(heights.get(r, DEFAULT_ROW_POINTS) for r in range(first, last + 1))
        if pages and used + height <= room:
            pages[-1] = (pages[-1][0], last)
            used += height
        else:
            if pages:  # the gap rows between segments go with the page before
                pages[-1] = (pages[-1][0], first - 1)
            pages.append((first, last))
            used = height
    return pages


def paged(ws, segments: list, width_units: float, *, landscape: bool = True) -> None:
    """Print ``ws`` one page wide at the scale its width allows, with page breaks between the
    ``segments`` (a state block with its total and summary) so that none is split."""
    from openpyxl.worksheet.pagebreak import Break

    w, h = A4_POINTS if not landscape else A4_POINTS[::-1]
    scale = min(1.0, w / (width_units * WIDTH_POINTS))
    heights = {r: d.height for r, d in ws.row_dimensions.items() if d.height}
    # rows without a set height grow with their wrapped text when printed (a block's header of
    # long column names): room kept so that a page never overflows before its break (which
    # would print an empty page between the overflow and the break)
    pages = pack(segments, PAGE_ROOM * h / scale, heights)
    for _, last in pages[:-1]:
        ws.row_breaks.append(Break(id=last))
    scale_to(ws, width_units, pages, landscape=landscape)


def visible_width(ws, first_col: int, last_col: int, default: float = 8.43) -> float:
    """Width units of the printed (not hidden) columns ``first_col`` .. ``last_col``."""
    total = 0.0
    for col in range(first_col, last_col + 1):
        d = ws.column_dimensions.get(get_column_letter(col))
        if d is not None and d.hidden:
            continue
        total += (d.width if d is not None and d.width else default)
    return total


NOT_PRINTED = "&8{what}: only this line prints (clear the print area once it is filled in)"


def title_only(ws, last_col: int, what: str) -> None:
    """A sheet with nothing for this workbook (no steps, no evaluation) prints its title row and a
    one-line note in the page header instead of empty pages: at full size, as wide as the title
    (a 14 pt bold title takes about 1.6 width units a character)."""
    title = str(ws["A1"].value or "")
    col, width = 1, 0.0
    while col < last_col and width < len(title) * 1.6:
        width += visible_width(ws, col, col)
        col += 1
    page(ws, area=f"A1:{get_column_letter(max(col - 1, 1))}1", landscape=width * WIDTH_POINTS > A4_POINTS[0])
    ws.print_title_rows = None
    ws.oddHeader.left.text = NOT_PRINTED.format(what=what)
    ws.oddHeader.left.font = f"{S.FONT_NAME},Italic"


def _steps(ws, geometry, stream=None) -> None:
    """Steps: the settings, then each state block whole with its total and summary rows. The
    PT / LT / WT low and high columns (the last ones) print where a step of the model has a range
    (or in a blank template), so that a sheet without them prints larger."""
    from vsm_xl.workbook.layout import template_layout as L

    blocks = [b for b in geometry.blocks if b.total_row is not None]
    last_col = len(L.STEP_COLUMNS)
    if stream is not None and not any(s.process_time_range or s.lead_time_range or s.wait_time_range
                                      for state in stream.states for s in state.steps):
        last_col = min(L.STEP_COLUMN_INDEX[low] for low, _, _, _ in L.STEP_RANGES) - 1
    page(ws, area=used_area(ws, last_col))
    if not blocks:
        return
    segments = [(1, blocks[0].marker_row - 1)]
    for b in blocks:
        segments.append((b.marker_row, max([b.total_row, *b.summary_rows.values()])))
    segments[-1] = (segments[-1][0], max(segments[-1][1], ws.max_row))
    paged(ws, segments, visible_width(ws, 1, last_col))


def finish(wb, geometry, stream=None) -> None:
    """Print setup of the template's own sheets (the Map and Charts sheets set theirs) and the
    row heights of the Guide's wrapped lines: every sheet of the examples prints on at most two
    pages, wide sheets landscape and one page wide, with their header rows repeated; state blocks
    never split from their totals. ``stream``: the model the workbook was filled from (None: a
    blank template, all of whose forms print); its sheets with nothing to show print one line."""
    from vsm_xl.workbook.layout import template_layout as L

    if L.GUIDE in wb.sheetnames:
        ws = wb[L.GUIDE]
        width = ws.column_dimensions["B"].width or 105
        for (cell,) in ws.iter_rows(min_col=2, max_col=2):
            if isinstance(cell.value, str) and cell.alignment is not None and cell.alignment.wrap_text:
                fit_row(ws, cell.row, 2, cell.value, width)
        page(ws, landscape=False, area=used_area(ws, 2))
    if L.STEPS in wb.sheetnames:
        _steps(wb[L.STEPS], geometry, stream)
    if L.IMPROVEMENTS in wb.sheetnames and geometry.improvements is not None:
        ws = wb[L.IMPROVEMENTS]
        t = geometry.improvements
        last_col = max([len(L.IMPROVEMENT_COLUMNS)] + list(t.extra_columns.values()))
        page(ws, area=used_area(ws, last_col), title_rows=f"{t.header_row}:{t.header_row}")
        for r in t.rows:  # long names and lists of states wrap, their rows grow
            for key in ("name", "states"):
                c = ws.cell(row=r, column=t.columns[key])
                if isinstance(c.value, str) and c.value:
                    c.alignment = S.TEXT_ALIGNMENT
                    spec = L.IMPROVEMENT_COLUMNS[t.columns[key] - 1]
                    fit_row(ws, r, t.columns[key], c.value, spec.width)
    if L.INDICATORS in wb.sheetnames and geometry.indicators is not None:
        ws = wb[L.INDICATORS]
        t = geometry.indicators
        page(ws, area=used_area(ws, t.weight_non_monetary_col), title_rows=f"{t.header_row}:{t.header_row}")
    if L.PAIRWISE in wb.sheetnames and geometry.pairwise:
        ws = wb[L.PAIRWISE]
        from vsm_xl.workbook.layout.layout_team import cr_col

        last_col = max(cr_col(b) for b in geometry.pairwise.values())  # CR printed too, not the hidden helpers
        page(ws, landscape=last_col > 10, area=used_area(ws, last_col))
    if L.RESULTS in wb.sheetnames and geometry.results is not None:
        ws = wb[L.RESULTS]
        t = geometry.results
        last_col = max(t.last_col, t.curve_y_col(max(t.n_alternatives - 1, 0)), 8)
        page(ws, landscape=False, area=used_area(ws, last_col))
    if L.XLWINGS_CONF in wb.sheetnames:  # xlwings reads it hidden too; hidden sheets never print
        wb[L.XLWINGS_CONF].sheet_state = "hidden"
    from vsm_xl.workbook.layout.map_layout import CHARTS, MAP

    done = {L.GUIDE, L.STEPS, L.IMPROVEMENTS, L.INDICATORS, L.PAIRWISE, L.TEAM, L.RESULTS, L.XLWINGS_CONF, MAP, CHARTS}
    for ws in wb.worksheets:  # further sheets (Team, Estimates ...): one page wide
        if ws.title == L.ESTIMATES:
            page(ws, landscape=False)  # narrow tables: portrait keeps them on one page
        elif ws.title not in done:
            page(ws)
    _empty_sheets(wb, geometry, stream)
    for ws in wb.worksheets:  # every chart's text in the workbook's face
        for chart in ws._charts:
            S.chart_font(chart)


def _empty_sheets(wb, geometry, stream) -> None:
    """Sheets with nothing for this workbook print one line: without steps the Map and Charts
    (and, in a filled workbook, Steps); without an evaluation its tables; without a team the Team
    sheet. A blank template prints its forms."""
    from vsm_xl.workbook.layout import template_layout as L
    from vsm_xl.workbook.layout.map_layout import CHARTS, MAP

    has_steps = stream is not None and any(state.steps for state in stream.states)
    evaluation = stream.evaluation if stream is not None else None
    has_team = evaluation is not None and any(m.participants for m in evaluation.pairwise.values())
    empty = {MAP: (not has_steps, "No steps yet"), CHARTS: (not has_steps, "No steps yet"),
             L.RESULTS: (evaluation is None, "No evaluation yet")}
    if stream is not None:
        empty.update({L.STEPS: (not has_steps, "No steps yet"),
                      L.INDICATORS: (evaluation is None, "No evaluation yet"),
                      L.PAIRWISE: (evaluation is None, "No evaluation yet"),
                      L.TEAM: (not has_team, "No team weighting")})
    for title, (is_empty, what) in empty.items():
        if is_empty and title in wb.sheetnames:
            ws = wb[title]
            ws.row_breaks.brk = []
            title_only(ws, max(ws.max_column, 1), what)
