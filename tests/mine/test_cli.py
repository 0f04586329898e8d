"""vsm-xl mine from the command line: outputs that read back, bad logs named by row and column
with nothing written, the API beside it."""
from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import vsm_xl
from vsm_xl.core.errors import InputError
from vsm_xl.eventlog.run import mine_log

ROOT = Path(__file__).resolve().parents[2]
LOG = ROOT / "examples" / "claims_events.csv"
HEADER = "Case ID,Activity,Start Timestamp,Complete Timestamp,Resource"
GOOD = ["C1,Receive,2026-03-02 08:00,2026-03-02 08:10,ann", "C1,Check,2026-03-02 09:00,2026-03-02 09:20,bob",
        "C2,Receive,2026-03-02 08:30,2026-03-02 08:40,ann", "C2,Check,2026-03-02 10:00,2026-03-02 10:30,bob"]


class Ran:
    def __init__(self, done):
        self.exit_code, self.output = done.returncode, done.stdout + done.stderr


def run(*args):
    """The real entry point (python -m vsm_xl): exit codes and `Error:` lines as a user sees them."""
    return Ran(subprocess.run([sys.executable, "-m", "vsm_xl", *map(str, args)], capture_output=True, text=True,
                              timeout=300))


def test_mine_writes_yaml_and_workbook_that_evaluate(tmp_path):
    for name in ("m.yaml", "m.xlsx"):
        result = run("mine", LOG, "-o", tmp_path / name)
        assert result.exit_code == 0, result.output
        assert "200 cases" in result.output
        stream = vsm_xl.load(tmp_path / name)
        state = stream.current_state
        assert state.basis == "measured" and [s.name for s in state.steps][:2] == ["Receive", "Check"]
        assert vsm_xl.evaluate(tmp_path / name).states().shape[0] == 1
    mined = mine_log(LOG)
    loaded = vsm_xl.load(tmp_path / "m.yaml").current_state
    assert [s.lead_time for s in loaded.steps] == [s.lead_time for s in mined.state.steps]


def test_mine_prints_the_state_without_output():
    result = run("mine", LOG)
    assert result.exit_code == 0 and "Flow efficiency" in result.output


def test_one_timestamp_log_asks_for_pt(tmp_path):
    log = tmp_path / "one.csv"
    log.write_text("case,activity,timestamp\n1,A,2026-03-02 08:00\n1,B,2026-03-02 09:00\n"
                   "2,A,2026-03-02 08:30\n2,B,2026-03-02 10:00\n", encoding="utf-8")
    result = run("mine", log, "-o", tmp_path / "one.yaml")
    assert result.exit_code == 0, result.output
    text = (tmp_path / "one.yaml").read_text()
    assert "process_time_minutes: null" in text and "PT not in the log" in text
    with pytest.raises(vsm_xl.ValidationError) as caught:  # the step says so where the user types it
        vsm_xl.load(tmp_path / "one.yaml")
    assert "value_stream.current_state.steps[0].process_time_minutes: step 'A': process time is missing" \
        in str(caught.value)
    result = run("mine", log, "-o", tmp_path / "one.xlsx", "--progress")
    assert result.exit_code == 0 and "PT is not measured" in result.output
    with pytest.raises(vsm_xl.ValidationError) as caught:
        vsm_xl.load(tmp_path / "one.xlsx")
    cells = sorted(p.location for p in caught.value.problems)
    assert [p.message for p in caught.value.problems] == ["step 'A': process time is missing",
                                                           "step 'B': process time is missing"]
    import openpyxl

    ws = openpyxl.load_workbook(tmp_path / "one.xlsx")["Steps"]
    for cell in cells:
        ref = cell.split("!")[1]
        assert ws[ref].value is None  # blank, for the user to type
        notes = [c.value for c in ws[ref.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")] if c.value and "PT not in" in str(c.value)]
        assert notes, f"the row of {cell} says why PT is blank"


def test_column_overrides(tmp_path):
    log = tmp_path / "odd.csv"
    log.write_text("k,what,t0,t1,who\n" + "\n".join(",".join(r.split(",")) for r in GOOD) + "\n", encoding="utf-8")
    result = run("mine", log)
    assert result.exit_code == 1 and "no case" in result.output
    result = run("mine", log, "--case", "k", "--activity", "what", "--start", "t0", "--end", "t1",
                 "--resource", "who")
    assert result.exit_code == 0, result.output


BAD = {
    "unparseable": (["C1,Receive,2026-03-02 08:00,2026-03-02 08:10,ann", "C1,Check,2026-03-02 09:00,soon,bob"],
                    "row 3, column 'Complete Timestamp'", "cannot read 'soon'"),
    "end before start": (["C1,Receive,2026-03-02 08:00,2026-03-02 07:10,ann"] + GOOD[1:],
                         "row 2, column 'Complete Timestamp'", "ends before it starts"),
    "no time": (GOOD[:3] + ["C2,Check,2026-03-02 10:00,,bob"], "row 5, column 'Complete Timestamp'", "no time"),
    "zones mixed": (["C1,Receive,2026-03-02T08:00+01:00,2026-03-02T08:10+01:00,ann"] + GOOD[1:],
                    "row 3, column 'Complete Timestamp'", "time zones mixed"),
}


@pytest.mark.parametrize("case", list(BAD))
def test_bad_logs_name_row_and_column_and_write_nothing(tmp_path, case):
    rows, where, what = BAD[case]
    log = tmp_path / "bad.csv"
    log.write_text(HEADER + "\n" + "\n".join(rows) + "\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        mine_log(log)
    assert where in str(caught.value) and what in str(caught.value)
    book = tmp_path / "book.xlsx"
    shutil.copy(ROOT / "examples" / "order_fulfillment.xlsx", book)
    before = hashlib.sha256(book.read_bytes()).hexdigest()
    for args in (("-o", tmp_path / "out.xlsx"), ("--refresh", book)):
        result = run("mine", log, *args)
        assert result.exit_code == 1 and "Error:" in result.output and where in result.output
    assert not (tmp_path / "out.xlsx").exists()
    assert hashlib.sha256(book.read_bytes()).hexdigest() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.csv", "book.xlsx"]  # no temporaries left


def test_a_period_without_cases_is_refused(tmp_path):
    log = tmp_path / "log.csv"
    log.write_text(HEADER + "\n" + "\n".join(GOOD) + "\n", encoding="utf-8")
    result = run("mine", log, "--from", "2027-01-01")
    assert result.exit_code == 1 and "no case of the log lies in the period" in result.output


def test_xlsx_and_xes_logs_give_the_csv_figures(tmp_path):
    import pandas as pd

    frame = pd.read_csv(LOG, parse_dates=["Start Timestamp", "Complete Timestamp"])
    frame.to_excel(tmp_path / "log.xlsx", index=False)
    rows = ['<?xml version="1.0" encoding="UTF-8"?>', '<log xmlns="http://www.xes-standard.org/">']
    for case, events in frame.groupby("Case ID", sort=False):
        rows.append(f'<trace><string key="concept:name" value="{case}"/>')
        for e in events.itertuples(index=False):
            for life, when in (("start", e[2]), ("complete", e[3])):
                rows.append(f'<event><string key="concept:name" value="{e[1]}"/><string key="org:resource" '
                            f'value="{e[4]}"/><string key="lifecycle:transition" value="{life}"/>'
                            f'<date key="time:timestamp" value="{when.isoformat()}"/></event>')
        rows.append("</trace>")
    rows.append("</log>")
    (tmp_path / "log.xes").write_text("\n".join(rows), encoding="utf-8")
    expected = mine_log(LOG).state
    assert mine_log(tmp_path / "log.xlsx").state == expected
    assert mine_log(tmp_path / "log.xes").state == expected


def test_api_mine_returns_the_measurement(tmp_path):
    result = vsm_xl.mine(LOG, output=tmp_path / "s.yaml")
    assert result.written == tmp_path / "s.yaml"
    table = result.steps()
    assert list(table.index[:2]) == ["Receive", "Check"]
    assert {"pt_p10", "pt_p50", "pt_p90", "wip", "wip_little", "complete_accurate"} <= set(table.columns)
    assert table.loc["Assess", "position"] == table.loc["Verify", "position"]


def test_an_xes_with_entities_is_refused(tmp_path):
    bomb = tmp_path / "bomb.xes"
    bomb.write_text('<?xml version="1.0"?>\n<!DOCTYPE log [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>\n'
                    '<log><trace><string key="concept:name" value="&b;"/></trace></log>\n', encoding="utf-8")
    from vsm_xl.core.errors import SourceError

    with pytest.raises(SourceError, match="not a readable XES file"):
        mine_log(bomb)
