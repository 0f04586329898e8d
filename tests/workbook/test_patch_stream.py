"""workbook/xlsx/patch_stream.py and workbook/evaluated/package_copy.py: a large worksheet is
patched as a stream into the same bytes as the in-memory patch (workbook/xlsx/patch.py), read a
few bytes at a time included, and the evaluated copy of a large workbook is written without
holding its Steps sheet (issue 21 item 8: the 20,000-row copy took 466 MB, the 100,000-row one 2 GB)."""
from __future__ import annotations

import datetime as dt
import io
import subprocess
import sys
import tracemalloc
import zipfile
from pathlib import Path

import pytest

from vsm_xl.workbook.evaluated import package_copy
from vsm_xl.workbook.xlsx.patch import Put, patch_sheet
from vsm_xl.workbook.xlsx.patch_stream import patch_sheet_stream

EPOCH = dt.datetime(1899, 12, 30)
ROOT = Path(__file__).resolve().parents[2]
CHUNKS = (1, 3, 7, 64, 1 << 20)  # bytes read at a time: cuts inside tags, names, characters


def _sheet(rows: str, prefix: str = "") -> bytes:
    ns = f' xmlns{":" + prefix[:-1] if prefix else ""}="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    return (f'<?xml version="1.0"?><{prefix}worksheet{ns}><{prefix}dimension ref="A1"/>'
            f"<{prefix}sheetData >{rows}</{prefix}sheetData><{prefix}pageMargins/>"
            f"<{prefix}headerFooter><{prefix}oddFooter>&amp;A – page é</{prefix}oddFooter></{prefix}headerFooter>"
            f"</{prefix}worksheet>").encode()


def _streamed(xml: bytes, puts: dict, formulas: dict, chunk: int, strip_cached: bool = True) -> bytes | None:
    sink = io.BytesIO()
    changed = patch_sheet_stream(io.BytesIO(xml), sink, puts, formulas, EPOCH, strip_cached=strip_cached, chunk=chunk)
    return sink.getvalue() if changed else None


_ROWS = ('<row r="2" spans="1:3"><c r="A2"><v>1</v></c><c r="C2" s="5"><v>3</v></c></row>\n'
         '<row r="5"><c r="A5" t="str"><f>B5&amp;"x"</f><v>old</v></c><c r="B5"><v>5</v></c></row>'
         '<row r="6"><c r="A6"><f t="shared" ref="A6:A8" si="0">B6*2</f><v>2</v></c></row>'
         '<row r="7"><c r="A7"><f t="shared" si="0"/><v>4</v></c></row>'
         '<row r="8"><c r="A8" t="n"><f t="shared" si="0"/></c><c r="B8"><v>é</v></c></row>  ')
CASES = {
    "puts in existing and new cells and rows, before, between and after": (
        _ROWS, {(2, 2): Put("b<&>"), (2, 3): Put(30), (1, 1): Put(0), (4, 2): Put(True), (9, 1): Put("end"),
                (12, 3): Put(formula="=A1+1")}, {}),
    "cached values stripped, nothing put": (_ROWS, {}, {}),
    "a shared formula's master overwritten": (_ROWS, {(6, 1): Put(9)}, {(7, 1): "=B7*2", (8, 1): "=B8*2"}),
    "rows and cells without r": ('<row><c><v>1</v></c><c><v>2</v></c></row><row><c><v>3</v></c></row>',
                                 {(2, 1): Put(30), (1, 2): Put(20), (4, 4): Put("x")}, {}),
    "nothing to change": ('<row r="1"><c r="A1"><f>B1</f></c></row>', {}, {}),
    "no rows": ("", {(3, 2): Put(2)}, {}),
}


@pytest.mark.parametrize("chunk", CHUNKS)
@pytest.mark.parametrize("prefix", ["", "x:"])
@pytest.mark.parametrize("case", sorted(CASES))
def test_the_stream_gives_the_bytes_of_the_in_memory_patch(case, prefix, chunk):
    rows, puts, formulas = CASES[case]
    if prefix:
        rows = rows.replace("<row", "<x:row").replace("</row", "</x:row").replace("<c", "<x:c").replace(
            "</c>", "</x:c>").replace("<f", "<x:f").replace("</f>", "</x:f>").replace("<v>", "<x:v>").replace(
            "</v>", "</x:v>")
    xml = _sheet(rows, prefix)
    expected = patch_sheet(xml, dict(puts), formulas, EPOCH)
    assert _streamed(xml, dict(puts), formulas, chunk) == expected
    assert _streamed(xml, dict(puts), formulas, chunk, strip_cached=False) == patch_sheet(
        xml, dict(puts), formulas, EPOCH, strip_cached=False)
    if case == "nothing to change":
        assert expected is None
    else:
        assert expected is not None


@pytest.mark.parametrize("rows, puts, why", [
    ('<row r="1"><c r="A1"><v>1</v></c></row><!-- a note --><row r="2"/>', {(1, 1): Put(2)}, "comment"),
    ('<row r="3"><c r="A3"><v>1</v></c></row><row r="2"><c r="A2"><v>1</v></c></row>', {(1, 1): Put(2)}, "order"),
    ('<row r="1"><c r="A1"><f t="shared" si="0"/></c></row>'
     '<row r="2"><c r="A2"><f t="shared" ref="A1:A2" si="0">B2</f></c></row>', {(2, 1): Put(2)}, "master"),
])
def test_what_the_stream_cannot_patch_exactly_is_left_to_the_in_memory_patch(rows, puts, why):
    with pytest.raises(ValueError, match="not streamable"):
        _streamed(_sheet(rows), puts, {}, 5)


EXAMPLES = sorted((ROOT / "examples").glob("*.xlsx")) + [ROOT / "workbook_templates" / "vsm_template.xlsx"]


def _parts(path) -> dict:
    with zipfile.ZipFile(path) as zf:
        return {name: zf.read(name) for name in zf.namelist()}


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_every_sheet_streamed_gives_the_copy_of_the_in_memory_patch(path, tmp_path, monkeypatch):
    from vsm_xl.workbook.writer import write_evaluated

    day = dt.date(2026, 12, 7)
    monkeypatch.setattr(package_copy, "STREAM_BYTES", 10**12)  # every sheet patched in memory
    write_evaluated(path, tmp_path / "memory.xlsx", today=day)
    monkeypatch.setattr(package_copy, "STREAM_BYTES", 0)  # every sheet patched as a stream, in short reads
    monkeypatch.setattr("vsm_xl.workbook.xlsx.patch_stream.CHUNK", 333)
    write_evaluated(path, tmp_path / "stream.xlsx", today=day)
    memory, stream = _parts(tmp_path / "memory.xlsx"), _parts(tmp_path / "stream.xlsx")
    assert list(stream) == list(memory)
    assert [name for name in memory if memory[name] != stream[name]] == []


STEPS = 5_000


@pytest.fixture(scope="module")
def converted(tmp_path_factory) -> Path:
    """The workbook ``vsm-xl convert`` writes of a 5,000-row team sheet (benchmarks/bench_large.py's)."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from bench_large import team_csv
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    d = tmp_path_factory.mktemp("large")
    team_csv(d / "team.csv", STEPS)
    subprocess.run([sys.executable, "-m", "vsm_xl", "convert", "team.csv", "-o", "out", "-j", "1"], cwd=d, check=True,
                   capture_output=True)
    return d / "out" / "team.xlsx"


MAX_BYTES_A_STEP = 5_000  # the stream: 2.7 kB a step (puts, results); the in-memory patch 20 kB


@pytest.mark.parametrize("streamed", [True, False], ids=["streamed", "in memory"])
def test_the_evaluated_copy_of_a_large_workbook_holds_no_whole_sheet(converted, tmp_path, monkeypatch, streamed):
    from vsm_xl.workbook.read.reader import read_workbook
    from vsm_xl.workbook.writer import write_evaluated

    if not streamed:  # the old way: its peak shows that the bound tells the two apart
        monkeypatch.setattr(package_copy, "STREAM_BYTES", 10**12)
    read = read_workbook(converted)
    with zipfile.ZipFile(converted) as zf:
        assert max(info.file_size for info in zf.infolist()) > 8_000_000  # the Steps sheet
    tracemalloc.start()
    try:
        write_evaluated(read, tmp_path / "copy.xlsx")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert (peak < MAX_BYTES_A_STEP * STEPS) == streamed, f"{peak / STEPS:,.0f} bytes a step"
