"""The charts of a state of more steps than a chart can show (core.chart_steps): the Charts
sheet's table holds its 30 steps with the longest lead time, longest first, and the other
steps' average; the totals, the Map's timeline and its marks still count every step. The
figures below are worked out by hand from the stream, then read from what LibreOffice
computes; the report's charts follow the same rule."""
from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.libreoffice import recalculate_to_csv, soffice_path
from vsm_xl.convert.log import FileLog
from vsm_xl.convert.outputs import write_template_with_notes
from vsm_xl.core import chart_steps
from vsm_xl.core.analysis import analyze
from vsm_xl.io.yaml_io import stream_from_dict
from vsm_xl.workbook.layout import map_layout as M
from vsm_xl.workbook.layout import template_layout as L

N = 3_000
LONG = [100 * j + 7 for j in range(30)]  # steps 7, 107, ..., 2907: LT 1000 + j min, PT 20
ERRORS = ("#NAME?", "#N/A", "#VALUE!", "#REF!", "#DIV/0!", "#NUM!", "#NULL!", "Err:")


def _step(i: int) -> dict:
    pt, lt = 10, 100
    step: dict = {"name": f"Step {i}"}
    if i in LONG:
        pt, lt = 20, 1000 + LONG.index(i)
    elif i == 1:
        pt = 90  # the capacity constraint (largest PT)
    elif i == 3:
        pt, lt = 20, 1029  # ties with step 2907 for the longest LT and the largest WT: first in flow order
    elif i in (5, 6):
        step["position"] = 500  # parallel branches: step 6 (the longer LT) counts on the timeline
        lt = 150 if i == 6 else 100
    step.update(process_time_minutes=pt, lead_time_minutes=lt)
    return step


def _stream():
    return stream_from_dict({"value_stream": {"name": "Summarised", "display_unit": "min",
                                              "current_state": {"steps": [_step(i) for i in range(N)]}}})


# worked out by hand (minutes): PT 10 and LT 100 a step, changed where _step says so
PT_ALL = 10 * N + 80 + 10 + 30 * 10  # step 1, step 3, the 30 long steps
LT_ALL = 100 * N + 929 + 50 + 30 * 900 + sum(range(30))  # step 3, step 6, the long steps
SHOWN = [3] + [100 * j + 7 for j in range(29, 0, -1)]  # longest first; step 7 (LT 1000) left out by the tie
PT_SHOWN, LT_SHOWN = 30 * 20, 1029 + sum(1000 + j for j in range(1, 30))


def test_the_rule_by_hand():
    assert chart_steps.summarised(2_001) and not chart_steps.summarised(2_000)
    lead_times = [_step(i)["lead_time_minutes"] for i in range(N)]
    assert chart_steps.longest_steps(lead_times) == SHOWN
    assert chart_steps.longest_steps([5, None, 7]) == [2, 0, 1]


@pytest.fixture(scope="module")
def summarised(tmp_path_factory) -> dict:
    tmp = tmp_path_factory.mktemp("summary")
    path = tmp / "summary.xlsx"
    stream = _stream()
    write_template_with_notes(stream, path, FileLog("summary.csv"))
    return {"path": path, "tmp": tmp, "analysis": analyze(stream)}


def _number(text: str) -> float:
    return float(text.replace(",", "").replace(" min", ""))


@pytest.mark.skipif(soffice_path() is None, reason="LibreOffice not installed")
def test_libreoffice_computes_the_summary_table(summarised):
    sheets = recalculate_to_csv(summarised["path"], Path(summarised["tmp"]) / "lo", recalc="never", timeout=300)
    for name in (M.CHARTS, M.MAP):
        bad = [(r, c, v) for r, row in enumerate(sheets[name], 1) for c, v in enumerate(row, 1) if v.startswith(ERRORS)]
        assert bad == [], (name, bad[:5])
    charts = sheets[M.CHARTS]
    total_at = next(i for i, row in enumerate(charts) if row[1] == "Total (timeline)")
    rows = charts[total_at - 31:total_at]
    col = {key: M.DATA_COL[key] - 1 for key in M.DATA_COL}
    assert charts[total_at - 33][2].startswith(f"{N:,} steps: the charts show the 30 longest lead times")
    # the 30 longest steps, longest first, each a live mirror of its Steps row
    assert [int(row[col["number"]]) for row in rows[:30]] == [k + 1 for k in SHOWN]
    assert [row[col["step"]] for row in rows[:30]] == [f"Step {k}" for k in SHOWN]
    assert _number(rows[0][col["lt"]]) == 1029 and _number(rows[1][col["lt"]]) == 1029
    assert _number(rows[29][col["lt"]]) == 1001 and _number(rows[1][col["wt"]]) == 1009
    # the others: their average, by hand
    others = rows[30]
    assert others[col["step"]] == "2,970 others (avg)"
    assert _number(others[col["pt"]]) == pytest.approx((PT_ALL - PT_SHOWN) / 2970, abs=0.006)  # 10.03
    assert _number(others[col["lt"]]) == pytest.approx((LT_ALL - LT_SHOWN) / 2970, abs=0.006)  # 100.32
    assert _number(others[col["wt"]]) == pytest.approx((LT_ALL - LT_SHOWN - PT_ALL + PT_SHOWN) / 2970, abs=0.006)
    assert _number(others[col["cycle"]]) == pytest.approx((PT_ALL - PT_SHOWN) / 2970, abs=0.006)
    # the timeline totals count every step, the shorter parallel branch (step 5) once left out
    total = charts[total_at]
    state = summarised["analysis"].states[0]
    assert _number(total[col["pt"]]) == PT_ALL - 10 == state.total_process_time
    assert _number(total[col["lt"]]) == LT_ALL - 100 == state.total_lead_time
    # the Map: step 1 is the capacity constraint, step 3 the largest delay (first of its tie)
    the_map = sheets[M.MAP]
    marks = [(c, v) for row in the_map for c, v in enumerate(row) if v in ("capacity constraint", "largest delay")]
    assert marks == [(4, "capacity constraint"), (8, "largest delay")]  # the boxes of steps 1 and 3 (C, E, G, I ...)
    # its timeline: the waiting of each flow position; of the parallel steps 5 and 6 the longer (6: 150 - 10)
    waiting = next(row for row in the_map if row[0] == "Waiting")
    assert [v for v in waiting[1:15] if v] == ["90 min", "10 min", "90 min", "1009 min", "90 min", "140 min", "980 min"]
    assert any(v.startswith(f"{100 * (PT_ALL - 10) / (LT_ALL - 100):.4f}") for row in the_map for v in row)  # FE 9.2533 %


def test_a_small_state_keeps_a_row_per_step(tmp_path):
    import openpyxl

    stream = stream_from_dict({"value_stream": {"name": "Small", "current_state": {"steps": [
        _step(i) for i in range(40)]}}})
    path = tmp_path / "small.xlsx"
    write_template_with_notes(stream, path, FileLog("small.csv"))
    ws = openpyxl.load_workbook(path)[M.CHARTS]
    steps = [ws.cell(row=r, column=M.DATA_COL["number"]).value for r in range(1, ws.max_row + 1)]
    assert [v for v in steps if isinstance(v, int)] == list(range(1, 41 + L.SPARE_STEPS))  # and the spare rows
    assert not any("others (avg)" in str(c.value) for row in ws.iter_rows() for c in row)


def test_the_report_draws_the_same_steps():
    from vsm_xl.report import charts

    stream = _stream()
    analysis = analyze(stream)
    takt = charts.takt_chart(stream.states, analysis.demand, stream)
    ax = takt.axes[0]
    labels = [t.get_text() for t in ax.get_xticklabels()]
    assert labels[:30] == [f"Step {k}" for k in SHOWN]
    assert labels[30].replace("\n", " ") == "2,970 others (avg)"
    heights = [bar.get_height() for bar in ax.patches]
    assert heights[:2] == [20, 20] and heights[30] == pytest.approx((PT_ALL - PT_SHOWN) / 2970)
    assert "(30 longest LT of 3,000 steps)" in ax.get_title(loc="left")
    ladder = charts.ladder_chart(stream.states, analysis.states, stream)
    wait_ax = ladder.axes[0]
    widths = [bar.get_width() for bar in wait_ax.patches]
    assert len(widths) == 31  # the 30 longest and one segment for the others
    assert sum(widths) == pytest.approx(LT_ALL - 100 - (PT_ALL - 10))  # the timeline's waiting, every step
