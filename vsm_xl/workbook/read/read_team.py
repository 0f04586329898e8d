"""Reading a group's weighting input from a workbook (METHOD.md section 3): the scheme cell of
its Pairwise block, AHP judgments, and the participants' matrices on the Team sheet (blocks
found by their ``Participant`` marker in column A, as many as there are). Problems name the
sheet and cell; the cells of every judgment are recorded so that core problems are located.
"""
from __future__ import annotations

from vsm_xl.core.ahp import judgment_number
from vsm_xl.core.errors import InputError, Problem, VsmError
from vsm_xl.core.evaluation import normalize_group
from vsm_xl.core.model import AHP, PAIRWISE, Participant, PairwiseMatrix
from vsm_xl.core.values import is_blank, to_number
from vsm_xl.core.weighting import normalize_scheme
from vsm_xl.workbook.layout import template_layout as L
from vsm_xl.workbook.layout import layout_team as T
from vsm_xl.workbook.layout.template_layout import address, fold


def group_matrix(reader, grid, b: L.PairwiseBlock):
    """The group's :class:`PairwiseMatrix` by its scheme, with the Team sheet's participants."""
    _helpers(reader, grid, b)
    scheme = block_scheme(reader, grid, b)
    matrix = reader.matrix(grid, b) if scheme == PAIRWISE else ahp_matrix(reader, grid, b)
    names = tuple(n for n in b.names if n) if matrix is None else matrix.indicators
    if matrix is not None and scheme != PAIRWISE:
        matrix = PairwiseMatrix(matrix.indicators, matrix.matrix, scheme)
    people = participants(reader, b.group, list(names), scheme)
    if not people:
        return matrix
    if matrix is not None and any(v is not None for row in matrix.matrix for v in row):
        reader.warnings.append(Problem(f"the {b.group} matrix here is not used: the {T.TEAM} sheet has "
                                       "participants' judgments, their pooled weights count",
                                       address(grid.title, b.col(0), b.first_row)))
    return PairwiseMatrix(names, (), scheme, tuple(people))


def _helpers(reader, grid, b: L.PairwiseBlock) -> None:
    """Whether the block and its Team columns have the hidden helper columns (workbooks written
    before them have not: nothing is written there); the Team group sized like the block."""
    b.helpers = fold(grid.value(T.pairwise_helper_col(b), b.header_row)) == fold(T.WEIGHT_HELPER_HEADERS[0])
    team = team_geometry(reader)
    team_grid = reader.grids.get(T.TEAM)
    if team is None or team_grid is None or b.group not in team.groups:
        return
    tg = team.groups[b.group] = T.TeamGroup(b.group, team.groups[b.group].label_col, b.size)
    if fold(team_grid.value(tg.helper_col, T.pooled_row(0) - 1)) == fold(T.POOLED_HELPER_HEADERS[0]):
        team.helpers.add(b.group)


def block_scheme(reader, grid, b: L.PairwiseBlock) -> str:
    """The scheme typed in the block's marker row right of its ``Scheme`` label (pairwise when
    there is none: workbooks made before the label existed)."""
    label = fold(T.SCHEME_LABEL)
    for col in range(3, grid.max_col + 1):
        if fold(grid.value(col, b.marker_row)) == label:
            raw = reader.value(grid, col + 1, b.marker_row)
            reader.cells[("scheme", b.group)] = address(grid.title, col + 1, b.marker_row)
            try:
                return normalize_scheme(raw)
            except VsmError as exc:
                reader.problem(grid.title, col + 1, b.marker_row, f"{b.group}: {exc.message}", ("scheme", b.group))
                return PAIRWISE
    return PAIRWISE


def _judgment(reader, grid, col: int, row: int, where: str, scheme: str, subject: tuple):
    value = reader.value(grid, col, row)
    if is_blank(value):
        return None
    try:
        if scheme == AHP:
            return judgment_number(value)
        number = to_number(value, where)
    except (InputError, VsmError):
        hint = "use 1 to 9 or a reciprocal such as =1/3" if scheme == AHP else "use 0, 1 or 2"
        reader.problem(grid.title, col, row, f"{where} is {value!r}; {hint}", subject)
        return None
    return number


def _read_square(reader, grid, first_row: int, first_col: int, n: int, scheme: str, what: str,
                 names, subject, cells) -> list:
    """An n x n matrix: upper cells read, lower cells that are formulas derived from their mirror
    (1 / a_ij or 2 − a_ij), others read as typed. ``cells(i, j)`` records each judgment's cell."""
    rows: list[list] = []
    for i in range(n):
        row: list = []  # numbers, None (blank) or "derived" until the mirror is known
        for j in range(n):
            if i == j:
                row.append(None)
                continue
            cells(i, j, address(grid.title, first_col + j, first_row + i))
            if j < i and reader.derived(grid, first_col + j, first_row + i):
                row.append("derived")
                cells(i, j, address(grid.title, first_col + i, first_row + j))
                continue
            where = f"{what}: {names[i] or f'row {i + 1}'} vs {names[j] or f'column {j + 1}'}"
            row.append(_judgment(reader, grid, first_col + j, first_row + i, where, scheme, subject + (i, j)))
        rows.append(row)
    for i in range(n):
        for j in range(i):
            if rows[i][j] == "derived":
                upper = rows[j][i]
                rows[i][j] = None if upper is None else (1.0 / upper if scheme == AHP and upper else
                                                         None if scheme == AHP else 2 - upper)
    return rows


def _typed(reader, grid, col: int, row: int, lower: bool) -> bool:
    """A judgment typed in the cell (not blank, and in the lower triangle not derived)."""
    return not is_blank(grid.value(col, row)) and not (lower and reader.derived(grid, col, row))


def ahp_matrix(reader, grid, b: L.PairwiseBlock):
    """A Pairwise block read as AHP judgments (blank lower triangle: derived by the core)."""
    names = [reader.text(grid, L.MARKER_COL, b.row(i)) for i in range(b.size)]
    b.names = names
    used = 0
    for i in range(b.size):
        row_has = any(_typed(reader, grid, b.col(j), b.row(i), j < i) for j in range(b.size) if j != i)
        if names[i] or row_has:
            used = i + 1
    for i in range(used):
        if not names[i]:
            reader.problem(grid.title, L.MARKER_COL, b.row(i), f"the {b.group} matrix: row {i + 1} has judgments "
                           "but no indicator name", ("pairwise", b.group, i))
    if used <= 1:
        return None

    def record(i, j, where):
        reader.cells[("pairwise", b.group, i, j)] = where

    rows = _read_square(reader, grid, b.first_row, b.first_col, used, AHP, "AHP", names, ("pairwise", b.group),
                        record)
    return PairwiseMatrix(tuple(names[:used]), tuple(tuple(r) for r in rows), AHP)


def _team_columns(grid) -> dict:
    """``{group: label column}`` from the group names of the Team sheet's summary row."""
    found = {}
    for col in range(1, grid.max_col + 1):
        text = grid.value(col, T.TEAM_SUMMARY_ROW)
        if isinstance(text, str) and text.strip():
            try:
                found[normalize_group(text)] = col
            except VsmError:
                continue
    return found


def team_geometry(reader):
    """The Team sheet's groups and blocks (once per read), on ``reader.geometry.team``."""
    if reader.geometry.team is not None:
        return reader.geometry.team
    grid = reader.grids.get(T.TEAM)
    if grid is None:
        return None
    sizes = {g: b.size for g, b in reader.geometry.pairwise.items()}
    groups = {g: T.TeamGroup(g, col, sizes.get(g, 0)) for g, col in _team_columns(grid).items()}
    marker = fold(T.PARTICIPANT_MARKER)
    rows = [r for r in range(T.TEAM_SUMMARY_ROW + 1, grid.max_row + 1) if fold(grid.value(1, r)) == marker]
    reader.geometry.team = T.TeamGeometry(groups, rows)
    return reader.geometry.team


def participants(reader, group: str, names: list, scheme: str) -> list:
    """The participants of ``group`` on the Team sheet: every block whose ``group`` matrix holds
    a judgment; their cells are recorded as ``("participant", group, k, i, j)``."""
    grid = reader.grids.get(T.TEAM)
    n = len(names)
    geometry = team_geometry(reader)
    if grid is None or n < 2:
        return []
    label_col = _team_columns(grid).get(group)
    if label_col is None:
        return []
    first_col = label_col + 1
    marker = fold(T.PARTICIPANT_MARKER)
    found: list[Participant] = []
    seen: dict[str, int] = {}
    for r in range(T.TEAM_SUMMARY_ROW + 1, grid.max_row + 1):
        if fold(grid.value(1, r)) != marker:
            continue
        filled = any(_typed(reader, grid, first_col + j, r + 1 + i, j < i) for i in range(n) for j in range(n)
                     if i != j)
        if not filled:
            continue  # a spare block, or one without judgments for this group
        k = len(found)
        geometry.filled.setdefault(group, []).append(r)
        name = reader.text(grid, 2, r)
        reader.cells[("participant", group, k)] = address(grid.title, 2, r)
        if not name:
            reader.problem(grid.title, 2, r, f"{T.TEAM}: the participant in row {r} has judgments but no name",
                           ("participant", group, k))
        elif name in seen:
            reader.problem(grid.title, 2, r, f"{T.TEAM}: participant {name!r} appears twice (rows {seen[name]} "
                           f"and {r})", ("participant", group, k))
        seen.setdefault(name, r)

        def record(i, j, where, k=k):
            reader.cells[("participant", group, k, i, j)] = where

        what = f"{name or 'participant'} ({group})"
        rows = _read_square(reader, grid, r + 1, first_col, n, scheme, what, names, ("participant", group, k),
                            record)
        found.append(Participant(name, tuple(tuple(row) for row in rows)))
    return found
