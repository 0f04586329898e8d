"""A workbook's sheets read once into memory (in one pass per sheet: the formulas and the
values the spreadsheet program saved with them, kept compactly a row at a time), so that the
reader can look at any cell cheaply and tell an input typed as a value from one computed by a
formula."""
from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping
from xml.etree import ElementTree as ET

from vsm_xl.core.errors import VsmError
from vsm_xl.core.limits import shorten
from vsm_xl.workbook.xlsx.cell_rows import CellRows
from vsm_xl.workbook.xlsx.cell_types import CellValue, LiteralText  # noqa: F401  (re-exported: the readers import them here)


class SheetGrid:
    """The cells of one sheet (:class:`~vsm_xl.workbook.xlsx.cell_rows.CellRows`: one tuple a
    row): ``formulas[(row, col)]`` as stored (a formula is text starting with ``=`` or an
    openpyxl formula object), ``values[(row, col)]`` the saved results, both read-only mappings."""

    __slots__ = ("title", "cells")

    def __init__(self, title: str, cells: CellRows):
        self.title, self.cells = title, cells

    @property
    def formulas(self) -> Mapping:
        return self.cells.stored

    @property
    def values(self) -> Mapping:
        return self.cells.saved

    @property
    def max_row(self) -> int:
        return self.cells.max_row

    @property
    def max_col(self) -> int:
        return self.cells.max_col

    def raw(self, col: int, row: int):
        return _plain(self.cells.get_stored(row, col))

    def is_formula(self, col: int, row: int) -> bool:
        return is_formula(self.cells.get_stored(row, col))

    def value(self, col: int, row: int):
        """The cell's value: the constant, or for a formula its saved result (None if none)."""
        raw = self.cells.get_stored(row, col)
        if is_formula(raw):
            return self.cells.get_saved(row, col)
        return _plain(raw)

    def saved(self, col: int, row: int):
        """What the spreadsheet program last showed in the cell: a formula's saved result, or
        the constant (the cells of an array formula's range hold its results as constants)."""
        return self.value(col, row)

    def text(self, col: int, row: int) -> str:
        value = self.value(col, row)
        return "" if value is None else str(value)


def _plain(value):
    """A text cell starting with ``=`` as the plain ``str`` it is (see ``LiteralText``)."""
    return str(value) if type(value) is LiteralText else value


def is_formula(value) -> bool:
    """A formula as stored: ``=...`` text (but not a text cell that starts with ``=``) or an
    openpyxl ArrayFormula / DataTableFormula."""
    if isinstance(value, LiteralText):
        return False
    if isinstance(value, str):
        return value.startswith("=") and len(value) > 1
    return value is not None and hasattr(value, "text") and not isinstance(value, (int, float, _dt.date))


def damaged_input(exc: BaseException) -> bool:
    """``exc`` is what the reading libraries raise for a damaged file: python-calamine's
    errors (zip, XML, a missing worksheet; a bare ``Exception`` for some broken zips), zip and
    deflate errors, XML parse errors, values that do not parse (``ValueError``, ``VsmError``
    included), ``EOFError`` and I/O errors. Not a crash of vsm_xl's own code (``TypeError``,
    ``AttributeError``, ``KeyError`` ...): handlers re-raise those."""
    import zipfile
    import zlib

    damaged: tuple = (ValueError, OverflowError, EOFError, OSError, zipfile.BadZipFile, zlib.error, ET.ParseError)
    try:
        from python_calamine import CalamineError

        damaged += (CalamineError,)
    except ImportError:  # pragma: no cover - python-calamine is a dependency
        pass
    return isinstance(exc, damaged) or type(exc) is Exception


def _damaged_part(exc: BaseException) -> bool:
    """What openpyxl's parsing helpers raise for a damaged part, besides :func:`damaged_input`:
    a cell reference or formula that does not parse."""
    from openpyxl.formula.tokenizer import TokenizerError
    from openpyxl.utils.exceptions import CellCoordinatesException

    return damaged_input(exc) or isinstance(exc, (CellCoordinatesException, TokenizerError))


def _opened(package, part: str):
    """The part as a binary stream (decompressed while parsed: a large sheet is never held as
    bytes), or as its bytes where the package's parts are a plain mapping."""
    import io

    opener = getattr(package.parts, "open", None)
    return opener(part) if opener is not None else io.BytesIO(package.parts[part])


def load_grids(source, sheets=None) -> dict:
    """``{sheet title: SheetGrid}`` of every worksheet (of those titled in ``sheets``, when
    given), in workbook order (each sheet read once: :func:`vsm_xl.workbook.xlsx.package.read_cells`).
    ``source``: a path or an opened :class:`~vsm_xl.workbook.xlsx.package.Package`."""
    from vsm_xl.workbook.xlsx.package import CellReader, Package, open_package, read_cells

    package = source if isinstance(source, Package) else open_package(source)
    try:
        reader = CellReader.of(package)
    except Exception as exc:
        if not _damaged_part(exc):
            raise  # a crash of this code, not a damaged file
        from vsm_xl.workbook.xlsx.scan import check_well_formed

        read = [t for _, kind, t in package.rels(package.workbook_part) if kind.endswith(("/styles", "/sharedStrings"))]
        check_well_formed(package.path, {t: package.parts[t] for t in read if t in package.parts})  # names the part
        raise VsmError(f"not a readable .xlsx workbook: its styles or shared strings are "
                       f"damaged ({shorten(str(exc))})", location=str(package.path)) from None
    grids = {}
    for title, part in package.sheets:
        if sheets is not None and title not in sheets:
            continue
        try:
            with _opened(package, part) as source:
                cells = read_cells(source, reader)
        except VsmError as exc:
            raise VsmError(exc.message, location=f"{package.path}: sheet '{shorten(title)}' ({part})") from None
        except Exception as exc:
            if not _damaged_part(exc):
                raise
            raise VsmError(f"sheet '{shorten(title)}' is damaged ({part}: {type(exc).__name__}: "
                           f"{shorten(str(exc))})", location=str(package.path)) from None
        grids[title] = SheetGrid(title, cells)
    return grids
