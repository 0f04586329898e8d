"""The filled cells of one worksheet, kept row by row in little memory.

A dict keyed by ``(row, col)`` costs some 100 bytes a cell before the value itself (its entry
and its key tuple): the 13 filled cells a row of a 100,000-step Steps sheet holds took 200 MB.
Here each row is ONE tuple of its values, whose positions a *layout* shared by all rows with
the same filled columns says (``{col: position}``); and a formula that differs from row to row
only by its own row number (``=G56-F56``, ``=G57-F57``) is kept once, as the pieces between
its row numbers, and put together again when asked for (``"56".join(pieces)``: exact for any
text, so any formula reads back as it was stored). Some 40 bytes a cell at 100,000 rows.

What is stored is what the package reader gives (:func:`vsm_xl.workbook.xlsx.package.read_cells`):
per cell the constant or formula (``stored``) and, for a formula, the value the spreadsheet
program saved with it (``saved``). :attr:`CellRows.stored` and :attr:`CellRows.saved` show
both as read-only mappings ``{(row, col): value}``, as the dicts they replace.
"""
from __future__ import annotations

from collections.abc import ItemsView, Iterator, Mapping

# formula shapes kept at most (a template's sheets hold some hundreds; a formula met when the
# table is full is kept as its text, so that a sheet of unrelated formulas costs no more than text)
_MAX_SHAPES = 20_000


class _Shape(tuple):
    """A formula as the pieces of its text between the occurrences of its row's number."""

    __slots__ = ()


class _Layout:
    """Which columns a row holds: ``stored[col]`` and ``saved[col]``, the positions of their
    values in the row's tuple (position 0 is the layout itself)."""

    __slots__ = ("stored", "saved")

    def __init__(self, stored_cols: tuple, saved_cols: tuple):
        self.stored = {col: i for i, col in enumerate(stored_cols, 1)}
        self.saved = {col: i for i, col in enumerate(saved_cols, 1 + len(stored_cols))}


class CellRows:
    """The filled cells of a sheet: :meth:`add` a row's cells, :meth:`get_stored` /
    :meth:`get_saved` a cell. ``max_row`` / ``max_col``: the last row and column with a stored
    cell."""

    __slots__ = ("_rows", "_layouts", "_shapes", "max_row", "max_col", "stored", "saved")

    def __init__(self) -> None:
        self._rows: dict = {}  # row -> (layout, stored values..., saved values...)
        self._layouts: dict = {}  # (stored cols, saved cols) -> _Layout
        self._shapes: dict = {}  # pieces -> the same pieces, one tuple for every row that has them
        self.max_row = self.max_col = 0
        self.stored: Mapping = _View(self, "stored")
        self.saved: Mapping = _View(self, "saved")

    # -- filling -------------------------------------------------------------------------------
    def add(self, row: int, stored: dict, saved: dict) -> None:
        """The cells of ``row``: ``stored`` {col: constant or formula}, ``saved`` {col: the value
        saved with a formula}; blank cells left out. A row met again (a sheet may repeat a row
        element) keeps its cells, the new ones written over them, as a dict would."""
        if row in self._rows:
            old_stored, old_saved = self._row_dicts(row)
            stored, saved = {**old_stored, **stored}, {**old_saved, **saved}
        if not stored and not saved:
            return
        key = (tuple(stored), tuple(saved))
        layout = self._layouts.get(key)
        if layout is None:
            layout = self._layouts[key] = _Layout(*key)
        text = str(row)
        self._rows[row] = (layout, *(self._compact(v, text) for v in stored.values()), *saved.values())
        if stored:
            if row > self.max_row:
                self.max_row = row
            last = max(stored)
            if last > self.max_col:
                self.max_col = last

    def _compact(self, value, row_text: str):
        """A formula's text as its shape (shared by the rows that have it); any other value as it is."""
        if type(value) is not str or not value.startswith("="):
            return value  # constants, LiteralText (a text starting with "="), array formulas
        pieces = _Shape(value.split(row_text))
        if len(pieces) < 2:
            return value
        shape = self._shapes.get(pieces)
        if shape is None:
            if len(self._shapes) >= _MAX_SHAPES:
                return value
            shape = self._shapes[pieces] = pieces
        return shape

    def _row_dicts(self, row: int) -> tuple[dict, dict]:
        entry = self._rows[row]
        layout, text = entry[0], str(row)
        return ({col: _expand(entry[i], text) for col, i in layout.stored.items()},
                {col: entry[i] for col, i in layout.saved.items()})

    # -- reading -------------------------------------------------------------------------------
    def get_stored(self, row: int, col: int):
        """The constant or formula stored in the cell (None: blank)."""
        entry = self._rows.get(row)
        if entry is None:
            return None
        i = entry[0].stored.get(col)
        if i is None:
            return None
        value = entry[i]
        return str(row).join(value) if type(value) is _Shape else value

    def get_saved(self, row: int, col: int):
        """The value saved with the cell's formula (None: none)."""
        entry = self._rows.get(row)
        if entry is None:
            return None
        i = entry[0].saved.get(col)
        return None if i is None else entry[i]

    def cells(self, which: str) -> Iterator[tuple[tuple[int, int], object]]:
        """((row, col), value) of every ``stored`` or ``saved`` cell, row by row."""
        for row, entry in self._rows.items():
            positions = getattr(entry[0], which)
            if not positions:
                continue
            text = str(row)
            for col, i in positions.items():
                value = entry[i]
                yield (row, col), (text.join(value) if type(value) is _Shape else value)

    def count(self, which: str) -> int:
        return sum(len(getattr(entry[0], which)) for entry in self._rows.values())

    def row_count(self) -> int:
        """How many rows hold a cell (kept as one tuple each)."""
        return len(self._rows)


def _expand(value, row_text: str):
    return row_text.join(value) if type(value) is _Shape else value


class _View(Mapping):
    """``{(row, col): value}`` of the stored or the saved cells, read-only, as the dict it replaces."""

    __slots__ = ("_rows", "_which")

    def __init__(self, rows: CellRows, which: str):
        self._rows, self._which = rows, which

    def get(self, key, default=None):
        row, col = key
        value = self._rows.get_stored(row, col) if self._which == "stored" else self._rows.get_saved(row, col)
        return default if value is None else value

    def __getitem__(self, key):
        value = self.get(key)
        if value is None:
            raise KeyError(key)
        return value

    def __contains__(self, key) -> bool:
        return type(key) is tuple and len(key) == 2 and self.get(key) is not None

    def __iter__(self):
        return (key for key, _ in self._rows.cells(self._which))

    def items(self) -> ItemsView:
        return _Items(self)

    def __len__(self) -> int:
        return self._rows.count(self._which)

    def __repr__(self) -> str:
        return repr(dict(self.items()))


class _Items(ItemsView):
    """The items of a view, made row by row (not by a lookup of each key)."""

    def __init__(self, view: _View):
        super().__init__(view)
        self._view = view

    def __iter__(self):
        return self._view._rows.cells(self._view._which)
