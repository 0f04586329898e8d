"""The acceptance test of `vsm-xl convert`: a folder of differently shaped team spreadsheets
converts into template workbooks whose evaluated numbers match figures computed by hand
from the values in tests/data/make_team_corpus.py (METHOD.md section 1 for the order
fulfilment example); bad files are reported with their reason, not fatal.

The converted workbooks are read back as the portfolio reads them (the one template reader).
"""
import json
import math

import openpyxl
import pytest

from vsm_xl.workbook.read.reader import read_template
from vsm_xl.core.analysis import analyze

# (state name, kind, total PT min, total LT min, rolled %C&A or None, WIP or None,
#  capacity constraint, largest delay, band). FE is checked as PT / LT from the same hand figures.
EXPECTED = {
    # METHOD.md section 1, current state: PT 15+10+5+30+10 = 70 min; LT 2+8+4+6+24 = 44 h = 2640 min;
    # rolled .85·.95·.90·.92·.98 = .6552378; WIP 50+30+20+40+100 = 240.
    "sales_order_fulfilment.xlsx": [
        ("Current state", "current", 70, 2640, 0.6552378, 240, "Pick & Pack", "Ship", "significant waste")],
    # Ist: PT .5+.25+4+.75 h = 5.5 h = 330 min; LT 1+4+3.5+.5 d = 9 d = 12960 min; rolled .90·.95·.98·.99 =
    # .829521; WIP 12+30+8+20 = 70; WT: 1410, 5745, 4800, 675 -> Prüfen.
    # Soll: PT .25+.05+3+.5 h = 3.8 h = 228 min; LT .25+.1+1+.25 d = 1.6 d = 2304 min (FE 9.90 %, moderate);
    # rolled .98·.99·.99·.99 = .95089302; WIP 2+0+4+5 = 11; WT: 345, 141, 1260, 330 -> Fertigen.
    "auftragsabwicklung_ist_soll.xlsx": [
        ("Ist-Zustand", "current", 330, 12960, 0.829521, 70, "Fertigen", "Prüfen", "significant waste"),
        ("Soll-Zustand", "future", 228, 2304, 0.95089302, 11, "Fertigen", "Fertigen", "moderate")],
    # PT 20+45+120+30 = 215 min; LT 1.5+3+10+2.5 d = 17 d = 24480 min; rolled .85·.90·.95·.975 = .70858125;
    # WIP 1200+350+80+40 = 1670 (thousands separator "1.200").
    "claims_team_nord.csv": [
        ("Current state", "current", 215, 24480, 0.70858125, 1670, "Gutachten einholen", "Gutachten einholen",
         "significant waste")],
    # PT 10+90+180+45+5 = 330; LT 240+2880+7200+1440+120 = 11880; rolled .9·.8·.95·.99·1 = .67716;
    # WIP 1250+300+120+60+0 = 1730; WT 230, 2790, 7020, 1395, 115 -> Fix.
    "support_tickets.csv": [
        ("Current state", "current", 330, 11880, 0.67716, 1730, "Fix", "Fix", "significant waste")],
    # METHOD.md section 1, current and future state (future: PT 47, LT 400, FE 11.75 %, WIP 45,
    # rolled .98·.99·.99·.96·.99 = .9128572992).
    "state_column_order_fulfilment.xlsx": [
        ("Current", "current", 70, 2640, 0.6552378, 240, "Pick & Pack", "Ship", "significant waste"),
        ("Future", "future", 47, 400, 0.9128572992, 45, "Pick & Pack", "Ship", "moderate")],
    # PT 30+60+15+15 (the text "15 min") = 120 min; LT 1+2+.5+.25 d = 3.75 d = 5400 min;
    # rolled .99·.95·.98·1.00 = .92169; WIP 40+25+60+10 = 135; WT 1410, 2820, 705, 345 -> Inspect.
    "inbound_macro.xlsm": [
        ("Current state", "current", 120, 5400, 0.92169, 135, "Inspect", "Inspect", "significant waste")],
    # LT = PT + WT: 4 h, 48 h, 24 h = 76 h = 4560 min; PT .5+1.5+.25 h = 135 min.
    "approvals_wait_times.xlsx": [
        ("Current state", "current", 135, 4560, None, 20, "Review", "Review", "significant waste")],
    # Current: PT 5+10+5+5 = 25, LT 120+480+1440+2880 = 4920, rolled .9·.8·.95·1 = .684;
    # Future: PT 3+5+2+2 = 12, LT 30+60+240+480 = 810, rolled .98·.95·.99·1 = .92169.
    "invoice_stacked.xlsx": [
        ("Current state", "current", 25, 4920, 0.684, None, "Match PO", "Pay", "significant waste"),
        ("Future state", "future", 12, 810, 0.92169, None, "Match PO", "Pay", "significant waste")],
    # Ist: PT 10+20+15 = 45, LT 2+8+4 h = 840 min (FE 5.36 %, moderate), WIP 18;
    # Soll: PT 8+12+10 = 30, LT 1+2+1 h = 240 min (FE 12.5 %), WIP 7.
    "wertstrom_nebeneinander.xlsx": [
        ("Ist-Zustand", "current", 45, 840, None, 18, "Konstruktion", "Konstruktion", "moderate"),
        ("Soll-Zustand", "future", 30, 240, None, 7, "Konstruktion", "Konstruktion", "moderate")],
    # PT as minutes 30+90+45 = 165; LT bare 2, 6, 3 read as hours = 660 min; FE 25 % exactly ("good",
    # the band's upper bound is inclusive); Quality 90, 1 (= 100 %), 95 -> .855.
    "ambiguous_units.xlsx": [
        ("Current state", "current", 165, 660, 0.855, None, "Build", "Build", "good")],
    # PT 12 (the time cell 0:12) + 8 + 5 = 25; LT 1.5+.5+20 h = 1320 min; rolled .97·.99·.90 = .86427.
    "shipping_units_row.xlsx": [
        ("Current state", "current", 25, 1320, 0.86427, None, "Pick", "Ship", "significant waste")],
}

FAILED = {
    "bad/budget_no_steps.xlsx": "no steps table found",
    "bad/garbage.xlsx": "cannot open as an Excel workbook",
    "bad/corrupt_export.csv": "not a text file",
    "bad/unreadable_values.xlsx": "Steps!D3: cannot read 'soon' as a duration",
}


def read_template_values(path):
    """The stream of a template workbook as the portfolio reads it."""
    return read_template(path).stream


def test_every_good_file_converts_and_every_bad_one_is_reported(converted):
    out, logs = converted
    assert set(logs) == set(EXPECTED) | set(FAILED)
    for name in EXPECTED:
        assert logs[name].ok, (name, logs[name].reason)
        stem = name.rsplit(".", 1)[0]
        assert (out / f"{stem}.xlsx").is_file() and (out / f"{stem}.yaml").is_file()
    for name, reason in FAILED.items():
        assert not logs[name].ok
        assert reason in logs[name].reason
        assert not logs[name].outputs
    assert (out / "conversion-log.md").is_file()
    data = json.loads((out / "conversion-log.json").read_text(encoding="utf-8"))
    assert data["files_total"] == len(EXPECTED) + len(FAILED)
    assert data["files_failed"] == len(FAILED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_converted_workbook_evaluates_to_the_hand_computed_figures(converted, name):
    out, _ = converted
    stream = read_template_values(out / (name.rsplit(".", 1)[0] + ".xlsx"))
    analysis = analyze(stream)
    expected = EXPECTED[name]
    assert [(s.name, s.kind) for s in stream.states] == [(e[0], e[1]) for e in expected]
    for summary, (state, kind, pt, lt, rolled, wip, constraint, delay, band) in zip(analysis.states, expected):
        assert summary.total_process_time == pytest.approx(pt, abs=1e-9)
        assert summary.total_lead_time == pytest.approx(lt, abs=1e-9)
        assert summary.flow_efficiency == pytest.approx(pt / lt, rel=1e-12)
        assert summary.flow_rating == band
        if rolled is None:
            assert summary.rolled_complete_accurate is None
        else:
            assert summary.rolled_complete_accurate == pytest.approx(rolled, rel=1e-12)
        assert summary.wip_total == (None if wip is None else pytest.approx(wip))
        assert (summary.capacity_constraint, summary.largest_delay) == (constraint, delay)


def test_yaml_beside_the_workbook_holds_the_same_stream(converted):
    from vsm_xl.io.yaml_io import read_yaml

    out, _ = converted
    for name in EXPECTED:
        stem = name.rsplit(".", 1)[0]
        from_yaml = analyze(read_yaml(out / f"{stem}.yaml"))
        expected = EXPECTED[name]
        assert [round(s.total_lead_time, 6) for s in from_yaml.states] == [e[3] for e in expected]


def test_changeovers_notes_and_owners_survive(converted):
    """C/O 45 min (0.25 h + 0.5 h) of the .xlsm; its two notes columns joined; German owners."""
    out, _ = converted
    inbound = read_template_values(out / "inbound_macro.xlsx")
    steps = inbound.states[0].steps
    assert [s.changeover for s in steps] == [15, None, 30, None]
    assert steps[0].notes == "scan at gate; dock 3"
    assert [s.owner for s in steps] == ["Inbound", "QA", "Packaging", "Packaging"]
    ist = read_template_values(out / "auftragsabwicklung_ist_soll.xlsx")
    assert [s.owner for s in ist.states[0].steps] == ["Vertrieb", "Finanzen", "Produktion", "Logistik"]
    assert ist.name == "Auftragsabwicklung Werk Süd"


def _table(log, sheet):
    return next(t for t in log.tables if t.sheet == sheet)


def test_log_says_which_table_and_how_each_column_was_read(converted):
    _, logs = converted
    sales = _table(logs["sales_order_fulfilment.xlsx"], "VSM")
    assert (sales.header_row, sales.range) == (4, "B4:H12")
    columns = {c.column: c for c in sales.columns}
    assert columns["D"].field == "process_time" and "minutes (unit in the header)" in columns["D"].reading
    assert columns["E"].field == "lead_time" and "hours (unit in the header)" in columns["E"].reading
    assert columns["F"].field == "complete_accurate" and "5 percents" in columns["F"].reading
    assert any("row 8" in s and "Warehouse" in s for s in sales.skipped)  # the section row
    assert any("J5" in s for s in sales.skipped)  # notes beside the table
    assert any("matches" in t and "lead time" in t for t in sales.totals)
    assert sales.title == "Order fulfilment – team Sales"
    german = _table(logs["auftragsabwicklung_ist_soll.xlsx"], "Ist-Zustand")
    readings = {c.header: c.reading for c in german.columns}
    assert "hours" in readings["Bearbeitungszeit [Std.]"]
    assert "days" in readings["Durchlaufzeit in Tagen"]
    assert "minutes" in readings["Rüstzeit (min)"]
    csv_log = logs["claims_team_nord.csv"]
    assert csv_log.details["delimiter"] == "semicolon" and csv_log.details["decimal mark"] == "comma"
    assert csv_log.details["encoding"] == "cp1252"


def test_totals_rows_are_checked_and_a_mismatch_is_a_warning(converted):
    _, logs = converted
    soll = logs["auftragsabwicklung_ist_soll.xlsx"]
    warnings = [n for n in soll.notes if n.level == "warning"]
    assert len(warnings) == 1
    assert warnings[0].location == "'Soll-Zustand'!D8"
    assert "1.5 d" in warnings[0].message and "1.6 d" in warnings[0].message
    inbound = logs["inbound_macro.xlsm"]  # the totals row without a step name
    assert [n.location for n in inbound.notes if n.level == "warning"] == ["'Value stream'!D13"]
    for name in ("sales_order_fulfilment.xlsx", "claims_team_nord.csv"):
        assert not [n for n in logs[name].notes if n.level == "warning"], name


def test_ambiguities_are_logged_and_marked_in_the_workbook(converted):
    out, logs = converted
    log = logs["ambiguous_units.xlsx"]
    ambiguous = {n.location: n.message for n in log.notes if n.level == "ambiguous"}
    assert set(ambiguous) == {"Sheet!B1", "Sheet!C1", "Sheet!D1", "Sheet!E3"}
    assert "minutes" in ambiguous["Sheet!B1"]
    assert "hours" in ambiguous["Sheet!D1"]
    assert "Cycle time" in ambiguous["Sheet!C1"]
    assert "100 %" in ambiguous["Sheet!E3"]
    wb = openpyxl.load_workbook(out / "ambiguous_units.xlsx")
    notes = wb["Conversion notes"]
    sources = {row[1] for row in notes.iter_rows(values_only=True)}
    assert {"Sheet!B1", "Sheet!C1", "Sheet!D1", "Sheet!E3"} <= sources
    marked = [c for ws in wb.worksheets for row in ws.iter_rows() for c in row
              if c.comment is not None and "vsm-xl convert" in c.comment.text]
    texts = " ".join(c.comment.text for c in marked)
    assert "100 %" in texts and "hours" in texts
    steps = wb["Steps"]
    ca_cells = [c for c in marked if "100 %" in c.comment.text]
    assert len(ca_cells) == 1
    # the comment sits on the %C&A cell of the second step (Build)
    row = ca_cells[0].row
    assert steps.cell(row=row, column=2).value == "Build"
    assert steps.cell(row=row, column=ca_cells[0].column).value == pytest.approx(1.0)


def test_clean_files_have_no_ambiguities(converted):
    _, logs = converted
    for name in ("sales_order_fulfilment.xlsx", "claims_team_nord.csv", "support_tickets.csv",
                 "state_column_order_fulfilment.xlsx", "wertstrom_nebeneinander.xlsx", "invoice_stacked.xlsx"):
        assert not [n for n in logs[name].notes if n.level == "ambiguous"], name


def test_markdown_log_lists_failures_with_reasons(converted):
    out, _ = converted
    text = (out / "conversion-log.md").read_text(encoding="utf-8")
    assert "11 of 15 files converted" in text
    for name, reason in FAILED.items():
        line = next(line for line in text.splitlines() if line.startswith(f"- `{name}`"))
        assert reason in line
    assert "### Sheet `VSM`, header row 4, range B4:H12" in text


def test_flow_efficiency_of_the_method_example(converted):
    """METHOD.md section 1: FE 2.65 % (current), 11.75 % (future), FE ratio x4.43."""
    out, _ = converted
    analysis = analyze(read_template_values(out / "state_column_order_fulfilment.xlsx"))
    current, future = analysis.states
    assert round(current.flow_efficiency * 100, 2) == 2.65
    assert round(future.flow_efficiency * 100, 2) == 11.75
    assert math.isclose(analysis.comparisons[0].flow_efficiency_ratio, 0.1175 / (70 / 2640), rel_tol=1e-12)
