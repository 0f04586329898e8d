"""Workbooks of very many rows, written streamed (the sheet's XML row by row into the zip), for
the budget tests and benchmarks/bench_hardening.py."""
from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PARTS = {
    "[Content_Types].xml": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'),
    "_rels/.rels": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        'officeDocument" Target="xl/workbook.xml"/></Relationships>'),
    "xl/workbook.xml": (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="{_MAIN}" xmlns:r="{_R}">'
        '<sheets><sheet name="Team" sheetId="1" r:id="rId1"/></sheets></workbook>'),
    "xl/_rels/workbook.xml.rels": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        'worksheet" Target="worksheets/sheet1.xml"/></Relationships>'),
}


def many_rows_xlsx(path: Path, rows: int, *, dimension: bool = False) -> Path:
    """A one-sheet workbook (sheet "Team": a steps table of a header row Step, PT, LT, then
    ``rows`` rows of numbers; 3,000,000 rows expand to 195 MB, within the expanded-size budget), its sheet XML streamed block by block; ``dimension``: with ``<dimension ref=...>``."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        for name, text in _PARTS.items():
            zf.writestr(name, text)
        with zf.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as part:
            part.write(f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{_MAIN}">'.encode())
            if dimension:
                part.write(f'<dimension ref="A1:C{rows + 1}"/>'.encode())
            part.write(b'<sheetData><row><c t="inlineStr"><is><t>Step</t></is></c>'
                       b'<c t="inlineStr"><is><t>PT</t></is></c>'
                       b'<c t="inlineStr"><is><t>LT</t></is></c></row>')
            for start in range(0, rows, 10_000):  # numbers that vary, so that it compresses like a real sheet
                part.write("".join(f"<row><c><v>{n}</v></c><c><v>{n % 97}</v></c><c><v>{n % 97 + 3}</v></c></row>"
                                   for n in range(start, min(start + 10_000, rows))).encode())
            part.write(b"</sheetData></worksheet>")
    return path


# A small launcher process runs the command and reports its peak: a process forked from a large
# one (a pytest worker after the spreadsheet-engine tests) inherits that process's resident size
# as its ru_maxrss across exec, so the command must be forked from a small process to be measured.
_LAUNCH = ("import os, subprocess, sys\n"
           "proc = subprocess.Popen(sys.argv[1:])\n"
           "_, status, usage = os.wait4(proc.pid, 0)\n"
           "sys.stdout.flush()\n"
           "sys.stderr.write(f'\\n@usage {usage.ru_maxrss} {usage.ru_utime + usage.ru_stime}\\n')\n"
           "sys.exit(os.waitstatus_to_exitcode(status))\n")


def measured(args, cwd) -> tuple[float, float, int, str]:
    """(seconds, peak MB, exit code, output) of ``vsm-xl args`` in its own process: the CPU
    seconds it used (user + system: what a refusal costs, whatever else the machine runs; wall
    time on a shared two-core CI machine measures the neighbours), its ru_maxrss (forked from a
    small launcher), and its stdout and stderr together."""
    proc = subprocess.run([sys.executable, "-c", _LAUNCH, sys.executable, "-m", "vsm_xl", *map(str, args)],
                          cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    out = proc.stdout.decode("utf-8", "replace")
    out, _, usage = out.rpartition("\n@usage ")
    peak_kb, cpu = usage.split()
    return float(cpu), int(peak_kb) / 1024, proc.returncode, out
