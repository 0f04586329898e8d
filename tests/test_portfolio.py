"""The portfolio across many value streams (issue 4, requirement 2): one row per stream and
state, the keys of `evaluate --format json`'s states, the best alternative and its WBF,
team sheets converted on the fly, bad files listed; the workbook with its table, bands and
chart opens in LibreOffice and shows the numbers.

Expected figures: METHOD.md section 1 (order fulfilment: FE 2.65 %, 11.75 %) and section 2.5
(claims handling: best Option C, WBF 0.2962); the team sheets' figures by hand as in
tests/convert/test_corpus.py."""
import json
import shutil
from pathlib import Path

import openpyxl
import pytest

from tests.support.libreoffice import recalculate_to_csv, soffice_path
from vsm_xl.core.analysis import analyze
from vsm_xl.io.json_report import report_dict
from vsm_xl.io.yaml_io import read_yaml
from vsm_xl.portfolio.collect import (
    DISPLAY_KEYS, ROW_KEYS, STATE_KEYS, build_portfolio, data_row, rows_csv, rows_json, rows_table,
)
from vsm_xl.portfolio.xlsx import write_portfolio_workbook
from vsm_xl.workbook.writer import write_template

ROOT = Path(__file__).resolve().parent
CORPUS = ROOT / "data" / "team_sheets"
EXAMPLES = ROOT.parent / "examples"


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    """Two template workbooks (the METHOD examples), two team sheets, one bad file."""
    root = tmp_path_factory.mktemp("portfolio")
    write_template(root / "order_fulfillment.xlsx", read_yaml(EXAMPLES / "order_fulfillment.yaml"))
    write_template(root / "claims_handling.xlsx", read_yaml(EXAMPLES / "claims_handling.yaml"))
    teams = root / "teams"
    teams.mkdir()
    shutil.copy(CORPUS / "claims_team_nord.csv", teams)
    shutil.copy(CORPUS / "wertstrom_nebeneinander.xlsx", teams)
    shutil.copy(CORPUS / "bad" / "garbage.xlsx", teams)
    return root


@pytest.fixture(scope="module")
def portfolio(folder):
    return build_portfolio([folder], jobs=2, progress=False)


def _row(portfolio, file, state):
    return next(r for r in portfolio.rows if r["file"] == file and r["name"] == state)


def test_one_row_per_stream_and_state(portfolio):
    assert [(r["file"], r["name"]) for r in portfolio.rows] == [
        ("claims_handling.xlsx", None),  # evaluation only: one row with the best alternative
        ("order_fulfillment.xlsx", "Current state"), ("order_fulfillment.xlsx", "Future state"),
        ("teams/claims_team_nord.csv", "Current state"),
        ("teams/wertstrom_nebeneinander.xlsx", "Ist-Zustand"), ("teams/wertstrom_nebeneinander.xlsx", "Soll-Zustand"),
    ]
    assert portfolio.files == 5
    assert portfolio.converted == ["teams/claims_team_nord.csv", "teams/wertstrom_nebeneinander.xlsx"]
    assert [f for f, _ in portfolio.failures] == ["teams/garbage.xlsx"]
    assert "cannot open as an Excel workbook" in portfolio.failures[0][1]


def test_rows_have_the_keys_of_the_json_report(portfolio):
    states_keys = set(report_dict(analyze(read_yaml(EXAMPLES / "order_fulfillment.yaml")))["states"][0])
    assert set(STATE_KEYS) <= states_keys
    for row in portfolio.rows:
        # the data keys, then what the displayed outputs need for the display rule
        assert tuple(row)[:len(ROW_KEYS)] == ROW_KEYS
        assert tuple(row)[len(ROW_KEYS):] in ((), DISPLAY_KEYS)
    assert {"file", "value_stream", "best_alternative", "best_wbf"} <= set(ROW_KEYS)


def test_figures_match_the_method_and_the_hand_computations(portfolio):
    current = _row(portfolio, "order_fulfillment.xlsx", "Current state")
    assert current["total_process_time_minutes"] == 70 and current["total_lead_time_minutes"] == 2640
    assert round(current["flow_efficiency"] * 100, 2) == 2.65 and current["flow_rating"] == "significant waste"
    assert round(current["rolled_complete_accurate"] * 100, 1) == 65.5 and current["wip_total"] == 240
    assert (current["capacity_constraint"], current["largest_delay"]) == ("Pick & Pack", "Ship")
    future = _row(portfolio, "order_fulfillment.xlsx", "Future state")
    assert future["flow_efficiency"] == pytest.approx(0.1175) and future["flow_rating"] == "moderate"
    claims = _row(portfolio, "claims_handling.xlsx", None)
    assert claims["best_alternative"] == "Option C" and round(claims["best_wbf"], 4) == 0.2962
    assert claims["value_stream"] == "Claims handling"
    team = _row(portfolio, "teams/claims_team_nord.csv", "Current state")
    assert (team["total_process_time_minutes"], team["total_lead_time_minutes"], team["wip_total"]) == (215, 24480, 1670)
    ist = _row(portfolio, "teams/wertstrom_nebeneinander.xlsx", "Ist-Zustand")
    assert ist["flow_efficiency"] == pytest.approx(45 / 840) and ist["flow_rating"] == "moderate"


def test_json_csv_and_table_renderings(portfolio):
    rows = json.loads(rows_json(portfolio.rows))
    assert rows == [data_row(r) for r in portfolio.rows] and all(tuple(r) == ROW_KEYS for r in rows)
    lines = rows_csv(portfolio.rows).splitlines()
    assert lines[0].split(",") == list(ROW_KEYS)
    assert len(lines) == len(portfolio.rows) + 1
    text = rows_table(portfolio, width=220)
    assert "Option C" in text and "2.65 %" in text and "11.75 %" in text


def test_the_table_reads_at_100_columns_in_hours_grouped_by_stream(portfolio):
    text = rows_table(portfolio, width=100)
    lines = text.splitlines()
    assert max(map(len, lines)) <= 100
    # no word broken across lines: every word of every name shown appears whole
    shown = set(text.split())
    for row in portfolio.rows:
        for word in f"{row['value_stream']} {row['name'] or ''} {row['capacity_constraint'] or ''}".split():
            assert word in shown, word
    # the workbook's column units (the display rule on each column's largest figure: PT in hours,
    # LT in days, the German streams' LT passing a day), rounded by core/display: order
    # fulfilment's current LT is 2,640 min = 1.8 d (calendar days: 1.833), its PT 70 min = 1.2 h
    # (1.1667 to one decimal), the future LT 400 min = 0.3 d, PT 50 min = 0.8 h
    current = next(line for line in lines if "Customer Order" in line).split()
    assert current[current.index("state") + 1:][:3] == ["1.2", "1.8", "2.65"]
    future = next(line for line in lines if "Future state" in line).split()
    assert future[2:5] == ["0.8", "0.3", "11.75"]
    assert "PT (h)" in lines[1] and "LT (d)" in lines[1]
    # grouped: a stream's name once, its states under it; the stream with the lowest FE first
    streams = [line.split("  ")[0].strip() for line in lines[3:] if line[:2].strip()]
    assert streams[0].startswith("Schadenbearbeitung")
    assert text.index("Current state      1.2") < text.index("Future state") < text.index("Ist-Zustand")
    claims = next(line for line in lines if "Claims handling" in line)
    assert "(no steps)" in claims and "Option C" in claims and "0.2962" in claims
    assert text.index("Soll-Zustand") < text.index("Claims handling")  # evaluation only: last
    assert "Not shown at this width: File" in text  # named, not silently dropped


def test_an_empty_portfolio_says_so_in_one_line(tmp_path):
    from click.testing import CliRunner

    from vsm_xl.cli import cli

    (tmp_path / "empty.csv").write_text("")
    result = CliRunner().invoke(cli, ["portfolio", str(tmp_path)])
    assert result.exit_code == 1
    assert result.stdout == "No value streams in the portfolio: 1 file given, 0 read.\n"


@pytest.fixture(scope="module")
def workbook(portfolio, tmp_path_factory):
    path = tmp_path_factory.mktemp("book") / "portfolio.xlsx"
    write_portfolio_workbook(portfolio, path)
    return path


def test_workbook_has_a_filtered_table_band_colours_and_a_chart(workbook, portfolio):
    wb = openpyxl.load_workbook(workbook)
    ws = wb["Portfolio"]
    table = ws.tables["Portfolio"]
    assert table.ref == f"A4:R{4 + len(portfolio.rows)}"
    assert table.autoFilter is not None and table.autoFilter.ref == table.ref
    rules = [rule for rng in ws.conditional_formatting for rule in rng.rules]
    assert sorted(r.formula[0] for r in rules) == sorted(
        f'$J5="{band}"' for band in ("significant waste", "moderate", "good", "excellent"))
    assert len(wb["Chart"]._charts) == 1  # on a sheet of its own: tall enough for every label
    chart = wb["Chart"]._charts[0]
    assert chart.x_axis.tickLblSkip == 1
    # grouped by stream (its states together, current before future), lowest stream FE first
    streams = [(c.value, ws.cell(row=c.row, column=3).value) for c in ws["B"][4:]]
    assert streams == [("Schadenbearbeitung Team Nord", "Current state"),
                       ("Customer Order Fulfillment", "Current state"), ("Customer Order Fulfillment", "Future state"),
                       ("wertstrom nebeneinander", "Ist-Zustand"), ("wertstrom nebeneinander", "Soll-Zustand"),
                       ("Claims handling", None)]
    # the chart draws only the rows with steps, from its own table; the stream without steps is
    # listed with its evaluation instead of an empty bar
    sheet = wb["Chart"]
    series = chart.series[0]
    assert series.val.numRef.f == "'Chart'!$B$2:$B$6" and series.cat.numRef.f == "'Chart'!$A$2:$A$6"
    assert [sheet.cell(row=r, column=1).value for r in range(2, 7)] == [
        "Schadenbearbeitung Team Nord – Current state", "Customer Order Fulfillment – Current state",
        "Customer Order Fulfillment – Future state", "wertstrom nebeneinander – Ist-Zustand",
        "wertstrom nebeneinander – Soll-Zustand"]
    assert sheet["B3"].value == pytest.approx(70 / 2640)
    assert sheet["A9"].value == "Claims handling: no steps; evaluation: best alternative Option C, WBF 0.2962"
    assert [c.value for c in ws[4]][8:10] == ["Flow efficiency", "Flow rating"]
    assert wb["Not read"]["A2"].value == "teams/garbage.xlsx"


@pytest.mark.skipif(soffice_path() is None, reason="LibreOffice (soffice) not installed")
def test_libreoffice_opens_the_portfolio_and_shows_the_numbers(workbook, tmp_path):
    sheets = recalculate_to_csv(workbook, tmp_path)
    rows = sheets["Portfolio"]
    header = rows[3]
    by_state = {(r[0], r[2]): dict(zip(header, r)) for r in rows[4:] if r and r[0]}
    current = by_state[("order_fulfillment.xlsx", "Current state")]
    # the time columns in the unit the display rule gives each column's largest figure
    pt_key = next(h for h in header if h.startswith("PT ("))
    lt_key = next(h for h in header if h.startswith("LT ("))
    per = {"(s)": 1 / 60, "(min)": 1, "(h)": 60, "(d)": 1440}  # the order example: calendar days
    assert float(current[pt_key]) * per[pt_key[3:]] == pytest.approx(70)
    assert float(current[lt_key]) * per[lt_key[3:]] == pytest.approx(2640)
    assert float(current["Flow efficiency"].rstrip("%")) / 100 == pytest.approx(70 / 2640, rel=1e-9)
    assert current["Flow rating"] == "significant waste"
    assert float(current["WIP"]) == 240
    claims = by_state[("claims_handling.xlsx", "")]
    assert claims["Best alternative"] == "Option C" and float(claims["Best WBF"]) == pytest.approx(0.2962, abs=5e-5)
    assert sheets["Not read"][1][0] == "teams/garbage.xlsx"
