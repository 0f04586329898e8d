"""The template's weighting by scheme and by team (METHOD.md section 3).

On the Pairwise sheet, each group's block gets a scheme cell (pairwise = 0/1/2, or ahp), a
lower triangle derived by the scheme (2 − X or the native =1/X), weights and ranks by the
scheme (pooled from the Team sheet when participants filled in judgments) and, for AHP, the
consistency ratio with a warning above 0.10 that names the most inconsistent judgment.

The Team sheet holds one block per participant, found by the ``Participant`` marker in
column A: the participant's name, then for each group a matrix with its own weights and CR;
at the top the pooled weights, the number of participants and the consensus. Adding a
participant is copying a block below the last one; the live formulas reach
``TEAM_FORMULA_ROWS`` rows down, the reader has no cap.
"""
from __future__ import annotations

from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.formula import ArrayFormula

from vsm_xl.core.model import AHP, PAIRWISE
from vsm_xl.workbook.formulas import formula_text as F
from vsm_xl.workbook.layout import template_layout as L
from vsm_xl.workbook.layout import layout_team as T
from vsm_xl.workbook.layout import styles as S
from vsm_xl.workbook.layout.styles import wrapped_note  # here before: other builders import it from this module
from vsm_xl.workbook.layout.template_layout import area, cell
from vsm_xl.workbook.layout.print_setup import fit_row

_WARN_FILL = PatternFill("solid", start_color="F8CBAD", end_color="F8CBAD")
_WARN_FONT = Font(name=S.FONT_NAME, size=S.FONT_SIZE, color="9C0006", bold=True)
_JUDGMENT_FORMAT = "0.###"  # 3, 0.333, 0.2: a reciprocal readable in a narrow column
_NOTE = ("Choose each group's scheme (right of its matrix). pairwise: fill the upper triangle with 2 = the "
         "row's indicator is more important than the column's, 1 = equal, 0 = less; the lower triangle follows "
         "(2 minus the mirror). ahp: 1 = equal, 3 moderate, 5 strong, 7 very strong, 9 extreme, =1/3 ... =1/9 "
         "when the row's indicator is less important; the lower triangle follows (=1/mirror) and CR above 0.10 "
         "is flagged with the judgment to revise. With judgments on the Team sheet the pooled weights count.")
_JUDGMENT_HINT = ("pairwise: 0, 1 or 2 (2 = the row's indicator is more important); ahp: 1 (equal) to 9 "
                  "(extreme), =1/3 ... =1/9 when the row's indicator is less important")


def add_weighting(wb, pw_ws, blocks: dict, model) -> None:
    """Scheme cells and scheme-aware formulas on the Pairwise sheet built by the template, and
    the Team sheet (inserted right after Pairwise)."""
    team = T.plan_team({group: b.size for group, b in blocks.items()})
    last_col = max(T.cr_col(b) for b in blocks.values())
    wrapped_note(pw_ws, 2, _NOTE, last_col, 58)
    # the legend's text wrapped in the printed width (it ran past the page edge), as high as it needs
    wrapped_note(pw_ws, 3, S.LEGEND_TEXT, last_col, None, first_col=3)
    width = sum(pw_ws.column_dimensions[cell(c, 1)[:-1]].width or 8.43 for c in range(3, last_col + 1))
    fit_row(pw_ws, 3, 3, S.LEGEND_TEXT, width)
    schemes = {}
    for group, b in blocks.items():
        matrix = model.pairwise.get(group) if model is not None else None
        schemes[group] = _scheme_cell(pw_ws, b, matrix)
    ws = wb.create_sheet(T.TEAM, index=wb.sheetnames.index(L.PAIRWISE) + 1)
    stacked = _team_sheet(ws, blocks, team, model, schemes)
    for group, b in blocks.items():
        matrix = model.pairwise.get(group) if model is not None else None
        pooled = [f"{L.sheet_ref(T.TEAM)}!{cell(team[group].first_col, T.pooled_row(i), absolute=True)}"
                  for i in range(b.size)]
        _pairwise_block(pw_ws, b, matrix, schemes[group], stacked[group], pooled)
    _upper_validation(pw_ws, blocks)


def _local(ref: str) -> str:
    return ref.split("!", 1)[1]


# ---- Pairwise ------------------------------------------------------------------------------


def _scheme_cell(ws, b: L.PairwiseBlock, matrix) -> str:
    """The validated scheme cell of a block; its absolute reference from any sheet."""
    col, row = T.scheme_cell(b)
    S.style_label(ws.cell(row=row, column=col - 1, value=T.SCHEME_LABEL))
    value = ws.cell(row=row, column=col, value=matrix.scheme if matrix is not None else PAIRWISE)
    S.style_input(value)
    dv = DataValidation(type="list", formula1='"' + ",".join(T.SCHEME_CHOICES) + '"', allow_blank=True)
    dv.error = "Choose pairwise (0/1/2) or ahp (Saaty 1 to 9)"
    dv.prompt = "pairwise: the paper's 0/1/2 comparison; ahp: Saaty's 1-9 judgments with a consistency ratio"
    dv.showErrorMessage = dv.showInputMessage = True
    ws.add_data_validation(dv)
    dv.add(cell(col, row))
    return f"{L.sheet_ref(L.PAIRWISE)}!{cell(col, row, absolute=True)}"


def lower_formula(upper: str, scheme: str) -> str:
    """a_ji derived from a_ij by the scheme: 2 − a_ij (0/1/2) or 1 / a_ij (AHP)."""
    return f'=IF(ISBLANK({upper}),"",IF({scheme}="{AHP}",1/{upper},2-{upper}))'


def _reciprocal_values(matrix, i: int, j: int):
    """AHP cells (i < j) as written: the upper judgment (a_ij, else 1 / a_ji) and the lower
    one when it is not the reciprocal (kept as typed, for the reader to report)."""
    rows = matrix.matrix
    a = rows[i][j] if i < len(rows) and j < len(rows[i]) else None
    b = rows[j][i] if j < len(rows) and i < len(rows[j]) else None
    upper = a if a is not None else (None if b is None else 1.0 / b)
    lower = None if b is None or upper is None or abs(upper * b - 1) <= 1e-9 else b
    return upper, lower


def _pairwise_block(ws, b: L.PairwiseBlock, matrix, scheme: str, stacked: str, pooled: list) -> None:
    """The block's scheme-aware formulas; ``pooled`` is the Team sheet's pooled weight cells (used
    when participants filled in judgments: computed there once, not again here)."""
    s = _local(scheme)
    for i in range(b.size):
        for j in range(i):  # lower triangle: derived by the scheme unless a value was kept
            c = ws.cell(row=b.row(i), column=b.col(j))
            if isinstance(c.value, str) and c.data_type == "f":  # a formula, not text typed with "="
                c.value = lower_formula(cell(b.col(i), b.row(j)), s)
            c.number_format = _JUDGMENT_FORMAT
    if matrix is not None and matrix.scheme == AHP and not matrix.participants:
        for i in range(b.size):
            for j in range(i + 1, b.size):
                upper, lower = _reciprocal_values(matrix, i, j) if j < len(matrix.indicators) else (None, None)
                ws.cell(row=b.row(i), column=b.col(j)).value = upper
                c = ws.cell(row=b.row(j), column=b.col(i))
                if lower is None:
                    c.value = lower_formula(cell(b.col(j), b.row(i)), s)
                    S.style_derived(c, alignment=S.CENTER)
                else:
                    c.value = lower
                    S.style_input(c, alignment=S.CENTER)
    for i in range(b.size):  # row sums belong to a 0/1/2 matrix of this sheet only
        c = ws.cell(row=b.row(i), column=b.sum_col)
        if isinstance(c.value, str) and c.data_type == "f":  # a formula, not text typed with "="
            c.value = f'=IF(OR({s}="{AHP}",COUNT({stacked})>0),"",{c.value[1:]})'
    matrix_area = area(b.col(0), b.first_row, b.last_col, b.last_row)
    names = area(1, b.first_row, 1, b.last_row)
    sums = area(b.sum_col, b.first_row, b.sum_col, b.last_row)
    # the hidden helper: the block's own weights and CR from ONE call; without the add-in the 0/1/2
    # weights still compute natively, AHP says it needs the add-in. VSM_* errors are text.
    helper = T.pairwise_helper_col(b)
    _helper_columns(ws, b.header_row, helper, T.WEIGHT_HELPER_HEADERS)
    ws[cell(helper, b.first_row)] = ArrayFormula(area(helper, b.first_row, helper + 1, b.last_row), (
        f'=IF(OR(COUNTA({names})=0,COUNT({stacked})>0),"",IFERROR(VSM_GROUP_WEIGHTS({matrix_area},{s},{names},TRUE),'
        f'IF({s}="{AHP}","{L.NEEDS_ADD_IN}",{F.weights_by_sums(sums)})))'))
    absolute = area(b.weight_col, b.first_row, b.weight_col, b.last_row, absolute=True)
    ws[cell(b.rank_col, b.first_row)] = None  # the template's array formula: ranks now follow the weights
    for i in range(b.size):  # visible weights: plain formulas, shown with their saved results everywhere
        w = ws.cell(row=b.row(i), column=b.weight_col, value=(
            f'=IF(ISBLANK({cell(1, b.row(i))}),"",IF(COUNT({stacked})>0,{pooled[i]},{F.from_helper(cell(helper, b.row(i)))}))'))
        S.style_computed(w, L.WEIGHT_FORMAT)
        w = cell(b.weight_col, b.row(i))
        ws.cell(row=b.row(i), column=b.rank_col, value=f'=IF(ISNUMBER({w}),RANK({w},{absolute}),"")')
    # consistency: CR of the group's own AHP matrix (the helper's), and the warning naming the worst judgment
    col = T.cr_col(b)
    S.style_header(ws.cell(row=b.header_row, column=col, value=T.CR_HEADER))
    cr = ws.cell(row=b.first_row, column=col, value=(
        f'=IF(OR({s}<>"{AHP}",COUNT({matrix_area})=0,COUNT({stacked})>0),"",{F.from_helper(cell(helper + 1, b.first_row))})'))
    S.style_computed(cr, "0.000")
    note = ws.cell(row=b.first_row + 1, column=col, value=(
        f'=IF(AND(ISNUMBER({cell(col, b.first_row)}),N({cell(col, b.first_row)})>0.1),'
        f'"{T.CR_NOTE} "&VSM_AHP_INCONSISTENT({matrix_area},{names}),"")'))
    S.style_font(note, _WARN_FONT)
    ws.conditional_formatting.add(cell(col, b.first_row), FormulaRule(
        formula=[f'AND(ISNUMBER({cell(col, b.first_row)}),{cell(col, b.first_row)}>0.1)'], fill=_WARN_FILL))
    ws.column_dimensions[cell(col, 1)[:-1]].width = 11


def _helper_columns(ws, header_row: int, first_col: int, headers) -> None:
    """Headers of hidden helper columns (the reader finds them by the first) and the columns hidden."""
    for k, text in enumerate(headers):
        S.style_header(ws.cell(row=header_row, column=first_col + k, value=text))
        ws.column_dimensions[cell(first_col + k, 1)[:-1]].hidden = True


def _upper_validation(ws, blocks: dict) -> None:
    """The template's 0/1/2 list validation of the upper triangle becomes 0..9 (AHP's 1/9..9)."""
    for dv in ws.data_validations.dataValidation:
        if dv.formula1 == '"0,1,2"':
            dv.type, dv.operator, dv.formula1, dv.formula2 = "decimal", "between", "0", "9"
            dv.error = _JUDGMENT_HINT


# ---- Team ----------------------------------------------------------------------------------


def _team_sheet(ws, blocks: dict, team: dict, model, schemes: dict) -> dict:
    """The Team sheet; returns each group's stacked matrix range (absolute, with the sheet)."""
    ws["A1"] = T.TEAM_TITLE
    S.style_font(ws["A1"], S.TITLE_FONT)
    last_col = team[L.PAIRWISE_GROUPS[0]].cr_col  # the first group's page: the notes print there, whole
    wrapped_note(ws, 2, ("Each participant fills the upper triangle of each group's matrix (the scheme is the group's "
                "on Pairwise). To add a participant, copy the whole rows of a block (from its 'Participant' row to "
                "the blank row below it) under the last one; blocks down to row "
                f"{T.first_block_row(team) + T.TEAM_FORMULA_ROWS} count in the live formulas, the reader "
                "has no limit. Consensus (Goepel): low < 65 %, moderate 65-75 %, high > 75 %."), last_col, 56)
    S.legend(ws, 3, col=1)
    legend_text = ws.cell(row=3, column=3).value
    wrapped_note(ws, 3, legend_text, last_col, 16, first_col=3)
    ws.column_dimensions["A"].width = 13
    ws.column_dimensions["B"].width = 16
    first = T.first_block_row(team)
    last = first + T.TEAM_FORMULA_ROWS
    stacked = {g: f"{L.sheet_ref(T.TEAM)}!{area(tg.first_col, first, tg.last_col, last, absolute=True)}"
               for g, tg in team.items()}
    names_of = {g: [f"{L.sheet_ref(L.PAIRWISE)}!{cell(1, b.row(i), absolute=True)}" for i in range(b.size)]
                for g, b in blocks.items()}
    for group, tg in team.items():
        _summary(ws, tg, names_of[group], schemes[group], _local(stacked[group]), first, last)
        for col in range(tg.label_col, tg.cr_col + 1):
            ws.column_dimensions[cell(col, 1)[:-1]].width = 16 if col == tg.label_col else 12
    people = _participants(model)
    count = max(len(people), 1)  # a filled block per participant, or one to fill: more by copying a block
    height = T.block_height(team)
    for k in range(count):
        name, matrices = people[k] if k < len(people) else ("", {})
        _block(ws, first + k * height, name, matrices, team, names_of, schemes)
    _print_by_group(ws, team, first + count * height - 1)
    S.protect(ws)
    return stacked


def _print_by_group(ws, team: dict, last_row: int) -> None:
    """Printed one group at a time (its summary and every participant's matrix), the participants'
    names (columns A:B) repeated left of each: side by side both groups printed too small to read."""
    from vsm_xl.workbook.layout.print_setup import page

    groups = list(team.values())
    page(ws, landscape=False)
    ws.print_area = [f"A1:{cell(groups[0].cr_col, last_row)}"] + [
        f"{cell(tg.label_col, T.TEAM_SUMMARY_ROW)}:{cell(tg.cr_col, last_row)}" for tg in groups[1:]]
    ws.print_title_cols = "A:B"


def _participants(model) -> list:
    """``[(name, {group: matrix})]`` in order of first appearance across the groups."""
    order: dict = {}
    if model is None:
        return []
    for group, m in model.pairwise.items():
        for p in m.participants:
            order.setdefault(p.name, {})[group] = (p.matrix, m.scheme)
    return list(order.items())


def _mirror_name(source: str) -> str:
    return f'=IF(ISBLANK({source}),"{T.PLACEHOLDER}",{source})'


def _summary(ws, tg: T.TeamGroup, names: list, scheme: str, stacked: str, first: int, last: int) -> None:
    row = T.TEAM_SUMMARY_ROW
    S.style_font(ws.cell(row=row, column=tg.label_col, value=tg.group), S.SUBTITLE_FONT)
    S.style_label(ws.cell(row=row + 1, column=tg.label_col, value=T.SUMMARY_LABELS[0]))
    count = ws.cell(row=row + 1, column=tg.first_col,
                    value=f'=SUMPRODUCT(($A${first}:$A${last}="{T.PARTICIPANT_MARKER}")*($B${first}:$B${last}<>""))')
    S.style_computed(count, "0")
    S.style_label(ws.cell(row=row + 2, column=tg.label_col, value=T.SUMMARY_LABELS[1]))
    helper = tg.helper_col  # hidden: pooled weights and consensus from ONE call
    consensus = ws.cell(row=row + 2, column=tg.first_col,
                        value=f'=IF(COUNT({stacked})=0,"",{F.from_helper(cell(helper + 1, T.pooled_row(0)))})')
    S.style_computed(consensus, "0.0%")
    c = cell(tg.first_col, row + 2)
    band = ws.cell(row=row + 2, column=tg.first_col + 1 if tg.size > 1 else tg.weight_col,
                   value=f'=IF(ISNUMBER({c}),IF({c}<0.65,"low",IF({c}<=0.75,"moderate","high")),"")')
    S.style_computed(band)
    S.style_header(ws.cell(row=row + 3, column=tg.label_col, value=L.PAIRWISE_NAME_HEADER))
    S.style_header(ws.cell(row=row + 3, column=tg.first_col, value=T.POOLED_HEADER))
    ws.row_dimensions[row + 3].height = 30
    _helper_columns(ws, row + 3, helper, T.POOLED_HELPER_HEADERS)
    ws[cell(helper, T.pooled_row(0))] = ArrayFormula(
        area(helper, T.pooled_row(0), helper + 1, T.pooled_row(tg.size - 1)),
        f'=IF(COUNT({stacked})=0,"",IFERROR(VSM_TEAM_WEIGHTS({stacked},{scheme},TRUE),"{L.NEEDS_ADD_IN}"))')
    for i, source in enumerate(names):
        S.style_label(ws.cell(row=T.pooled_row(i), column=tg.label_col, value=_mirror_name(source)))
        pooled = ws.cell(row=T.pooled_row(i), column=tg.first_col,
                         value=f'=IF(ISBLANK({source}),"",{F.from_helper(cell(helper, T.pooled_row(i)))})')
        S.style_computed(pooled, L.WEIGHT_FORMAT)


def _block(ws, top: int, name: str, matrices: dict, team: dict, names_of: dict, schemes: dict) -> None:
    """One participant: marker and name, then each group's matrix with its own weights and CR."""
    S.style_font(ws.cell(row=top, column=1, value=T.PARTICIPANT_MARKER), S.SUBTITLE_FONT)
    S.style_input(ws.cell(row=top, column=2, value=name or None))
    ws.row_dimensions[top].height = 30  # indicator names of two words fit the header
    for group, tg in team.items():
        s = schemes[group]
        given, scheme_name = matrices.get(group, ((), PAIRWISE))
        for j, source in enumerate(names_of[group]):
            S.style_header(ws.cell(row=top, column=tg.col(j), value=_mirror_name(source)))
        S.style_header(ws.cell(row=top, column=tg.weight_col, value=T.WEIGHT_HEADER))
        S.style_header(ws.cell(row=top, column=tg.cr_col, value=T.CR_HEADER))
        first, last = top + 1, top + tg.size
        matrix_area = area(tg.first_col, first, tg.last_col, last)
        for i, source in enumerate(names_of[group]):
            r = first + i
            S.style_label(ws.cell(row=r, column=tg.label_col, value=_mirror_name(source)))
            for j in range(tg.size):
                c = ws.cell(row=r, column=tg.col(j))
                if i == j:
                    S.style_derived(c)
                elif j > i:
                    c.value = _given(given, i, j, scheme_name)
                    S.style_input(c, alignment=S.CENTER)
                else:
                    kept = _kept_lower(given, i, j, scheme_name)
                    if kept is None:
                        c.value = lower_formula(cell(tg.col(i), first + j), s)
                        S.style_derived(c, alignment=S.CENTER)
                    else:
                        c.value = kept
                        S.style_input(c, alignment=S.CENTER)
                c.number_format = _JUDGMENT_FORMAT
            weight = ws.cell(row=r, column=tg.weight_col,
                             value=f'=IF(ISBLANK({source}),"",{F.from_helper(cell(tg.helper_col, r))})')
            S.style_computed(weight, L.WEIGHT_FORMAT)
        # weights and CR (AHP) of the participant's matrix from ONE call: a hidden array over two columns
        names = f"{names_of[group][0]}:{_local(names_of[group][-1])}"  # Pairwise's, as its weights use
        _helper_columns(ws, top, tg.helper_col, T.WEIGHT_HELPER_HEADERS)
        ws[cell(tg.helper_col, first)] = ArrayFormula(
            area(tg.helper_col, first, tg.helper_col + 1, last),
            f'=IF(COUNT({matrix_area})=0,"",IFERROR(VSM_GROUP_WEIGHTS({matrix_area},{s},{names},TRUE),'
            f'{{"{L.NEEDS_ADD_IN}",""}}))')  # without the add-in: said once a row, the CR column blank
        cr = cell(tg.helper_col + 1, first)
        S.style_computed(ws.cell(row=first, column=tg.cr_col, value=f'=IF(ISNUMBER({cr}),{cr},"")'), "0.000")
        ws.conditional_formatting.add(cell(tg.cr_col, first), FormulaRule(
            formula=[f'AND(ISNUMBER({cell(tg.cr_col, first)}),{cell(tg.cr_col, first)}>0.1)'], fill=_WARN_FILL))


def _given(matrix, i: int, j: int, scheme: str):
    """An upper-triangle judgment of a participant as written (derived from its mirror when blank)."""
    if not matrix or i >= len(matrix) or j >= len(matrix):
        return None
    a, b = matrix[i][j], matrix[j][i]
    if a is not None or b is None:
        return a
    return 1.0 / b if scheme == AHP else 2 - b


def _kept_lower(matrix, i: int, j: int, scheme: str):
    """A lower-triangle value that its mirror does not give (kept as typed), else None."""
    if not matrix or i >= len(matrix) or j >= len(matrix):
        return None
    value, upper = matrix[i][j], _given(matrix, j, i, scheme)
    if value is None or upper is None:
        return None
    derived = 1.0 / upper if scheme == AHP else 2 - upper
    return None if abs(value - derived) <= 1e-9 else value
