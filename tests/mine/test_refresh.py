"""mine --refresh on an example workbook, twice: two History rows, the current state replaced,
and every other sheet's cells (formulas and inputs), charts and settings as they were."""
from __future__ import annotations

import datetime as dt
import re
import shutil
import zipfile
from pathlib import Path

import openpyxl
import pytest

from vsm_xl.eventlog.outputs import refresh_workbook
from vsm_xl.eventlog.run import mine_log
from vsm_xl.eventlog.sheets import HISTORY, HISTORY_HEADER_ROW, MEASUREMENT
from vsm_xl.workbook.layout import template_layout as L
from vsm_xl.workbook.read.reader import read_workbook

ROOT = Path(__file__).resolve().parents[2]
LOG = ROOT / "examples" / "claims_events.csv"
SOURCE = ROOT / "examples" / "order_fulfillment.xlsx"


@pytest.fixture(scope="module")
def refreshed(tmp_path_factory):
    folder = tmp_path_factory.mktemp("refresh")
    book = folder / "book.xlsx"
    shutil.copy(SOURCE, book)
    mined = mine_log(LOG)
    refresh_workbook(mined, book, today=dt.date(2026, 3, 1))
    once = folder / "once.xlsx"
    shutil.copy(book, once)
    refresh_workbook(mine_log(LOG, period_from="2026-01-06"), book, today=dt.date(2026, 3, 8))
    return book, once, mined


def _plain(value):
    text = getattr(value, "text", None)  # an array formula: its range and text
    return (getattr(value, "ref", None), text) if text is not None else value


def _cells(ws):
    return {(c.row, c.column): _plain(c.value) for row in ws.iter_rows() for c in row if c.value is not None}


def _current_rows(path) -> set:
    read = read_workbook(path)
    block = read.geometry.blocks[read.state_blocks[0]]
    return set(block.rows) | {block.marker_row}


def test_two_refreshes_leave_two_history_rows(refreshed):
    book, once, _ = refreshed
    ws = openpyxl.load_workbook(book)[HISTORY]
    rows = [r for r in ws.iter_rows(min_row=HISTORY_HEADER_ROW + 1, values_only=True) if r[0]]
    assert [r[0] for r in rows] == ["2026-03-01", "2026-03-08"]
    assert rows[0][3] == 200 and rows[1][3] < 200  # the second measured a shorter period
    with zipfile.ZipFile(book) as zf:
        charts = [n for n in zf.namelist() if n.startswith("xl/charts/vsm_history")]
        assert len(charts) == 2
        lead = zf.read("xl/charts/vsm_history_lead_time.xml").decode()
        assert f"'{HISTORY}'!$E${HISTORY_HEADER_ROW + 1}:$E${HISTORY_HEADER_ROW + 2}" in lead.replace("History!", "'History'!")


def test_the_current_state_is_the_measurement(refreshed):
    book, once, mined = refreshed
    read = read_workbook(once)
    current = read.stream.current_state
    assert current.name == "Current state" and current.basis == "measured"
    assert [s.name for s in current.steps] == [s.name for s in mined.state.steps]
    assert [s.lead_time for s in current.steps] == pytest.approx([s.lead_time for s in mined.state.steps])
    assert [s.position for s in current.steps] == [s.position for s in mined.state.steps]
    assert read.analysis is not None  # it evaluates
    future = read.stream.states[1]
    assert future == read_workbook(SOURCE).stream.states[1]  # targets kept
    assert read.stream.improvements == read_workbook(SOURCE).stream.improvements
    assert read.stream.evaluation == read_workbook(SOURCE).stream.evaluation


def test_every_other_sheet_is_unchanged(refreshed):
    book, _, _ = refreshed
    before = openpyxl.load_workbook(SOURCE)
    after = openpyxl.load_workbook(book)
    # the added sheets go before xlwings.conf, which stays the last sheet
    assert before.sheetnames[-1] == L.XLWINGS_CONF
    assert after.sheetnames == before.sheetnames[:-1] + [MEASUREMENT, HISTORY, L.XLWINGS_CONF]
    skip = _current_rows(SOURCE) | _current_rows(book)
    for ws in before.worksheets:
        old, new = _cells(ws), _cells(after[ws.title])
        if ws.title == L.STEPS:
            old = {k: v for k, v in old.items() if k[0] not in skip}
            new = {k: v for k, v in new.items() if k[0] not in skip}
        assert new == old, ws.title
        assert after[ws.title].merged_cells.ranges == ws.merged_cells.ranges
        assert after[ws.title].sheet_state == ws.sheet_state
    with zipfile.ZipFile(SOURCE) as a, zipfile.ZipFile(book) as b:
        for name in a.namelist():
            if name.startswith(("xl/charts/", "xl/drawings/", "xl/media/")) or name.endswith(".rels") \
                    and "worksheets" in name:
                assert b.read(name) == a.read(name), name
            if name.startswith("xl/worksheets/sheet"):  # settings: all but the cells
                strip = re.compile(rb"<sheetData>.*</sheetData>|<sheetData/>", re.S)
                assert strip.sub(b"", b.read(name)) == strip.sub(b"", a.read(name)), name
        assert b.read("xl/styles.xml").startswith(a.read("xl/styles.xml")[:200])


def test_a_log_longer_than_the_room_is_refused(tmp_path):
    book = tmp_path / "book.xlsx"
    shutil.copy(SOURCE, book)
    rows = ["case,activity,start,end"] + [f"1,S{k:02d},2026-03-02 {8 + k // 6:02d}:{k % 6 * 10:02d},"
                                          f"2026-03-02 {8 + k // 6:02d}:{k % 6 * 10 + 5:02d}" for k in range(12)]
    log = tmp_path / "long.csv"
    log.write_text("\n".join(rows) + "\n", encoding="utf-8")
    before = book.read_bytes()
    with pytest.raises(Exception, match="room for 10 steps"):
        refresh_workbook(mine_log(log), book)
    assert book.read_bytes() == before
