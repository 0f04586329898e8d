"""A workbook's sheets read once into memory (in one pass per sheet: the formulas and the
values the spreadsheet program saved with them), so that the reader can look at any cell
cheaply and tell an input typed as a value from one computed by a formula."""
from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass
from xml.etree import ElementTree as ET

from vsm_xl.core.errors import VsmError
from vsm_xl.core.limits import shorten

# What one cell holds once read (or is to hold when written): None is a blank cell.
CellValue = float | int | str | bool | _dt.datetime | _dt.date | _dt.time | _dt.timedelta | None


class LiteralText(str):
    """A text cell whose text starts with ``=`` (``=Order Entry`` typed as text): stored as a
    string, not a formula. Only such texts are wrapped, so that the formulas of a sheet, which
    are plain ``=...`` strings as openpyxl gives them, stay told apart from them."""

    __slots__ = ()


@dataclass
class SheetGrid:
    """The cells of one sheet: ``formulas[(row, col)]`` as stored (a formula is text starting
    with ``=`` or an openpyxl formula object), ``values[(row, col)]`` the saved results."""

    title: str
    formulas: dict
    values: dict
    max_row: int
    max_col: int
    formulas_known: bool = True  # False for a values-only read: every cell looks like a constant

    def raw(self, col: int, row: int):
        return _plain(self.formulas.get((row, col)))

    def is_formula(self, col: int, row: int) -> bool:
        return self.formulas_known and is_formula(self.formulas.get((row, col)))

    def value(self, col: int, row: int):
        """The cell's value: the constant, or for a formula its saved result (None if none)."""
        raw = self.formulas.get((row, col))
        if self.formulas_known and is_formula(raw):
            return self.values.get((row, col))
        return _plain(raw)

    def saved(self, col: int, row: int):
        """What the spreadsheet program last showed in the cell: a formula's saved result, or
        the constant (the cells of an array formula's range hold its results as constants)."""
        raw = self.formulas.get((row, col))
        if self.formulas_known and is_formula(raw):
            return self.values.get((row, col))
        return _plain(raw)

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


def load_grids(source) -> dict:
    """``{sheet title: SheetGrid}`` of every worksheet, in workbook order (each sheet read once:
    :func:`vsm_xl.workbook.package.read_cells`). ``source``: a path or an opened
    :class:`~vsm_xl.workbook.package.Package`."""
    from vsm_xl.workbook.package import CellReader, Package, open_package, read_cells

    package = source if isinstance(source, Package) else open_package(source)
    try:
        reader = CellReader.of(package)
    except Exception as exc:
        if not _damaged_part(exc):
            raise  # a crash of this code, not a damaged file
        raise VsmError(f"{package.path}: not a readable .xlsx workbook: its styles or shared strings are "
                       f"damaged ({shorten(str(exc))})") from None
    grids = {}
    for title, part in package.sheets:
        try:
            formulas, values, max_row, max_col = read_cells(package.parts[part], reader)
        except VsmError as exc:
            raise VsmError(f"{package.path}: sheet '{shorten(title)}' ({part}): {exc.message}") from None
        except Exception as exc:
            if not _damaged_part(exc):
                raise
            raise VsmError(f"{package.path}: sheet '{shorten(title)}' is damaged ({part}: "
                           f"{type(exc).__name__}: {shorten(str(exc))})") from None
        grids[title] = SheetGrid(title, formulas, values, max_row, max_col)
    return grids


class ValueGrid(SheetGrid):
    """A values-only sheet (python-calamine): every cell is a constant as far as the reader can
    tell, so looking one up is a single dictionary access."""

    def __init__(self, title: str, values: dict, max_row: int, max_col: int):
        super().__init__(title, values, {}, max_row, max_col, formulas_known=False)

    def is_formula(self, col: int, row: int) -> bool:
        return False

    def value(self, col: int, row: int):
        return self.formulas.get((row, col))

    saved = value


def load_value_grids(path, sheets=None) -> dict:
    """``{sheet title: SheetGrid}`` read with python-calamine: the values only (a formula cell
    holds the value saved with it; whether it is a formula is not known), fast, for read-only
    work over many workbooks (the portfolio). ``sheets``: the titles to read (default: all).

    python-calamine gives a cell holding an Excel error (``#N/A``) as an empty cell; a workbook
    whose sheets to read hold error cells is therefore read by the package reader instead
    (:func:`load_grids`), so that the reader says "is the error #N/A" whichever way the
    workbook was loaded."""
    from python_calamine import CalamineWorkbook

    if _has_error_cells(path, sheets):
        return load_grids(path)
    try:
        with CalamineWorkbook.from_path(str(path)) as book:
            grids = {}
            for title in book.sheet_names:
                if sheets is not None and title not in sheets:
                    continue
                sheet = book.get_sheet_by_name(title)
                start = sheet.start
                values: dict = {}
                max_row = max_col = 0
                if start is not None:
                    r0, c0 = start[0] + 1, start[1] + 1
                    for i, row in enumerate(sheet.iter_rows(), r0):
                        for j, value in enumerate(row, c0):
                            if value == "" or value is None:
                                continue
                            if value.__class__ is float and value.is_integer() and abs(value) < 2 ** 53:
                                value = int(value)  # as the package reader reads "3": the file does not tell 3.0
                            values[(i, j)] = value
                            max_row = i
                            if j > max_col:
                                max_col = j
                grids[title] = ValueGrid(title, values, max_row, max_col)
    except VsmError:
        raise
    except Exception as exc:  # calamine's own errors (not a zip, damaged XML, ...); not ours
        if not damaged_input(exc):
            raise
        raise VsmError(f"{path}: not a readable .xlsx workbook ({exc})") from None
    return grids


_TAG = {"sheet": re.compile(rb"<(?:\w+:)?sheet\b[^>]*>"), "rel": re.compile(rb"<(?:\w+:)?Relationship\b[^>]*>")}
_ATTR = re.compile(rb'([\w:]+)="([^"]*)"')


def _tags(data: bytes, kind: str) -> list[dict]:
    """The attributes of every ``<sheet>`` / ``<Relationship>`` tag, in any order."""
    return [dict(_ATTR.findall(tag)) for tag in _TAG[kind].findall(data)]


def _has_error_cells(path, sheets=None) -> bool:
    """Whether a worksheet of the package (one of ``sheets``, when given) stores an error value
    (``<c ... t="e">``)."""
    import html
    import posixpath
    import zipfile
    import zlib

    try:
        with zipfile.ZipFile(path) as zf:
            parts = [i.filename for i in zf.infolist()
                     if i.filename.startswith("xl/worksheets/") and i.filename.endswith(".xml")]
            if sheets is not None:
                try:
                    targets = {a.get(b"Id"): a.get(b"Target", b"") for a in _tags(zf.read("xl/_rels/workbook.xml.rels"),
                                                                              "rel")}
                    wanted = set()
                    for a in _tags(zf.read("xl/workbook.xml"), "sheet"):
                        name, rid = html.unescape(a.get(b"name", b"").decode()), a.get(b"r:id")
                        if name in sheets and rid in targets:
                            target = targets[rid].decode()
                            wanted.add(target.lstrip("/") if target.startswith("/")
                                       else posixpath.normpath(posixpath.join("xl", target)))
                    parts = [p for p in parts if p in wanted]
                except KeyError:
                    pass  # no such parts: look at every worksheet
            return any(b't="e"' in zf.read(part) for part in parts)
    except (OSError, zipfile.BadZipFile, zlib.error, EOFError, KeyError, ValueError, RuntimeError):
        return False  # not a readable package: calamine says why
