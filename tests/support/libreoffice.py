"""Drive a real headless LibreOffice (soffice) from tests.

Test-support helper (verified with LibreOffice 7.4.7.2, Debian 12 package
``libreoffice-calc-nogui``; install with
``apt-get install -y libreoffice-calc-nogui``).

API::

    soffice_path() -> str | None
    recalculate_to_csv(xlsx_path, out_dir, *, recalc="always", timeout=120)
        -> dict[sheet_name, list[list[str]]]        # every sheet, in order
    convert_to_xlsx_roundtrip(path, out_dir, *, timeout=120) -> Path
    inject_cached_values(xlsx_path, {"Sheet!A1": value, ...}, out_path=None) -> Path
    LibreOfficeError                                  # carries stdout/stderr

Facts established on this machine (LibreOffice 7.4.7.2):

* All sheets to CSV in one call::

      soffice --headless --convert-to \
        'csv:Text - txt - csv (StarCalc):44,34,UTF8,1,,0,false,true,false,false,false,-1' \
        --outdir OUT book.xlsx

  writes ``OUT/book-<Sheet name>.csv`` for EVERY sheet (also when there is a
  single sheet; spaces kept in the file name) and prints
  ``Writing sheet <name> -> <path>`` per sheet on stdout.  Tokens: 44 = ``,``
  separator, 34 = ``"`` quote, UTF8, 9th token ``false`` = raw values, not
  "as shown" (numbers print with up to ~15 significant digits: 1/3 ->
  ``0.333333333333333``, SQRT(2) -> ``1.4142135623731``, 1e-20 -> ``1E-020``;
  compare with a relative tolerance of ~1e-12), last token ``-1`` = all sheets.
  Booleans print ``TRUE``/``FALSE``, errors ``#DIV/0!``, ``#NAME?``...
* Recalculation on load is controlled by the user-profile setting
  ``/org.openoffice.Office.Calc/Formula/Load/OOXMLRecalcMode``
  (0 = always, 1 = never [the default of a fresh profile], 2 = prompt;
  "prompt" makes a headless load fail with "source file could not be
  loaded").  This module writes it into ``user/registrymodifications.xcu`` of
  a private, unique profile passed with ``-env:UserInstallation=file://...``.
  Formula cells WITHOUT a cached value (openpyxl writes ``<v/>``) are computed
  on load in every mode.  With "never", a cached NUMBER or STRING
  (``t="str"``) result is shown as is (even when stale: ``=SUM(A1:A2)``
  cached 99 shows 99), but a cached BOOLEAN (``t="b"``) or ERROR (``t="e"``)
  result and every cell of an ARRAY formula (``<f t="array">``) are
  recalculated anyway.  With "always" everything is recalculated.
* A formula calling an unknown function (``=VSM_WBF(1,2)``): without a
  cached value LibreOffice shows ``#NAME?``; with a cached number/string and
  recalc "never" it shows the cached value (and dependents such as
  ``=B1*2`` keep their cached values too); an array formula over unknown
  functions, or a cached boolean/error, shows ``#NAME?`` even with "never";
  with recalc "always" every such cell shows ``#NAME?`` (cache discarded).
  Re-saving through LibreOffice (convert_to_xlsx_roundtrip) lower-cases the
  unknown names (``vsm_wbf(1,2)``) and stores ``#NAME?`` as the cached value.
* ``soffice`` exits 0 even when a conversion fails (e.g. a missing or
  unreadable file prints "Error: source file could not be loaded" on
  stderr); this module checks the produced files instead.  The message
  "Warning: failed to launch javaldx" on stderr is harmless.
* Two soffice processes sharing one profile clash (the second hands its job
  to the first or fails), hence one fresh profile per call.  Cost: ~1.6-2.5 s
  per conversion (first start of a fresh profile included).
"""
from __future__ import annotations

import csv
import os
import posixpath
import re
import shutil
import subprocess
import tempfile
import uuid
import xml.etree.ElementTree as ET
import zipfile
from io import BytesIO
from pathlib import Path
from typing import Any, Mapping

__all__ = [
    "CSV_ALL_SHEETS_FILTER",
    "LibreOfficeError",
    "convert_to_pdf",
    "convert_to_xlsx_roundtrip",
    "inject_cached_values",
    "recalculate_to_csv",
    "soffice_path",
]

#: ``--convert-to`` argument exporting every sheet as UTF-8 CSV, raw values.
CSV_ALL_SHEETS_FILTER = (
    "csv:Text - txt - csv (StarCalc):44,34,UTF8,1,,0,false,true,false,false,false,-1"
)

#: registrymodifications.xcu values of OOXMLRecalcMode (and ODFRecalcMode).
#: (2 = "prompt user" exists too but makes a headless load FAIL: "Error:
#: source file could not be loaded"; it is deliberately not offered.)
RECALC_MODES = {"always": 0, "never": 1}

DEFAULT_TIMEOUT = 120.0

_XCU = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" \
xmlns:xs="http://www.w3.org/2001/XMLSchema" \
xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load">\
<prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>{mode}</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load">\
<prop oor:name="ODFRecalcMode" oor:op="fuse"><value>{mode}</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Misc">\
<prop oor:name="FirstRun" oor:op="fuse"><value>false</value></prop></item>
</oor:items>
"""


class LibreOfficeError(RuntimeError):
    """soffice failed, timed out or produced no output; has .stdout/.stderr."""

    def __init__(self, message: str, stdout: str = "", stderr: str = ""):
        super().__init__(
            f"{message}\n--- soffice stdout ---\n{stdout.strip()}"
            f"\n--- soffice stderr ---\n{stderr.strip()}")
        self.stdout = stdout
        self.stderr = stderr


def soffice_path() -> str | None:
    """Path of the LibreOffice binary, or None when LibreOffice is absent.

    ``$SOFFICE`` overrides the lookup.  Tests should skip on None, e.g.
    ``pytest.mark.skipif(soffice_path() is None, reason="LibreOffice (soffice)
    not installed: apt-get install libreoffice-calc-nogui")``.
    """
    env = os.environ.get("SOFFICE")
    if env:
        return env if (os.path.isfile(env) and os.access(env, os.X_OK)) else shutil.which(env)
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    for candidate in ("/usr/lib/libreoffice/program/soffice",
                      "/opt/libreoffice/program/soffice",
                      "/Applications/LibreOffice.app/Contents/MacOS/soffice"):
        if os.path.isfile(candidate) and os.access(candidate, os.X_OK):
            return candidate
    return None


def _run_soffice(args: list[str], *, recalc: str, timeout: float) -> subprocess.CompletedProcess:
    """Run soffice headless with a fresh private profile, return the result."""
    binary = soffice_path()
    if binary is None:
        raise LibreOfficeError("LibreOffice not found (install libreoffice-calc-nogui)")
    if recalc not in RECALC_MODES:
        raise ValueError(f"recalc must be one of {sorted(RECALC_MODES)}, not {recalc!r}")
    profile = Path(tempfile.mkdtemp(prefix=f"lo-profile-{os.getpid()}-{uuid.uuid4().hex[:8]}-"))
    try:
        user = profile / "user"
        user.mkdir()
        (user / "registrymodifications.xcu").write_text(
            _XCU.format(mode=RECALC_MODES[recalc]), encoding="utf-8")
        cmd = [binary, f"-env:UserInstallation={profile.as_uri()}", "--headless",
               "--invisible", "--nologo", "--nodefault", "--nolockcheck",
               "--norestore", *args]
        env = dict(os.environ)
        env.setdefault("HOME", str(profile))  # soffice wants a writable HOME
        env.pop("DISPLAY", None)  # never try to talk to an X server
        try:
            proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout,
                                  env=env, stdin=subprocess.DEVNULL)
        except subprocess.TimeoutExpired as exc:
            out = exc.stdout.decode() if isinstance(exc.stdout, bytes) else (exc.stdout or "")
            err = exc.stderr.decode() if isinstance(exc.stderr, bytes) else (exc.stderr or "")
            raise LibreOfficeError(f"soffice timed out after {timeout:g}s: {cmd}", out, err) from exc
        if proc.returncode != 0:
            raise LibreOfficeError(f"soffice exited with {proc.returncode}: {cmd}",
                                   proc.stdout, proc.stderr)
        return proc
    finally:
        shutil.rmtree(profile, ignore_errors=True)


def _sheet_names(xlsx_path: Path) -> list[str]:
    """Sheet names in workbook order, read from xl/workbook.xml."""
    with zipfile.ZipFile(xlsx_path) as zf:
        root = ET.fromstring(zf.read("xl/workbook.xml"))
    ns = {"m": root.tag[1:].split("}")[0]} if root.tag.startswith("{") else {}
    sheets = root.findall("m:sheets/m:sheet", ns) if ns else root.findall("sheets/sheet")
    return [s.get("name") for s in sheets]


def recalculate_to_csv(xlsx_path: str | os.PathLike, out_dir: str | os.PathLike, *,
                       recalc: str = "always",
                       timeout: float = DEFAULT_TIMEOUT) -> dict[str, list[list[str]]]:
    """Open ``xlsx_path`` in LibreOffice and export every sheet to CSV.

    ``recalc="always"`` (default) forces a full recalculation on load, so
    the CSV shows what LibreOffice computes, not cached values; ``"never"``
    is LibreOffice's own default (cached values kept where present).

    Returns ``{sheet name: rows}`` in workbook order; each row is a list of
    strings as LibreOffice wrote them (trailing empty cells present up to
    the sheet's used width, empty cells are ``""``).  The CSV files stay in
    ``out_dir`` as ``<stem>-<sheet>.csv``.
    """
    src = Path(xlsx_path).resolve()
    out = Path(out_dir).resolve()
    out.mkdir(parents=True, exist_ok=True)
    if not src.is_file():
        raise FileNotFoundError(src)
    try:
        sheets = _sheet_names(src)
    except (zipfile.BadZipFile, KeyError, ET.ParseError):
        sheets = []  # not an OOXML package: rely on soffice's own report
    for old in out.glob(f"{src.stem}-*.csv"):
        old.unlink()  # never read a stale file from an earlier run
    proc = _run_soffice(["--convert-to", CSV_ALL_SHEETS_FILTER, "--outdir", str(out), str(src)],
                        recalc=recalc, timeout=timeout)
    # "Writing sheet <name> -> <path>" lines give the exact mapping.
    written = dict(re.findall(r"^Writing sheet (.*?) -> (.*)$", proc.stdout, re.M))
    if not sheets:
        sheets = list(written)
    if not sheets:
        raise LibreOfficeError(f"LibreOffice converted no sheet of {src}",
                               proc.stdout, proc.stderr)
    result: dict[str, list[list[str]]] = {}
    for sheet in sheets:
        path = Path(written.get(sheet, out / f"{src.stem}-{sheet}.csv"))
        if not path.is_file():
            raise LibreOfficeError(f"LibreOffice wrote no CSV for sheet {sheet!r} of {src}",
                                   proc.stdout, proc.stderr)
        with open(path, newline="", encoding="utf-8-sig") as fh:
            result[sheet] = [row for row in csv.reader(fh)]
    return result


def convert_to_xlsx_roundtrip(path: str | os.PathLike, out_dir: str | os.PathLike, *,
                              recalc: str = "always",
                              timeout: float = DEFAULT_TIMEOUT) -> Path:
    """Open ``path`` in LibreOffice and save it again as .xlsx in ``out_dir``.

    Proves that LibreOffice can open the file; returns the written path
    (``out_dir/<stem>.xlsx``; keep ``out_dir`` different from the source dir).
    """
    src = Path(path).resolve()
    out = Path(out_dir).resolve()
    out.mkdir(parents=True, exist_ok=True)
    if not src.is_file():
        raise FileNotFoundError(src)
    target = out / f"{src.stem}.xlsx"
    if target == src:
        raise ValueError("out_dir must differ from the source file's directory")
    if target.exists():
        target.unlink()
    proc = _run_soffice(["--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", str(out),
                         str(src)], recalc=recalc, timeout=timeout)
    if not target.is_file():
        raise LibreOfficeError(f"LibreOffice did not write {target}", proc.stdout, proc.stderr)
    return target


# --------------------------------------------------------------------------
# Cached values: write <v> elements into an openpyxl-saved workbook
# --------------------------------------------------------------------------
_MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_ERRORS = {"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA"}
_REF_RE = re.compile(r"^\$?([A-Za-z]{1,3})\$?([0-9]+)$")


def _col_num(col: str) -> int:
    n = 0
    for ch in col.upper():
        n = n * 26 + ord(ch) - 64
    return n


def _split_ref(ref: str) -> tuple[int, int]:
    m = _REF_RE.match(ref)
    if not m:
        raise ValueError(f"not a cell reference: {ref!r}")
    return int(m.group(2)), _col_num(m.group(1))


def _sheet_parts(zf: zipfile.ZipFile) -> dict[str, str]:
    """{sheet name: zip member of its worksheet XML}."""
    wb = ET.fromstring(zf.read("xl/workbook.xml"))
    rels = ET.fromstring(zf.read("xl/_rels/workbook.xml.rels"))
    targets = {r.get("Id"): r.get("Target") for r in rels.iter(f"{{{_PKG_REL_NS}}}Relationship")}
    parts = {}
    for s in wb.iter(f"{{{_MAIN_NS}}}sheet"):
        target = targets[s.get(f"{{{_REL_NS}}}id")]
        member = target.lstrip("/") if target.startswith("/") else posixpath.normpath(
            posixpath.join("xl", target))
        parts[s.get("name")] = member
    return parts


def _set_cached(cell: ET.Element, value: Any) -> None:
    q = f"{{{_MAIN_NS}}}"
    for child in list(cell):
        if child.tag in (f"{q}v", f"{q}is"):
            cell.remove(child)
    if value is None:
        cell.attrib.pop("t", None)
        return
    if isinstance(value, bool):
        cell.set("t", "b")
        text = "1" if value else "0"
    elif isinstance(value, (int, float)):
        cell.attrib.pop("t", None)
        text = repr(float(value)) if isinstance(value, float) else str(value)
    elif isinstance(value, str) and value in _ERRORS:
        cell.set("t", "e")
        text = value
    else:
        cell.set("t", "str")  # formula string result
        text = str(value)
    v = ET.SubElement(cell, f"{q}v")
    v.text = text


def inject_cached_values(xlsx_path: str | os.PathLike, values: Mapping[str, Any],
                         out_path: str | os.PathLike | None = None) -> Path:
    """Write cached results (``<v>``) for cells of an openpyxl-saved workbook.

    ``values`` maps ``"Sheet name!A1"`` to a float/int, bool, str, an error
    string such as ``"#N/A"`` (written as an error, ``t="e"``) or None
    (removes the cached value).  Formulas (``<f>``) are kept.  Cells that do
    not exist yet (e.g. the non-anchor cells of an array formula, which
    openpyxl does not write) are created.  Rewrites ``xlsx_path`` in place
    unless ``out_path`` is given.  Other parts of the package are copied
    byte for byte.
    """
    src = Path(xlsx_path)
    dst = Path(out_path) if out_path is not None else src
    by_sheet: dict[str, dict[str, Any]] = {}
    for key, val in values.items():
        sheet, _, ref = key.rpartition("!")
        sheet = sheet[1:-1].replace("''", "'") if sheet.startswith("'") else sheet
        by_sheet.setdefault(sheet, {})[ref.replace("$", "").upper()] = val

    with zipfile.ZipFile(src) as zf:
        parts = _sheet_parts(zf)
        members = {info.filename: (info, zf.read(info.filename)) for info in zf.infolist()}
    q = f"{{{_MAIN_NS}}}"
    for sheet, cells in by_sheet.items():
        if sheet not in parts:
            raise KeyError(f"no sheet {sheet!r} in {src} (sheets: {sorted(parts)})")
        member = parts[sheet]
        info, data = members[member]
        # keep the document's namespace prefixes when re-serialising
        for _, (prefix, uri) in ET.iterparse(BytesIO(data), events=("start-ns",)):
            ET.register_namespace(prefix, uri)
        root = ET.fromstring(data)
        sheet_data = root.find(f"{q}sheetData")
        rows = {int(r.get("r")): r for r in sheet_data.findall(f"{q}row")}
        for ref, val in cells.items():
            rnum, cnum = _split_ref(ref)
            row = rows.get(rnum)
            if row is None:
                row = ET.Element(f"{q}row", {"r": str(rnum)})
                after = [i for i, r in enumerate(sheet_data) if int(r.get("r")) < rnum]
                sheet_data.insert(after[-1] + 1 if after else 0, row)
                rows[rnum] = row
            cell = next((c for c in row.findall(f"{q}c") if c.get("r") == ref), None)
            if cell is None:
                cell = ET.Element(f"{q}c", {"r": ref})
                after = [i for i, c in enumerate(row) if _split_ref(c.get("r"))[1] < cnum]
                row.insert(after[-1] + 1 if after else 0, cell)
            _set_cached(cell, val)
        xml = ET.tostring(root, encoding="utf-8", xml_declaration=True)
        members[member] = (info, xml)

    tmp = dst.with_name(f".{dst.name}.{uuid.uuid4().hex[:8]}.tmp")
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as out:
        for name, (info, data) in members.items():
            out.writestr(info, data)
    os.replace(tmp, dst)
    return dst


def convert_to_pdf(xlsx_path: str | os.PathLike, out_dir: str | os.PathLike, *,
                   timeout: float = DEFAULT_TIMEOUT) -> Path:
    """Print ``xlsx_path`` to PDF as LibreOffice does with its default settings (cached values
    shown, formulas without one computed; the workbook's print setup applies). Returns the
    PDF's path (``out_dir/<stem>.pdf``)."""
    src = Path(xlsx_path).resolve()
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    proc = _run_soffice(["--convert-to", "pdf", "--outdir", str(out), str(src)], recalc="never",
                        timeout=timeout)
    pdf = out / (src.stem + ".pdf")
    if not pdf.is_file():
        raise LibreOfficeError(f"LibreOffice wrote no PDF for {src.name}", proc.stdout, proc.stderr)
    return pdf
