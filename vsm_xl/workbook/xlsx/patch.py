"""Patching the XML of a workbook package in place of loading and re-saving it with openpyxl:
the cells that change are rewritten, every other byte of the package is copied as it was.

Why: a load + save through openpyxl costs several times what the evaluated copy needs, and
drops what openpyxl does not understand (shapes, slicers, sparklines, threaded comments ...).
A patched copy keeps all of it. What a patched cell holds mirrors what openpyxl writes
(inline strings, numbers as ``%.16g``, formulas without a cached value, booleans ``t="b"``).

The parts are matched with regular expressions on the serialised XML (cells and rows do not
nest, and their attribute values hold no ``>``), which keeps namespace declarations,
``mc:Ignorable`` prefixes and everything else of the untouched markup byte for byte.
"""
from __future__ import annotations

import datetime as _dt
import functools
import math
import re
from dataclasses import dataclass

from openpyxl.utils.cell import column_index_from_string, coordinate_to_tuple, get_column_letter

from vsm_xl.io.safe_text import check_text
from vsm_xl.workbook.xlsx.grid import CellValue

_NAME = r"[A-Za-z_][\w.-]*"
_SHEET_DATA = re.compile(rf"<((?:{_NAME}:)?)sheetData\b([^>]*?)(/>|>(.*?)</\1sheetData>)", re.S)
_ROW = re.compile(rf"<(?:{_NAME}:)?row\b([^>]*?)(/>|>(.*?)</(?:{_NAME}:)?row>)", re.S)
_CELL = re.compile(rf"<(?:{_NAME}:)?c\b([^>]*?)(/>|>(.*?)</(?:{_NAME}:)?c>)", re.S)
_ATTR = re.compile(r"""([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_F_OPEN = re.compile(rf"<(?:{_NAME}:)?f\b([^>]*?)(/>|>(.*?)</(?:{_NAME}:)?f>)", re.S)
_V = re.compile(rf"<(?:{_NAME}:)?v\b[^>]*?(?:/>|>.*?</(?:{_NAME}:)?v>)", re.S)
_HAS_F = re.compile(rf"<(?:{_NAME}:)?f\b")
_V_CONTENT = re.compile(rf"<(?:{_NAME}:)?v\b[^>]*?>[^<]")  # a <v> that is not empty
_TYPED = re.compile(r"""\st\s*=\s*["'](?!inlineStr)""")  # a cell value type other than inline text
_R_ATTR = re.compile(r"""(?:^|\s)r\s*=\s*["']\$?([A-Z]{1,3})\$?(\d+)["']""")
_ERROR_CODES = ("#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A")


@dataclass(frozen=True, slots=True)  # one a result cell: hundreds of thousands in a large copy
class Put:
    """What a patched cell is to hold: ``formula`` (``=...``) or ``value`` (number, text,
    bool, date/time, None = blank); ``style`` a cell style index, None keeps the cell's."""

    value: CellValue = None
    formula: str | None = None
    style: int | None = None


@functools.lru_cache(maxsize=None)
def _column(letters: str) -> int:
    return column_index_from_string(letters)


def _attrs(text: str) -> dict:
    return {m.group(1): m.group(2) if m.group(2) is not None else m.group(3) for m in _ATTR.finditer(text)}


def _attr_text(attrs: dict) -> str:
    return "".join(f' {k}="{v}"' for k, v in attrs.items())


def escape(text: str) -> str:
    if "&" not in text and "<" not in text and ">" not in text:  # most formulas: millions in a large run
        return text
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _number_text(value) -> str | None:
    """A number as openpyxl writes it (``%.16g``); None for NaN and infinities (blank)."""
    if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
        return None
    return "%.16g" % value


def cell_xml(prefix: str, attrs: dict, put: Put, epoch, *, text: bool = False) -> str:
    """A cell element holding ``put``; ``attrs`` are the cell's own (r, s ...): the value type
    and cell metadata of the old content are dropped. ``text``: a string is the user's text,
    written as such even where it reads as an error value (``#N/A``)."""
    attrs = {k: v for k, v in attrs.items() if k not in ("t", "cm", "vm")}
    if put.style is not None:
        attrs["s"] = str(put.style)
    if attrs.get("s") == "0":
        del attrs["s"]
    body = ""
    value = put.value
    if put.formula is not None:
        body = f"<{prefix}f>{escape(put.formula[1:] if put.formula.startswith('=') else put.formula)}</{prefix}f>"
    elif isinstance(value, bool):
        attrs["t"] = "b"
        body = f"<{prefix}v>{int(value)}</{prefix}v>"
    elif isinstance(value, (int, float)):
        number = _number_text(value)
        body = f"<{prefix}v>{number}</{prefix}v>" if number is not None else ""
    elif isinstance(value, (_dt.datetime, _dt.date, _dt.time, _dt.timedelta)):
        from openpyxl.utils.datetime import to_excel

        body = f"<{prefix}v>{_number_text(to_excel(value, epoch))}</{prefix}v>"
    elif value is not None and value != "":
        string = check_text(str(value), attrs.get("r"))  # the one rule for text (io.safe_text)
        if string in _ERROR_CODES and not text:
            attrs["t"] = "e"
            body = f"<{prefix}v>{escape(string)}</{prefix}v>"
        else:
            attrs["t"] = "inlineStr"
            space = ' xml:space="preserve"' if string.strip() and string != string.strip() else ""
            body = f"<{prefix}is><{prefix}t{space}>{escape(string)}</{prefix}t></{prefix}is>"
    if "r" in attrs:  # r first, as spreadsheet programs write it
        attrs = {"r": attrs.pop("r"), **attrs}
    if not body:
        return f"<{prefix}c{_attr_text(attrs)}/>"
    return f"<{prefix}c{_attr_text(attrs)}>{body}</{prefix}c>"


def _strip_cached(prefix: str, attrs: dict, body: str) -> str | None:
    """A formula cell without its cached value (what openpyxl writes: the spreadsheet program
    computes it on opening); None when the cell has no formula or nothing to strip."""
    if not _HAS_F.search(body):
        return None
    if "t" not in attrs and not _V_CONTENT.search(body):
        return None
    attrs = {k: v for k, v in attrs.items() if k != "t"}
    return f"<{prefix}c{_attr_text(attrs)}>{_V.sub('', body)}</{prefix}c>"


def _may_cache(row_body: str) -> bool:
    """Whether a row may hold a formula with a cached value (a quick test before parsing)."""
    return bool(_HAS_F.search(row_body) and (_V_CONTENT.search(row_body) or _TYPED.search(row_body)))


def _explicit_shared(prefix: str, attrs: dict, formula: str) -> str:
    """A dependent of a shared formula whose master is overwritten, as its own formula."""
    attrs = {k: v for k, v in attrs.items() if k != "t"}
    return f"<{prefix}c{_attr_text(attrs)}><{prefix}f>{escape(formula[1:])}</{prefix}f></{prefix}c>"


def _tag_prefix(element_text: str) -> str:
    m = re.match(rf"<({_NAME}:)?", element_text)
    return (m.group(1) or "") if m else ""


class _Walker:
    """Positions of rows and cells as openpyxl counts them (``r`` attributes, else the next)."""

    def __init__(self):
        self.row = self.col = 0

    def next_row(self, attrs: dict) -> int:
        r = attrs.get("r")
        self.row = int(float(r)) if r is not None else self.row + 1
        self.col = 0
        return self.row

    def next_ref(self, head: str) -> tuple[int, int]:
        """Like :meth:`next_cell`, from a cell's start-tag attributes as text (the common case,
        ``r="B7"``, without parsing every attribute)."""
        m = _R_ATTR.search(head)
        if m is None:
            return self.next_cell(_attrs(head))
        self.col = _column(m.group(1))
        return int(m.group(2)), self.col

    def next_cell(self, attrs: dict) -> tuple[int, int]:
        ref = attrs.get("r")
        if ref:
            row, col = coordinate_to_tuple(ref)
            self.col = col
            return row, col
        self.col += 1
        return self.row, self.col


def cell_style(xml: bytes, row: int, col: int) -> int:
    """The style index of one cell of a worksheet (0 when the cell is not there)."""
    m = _SHEET_DATA.search(xml.decode("utf-8"))
    walker = _Walker()
    for element in _ROW.finditer((m.group(4) or "") if m else ""):
        r = walker.next_row(_attrs(element.group(1)))
        if r > row:
            break
        if r < row:
            continue
        for cell in _CELL.finditer(element.group(3) or ""):
            attrs = _attrs(cell.group(1))
            if walker.next_cell(attrs) == (row, col):
                return int(attrs.get("s") or 0)
    return 0


def _orphaned_shared(inner: str, puts: dict) -> set:
    """``si`` of shared formulas whose master cell is overwritten by a put."""
    orphaned = set()
    walker = _Walker()
    for row in _ROW.finditer(inner):
        walker.next_row(_attrs(row.group(1)))
        for cell in _CELL.finditer(row.group(3) or ""):
            attrs = _attrs(cell.group(1))
            where = walker.next_cell(attrs)
            body = cell.group(3) or ""
            if where in puts and "shared" in body:
                f = _F_OPEN.search(body)
                fa = _attrs(f.group(1)) if f else {}
                if fa.get("t") == "shared" and "ref" in fa:
                    orphaned.add(fa.get("si"))
    return orphaned


def patch_sheet(xml: bytes, puts: dict, formulas: dict, epoch, *, strip_cached: bool = True) -> bytes | None:
    """The worksheet ``xml`` with ``puts`` ({(row, col): Put}) written into its cells (cells
    and rows created where missing) and, with ``strip_cached``, every other formula without
    its cached value. ``formulas`` ({(row, col): "=..."}, the sheet's formulas as the reader
    translated them) serves dependents of shared formulas whose master is overwritten.
    Returns None when nothing changes."""
    text = xml.decode("utf-8")
    m = _SHEET_DATA.search(text)
    if m is None:
        return None
    prefix = m.group(1)
    inner = m.group(4) or ""
    if not puts and (not strip_cached or not _may_cache(inner)):
        return None
    orphaned = _orphaned_shared(inner, puts) if "shared" in inner else set()
    pending: dict[int, dict[int, Put]] = {}  # row -> {col: Put} not yet placed
    for (r, c), put in puts.items():
        pending.setdefault(r, {})[c] = put
    out = []
    changed = False
    walker = _Walker()
    pos = 0
    for row in _ROW.finditer(inner):
        out.append(inner[pos:row.start()])
        pos = row.end()
        row_attrs = _attrs(row.group(1))
        r = walker.next_row(row_attrs)
        body = row.group(3) or ""
        todo = pending.pop(r, None)
        if not todo and not (strip_cached and _may_cache(body)) and not (orphaned and "shared" in body):
            out.append(row.group(0))
            continue
        todo = todo or {}
        new_body, row_changed = _patch_row(body, walker, todo, formulas, orphaned, epoch, strip_cached,
                                           _tag_prefix(row.group(0)))
        if not row_changed:
            out.append(row.group(0))
            continue
        changed = True
        rp = _tag_prefix(row.group(0))
        head = row.group(1).rstrip()
        if todo:  # cells were added (what _patch_row did not find): the row's span hint may be wrong now
            head = re.sub(r"""\sspans\s*=\s*("[^"]*"|'[^']*')""", "", head)
        out.append(f"<{rp}row{head}>{new_body}</{rp}row>")
    out.append(inner[pos:])
    if pending:  # rows the sheet does not have yet
        changed = True
        rows = "".join(out)
        rows = _insert_rows(rows, pending, prefix, epoch)
    else:
        rows = "".join(out)
    if not changed:
        return None
    new = f"<{prefix}sheetData{m.group(2).rstrip()}>{rows}</{prefix}sheetData>"
    return (text[:m.start()] + new + text[m.end():]).encode("utf-8")


def _patch_row(body: str, walker: _Walker, todo: dict, formulas: dict, orphaned: set, epoch, strip_cached: bool,
               prefix: str) -> tuple[str, bool]:
    cells = []  # (col, xml)
    other = []
    changed = False
    pos = 0
    for cell in _CELL.finditer(body):
        gap = body[pos:cell.start()]
        if gap.strip():
            other.append(gap)
        pos = cell.end()
        head = cell.group(1)
        where = walker.next_ref(head)
        content = cell.group(3) or ""
        put = todo.pop(where[1], None)
        if put is not None:
            attrs = _attrs(head)
            if "r" not in attrs:
                attrs["r"] = f"{get_column_letter(where[1])}{where[0]}"
            cells.append((where[1], cell_xml(_tag_prefix(cell.group(0)), attrs, put, epoch)))
            changed = True
            continue
        if orphaned and "shared" in content:
            f = _F_OPEN.search(content)
            fa = _attrs(f.group(1)) if f else {}
            if fa.get("t") == "shared" and fa.get("si") in orphaned and isinstance(formulas.get(where), str):
                cells.append((where[1], _explicit_shared(_tag_prefix(cell.group(0)), _attrs(head), formulas[where])))
                changed = True
                continue
        if strip_cached and content and _HAS_F.search(content):
            stripped = _strip_cached(_tag_prefix(cell.group(0)), _attrs(head), content)
            if stripped is not None:
                cells.append((where[1], stripped))
                changed = True
                continue
        cells.append((where[1], cell.group(0)))
    tail = body[pos:]
    if tail.strip():
        other.append(tail)
    if todo:
        changed = True
        row = walker.row
        for col, put in todo.items():
            cells.append((col, cell_xml(prefix, {"r": f"{get_column_letter(col)}{row}"}, put, epoch)))
        cells.sort(key=lambda item: item[0])  # stable: existing cells keep their order
    if not changed:
        return body, False
    return "".join(xml for _, xml in cells) + "".join(other), True


def _insert_rows(rows: str, pending: dict, prefix: str, epoch) -> str:
    """Add rows (with their cells) at their place among the existing rows."""
    new = {}
    for r, cols in pending.items():
        cells = "".join(cell_xml(prefix, {"r": f"{get_column_letter(c)}{r}"}, put, epoch)
                        for c, put in sorted(cols.items()))
        new[r] = f'<{prefix}row r="{r}">{cells}</{prefix}row>'
    pieces = []
    walker = _Walker()
    pos = 0
    order = sorted(new)
    k = 0
    for row in _ROW.finditer(rows):
        r = walker.next_row(_attrs(row.group(1)))
        while k < len(order) and order[k] < r:
            pieces.append(rows[pos:row.start()])
            pos = row.start()
            pieces.append(new[order[k]])
            k += 1
    pieces.append(rows[pos:])
    pieces.extend(new[r] for r in order[k:])
    return "".join(pieces)


# -- styles ----------------------------------------------------------------------------------
def _section(text: str, name: str):
    """The match of ``<name ...>inner</name>``: prefix (1), attributes (2), inner (4)."""
    return re.search(rf"<((?:{_NAME}:)?){name}\b([^>]*?)(/>|>(.*?)</\1{name}>)", text, re.S)


_BUILT_IN_FORMATS = {"General": 0, "0": 1, "0.00": 2, "0%": 9, "0.00%": 10}  # ECMA-376 18.8.30


class StylesPatch:
    """Cell styles added to ``styles.xml``: a copy of an existing cell style with another
    font and fill (the banner of an evaluated copy)."""

    def __init__(self, xml: bytes):
        self.text = xml.decode("utf-8")
        self.changed = False
        self._derived: dict = {}

    def _items(self, section: str, item: str) -> tuple:
        m = _section(self.text, section)
        if m is None:
            return None, "", []
        inner = m.group(4) or ""
        pattern = re.compile(rf"<(?:{_NAME}:)?{item}\b[^>]*?(?:/>|>.*?</(?:{_NAME}:)?{item}>)", re.S)
        return m, m.group(1), [x.group(0) for x in pattern.finditer(inner)]

    def _add(self, section: str, item: str, xml_of_prefix) -> int:
        """Index of an item (an existing identical one, else appended)."""
        m, prefix, items = self._items(section, item)
        if m is None:
            raise ValueError(f"styles.xml has no <{section}>")
        xml = xml_of_prefix(prefix)
        same = [_compact(x) for x in items]
        if _compact(xml) in same:
            return same.index(_compact(xml))
        attrs = _attrs(m.group(2))
        attrs["count"] = str(len(items) + 1)
        open_attrs = _attr_text(attrs)
        new = f"<{prefix}{section}{open_attrs}>{(m.group(4) or '')}{xml}</{prefix}{section}>"
        self.text = self.text[:m.start()] + new + self.text[m.end():]
        self.changed = True
        return len(items)

    def derive(self, base: int, font: str, fill: str) -> int:
        """A cell style: style ``base`` with ``font`` and ``fill`` (element text without
        namespace prefixes, e.g. ``<font><b val="1"/></font>``)."""
        key = (base, font, fill)
        if key in self._derived:
            return self._derived[key]
        font_id = self._add("fonts", "font", lambda p: _prefixed(font, p))
        fill_id = self._add("fills", "fill", lambda p: _prefixed(fill, p))
        index = self._xf_like(base, fontId=str(font_id), fillId=str(fill_id), applyFont="1", applyFill="1")
        self._derived[key] = index
        return index

    def _xf_like(self, base: int, **changes: str) -> int:
        """The index of a cell format: format ``base`` with ``changes`` to its attributes."""
        m, prefix, xfs = self._items("cellXfs", "xf")
        source = xfs[base] if 0 <= base < len(xfs) else (xfs[0] if xfs else f"<{prefix}xf/>")
        head = re.match(rf"<(?:{_NAME}:)?xf\b([^>]*?)(/?)>", source, re.S)
        if head is None:
            raise ValueError(f"styles.xml: cannot read the cell format {source[:80]!r}")
        attrs = _attrs(head.group(1))
        attrs.update(changes)
        for key_ in ("numFmtId", "fontId", "fillId", "borderId"):
            attrs.setdefault(key_, "0")
        xf = f"<{prefix}xf{_attr_text(attrs)}{'/' if head.group(2) else ''}>{source[head.end():]}"
        return self._add("cellXfs", "xf", lambda p: xf)

    def aligned(self, base: int, horizontal: str, wrap: bool = False) -> int:
        """A cell style: style ``base`` aligned ``horizontal`` (left, center, right), vertically
        centred, wrapping its text when ``wrap``."""
        key = ("aligned", base, horizontal, wrap)
        if key in self._derived:
            return self._derived[key]
        m, prefix, xfs = self._items("cellXfs", "xf")
        source = xfs[base] if 0 <= base < len(xfs) else f"<{prefix}xf/>"
        head = re.match(rf"<(?:{_NAME}:)?xf\b([^>]*?)/?>", source, re.S)
        if head is None:
            raise ValueError(f"styles.xml: cannot read the cell format {source[:80]!r}")
        attrs = _attrs(head.group(1))
        attrs["applyAlignment"] = "1"
        for key_ in ("numFmtId", "fontId", "fillId", "borderId"):
            attrs.setdefault(key_, "0")
        wrap_text = ' wrapText="1"' if wrap else ""
        xf = (f'<{prefix}xf{_attr_text(attrs)}><{prefix}alignment horizontal="{horizontal}" vertical="center"'
              f'{wrap_text}/></{prefix}xf>')  # a base's own alignment or protection is replaced
        index = self._add("cellXfs", "xf", lambda p: xf)
        self._derived[key] = index
        return index

    def number_style(self, base: int, format_code: str, font: str | None = None) -> int:
        """A cell style: style ``base`` with the number format ``format_code`` (a custom format
        added to ``<numFmts>`` unless there is one with this code) and optionally ``font``."""
        key = ("number format", base, format_code, font)
        if key in self._derived:
            return self._derived[key]
        if format_code in _BUILT_IN_FORMATS:
            fmt_id = _BUILT_IN_FORMATS[format_code]
        else:
            fmt_id = self._custom_format(format_code)
        changes = {"numFmtId": str(fmt_id), "applyNumberFormat": "1"}
        if font is not None:
            changes.update(fontId=str(self._add("fonts", "font", lambda p: _prefixed(font, p))), applyFont="1")
        index = self._xf_like(base, **changes)
        self._derived[key] = index
        return index

    def _custom_format(self, format_code: str) -> int:
        """The id of a custom number format with this code (added when there is none)."""
        if _section(self.text, "numFmts") is None:  # numFmts comes first in the styleSheet
            head = re.search(rf"<((?:{_NAME}:)?)styleSheet\b[^>]*>", self.text)
            if head is None:
                raise ValueError("styles.xml has no <styleSheet>")
            self.text = self.text[:head.end()] + f'<{head.group(1)}numFmts count="0"></{head.group(1)}numFmts>' \
                + self.text[head.end():]
        _, prefix, formats = self._items("numFmts", "numFmt")
        ids = {}
        for item in formats:
            attrs = _attrs(item[:item.find(">")])
            ids[attrs.get("formatCode")] = int(attrs.get("numFmtId", "0"))
        code = escape(format_code).replace('"', "&quot;")
        if code in ids:
            return ids[code]
        fmt_id = max([163, *ids.values()]) + 1
        self._add("numFmts", "numFmt", lambda p: f'<{p}numFmt numFmtId="{fmt_id}" formatCode="{code}"/>')
        return fmt_id

    def result(self) -> bytes:
        return self.text.encode("utf-8")


def _compact(xml: str) -> str:
    """Element text compared loosely (``<b val="1" />`` is ``<b val="1"/>``)."""
    return re.sub(r"\s+(/?>)", r"\1", xml)


def _prefixed(xml: str, prefix: str) -> str:
    """Element text with ``prefix`` on every element name."""
    if not prefix:
        return xml
    return re.sub(r"<(/?)([A-Za-z_])", lambda m: f"<{m.group(1)}{prefix}{m.group(2)}", xml)


# -- workbook, relationships, content types --------------------------------------------------
_CALC_PRECEDERS = ("sheets", "functionGroups", "externalReferences", "definedNames")


def full_calc_on_load(xml: bytes) -> bytes:
    """workbook.xml with ``<calcPr fullCalcOnLoad="1"/>``: formulas compute on opening."""
    text = xml.decode("utf-8")
    m = re.search(rf"<((?:{_NAME}:)?)calcPr\b([^>]*?)(/?)>", text)
    if m is not None:
        attrs = _attrs(m.group(2))
        if attrs.get("fullCalcOnLoad") in ("1", "true"):
            return xml
        attrs["fullCalcOnLoad"] = "1"
        new = f"<{m.group(1)}calcPr{_attr_text(attrs)}{'/' if m.group(3) else ''}>"
        return (text[:m.start()] + new + text[m.end():]).encode("utf-8")
    root = re.search(rf"<((?:{_NAME}:)?)workbook\b", text)
    prefix = re.escape(root.group(1) if root else "")
    # calcPr follows these top-level elements (the schema's order); <sheets> is always there
    end = 0
    for name in _CALC_PRECEDERS:
        found = re.search(rf"</{prefix}{name}>|<{prefix}{name}\b[^>]*/>", text)
        if found is not None:
            end = max(end, found.end())
    if not end:
        raise ValueError("workbook.xml has no <sheets>")
    element = f'<{root.group(1) if root else ""}calcPr fullCalcOnLoad="1"/>'
    return (text[:end] + element + text[end:]).encode("utf-8")


def drop_relationship(xml: bytes, type_suffix: str) -> bytes:
    """A .rels part without the relationships of the given type (e.g. ``/calcChain``)."""
    text = xml.decode("utf-8")
    pattern = re.compile(rf"<(?:{_NAME}:)?Relationship\b[^>]*?(?:/>|>.*?</(?:{_NAME}:)?Relationship>)", re.S)

    def keep(m):
        kind = _attrs(m.group(0).split(">", 1)[0]).get("Type", "")
        return "" if kind.endswith(type_suffix) else m.group(0)

    return pattern.sub(keep, text).encode("utf-8")


def content_types(xml: bytes, drop_parts=(), main_part: str | None = None, main_type: str | None = None) -> bytes:
    """[Content_Types].xml without the overrides of ``drop_parts``, and with ``main_part``'s
    content type set to ``main_type``."""
    text = xml.decode("utf-8")
    pattern = re.compile(rf"<(?:{_NAME}:)?Override\b[^>]*?(?:/>|>.*?</(?:{_NAME}:)?Override>)", re.S)
    dropped = {"/" + p.lstrip("/") for p in drop_parts}

    def fix(m):
        attrs = _attrs(m.group(0).split(">", 1)[0])
        name = attrs.get("PartName", "")
        if name in dropped:
            return ""
        if main_part and main_type and name == "/" + main_part.lstrip("/") and attrs.get("ContentType") != main_type:
            attrs["ContentType"] = main_type
            return f"<{_tag_prefix(m.group(0))}Override{_attr_text(attrs)}/>"
        return m.group(0)

    return pattern.sub(fix, text).encode("utf-8")


# -- saved results of formula cells ------------------------------------------------------------
def _result_xml(prefix: str, value, epoch) -> tuple[str | None, str]:
    """(value type, ``<v>`` element) of a formula result, as spreadsheet programs save it."""
    if isinstance(value, bool):
        return "b", f"<{prefix}v>{int(value)}</{prefix}v>"
    if isinstance(value, (int, float)):
        text = _number_text(value)
        return (None, f"<{prefix}v>{text}</{prefix}v>") if text is not None else ("str", f"<{prefix}v></{prefix}v>")
    if isinstance(value, (_dt.datetime, _dt.date, _dt.time, _dt.timedelta)):
        from openpyxl.utils.datetime import to_excel

        return None, f"<{prefix}v>{_number_text(to_excel(value, epoch))}</{prefix}v>"
    text = "" if value is None else str(value)
    if text in _ERROR_CODES:
        return "e", f"<{prefix}v>{escape(text)}</{prefix}v>"
    space = ' xml:space="preserve"' if text.strip() != text else ""
    return "str", f"<{prefix}v{space}>{escape(text)}</{prefix}v>"


def _with_result(prefix: str, attrs: dict, formula_xml: str, value, epoch) -> str:
    """A cell element: its formula element (if any) and ``value`` saved as its result."""
    attrs = {k: v for k, v in attrs.items() if k not in ("t", "cm", "vm")}
    kind, v = _result_xml(prefix, value, epoch)
    if kind is not None:
        attrs["t"] = kind
    return f"<{prefix}c{_attr_text(attrs)}>{formula_xml}{v}</{prefix}c>"


def result_cell_xml(prefix: str, attrs: dict, formula: str | None, value, epoch) -> str:
    """A cell element holding ``formula`` (``=...``; None: a cell of an array formula's range)
    with ``value`` saved as its result."""
    f = f"<{prefix}f>{escape(formula[1:] if formula.startswith('=') else formula)}</{prefix}f>" if formula else ""
    return _with_result(prefix, attrs, f, value, epoch)


def cell_styles(sheet_data: str, row: int) -> dict:
    """``{column: style index}`` of the cells of one row of a worksheet's sheetData content."""
    walker = _Walker()
    for element in _ROW.finditer(sheet_data):
        r = walker.next_row(_attrs(element.group(1)))
        if r > row:
            break
        if r == row:
            styles = {}
            for c in _CELL.finditer(element.group(3) or ""):
                attrs = _attrs(c.group(1))
                styles[walker.next_cell(attrs)[1]] = int(attrs.get("s") or 0)
            return styles
    return {}


def cache_results(xml: bytes, values: dict, epoch) -> bytes | None:
    """The worksheet ``xml`` with ``values`` ({(row, col): result}) saved as the results of its
    formula cells (and of the other cells of array formulas): the formulas stay, ``<v>`` and the
    value type are replaced. Cells that are not there are left out. None when nothing changes."""
    text = xml.decode("utf-8")
    m = _SHEET_DATA.search(text)
    if m is None or not values:
        return None
    inner = m.group(4) or ""
    out = []
    walker = _Walker()
    pos = 0
    changed = False
    for row in _ROW.finditer(inner):
        r = walker.next_row(_attrs(row.group(1)))
        body = row.group(3) or ""
        if not any(key[0] == r for key in values) or not body:
            continue
        cells = []
        cpos = 0
        row_changed = False
        for c in _CELL.finditer(body):
            cells.append(body[cpos:c.start()])
            cpos = c.end()
            where = walker.next_ref(c.group(1))
            if where not in values:
                cells.append(c.group(0))
                continue
            prefix = _tag_prefix(c.group(0))
            content = c.group(3) or ""
            formula = "".join(f.group(0) for f in _F_OPEN.finditer(content))
            cells.append(_with_result(prefix, _attrs(c.group(1)), formula, values[where], epoch))
            row_changed = True
        if not row_changed:
            continue
        cells.append(body[cpos:])
        out.append(inner[pos:row.start(3)])
        out.append("".join(cells))
        pos = row.end(3)
        changed = True
    if not changed:
        return None
    out.append(inner[pos:])
    start = m.start(4)
    return (text[:start] + "".join(out) + text[m.end(4):]).encode("utf-8")
