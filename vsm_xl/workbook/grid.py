"""A workbook's sheets read once into memory (openpyxl read-only mode, twice: the formulas
and the values the spreadsheet program saved with them), so that the reader can look at any
cell cheaply and tell an input typed as a value from one computed by a formula."""
from __future__ import annotations

import datetime as _dt
import warnings
import zipfile
from dataclasses import dataclass
from pathlib import Path

from vsm_xl.core.errors import VsmError


@dataclass
class SheetGrid:
    """The cells of one sheet: ``formulas[(row, col)]`` as stored (a formula is text starting
    with ``=`` or an openpyxl formula object), ``values[(row, col)]`` the saved results."""

    title: str
    formulas: dict
    values: dict
    max_row: int
    max_col: int

    def raw(self, col: int, row: int):
        return self.formulas.get((row, col))

    def is_formula(self, col: int, row: int) -> bool:
        return is_formula(self.formulas.get((row, col)))

    def value(self, col: int, row: int):
        """The cell's value: the constant, or for a formula its saved result (None if none)."""
        raw = self.formulas.get((row, col))
        if is_formula(raw):
            return self.values.get((row, col))
        return raw

    def text(self, col: int, row: int) -> str:
        value = self.value(col, row)
        return "" if value is None else str(value)


def is_formula(value) -> bool:
    if isinstance(value, str):
        return value.startswith("=") and len(value) > 1
    return value is not None and hasattr(value, "text") and not isinstance(value, (int, float, _dt.date))


def _cells(ws) -> tuple[dict, int, int]:
    ws.reset_dimensions()  # never trust a stored dimension: read every row
    cells = {}
    max_row = max_col = 0
    for r, row in enumerate(ws.iter_rows(values_only=True), start=1):
        for c, value in enumerate(row, start=1):
            if value is not None:
                cells[(r, c)] = value
                max_row = max(max_row, r)
                max_col = max(max_col, c)
    return cells, max_row, max_col


def load_grids(path) -> dict:
    """``{sheet title: SheetGrid}`` of every worksheet, in workbook order."""
    import openpyxl

    path = Path(path)
    if not path.exists():
        raise VsmError(f"{path}: no such file")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl's notes on unsupported extensions
            formulas_book = openpyxl.load_workbook(path, read_only=True, data_only=False, keep_links=False)
            values_book = openpyxl.load_workbook(path, read_only=True, data_only=True, keep_links=False)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise VsmError(f"{path}: not a readable .xlsx workbook ({exc})") from None
    try:
        grids = {}
        for ws in formulas_book.worksheets:
            formulas, max_row, max_col = _cells(ws)
            values, _, _ = _cells(values_book[ws.title])
            grids[ws.title] = SheetGrid(ws.title, formulas, values, max_row, max_col)
        return grids
    finally:
        formulas_book.close()
        values_book.close()
