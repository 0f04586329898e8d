"""The content-loss guard of derived writes (the evaluated copy).

openpyxl loads what it understands and writes only that: shapes and text boxes, slicers,
timelines, threaded comments, sparklines and other Excel 2010+ extensions, form and ActiveX
controls, embedded objects, the data model, and VBA (unless kept on purpose) would silently
disappear from a copy made by loading and saving. The evaluated copy is no longer made that
way (it is the source package with its result cells patched, :mod:`vsm_xl.workbook.xlsx.patch`),
so it keeps all of them; what stays is: :func:`check_macros` refuses a ``.xlsx`` copy of a
workbook with VBA macros (a ``.xlsx`` cannot hold them), and after writing,
:func:`verify_copy` compares what the source and the copy hold and refuses the copy if
anything went missing.
"""
from __future__ import annotations

import posixpath
import re
import zipfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree as ET

from vsm_xl.core.errors import VsmError
from vsm_xl.workbook.layout import template_layout as L

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
_XDR = "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing"
_A = "http://schemas.openxmlformats.org/drawingml/2006/main"


# Package parts openpyxl does not read: (path pattern, what they are).
_DROPPED_PARTS = (
    (r"^xl/slicers/", "a slicer"),
    (r"^xl/slicerCaches/", "a slicer cache"),
    (r"^xl/timelines/", "a timeline"),
    (r"^xl/timelineCaches/", "a timeline cache"),
    (r"^xl/threadedComments/", "threaded comments"),
    (r"^xl/persons/", "the people of threaded comments"),
    (r"^xl/ctrlProps/", "a form control"),
    (r"^xl/activeX/", "an ActiveX control"),
    (r"^xl/embeddings/", "an embedded object"),
    (r"^xl/model/", "a data model"),
    (r"^xl/queryTables/", "a query table"),
    (r"^xl/connections\.xml$", "data connections"),
    (r"^customXml/", "custom XML data"),
    (r"^xl/richData/", "rich data (linked data types or images in cells)"),
    (r"^xl/webextensions/", "an Office add-in part"),
)
# Excel 2010+ extensions inside a worksheet that openpyxl drops, by the ext element they use.
_DROPPED_EXTENSIONS = (
    ("sparklineGroups", "sparklines"),
    ("dataValidations", "data validations stored as an Excel 2010 extension"),
    ("conditionalFormattings", "conditional formats stored as an Excel 2010 extension"),
    ("slicerList", "a slicer"),
    ("timelineRefs", "a timeline"),
)


@dataclass(frozen=True)
class Content:
    """One kind of content of one sheet (or of the whole workbook when ``sheet`` is "")."""

    kind: str
    sheet: str
    parts: tuple[str, ...]

    def sentence(self) -> str:
        where = f"{self.sheet} has" if self.sheet else "the workbook has"
        parts = tuple(dict.fromkeys(self.parts))
        names = ", ".join(parts[:3]) + (" ..." if len(parts) > 3 else "")
        return f"{where} {self.kind} ({names})" if names else f"{where} {self.kind}"


def _xml(zf: zipfile.ZipFile, name: str):
    try:
        return ET.fromstring(zf.read(name))
    except (KeyError, ET.ParseError):
        return None


def _rels(zf: zipfile.ZipFile, part: str) -> list[tuple[str, str]]:
    """(type suffix, target part) of a part's relationships."""
    folder, name = posixpath.split(part)
    root = _xml(zf, posixpath.join(folder, "_rels", name + ".rels"))
    if root is None:
        return []
    result = []
    for rel in root.iter(f"{{{_PKG}}}Relationship"):
        if rel.get("TargetMode") == "External":
            continue
        target = rel.get("Target", "")
        path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
        result.append((rel.get("Type", "").rsplit("/", 1)[-1], path))
    return result


def _sheets(zf: zipfile.ZipFile) -> dict:
    """{sheet part: sheet name}."""
    wb = _xml(zf, "xl/workbook.xml")
    if wb is None:
        return {}
    targets = {}
    root = _xml(zf, "xl/_rels/workbook.xml.rels")
    if root is not None:
        for rel in root.iter(f"{{{_PKG}}}Relationship"):
            target = rel.get("Target", "")
            targets[rel.get("Id")] = target.lstrip("/") if target.startswith("/") else posixpath.normpath(
                posixpath.join("xl", target))
    result = {}
    for sheet in wb.iter(f"{{{_MAIN}}}sheet"):
        part = targets.get(sheet.get(f"{{{_REL}}}id"))
        if part:
            result[part] = sheet.get("name")
    return result


def _chart_is_ours(zf: zipfile.ZipFile, part: str) -> bool:
    root = _xml(zf, part)
    if root is None:
        return False
    text = "".join(t.text or "" for t in root.iter(f"{{{_A}}}t"))
    return L.CHART_TITLE in text


def inventory(path) -> list[Content]:
    """What a workbook package holds that a copy must keep: per sheet, its images, charts
    (our indifference chart apart), shapes, comments, tables, pivot tables and extensions;
    for the workbook, VBA and the parts listed in ``_DROPPED_PARTS``."""
    found: list[Content] = []
    with zipfile.ZipFile(path) as zf:
        names = zf.namelist()
        for sheet_part, sheet in _sheets(zf).items():
            counts: dict = {}

            def add(kind, part, counts=counts):
                counts.setdefault(kind, []).append(part)

            root = _sheet_xml(zf, sheet_part, names)
            if root is not None:
                for ext in root.iter(f"{{{_MAIN}}}ext"):
                    for child in ext:
                        local = child.tag.rsplit("}", 1)[-1]
                        for tag, what in _DROPPED_EXTENSIONS:
                            if local == tag:
                                add(what, sheet_part)
                if root.find(f"{{{_MAIN}}}oleObjects") is not None:
                    add("an embedded object", sheet_part)
                if root.find(f"{{{_MAIN}}}controls") is not None:
                    add("a form or ActiveX control", sheet_part)
            for kind, target in _rels(zf, sheet_part):
                if kind == "drawing":
                    drawing = _xml(zf, target)
                    media = {rid: t for rid, t in _rel_ids(zf, target).items()}
                    if drawing is None:
                        continue
                    for pic in drawing.iter(f"{{{_XDR}}}pic"):
                        blip = pic.find(f".//{{{_A}}}blip")
                        rid = blip.get(f"{{{_REL}}}embed") if blip is not None else None
                        add("an image", media.get(rid, target))
                    for frame in drawing.iter(f"{{{_XDR}}}graphicFrame"):
                        chart = frame.find(".//{http://schemas.openxmlformats.org/drawingml/2006/chart}chart")
                        if chart is None:
                            add("a graphic object", target)
                            continue
                        part = media.get(chart.get(f"{{{_REL}}}id"), target)
                        if _chart_is_ours(zf, part):
                            add("the indifference chart", part)
                        else:
                            add("a chart", part)
                    for tag in ("sp", "grpSp", "cxnSp"):
                        for anchor in drawing:
                            for shape in anchor.findall(f"{{{_XDR}}}{tag}"):
                                add("a shape or text box", target)
                elif kind == "comments":
                    comments = _xml(zf, target)
                    n = len(list(comments.iter(f"{{{_MAIN}}}comment"))) if comments is not None else 0
                    for _ in range(n):
                        add("comments", target)
                elif kind == "table":
                    add("a table", target)
                elif kind == "pivotTable":
                    add("a pivot table", target)
                elif kind == "threadedComment":
                    add("threaded comments", target)
            for kind, parts in counts.items():
                found.append(Content(kind, sheet, tuple(parts)))
        if "xl/vbaProject.bin" in names:
            found.append(Content("VBA macros", "", ("xl/vbaProject.bin",)))
        for pattern, what in _DROPPED_PARTS:
            parts = tuple(n for n in names if re.search(pattern, n))
            if parts:
                found.append(Content(what, "", parts))
        links = tuple(n for n in names if n.startswith("xl/externalLinks/") and n.endswith(".xml"))
        if links:
            found.append(Content("links to other workbooks", "", links))
    return found


def _sheet_xml(zf: zipfile.ZipFile, part: str, names):
    """A sheet's XML when it names an extension, an embedded object or a control (the only
    things :func:`inventory` looks for inside a sheet); None otherwise: most sheets need no
    parsing."""
    if part not in names or not _holds_any(zf, part, (b"extLst", b"oleObjects", b"controls")):
        return None
    try:
        return ET.fromstring(zf.read(part))
    except ET.ParseError:
        return None


def _holds_any(zf: zipfile.ZipFile, part: str, words: tuple, chunk: int = 1 << 20) -> bool:
    """Whether the part's bytes hold any of ``words``, read a block at a time (a large sheet is
    never held whole)."""
    keep = max(map(len, words)) - 1  # a word split between two blocks is found in their overlap
    tail = b""
    with zf.open(part) as stream:
        while data := stream.read(chunk):
            data = tail + data
            if any(word in data for word in words):
                return True
            tail = data[-keep:]
    return False


def _rel_ids(zf: zipfile.ZipFile, part: str) -> dict:
    folder, name = posixpath.split(part)
    root = _xml(zf, posixpath.join(folder, "_rels", name + ".rels"))
    result: dict[str, str] = {}
    if root is None:
        return result
    for rel in root.iter(f"{{{_PKG}}}Relationship"):
        target = rel.get("Target", "")
        result[rel.get("Id", "")] = target.lstrip("/") if target.startswith("/") else posixpath.normpath(
            posixpath.join(folder, target))
    return result


def check_macros(path, target_suffix: str = ".xlsx", action: str = "write evaluated copy") -> None:
    """Refuse (VsmError) a copy that cannot hold the workbook's VBA macros: a .xlsx copy of a
    workbook with macros (a patched copy keeps everything else)."""
    if target_suffix.lower() == ".xlsm" or not has_vba(path):
        return
    item = Content("VBA macros", "", ("xl/vbaProject.bin",))
    raise VsmError(f"cannot {action}: {_why(item, target_suffix)}; evaluate without -o, or remove them",
                   location=Path(path).name)


def _why(item: Content, target_suffix: str) -> str:
    if item.kind == "VBA macros":
        return (f"the workbook has VBA macros ({item.parts[0]}) that a {target_suffix} file cannot hold "
                "(write the copy as .xlsm to keep them)")
    return f"{item.sentence()} that openpyxl would drop"


def verify_copy(source, copy, action: str = "write evaluated copy") -> None:
    """Refuse the written ``copy`` when it holds less of any content than ``source``."""
    def counts(path):
        result: Counter[tuple[str, str]] = Counter()
        for item in inventory(path):
            result[(item.kind, item.sheet)] += len(item.parts)
        return result

    before, after = counts(source), counts(copy)
    missing = [(kind, sheet, n - after.get((kind, sheet), 0)) for (kind, sheet), n in before.items()
               if after.get((kind, sheet), 0) < n]
    if missing:
        what = "; ".join(f"{sheet or 'the workbook'} lost {kind} ({n})" for kind, sheet, n in missing)
        raise VsmError(f"cannot {action}: the copy would not keep everything: {what}; evaluate without -o",
                       location=Path(source).name)


def has_vba(path) -> bool:
    with zipfile.ZipFile(path) as zf:
        return "xl/vbaProject.bin" in zf.namelist()


def output_suffix(source, out_path) -> str:
    return Path(out_path).suffix.lower() or Path(source).suffix.lower()
