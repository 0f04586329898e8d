"""Checks of a workbook package that cost no memory: the budgets of its worksheets (rows and
filled cells) and of its shared strings, counted while streaming each part's XML out of the zip
before any reader (the package reader, python-calamine) loads it; and the well-formedness of
every XML part before a copy of the package is written.

One implementation for every reader: :func:`check_sheets` is called by
:func:`vsm_xl.workbook.xlsx.package.open_package` (evaluate, portfolio and convert templates) and by
:func:`vsm_xl.workbook.xlsx.package.check_zip_file` (team sheets read by python-calamine).
"""
from __future__ import annotations

import io
import posixpath
import re
import zipfile
from collections.abc import Mapping
from pathlib import Path
from xml.etree import ElementTree as ET

from vsm_xl.core.errors import VsmError
from vsm_xl.core.limits import HEADER_ALLOWANCE, current, shorten
from vsm_xl.core.limit_checks import check_cells, check_rows

_CHUNK = 1 << 20
_ROOT = re.compile(rb"<(?![?!])([A-Za-z_][\w.-]*:)?[A-Za-z_][\w.-]*[\s>/]")
_DIMENSION = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?dimension\s[^>]*?\bref\s*=\s*[\"']([^\"']*)[\"']")
_LAST_ROW = re.compile(r"[A-Za-z]{1,3}\$?(\d{1,9})$")
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"


def check_sheets(path, zf: zipfile.ZipFile, infos: list) -> None:
    """Refuse a package whose worksheets hold more rows or filled cells, or whose shared string
    table holds more strings, than the budgets: from a worksheet's ``<dimension>`` where it says
    so, else counted while streaming the part (1 MB at a time, stopping at the budget)."""
    name = Path(path).name
    sheets, strings = _parts_to_scan(zf, {i.filename: i for i in infos if not i.is_dir()})
    for info in sheets:
        _scan_sheet(zf, info, f"{name}: worksheet {shorten(info.filename)}")
    for info in strings:
        count = _count(zf, info, (b"si",), current().max_cells)[b"si"]
        check_cells(count, f"{name}: the shared string table {shorten(info.filename)}", "strings",
                    at_least=count > current().max_cells)


def _parts_to_scan(zf: zipfile.ZipFile, infos: dict) -> tuple[list, list]:
    """The worksheet and shared-string parts: those the workbook's relationships name, and any
    part named like one (a reader may find a sheet whose relationships are damaged)."""
    sheets = {n for n in infos if re.search(r"(^|/)worksheets/[^/]+\.xml$", n)}
    strings = {n for n in infos if n.lower().endswith("sharedstrings.xml")}
    for workbook in _targets(zf, infos, "", "/officeDocument"):
        sheets.update(_targets(zf, infos, workbook, "/worksheet"))
        strings.update(_targets(zf, infos, workbook, "/sharedStrings"))
    return [infos[n] for n in sorted(sheets)], [infos[n] for n in sorted(strings)]


def _targets(zf: zipfile.ZipFile, infos: dict, part: str, kind: str) -> list[str]:
    folder, base = posixpath.split(part)
    rels = posixpath.join(folder, "_rels", base + ".rels")
    info = infos.get(rels)
    if info is None or info.file_size > 10 * _CHUNK:
        return []
    try:
        root = ET.fromstring(zf.read(info))
    except (ET.ParseError, ValueError, zipfile.BadZipFile, OSError, EOFError):
        return []  # the reader refuses the damaged part itself
    found = []
    for rel in root.iter(_PKG_REL):
        target = rel.get("Target", "")
        if rel.get("Type", "").endswith(kind) and rel.get("TargetMode") != "External":
            name = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
            if name in infos:
                found.append(name)
    return found


def _scan_sheet(zf: zipfile.ZipFile, info: zipfile.ZipInfo, where: str) -> None:
    budget = current()
    rows_limit = budget.max_rows + HEADER_ALLOWANCE
    with zf.open(info) as stream:
        head = stream.read(_CHUNK)
    match = _DIMENSION.search(head)
    if match:  # the dimension where present: refused before a byte more is decompressed
        last = _LAST_ROW.search(match.group(1).decode("ascii", "replace").split(":")[-1])
        if last and int(last.group(1)) > rows_limit:
            check_rows(int(last.group(1)), f"{where} (its dimension {shorten(match.group(1).decode('ascii', 'replace'))})")
    counts = _count(zf, info, (b"row", b"c"), None, stop={b"row": rows_limit, b"c": budget.max_cells})
    check_rows(counts[b"row"], where, at_least=counts[b"row"] > rows_limit)
    check_cells(counts[b"c"], where, at_least=counts[b"c"] > budget.max_cells)


def _count(zf: zipfile.ZipFile, info: zipfile.ZipInfo, tags: tuple, limit: int | None,
           stop: dict | None = None) -> dict:
    """How many elements of each of ``tags`` (local names) the part holds, counted generously
    (never fewer, so that no spelling evades the count): every ``<row``, empty rows and
    ``<rowBreaks`` included, every ``<c``, ``<col`` and ``<cfRule`` included: a few more than
    the sheet's cells, one pass of ``bytes.count`` per tag (some 0.4 s for 100 MB of XML).
    Counting stops once one passes its limit."""
    stop = stop or {tag: limit for tag in tags}
    counts = {tag: 0 for tag in tags}
    prefix = None
    carry = b""
    with zf.open(info) as stream:
        while True:
            chunk = stream.read(_CHUNK)
            if not chunk:
                break
            text = carry + chunk if carry else chunk
            cut = text.rfind(b"<", max(0, len(text) - 64))
            text, carry = (text[:cut], text[cut:]) if cut >= 0 else (text, b"")
            if prefix is None:
                root = _ROOT.search(text)
                if root is None and len(text) < 4 * _CHUNK:
                    carry = text + carry
                    continue
                prefix = (root.group(1) if root else None) or b""
            for tag in tags:
                counts[tag] += text.count(b"<" + prefix + tag)
            if any(counts[tag] > stop[tag] for tag in tags):
                break
    return counts


# -- well-formedness ---------------------------------------------------------------------------

XML_SUFFIXES = (".xml", ".rels")  # VML drawings (.vml) are not XML as Excel writes them


class _Nothing:
    """A parser target that builds nothing: the parse only checks the syntax."""


def check_well_formed(path, parts: Mapping) -> None:
    """Refuse (naming the part) a package any of whose XML parts is not well-formed, or holds a
    DTD, an entity declaration or an external reference (defusedxml), before a copy is written.
    ``parts``: name -> bytes. Streams each part through the parser 1 MB at a time, building no
    tree."""
    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import DefusedXMLParser

    opener = getattr(parts, "open", None)  # a package's parts: a large one decompressed as it is parsed
    for part in parts:
        if not part.lower().endswith(XML_SUFFIXES):
            continue
        parser = DefusedXMLParser(target=_Nothing(), forbid_dtd=True)
        try:
            with opener(part) if opener is not None else io.BytesIO(parts[part]) as stream:
                while chunk := stream.read(_CHUNK):
                    parser.feed(chunk)
            parser.close()
        except (ET.ParseError, DefusedXmlException, ValueError) as exc:
            raise VsmError(f"part {shorten(part)} is not well-formed XML ({shorten(str(exc))}); "
                           "a damaged file, refused before anything is written", location=Path(path).name) from None
