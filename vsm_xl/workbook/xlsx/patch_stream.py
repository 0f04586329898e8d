"""Patching a large worksheet as a stream: the same bytes as :func:`~vsm_xl.workbook.xlsx.patch.patch_sheet`,
read and written a block of rows at a time instead of holding the whole sheet as text (a 100,000-row
Steps sheet is some 170 MB of XML, and the in-memory patch held six or seven copies of it).

Why it gives the same bytes: the sheet's rows are cut into regions that end right after a row's
end tag (``</row>``). In well-formed XML without comments, CDATA or processing instructions
(checked before: :func:`~vsm_xl.workbook.xlsx.scan.check_well_formed`; the others are refused
here), no match of the row pattern can contain a ``</row>`` or span such a cut, so the regions
yield exactly the rows the whole text does, and each row is patched by the same function.
What the in-memory patch decides from the whole sheet before its rows (the shared formulas whose
master is overwritten, the rows to insert) is decided row by row here, which is the same when the
rows come in increasing order and a master comes before the formulas sharing it; anything else
raises ``ValueError`` ("not streamable") and the caller patches in memory.
"""
from __future__ import annotations

import codecs
import re

from vsm_xl.workbook.xlsx.patch import (
    _CELL, _F_OPEN, _NAME, _ROW, _Walker, _attrs, _insert_rows, _may_cache, _patch_row, _tag_prefix,
)

CHUNK = 1 << 20  # bytes read at a time
_OPEN = re.compile(rf"<((?:{_NAME}:)?)sheetData\b([^>]*?)(/>|>)")
_ROW_END = re.compile(rf"</(?:{_NAME}:)?row>")
_SPANS = re.compile(r"""\sspans\s*=\s*("[^"]*"|'[^']*')""")


def _not_streamable(why: str) -> ValueError:
    """The sheet is laid out in a way this stream cannot patch exactly: patch it in memory (which
    also raises the same error as ever for a damaged sheet: callers patch in memory on any
    ``ValueError``)."""
    return ValueError(f"not streamable: {why}")


def _texts(source, chunk: int):
    """The stream's text, decoded as it is read (a character split between two reads is kept whole)."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    while data := source.read(chunk):
        if text := decoder.decode(data):
            yield text
    if text := decoder.decode(b"", final=True):
        yield text


class _Rows:
    """The patching of a sheet's rows, one region of rows at a time (what ``patch_sheet`` does
    for its whole ``<sheetData>``)."""

    def __init__(self, puts: dict, formulas: dict, epoch, strip_cached: bool, prefix: str):
        self.pending: dict[int, dict] = {}
        for (r, c), put in puts.items():
            self.pending.setdefault(r, {})[c] = put
        self.puts = puts
        self.order = sorted(self.pending)  # the row numbers of the puts, for rows the sheet lacks
        self.next = 0  # the first of ``order`` not passed yet
        self.formulas, self.epoch, self.strip_cached, self.prefix = formulas, epoch, strip_cached, prefix
        self.walker = _Walker()
        self.orphaned: set = set()
        self.seen_shared = False
        self.last = 0
        self.changed = False

    def region(self, text: str, out: list) -> None:
        """Patch the rows of ``text`` (whole rows and the text between them) into ``out``."""
        if "<!" in text or "<?" in text:
            raise _not_streamable("a comment, CDATA or instruction among the rows")
        pos = 0
        for row in _ROW.finditer(text):
            out.append(text[pos:row.start()])
            pos = row.end()
            r = self.walker.next_row(_attrs(row.group(1)))
            if r <= self.last:
                raise _not_streamable("rows out of order")
            self.last = r
            self._insert_before(r, out)
            out.append(self._row(row, r))
        out.append(text[pos:])

    def _insert_before(self, r: int, out: list) -> None:
        """New rows (of puts the sheet has no row for) numbered below ``r``, before its element."""
        new = {}
        while self.next < len(self.order) and self.order[self.next] < r:
            number = self.order[self.next]
            self.next += 1
            if number in self.pending:
                new[number] = self.pending.pop(number)
        if new:
            self.changed = True
            out.append(_insert_rows("", new, self.prefix, self.epoch))

    def _row(self, row, r: int) -> str:
        body = row.group(3) or ""
        todo = self.pending.pop(r, None)
        if "shared" in body:
            self._orphans(body, r)
        self.seen_shared = self.seen_shared or "shared" in body
        if not todo and not (self.strip_cached and _may_cache(body)) and not (self.orphaned and "shared" in body):
            return row.group(0)
        todo = todo or {}
        new_body, row_changed = _patch_row(body, self.walker, todo, self.formulas, self.orphaned, self.epoch,
                                           self.strip_cached, _tag_prefix(row.group(0)))
        if not row_changed:
            return row.group(0)
        self.changed = True
        rp = _tag_prefix(row.group(0))
        head = row.group(1).rstrip()
        if todo:  # cells were added: the row's span hint may be wrong now
            head = _SPANS.sub("", head)
        return f"<{rp}row{head}>{new_body}</{rp}row>"

    def _orphans(self, body: str, r: int) -> None:
        """Shared formulas whose master cell (in this row) a put overwrites (``_orphaned_shared``)."""
        walker = _Walker()
        walker.row = r
        found = set()
        for cell in _CELL.finditer(body):
            attrs = _attrs(cell.group(1))
            row, col = walker.next_cell(attrs)
            content = cell.group(3) or ""
            if (row, col) in self.puts and "shared" in content:
                f = _F_OPEN.search(content)
                fa = _attrs(f.group(1)) if f else {}
                if fa.get("t") == "shared" and "ref" in fa:
                    found.add(fa.get("si"))
        if found - self.orphaned and self.seen_shared:
            raise _not_streamable("a shared formula's master after cells that share it")
        self.orphaned |= found

    def finish(self, out: list) -> None:
        """The rows of puts numbered after the sheet's last row."""
        if self.pending:
            self.changed = True
            out.append(_insert_rows("", self.pending, self.prefix, self.epoch))


def patch_sheet_stream(source, sink, puts: dict, formulas: dict, epoch, *, strip_cached: bool = True,
                       chunk: int | None = None) -> bool:
    """Write the worksheet read from ``source`` (a binary stream) with ``puts`` patched in to
    ``sink`` (a binary stream), as :func:`~vsm_xl.workbook.xlsx.patch.patch_sheet` would make
    it; return whether anything changed (when not, what ``sink`` got is not to be used).
    Raises ``ValueError`` ("not streamable": patch in memory then) and what a damaged sheet raises."""
    texts = _texts(source, chunk or CHUNK)
    buf = ""
    m = None
    for text in texts:
        buf += text
        m = _OPEN.search(buf)
        if m is not None:
            break
    if m is None:
        return False  # no sheetData: nothing to patch
    if m.group(3) == "/>" or "<!" in buf[:m.start()]:
        raise _not_streamable("an empty sheetData, or a comment or CDATA before it")
    prefix = m.group(1)
    close = f"</{prefix}sheetData>"
    sink.write(f"{buf[:m.start()]}<{prefix}sheetData{m.group(2).rstrip()}>".encode("utf-8"))
    rows = _Rows(puts, formulas, epoch, strip_cached, prefix)
    buf = buf[m.end():]
    while True:
        out: list[str] = []
        end = buf.find(close)
        if end >= 0:
            rows.region(buf[:end], out)
            rows.finish(out)
            out.append(buf[end:])
            sink.write("".join(out).encode("utf-8"))
            break
        cut = _last_row_end(buf)
        if cut:
            rows.region(buf[:cut], out)
            sink.write("".join(out).encode("utf-8"))
            buf = buf[cut:]
        more = next(texts, None)
        if more is None:
            raise _not_streamable("no end of sheetData")
        buf += more
    for text in texts:  # what follows the rows, as it is
        sink.write(text.encode("utf-8"))
    return rows.changed


def _last_row_end(text: str) -> int:
    """The position right after the last row end tag of ``text`` (0: none)."""
    at = text.rfind("row>")
    while at > 0:
        start = text.rfind("</", 0, at)
        if start >= 0:
            m = _ROW_END.match(text, start)
            if m is not None and m.end() == at + 4:
                return m.end()
        at = text.rfind("row>", 0, at)
    return 0
