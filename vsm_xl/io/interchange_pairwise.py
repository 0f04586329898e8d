"""The interchange format's weighting and estimate keys (METHOD.md sections 3 and 4):

```yaml
pairwise:
  non-monetary:
    scheme: ahp                 # or pairwise (0/1/2, the default)
    indicators: [...]
    matrix: [[null, 3, 5], ["1/3", null, 2], [0.2, 0.5, null]]   # one matrix, or:
    participants:
      - {name: "Anna", matrix: [...]}
indicators:
  - {name: ..., values: [12, {low: 7, likely: 9, high: 14}, ...]}
```

AHP cells are read as numbers (``3``, ``0.2``) or fractions (``"1/3"``); the core checks the
scale, snaps 0.333 to 1/3 and derives a blank mirror as the reciprocal. Written back, a
reciprocal 1/k is written ``"1/k"`` so that files stay as people type them.
"""
from __future__ import annotations

import math

from vsm_xl.core.ahp import judgment_number
from vsm_xl.core.errors import VsmError
from vsm_xl.core.model import AHP, PAIRWISE, Participant, PairwiseMatrix
from vsm_xl.core.values import is_blank
from vsm_xl.core.weighting import normalize_scheme
from vsm_xl.io.formatting import plain_number

GROUP_KEYS = ("scheme", "indicators", "matrix", "participants")
PARTICIPANT_KEYS = ("name", "matrix")
RANGE_KEYS = ("low", "likely", "high")


def _join(path: str, key) -> str:
    return f"{path}[{key}]" if isinstance(key, int) else f"{path}.{key}"


def read_pairwise_group(reader, data: dict, where: str, group: str):
    """One group's comparison (``data`` already checked to be a mapping): a PairwiseMatrix,
    or ``None`` when a cell could not be read (problems recorded on ``reader``)."""
    reader.unknown_keys(data, where, GROUP_KEYS)
    reader.paths[("scheme", group)] = _join(where, "scheme")
    try:
        scheme = normalize_scheme(data.get("scheme"))
    except VsmError as exc:
        reader.problem(_join(where, "scheme"), f"{group}: {exc.message}")
        return None
    names_path = _join(where, "indicators")
    names = tuple(reader.text(x, _join(names_path, n), "indicator")
                  for n, x in enumerate(reader.sequence(data.get("indicators"), names_path, "indicators")))
    if "participants" in data and "matrix" in data:
        reader.problem(_join(where, "participants"), f"the {group} comparison gives both a matrix and "
                       "participants; give one matrix, or one matrix per participant")
        return None
    if "participants" in data:
        people_path = _join(where, "participants")
        reader.paths[("participants", group)] = people_path
        participants, bad = [], False
        for k, item in enumerate(reader.sequence(data.get("participants"), people_path, "participants")):
            person_path = _join(people_path, k)
            reader.paths[("participant", group, k)] = person_path
            person = reader.mapping(item, person_path, "a participant")
            if person is None:
                if item is None:
                    reader.problem(person_path, "the participant is empty")
                bad = True
                continue
            reader.unknown_keys(person, person_path, PARTICIPANT_KEYS)
            name = reader.text(person.get("name"), _join(person_path, "name"), "participant name")
            rows = read_matrix(reader, person.get("matrix"), _join(person_path, "matrix"), scheme,
                               ("participant", group, k))
            bad = bad or rows is None
            participants.append(Participant(name, rows or ()))
        if not participants and not bad:
            reader.problem(people_path, f"the {group} comparison lists no participants")
        return None if bad else PairwiseMatrix(names, (), scheme, tuple(participants))
    rows = read_matrix(reader, data.get("matrix"), _join(where, "matrix"), scheme, ("pairwise", group))
    return None if rows is None else PairwiseMatrix(names, rows, scheme)


def read_matrix(reader, value, path: str, scheme: str, subject: tuple):
    """The rows of one matrix; AHP cells may be fractions. ``None`` when a cell is unreadable.
    Each cell's path is recorded under ``subject + (row, column)``."""
    rows, bad = [], False
    for r, row in enumerate(reader.sequence(value, path, "matrix")):
        row_path = _join(path, r)
        cells: list = []
        for c, cell in enumerate(reader.sequence(row, row_path, "a matrix row")):
            reader.paths[subject + (r, c)] = _join(row_path, c)
            if is_blank(cell):
                cells.append(None)
                continue
            if scheme == AHP:
                try:
                    cells.append(judgment_number(cell))
                except VsmError as exc:
                    reader.problem(_join(row_path, c), exc.message)
                    bad = True
                continue
            number = reader.number(cell, _join(row_path, c), "a pairwise comparison")
            bad = bad or number is None
            cells.append(number)
        rows.append(tuple(cells))
    return None if bad else tuple(rows)


def read_value(reader, item, where: str, label: str):
    """An indicator value: a number, or ``{low, likely, high}``. Returns ``(value, range)``;
    ``value`` is ``None`` (blank) or NaN (unreadable, reported)."""
    if not isinstance(item, dict):
        return item, None
    reader.unknown_keys(item, where, RANGE_KEYS)
    bounds = []
    for key in RANGE_KEYS:
        if is_blank(item.get(key)):
            reader.problem(_join(where, key), f"{label}: the range needs low, likely and high; {key} is missing")
            return math.nan, None
        number = reader.number(item.get(key), _join(where, key), f"{label}: {key}")
        if number is None:
            return math.nan, None
        bounds.append(float(number))
    return bounds[1], tuple(bounds)


# ---- writing ---------------------------------------------------------------------------


def judgment_text(value, scheme: str):
    """A matrix cell for YAML: reciprocals of AHP as ``"1/k"``, other numbers plain."""
    if value is None:
        return None
    if scheme == AHP and 0 < value < 1:
        k = 1.0 / value
        if abs(k - round(k)) < 1e-9 and 2 <= round(k) <= 9:
            return f"1/{round(k)}"
    return plain_number(value)


def pairwise_group_dict(matrix: PairwiseMatrix) -> dict:
    """One group's comparison in the interchange shape (``scheme`` only when not 0/1/2)."""
    data: dict = {}
    if matrix.scheme != PAIRWISE:
        data["scheme"] = matrix.scheme
    data["indicators"] = list(matrix.indicators)

    def rows(m):
        return [[judgment_text(c, matrix.scheme) for c in row] for row in m]

    if matrix.participants:
        data["participants"] = [{"name": p.name, "matrix": rows(p.matrix)} for p in matrix.participants]
    else:
        data["matrix"] = rows(matrix.matrix)
    return data


def value_item(value, bounds):
    """An indicator value for YAML: the number, or ``{low, likely, high}`` when it has a range."""
    if bounds is None:
        return plain_number(value)
    return dict(zip(RANGE_KEYS, (plain_number(b) for b in bounds)))
