"""The HTML report shows the History trend of a refreshed workbook, and nothing of it without."""
from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

from vsm_xl.eventlog.outputs import refresh_workbook
from vsm_xl.eventlog.report_history import history_of
from vsm_xl.eventlog.run import mine_log
from vsm_xl.report.html import html_report
from vsm_xl.workbook.read.reader import read_workbook

ROOT = Path(__file__).resolve().parents[2]


def test_report_of_a_refreshed_workbook_has_the_history(tmp_path):
    book = tmp_path / "book.xlsx"
    shutil.copy(ROOT / "examples" / "order_fulfillment.xlsx", book)
    log = ROOT / "examples" / "claims_events.csv"
    refresh_workbook(mine_log(log), book, today=dt.date(2026, 3, 1))
    refresh_workbook(mine_log(log, period_from="2026-01-06"), book, today=dt.date(2026, 3, 8))
    rows = history_of(book)
    assert [r.cases for r in rows] == [200, 101]
    html = html_report(read_workbook(book).analysis, history=rows)
    section = re.search(r'<section id="history">(.*?)</section>', html, re.S).group(1)
    assert "2026-01-05 08:01 – 2026-01-07 18:52" in section and "2026-01-06 00:00 – 2026-01-07 18:52" in section
    assert section.count("<tr") == 3 and "data:image/svg+xml;base64," in section
    plain = html_report(read_workbook(ROOT / "examples" / "order_fulfillment.xlsx").analysis,
                        history=history_of(ROOT / "examples" / "order_fulfillment.xlsx"))
    assert 'id="history"' not in plain
