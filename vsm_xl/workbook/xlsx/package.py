"""An .xlsx/.xlsm package read directly: its parts, its worksheets in workbook order, and
every worksheet's cells in ONE pass, both what is stored (constant or formula) and the value
the spreadsheet program saved with a formula.

openpyxl's read-only mode gives either the formulas or the saved values per load, so the
reader needed two loads of every workbook; this module reads each sheet once and converts
values exactly as openpyxl does (its date, shared-string and formula helpers, in
:mod:`~vsm_xl.workbook.xlsx.excel_values` so that reading imports no openpyxl), so that what
the reader sees does not change.
"""
from __future__ import annotations

import datetime
import io
import posixpath
import zipfile
import zlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree as ET

from vsm_xl.core.errors import VsmError
from vsm_xl.core.limits import MB, RATIO_FLOOR, current, shorten
from vsm_xl.workbook.xlsx.cell_rows import CellRows
from vsm_xl.workbook.xlsx.cell_types import ArrayFormula, CellValue, LiteralText
from vsm_xl.workbook.xlsx.excel_values import MAC_EPOCH, WINDOWS_EPOCH, coordinate_to_tuple, from_excel, shared_strings
from vsm_xl.workbook.xlsx.scan import check_sheets

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"

_ROW = f"{{{MAIN_NS}}}row"
_C = f"{{{MAIN_NS}}}c"
_V = f"{{{MAIN_NS}}}v"
_F = f"{{{MAIN_NS}}}f"
_IS = f"{{{MAIN_NS}}}is"
_T = f"{{{MAIN_NS}}}t"
_R = f"{{{MAIN_NS}}}r"


KEEP_BYTES = 8 * MB  # parts up to this size are kept in memory when the package is opened


class Parts(Mapping):
    """name -> bytes of a package's parts. Parts up to :data:`KEEP_BYTES` (all of a template
    workbook) are read when the package is opened and kept; larger ones (the rows of a
    100,000-step workbook: over a gigabyte on its Charts sheet) are checked then, decompressed
    once without being kept, and read again when asked for, so that a verb holds only what it
    reads (``evaluate``: the Steps sheet, streamed by :meth:`open`)."""

    def __init__(self, path: Path, infos: dict, kept: dict):
        self._path, self._infos, self._kept = path, infos, kept

    def __getitem__(self, name: str) -> bytes:
        if name in self._kept:
            return self._kept[name]
        info = self._infos[name]
        with zipfile.ZipFile(self._path) as zf:
            return _read_part(zf, info, self._path)

    def __iter__(self):
        return iter(self._infos)

    def __len__(self) -> int:
        return len(self._infos)

    def __contains__(self, name) -> bool:
        return name in self._infos

    def open(self, name: str):
        """A binary stream of the part: from memory, or decompressed from the file as it is read."""
        if name in self._kept:
            return io.BytesIO(self._kept[name])
        zf = zipfile.ZipFile(self._path)
        try:
            stream = zf.open(self._infos[name])
        except BaseException:
            zf.close()
            raise
        return _Closing(stream, zf)


class _Closing(io.RawIOBase):
    """A part's stream that closes its zip file with it."""

    def __init__(self, stream, zf):
        self._stream, self._zf = stream, zf

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        return self._stream.read(size)

    def readinto(self, buffer) -> int:
        data = self._stream.read(len(buffer))
        buffer[:len(data)] = data
        return len(data)

    def close(self) -> None:
        self._stream.close()
        self._zf.close()
        super().close()


@dataclass
class Package:
    """The parts of a workbook package (:class:`Parts`: the small ones in memory)."""

    path: Path
    infos: list  # zipfile.ZipInfo of every part, in archive order
    parts: Mapping  # name -> bytes
    workbook_part: str = "xl/workbook.xml"
    sheets: list = field(default_factory=list)  # (title, part) of every worksheet, in workbook order

    def read(self, name: str) -> bytes | None:
        return self.parts.get(name)

    def rels(self, part: str) -> list[tuple[str, str, str]]:
        """(id, type, target part) of ``part``'s internal relationships."""
        folder = posixpath.dirname(part)
        data = self.parts.get(rels_part(part))
        if data is None:
            return []
        result = []
        for rel in ET.fromstring(data).iter(f"{{{PKG_REL_NS}}}Relationship"):
            if rel.get("TargetMode") == "External":
                continue
            result.append((rel.get("Id", ""), rel.get("Type", ""), resolve(folder, rel.get("Target", ""))))
        return result


def rels_part(part: str) -> str:
    """The part holding ``part``'s relationships (``xl/_rels/workbook.xml.rels``)."""
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", name + ".rels")


def resolve(folder: str, target: str) -> str:
    """A relationship target as a part name (``../x`` and absolute targets resolved)."""
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(folder, target))


def open_package(path) -> Package:
    """Read the whole package (small: a template workbook is some 30 kB compressed), within
    the budgets of :mod:`vsm_xl.core.limits` (checked from the zip directory first)."""
    path = Path(path)
    if not path.exists():
        raise VsmError("no such file", location=str(path))
    try:
        with zipfile.ZipFile(path) as zf:
            infos = check_zip_budget(path, zf.infolist())
            check_sheets(path, zf, infos)  # rows, cells, shared strings: before the parts are read
            kept = {}
            for info in infos:
                if info.is_dir():
                    continue
                if info.file_size <= KEEP_BYTES:
                    kept[info.filename] = _read_part(zf, info, path)
                else:
                    _check_part(zf, info, path)  # damaged deflate or CRC refused here, as for the others
            parts = Parts(path, {i.filename: i for i in infos if not i.is_dir()}, kept)
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, KeyError,
            NotImplementedError, RuntimeError) as exc:
        if isinstance(exc, VsmError):
            raise
        _refuse_other_kinds(path)
        raise VsmError(f"not a readable .xlsx workbook ({shorten(str(exc))})", location=str(path)) from None
    if not any(name.startswith("xl/") for name in parts):
        _refuse_other_kinds(path)  # a Word document renamed .xlsx is a zip too
    package = Package(path, [i for i in infos if not i.is_dir()], parts)
    try:
        _find_sheets(package)
    except (ET.ParseError, ValueError) as exc:
        raise VsmError(f"not a readable .xlsx workbook ({shorten(str(exc))})", location=str(path)) from None
    return package


def check_zip_budget(path, infos: list) -> list:
    """Refuse a package whose parts would expand beyond the budgets, from its zip directory
    alone (before anything is decompressed). Returns ``infos``."""
    budget = current()
    name = Path(path).name
    total = 0
    names = set()
    for info in infos:
        if info.filename in names:
            raise VsmError(f"part {shorten(info.filename)} appears twice in the package (a damaged or "
                           "tampered file: which one would count?)", location=name)
        names.add(info.filename)
        total += info.file_size
        if info.file_size > RATIO_FLOOR and info.file_size > budget.max_ratio * max(info.compress_size, 1):
            raise VsmError(
                f"part {shorten(info.filename)} expands {info.file_size / max(info.compress_size, 1):,.0f}"
                f" times ({info.compress_size:,} to {info.file_size:,} bytes), more than the budget of "
                f"{budget.max_ratio}:1 (a zip bomb?); raise it with --max-ratio if the file is genuine", location=name)
    if total > budget.max_expanded_bytes:
        raise VsmError(f"its parts expand to {total / MB:,.1f} MB, more than the budget of "
                       f"{budget.max_expanded_bytes / MB:g} MB; raise it with --max-expanded-mb if the file is genuine",
                       location=name)
    if len(infos) > _MAX_PARTS:
        raise VsmError(f"{len(infos):,} parts, more than a workbook holds ({_MAX_PARTS:,})", location=name)
    return infos


_MAX_PARTS = 100_000


def check_zip_file(path) -> None:
    """:func:`check_zip_budget` and :func:`vsm_xl.workbook.xlsx.scan.check_sheets` of the zip file at
    ``path`` (before another library such as python-calamine reads it); a file that is no zip is left for that library to refuse."""
    try:
        with zipfile.ZipFile(path) as zf:
            check_sheets(path, zf, check_zip_budget(path, zf.infolist()))
    except (zipfile.BadZipFile, zlib.error, OSError, ValueError, EOFError, KeyError) as exc:
        if isinstance(exc, VsmError):
            raise
        return  # not a zip: the library that reads it says why


def _read_part(zf: zipfile.ZipFile, info: zipfile.ZipInfo, path) -> bytes:
    """A part's bytes, never more than its directory entry announced (a lying entry is refused)."""
    with zf.open(info) as stream:
        data = stream.read(info.file_size + 1)
    if len(data) > info.file_size:
        raise VsmError(f"part {shorten(info.filename)} is larger than its zip directory entry says",
                       location=Path(path).name)
    return data


def _check_part(zf: zipfile.ZipFile, info: zipfile.ZipInfo, path) -> None:
    """Decompress a part to its end without keeping it (its CRC checked by zipfile), never more
    than its directory entry announced."""
    size = 0
    with zf.open(info) as stream:
        while chunk := stream.read(1 << 20):
            size += len(chunk)
            if size > info.file_size:
                break
    if size > info.file_size:
        raise VsmError(f"part {shorten(info.filename)} is larger than its zip directory entry says",
                       location=Path(path).name)


def _refuse_other_kinds(path: Path) -> None:
    """Refuse a file that is something else under an Excel name, saying what it is and what to
    run instead (:mod:`vsm_xl.io.file_kind`)."""
    from vsm_xl.io.file_kind import not_a_workbook_message

    message = not_a_workbook_message(path)
    if message is not None:
        raise VsmError(message, location=str(path))


def _find_sheets(package: Package) -> None:
    for _, kind, target in package.rels(""):
        if kind.endswith("/officeDocument"):
            package.workbook_part = target
            break
    data = package.read(package.workbook_part)
    if data is None:
        raise VsmError(f"not a readable .xlsx workbook (no {package.workbook_part})", location=str(package.path))
    targets = {rid: (kind, target) for rid, kind, target in package.rels(package.workbook_part)}
    root = ET.fromstring(data)
    for sheet in root.iter(f"{{{MAIN_NS}}}sheet"):
        kind, target = targets.get(sheet.get(f"{{{REL_NS}}}id", ""), ("", ""))
        if kind.endswith("/worksheet") and target in package.parts:  # chartsheets hold no cells
            package.sheets.append((sheet.get("name"), target))


@dataclass
class CellReader:
    """What converting a sheet's cells needs from the rest of the package (as openpyxl does)."""

    shared_strings: list
    date_styles: frozenset
    timedelta_styles: frozenset
    epoch: datetime.datetime  # day 0 of the workbook's date system

    @classmethod
    def of(cls, package: Package) -> "CellReader":
        strings: list = []
        styles_part = None
        for _, kind, target in package.rels(package.workbook_part):
            if kind.endswith("/sharedStrings") and target in package.parts:
                strings = shared_strings(package.parts[target])
            elif kind.endswith("/styles"):
                styles_part = target
        dates, deltas = _date_styles(package.read(styles_part) if styles_part else None)
        return cls(strings, dates, deltas, epoch_of(package))


def epoch_of(package: Package) -> datetime.datetime:
    """The date system of the workbook: 1900 (Windows) or 1904 (old Mac files)."""
    root = ET.fromstring(package.parts[package.workbook_part])
    props = root.find(f"{{{MAIN_NS}}}workbookPr")
    if props is not None and props.get("date1904", "").lower() in ("1", "true"):
        return MAC_EPOCH
    return WINDOWS_EPOCH


def _date_styles(data: bytes | None) -> tuple[frozenset, frozenset]:
    """Indices of the cell styles whose number format shows a date/time, and a duration
    (openpyxl's ``Stylesheet._normalise_numbers``)."""
    from vsm_xl.workbook.xlsx.excel_values import BUILTIN_DATE_FORMATS, is_date_format, is_timedelta_format

    if not data:
        return frozenset(), frozenset()
    root = ET.fromstring(data)
    custom = {}
    formats = root.find(f"{{{MAIN_NS}}}numFmts")
    if formats is not None:
        for fmt in formats.iter(f"{{{MAIN_NS}}}numFmt"):
            try:
                custom[int(fmt.get("numFmtId", ""))] = fmt.get("formatCode")
            except (TypeError, ValueError):
                continue
    dates, deltas = set(), set()
    xfs = root.find(f"{{{MAIN_NS}}}cellXfs")
    for idx, xf in enumerate(xfs.iter(f"{{{MAIN_NS}}}xf") if xfs is not None else ()):
        try:
            num = int(xf.get("numFmtId", 0))
        except ValueError:
            num = 0
        code = custom[num] if num in custom else BUILTIN_DATE_FORMATS.get(num)
        if is_date_format(code):
            dates.add(idx)
        if is_timedelta_format(code):
            deltas.add(idx)
    return frozenset(dates), frozenset(deltas)


def _number(text: str):
    if "." in text or "E" in text or "e" in text:
        return float(text)
    return int(text)


def _inline_text(element) -> str:
    """The text of an inline string (its plain text and its runs; not phonetic hints)."""
    parts = []
    t = element.find(_T)
    if t is not None and t.text:
        parts.append(t.text)
    for run in element.findall(_R):
        rt = run.find(_T)
        if rt is not None and rt.text:
            parts.append(rt.text)
    return "".join(parts)


def read_cells(data, reader: CellReader) -> CellRows:
    """The cells of one worksheet's XML (bytes, or a binary stream of them: :meth:`Parts.open`),
    row by row into a :class:`~vsm_xl.workbook.xlsx.cell_rows.CellRows`: per cell the constant
    or the formula (text starting with ``=``, or openpyxl's ArrayFormula / DataTableFormula)
    and the value saved with each formula. Blank cells are left out."""
    rows = CellRows()
    shared: dict = {}
    row_counter = 0
    # the rows and cells budgets were checked by open_package (scan.check_sheets) before reading
    source = io.BytesIO(data) if isinstance(data, (bytes, bytearray)) else data
    for _, element in ET.iterparse(source):
        if element.tag != _ROW:
            continue
        r_attr = element.get("r")
        row_counter = int(float(r_attr)) if r_attr is not None else row_counter + 1
        stored: dict = {}
        saved: dict = {}
        elsewhere: dict = {}  # row -> (stored, saved) of cells whose reference names another row
        col_counter = 0
        for c in element:
            if c.tag != _C:
                continue
            coordinate = c.get("r")
            if coordinate:
                row, col = coordinate_to_tuple(coordinate)
                col_counter = col
            else:
                col_counter += 1
                row, col = row_counter, col_counter
            into = (stored, saved) if row == row_counter else elsewhere.setdefault(row, ({}, {}))
            _read_cell(c, reader, coordinate, (row, col), shared, into)
        rows.add(row_counter, stored, saved)
        for row, (other_stored, other_saved) in elsewhere.items():
            rows.add(row, other_stored, other_saved)
        element.clear()
    return rows


def _read_cell(c, reader: CellReader, coordinate, where: tuple, shared: dict, into: tuple) -> None:
    """One ``<c>`` element into the ``(stored, saved)`` dicts ``{col: value}`` of its row."""
    col = where[1]
    value = _cell_value(c, reader, coordinate or where)
    f = c.find(_F)
    if f is not None:
        if value is not None:
            into[1][col] = value
        value = _formula(f, coordinate, shared, where)
    elif isinstance(value, str) and value.startswith("="):
        value = LiteralText(value)
    if value is not None:
        into[0][col] = value


def _cell_value(c, reader: CellReader, where) -> CellValue:
    """The value a ``<c>`` element holds (for a formula cell: its saved result), typed by its
    ``t`` attribute and, for numbers, its style (dates)."""
    kind = c.get("t", "n")
    if kind == "inlineStr":
        child = c.find(_IS)
        return _inline_text(child) if child is not None else None
    text = c.findtext(_V) or None
    if text is None:
        return None
    if kind == "n":
        value = _number(text)
        style = int(c.get("s", 0) or 0)
        if style in reader.date_styles:
            try:
                return from_excel(value, reader.epoch, timedelta=style in reader.timedelta_styles)
            except (OverflowError, ValueError):
                return "#VALUE!"
        return value
    if kind == "s":
        index, strings = int(text), reader.shared_strings
        if not 0 <= index < len(strings):
            raise VsmError(f"cell {where} refers to shared string {index}, but there are {len(strings)}")
        return strings[index]
    if kind == "b":
        return bool(int(text))
    if kind == "d":
        from openpyxl.utils.datetime import from_ISO8601

        return from_ISO8601(text)
    return text  # str, e


def _formula(f, coordinate, shared: dict, where):
    """The formula of an ``<f>`` element: text starting with "=", or openpyxl's ArrayFormula /
    DataTableFormula; a shared formula's followers translated from its first cell."""
    formula_type = f.get("t")
    formula = "=" + (f.text or "")
    if formula_type == "array":
        return ArrayFormula(ref=f.get("ref"), text=formula)
    if formula_type == "shared":
        idx = f.get("si")
        if idx in shared:
            return shared[idx].translate_formula(coordinate)
        if formula != "=":
            from openpyxl.formula.translate import Translator  # rare: Excel's own files

            shared[idx] = Translator(formula, coordinate)
    elif formula_type == "dataTable":
        if "ref" not in f.attrib:
            raise VsmError(f"cell {coordinate or where}: a data table formula without its range")
        from openpyxl.worksheet.formula import DataTableFormula  # rare

        return DataTableFormula(**f.attrib)
    return formula
