"""What a file really is when it is not what its name says: a Word document renamed .xlsx, an
old .xls, an OpenDocument spreadsheet, a CSV table, a PDF. The messages of the readers say it,
with what to run instead (``vsm-xl convert``, saving as .xlsx), rather than a zip library's
complaint. Reads at most the first bytes and the zip directory; standard library only."""
from __future__ import annotations

import zipfile
from pathlib import Path

_OLE2 = bytes.fromhex("D0CF11E0A1B11AE1")  # Excel 97-2003 .xls, .doc, .ppt
_ZIP = b"PK\x03\x04"
_SAVE_AS_XLSX = "open it in Excel or LibreOffice and save it as .xlsx (File > Save as)"


def _zip_kind(path: Path) -> tuple[str, str] | None:
    try:
        with zipfile.ZipFile(path) as zf:
            names = set(zf.namelist())
            mimetype = zf.read("mimetype").decode("ascii", "replace").strip() if "mimetype" in names else ""
    except (zipfile.BadZipFile, OSError, KeyError, ValueError):
        return None
    if any(n.startswith("xl/") for n in names):
        return None  # an Excel package (perhaps damaged: its own reader says how)
    if "word/document.xml" in names:
        return ("a Word document (.docx)", "open it in Word; a value stream workbook is made with "
                "'vsm-xl new BOOK.xlsx', or from a team's table with 'vsm-xl convert'")
    if "ppt/presentation.xml" in names:
        return ("a PowerPoint presentation (.pptx)", "a value stream workbook is made with 'vsm-xl new BOOK.xlsx'")
    if mimetype.endswith("opendocument.spreadsheet"):
        return ("an OpenDocument spreadsheet (.ods)", _SAVE_AS_XLSX + ", then run 'vsm-xl convert' on the .xlsx")
    if mimetype.startswith("application/vnd.oasis.opendocument"):
        return ("an OpenDocument file", "a value stream workbook is made with 'vsm-xl new BOOK.xlsx'")
    return ("a zip archive with no workbook in it", "unpack it and give the workbook inside")


def _looks_like_text_table(head: bytes) -> bool:
    try:
        text = head.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = head.decode("cp1252")
        except UnicodeDecodeError:
            return False
    lines = [line for line in text.splitlines()[:5] if line.strip()]
    return bool(lines) and all(ch.isprintable() or ch in "\t" for line in lines for ch in line) \
        and any(sep in lines[0] for sep in (",", ";", "\t"))


def what_it_is(path) -> tuple[str, str] | None:
    """``(what the file is, what to do instead)`` for a file that is not the Excel workbook its
    name promises, or ``None`` when it is one (or cannot be told)."""
    path = Path(path)
    try:
        with open(path, "rb") as f:
            head = f.read(4096)
    except OSError:
        return None
    if head.startswith(_ZIP):
        return _zip_kind(path)
    if head.startswith(_OLE2):
        return ("an Excel 97-2003 workbook (.xls) or another old Office file", _SAVE_AS_XLSX)
    if head.startswith(b"%PDF"):
        return ("a PDF document", "a value stream workbook is made with 'vsm-xl new BOOK.xlsx'")
    if not head:
        return ("an empty file", "give the workbook itself")
    if _looks_like_text_table(head):
        return ("a text table (CSV)", f"rename it {path.stem}.csv and run 'vsm-xl convert {path.stem}.csv -o OUT'")
    return None


def not_a_workbook_message(path) -> str | None:
    """The message for a file that is not an Excel workbook (its place, the path, is given
    beside it as the error's location), or ``None``."""
    found = what_it_is(path)
    if found is None:
        return None
    what, instead = found
    return f"this is {what}, not an .xlsx workbook, although it is named {Path(path).suffix}: {instead}"
