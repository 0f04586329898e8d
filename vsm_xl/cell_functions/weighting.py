"""Argument conversion for the AHP and team cell functions (VSM_AHP_WEIGHTS, VSM_TEAM_WEIGHTS,
VSM_CONSENSUS, VSM_WEIGHT_RANGE): square matrices with unused template slots, participants'
matrices stacked in one range, and the two weight columns of the Indicators sheet."""
from __future__ import annotations

from vsm_xl.cell_functions.shared import _raise_if_error, block, is_empty, located, number, option_text, optional_vector, text
from vsm_xl.core.ahp import judgment_number
from vsm_xl.core.errors import InputError, NoDataError, VsmError
from vsm_xl.core.model import MONETARY, NON_MONETARY


def square(matrix, what: str = "matrix") -> list:
    """A square range without its unused trailing slots (blank row and column), checked for
    Excel errors; the rows of cell values."""
    b = block(matrix, what)
    n = b.height
    if b.width != n:
        raise InputError(f"the {what} must be square, not {n}x{b.width}")
    _check_errors(b)
    return _trimmed(b.rows)


def _check_errors(b) -> None:
    for i, row in enumerate(b.rows):
        for j, v in enumerate(row):
            located(b.label(i, j), _raise_if_error, v, "judgment")


def _trimmed(rows: list) -> list:
    n = len(rows)
    used = n
    while used > 1 and all(is_empty(rows[used - 1][j]) and is_empty(rows[j][used - 1]) for j in range(used - 1)):
        used -= 1
    return [row[:used] for row in rows[:used]]


def _is_header(row) -> bool:
    """A row of indicator names between two participants' matrices: text only, no judgment."""
    texts = [v for v in row if isinstance(v, str) and v.strip()]
    if not texts or not all(is_empty(v) or isinstance(v, str) for v in row):
        return False
    for v in texts:
        try:
            judgment_number(v)
        except VsmError:
            continue
        return False  # "3" or "1/3" typed as text is a judgment
    return True


def stacked(matrices) -> list:
    """Participants' square matrices stacked in one range (each n rows of n columns), optionally
    separated by a row of indicator names; all-blank matrices (spare blocks) are left out."""
    b = block(matrices, "matrices")
    _check_errors(b)
    n = b.width
    segments: list[list] = []
    current: list = []
    for i, row in enumerate(b.rows):
        if _is_header(row):
            segments.append(current)
            current = []
        else:
            current.append((i, row))
    segments.append(current)
    chunks = []
    for segment in segments:
        for start in range(0, len(segment), n):
            chunk = segment[start:start + n]
            if all(all(is_empty(v) for v in row) for _, row in chunk):
                continue
            if len(chunk) < n:
                raise InputError(f"matrices: rows {chunk[0][0] + 1}-{chunk[-1][0] + 1} are not a whole "
                                 f"{n}x{n} matrix (stack square matrices, one per participant)")
            chunks.append([row for _, row in chunk])
    if not chunks:
        raise NoDataError("matrices: every matrix is empty")
    trimmed = [_trimmed(c) for c in chunks]
    used = max(len(c) for c in trimmed)
    return [[row[:used] + [None] * (used - len(row)) for row in c[:used]] + [[None] * used] * (used - len(c))
            for c in trimmed]


def names(value, count: int) -> list:
    """``count`` indicator names (``indicator k`` where blank or omitted)."""
    cells = optional_vector(value, "names", max(count, 1)).cells if value is not None else [None] * count
    return [f"indicator {k + 1}" if is_empty(v) else located(f"name {k + 1}", text, v, "indicator name")
            for k, v in enumerate(cells[:count])]


def scheme(value) -> str:
    return option_text(value, "scheme", "pairwise")


def two_weight_columns(weights, count: int):
    """Weights as the Indicators sheet has them: a column ``weight if monetary`` and a column
    ``weight if non-monetary``, one row per indicator. Returns ``(weights, groups, kept_rows)``
    for the rows with a weight."""
    w = block(weights, "weights")
    if w.width != 2 or w.height != count:
        raise InputError(f"weights must be {count} rows of 2 columns (weight if monetary, weight if "
                         f"non-monetary), not {w.height}x{w.width}")
    values, groups, kept = [], [], []
    for i, (mon, non) in enumerate(w.rows):
        if is_empty(mon) and is_empty(non):
            continue
        if not is_empty(mon) and not is_empty(non):
            raise InputError(f"row {i + 1}: a weight in both groups; leave the other group's column blank")
        group, value = (MONETARY, mon) if not is_empty(mon) else (NON_MONETARY, non)
        values.append(located(f"row {i + 1}", number, value, "weight"))
        groups.append(group)
        kept.append(i)
    return values, groups, kept
