"""The Sensitivity sheet of evaluated copies: the core's intervals and simulation as values, a
new worksheet part that openpyxl and LibreOffice open, rewritten (not duplicated) when a copy
is evaluated again, and a user's own sheet of that name left alone."""
import openpyxl
import pytest
import yaml

from vsm_xl.api import evaluate
from vsm_xl.core.sensitivity import analysis_sensitivity
from vsm_xl.workbook.evaluated.sensitivity_sheet import FALLBACK, SHEET, TITLE, sheet_rows, sheet_xml
from vsm_xl.workbook.writer import write_evaluated
from tests.workbook.conftest import EXAMPLES


# the session fixtures of the spreadsheet engines (formulas, LibreOffice) are made once per test
# process: under pytest-xdist (--dist loadgroup) these modules share one worker, not both
pytestmark = pytest.mark.xdist_group("spreadsheet-engines")


def _copy(source, target):
    write_evaluated(source, target, evaluate(source).analysis)


def _rows(path, sheet=SHEET):
    ws = openpyxl.load_workbook(path)[sheet]
    return [[c for c in row] for row in ws.iter_rows()]


def _values(path, sheet=SHEET):
    return [[c.value for c in row] for row in _rows(path, sheet)]


def test_claims_copy_has_the_intervals(evaluated, reads):
    """METHOD.md 2.5: Investment's weight 1/6 may rise to 0.3958 before Option A is best; the
    other intervals are whole; no values with ranges, so no simulation table."""
    path = evaluated["claims_handling"]
    book = openpyxl.load_workbook(path)
    assert book.sheetnames[-2:] == [SHEET, "xlwings.conf"]  # before xlwings.conf, which stays last
    rows = _values(path)
    assert rows[0][0] == TITLE and rows[3][:2] == ["Best alternative (lowest WBF)", "Option C"]
    header = next(k for k, r in enumerate(rows) if r[0] == "Indicator")
    table = {r[0]: r[1:7] for r in rows[header + 1:header + 7]}
    assert table["Investment"][0] == "monetary"
    assert table["Investment"][1] == pytest.approx(1 / 6)
    assert (table["Investment"][2], round(table["Investment"][3], 4), table["Investment"][5]) == (0, 0.3958, "Option A")
    assert [(v[2], v[3]) for k, v in table.items() if k != "Investment"] == [(0, 1)] * 5
    cells = _rows(path)
    assert cells[header + 1][2].number_format == "0.00%"
    assert cells[0][0].font.b
    assert any("No indicator value is given as low / likely / high" in str(r[0]) for r in rows)


def test_copy_without_evaluation_has_no_sheet(evaluated):
    assert SHEET not in openpyxl.load_workbook(evaluated["order_fulfillment"]).sheetnames


def test_evaluating_a_copy_again_rewrites_the_sheet(evaluated, tmp_path):
    again = tmp_path / "again.xlsx"
    _copy(evaluated["claims_handling"], again)
    names = openpyxl.load_workbook(again).sheetnames
    assert names.count(SHEET) == 1 and FALLBACK not in names
    assert _values(again)[2:] == _values(evaluated["claims_handling"])[2:]  # row 2 names the source


def test_a_users_own_sensitivity_sheet_is_kept(built, tmp_path):
    book = openpyxl.load_workbook(built["claims_handling"])
    book.create_sheet(SHEET)["A1"] = "my own notes"
    mine = tmp_path / "mine.xlsx"
    book.save(mine)
    copy = tmp_path / "copy.xlsx"
    _copy(mine, copy)
    names = openpyxl.load_workbook(copy).sheetnames
    assert names[-3:] == [FALLBACK, "xlwings.conf", SHEET]  # ours before xlwings.conf, the user's kept
    assert _values(copy)[0][0] == "my own notes" and _values(copy, FALLBACK)[0][0] == TITLE


def test_simulation_table_from_ranges():
    """The claims example with Option A's lead time 3 / 9 / 30 days and Option C's 3 / 6 / 30: the
    sheet's rows carry the simulation's P(best) (summing to 1) and WBF percentiles as the core
    computes them (500 draws, seed 0), and the XML holds them with their styles."""
    data = yaml.safe_load((EXAMPLES / "claims_handling.yaml").read_text())
    lead = data["evaluation"]["indicators"][0]
    lead["values"][1] = {"low": 3, "likely": 9, "high": 30}
    lead["values"][3] = {"low": 3, "likely": 6, "high": 30}
    found = analysis_sensitivity(evaluate(data).analysis)
    rows = sheet_rows(found, "2026-11-29", "ranged.xlsx")
    header = next(k for k, r in enumerate(rows) if r and r[0][0] == "Alternative")
    assert "500 random draws (triangular, seed 0) of the 2 value(s)" in rows[header - 1][0][0]
    sims = {r[0][0]: [value for value, _ in r[1:]] for r in rows[header + 1:header + 5]}
    for alt in found.robustness.alternatives:
        assert sims[alt.name][1] == alt.first_share
        assert sims[alt.name][2:5] == [alt.wbf_p5, alt.wbf_median, alt.wbf_p95]
        assert sims[alt.name][5:] == [alt.rank_best, alt.rank_worst]
    assert sum(v[1] for v in sims.values()) == pytest.approx(1)
    assert 0 < sims["Option A"][1] < 1
    xml = sheet_xml(rows, {"percent": 7, "wbf": 8}).decode()
    a = found.robustness.alternative("Option A")  # the second alternative: row header + 3 (1-based)
    assert f'<c r="D{header + 3}" s="8"><v>{"%.16g" % a.wbf_p5}</v></c>' in xml
    assert f'<c r="C{header + 3}" s="7"><v>{"%.16g" % a.first_share}</v></c>' in xml


def test_libreoffice_opens_the_sheet(libreoffice_csv):
    sheet = libreoffice_csv["claims_handling_evaluated"][SHEET]
    assert sheet[0][0] == TITLE
    investment = next(r for r in sheet if r and r[0] == "Investment")
    assert investment[1] == "monetary" and investment[6] == "Option A"
    assert round(float(investment[4].rstrip("%")) / (100 if investment[4].endswith("%") else 1), 4) == 0.3958


def test_team_example_estimates_reach_the_sheet(tmp_path):
    """examples/claims_handling_team.xlsx keeps its low / likely / high estimates on its Estimates
    sheet: its evaluated copy's Sensitivity sheet carries the simulation of those 3 values, the
    same figures the core computes from the workbook (500 draws, seed 0)."""
    source = EXAMPLES / "claims_handling_team.xlsx"
    copy = tmp_path / "team.xlsx"
    _copy(source, copy)
    rows = _values(copy)
    header = next(k for k, r in enumerate(rows) if r[0] == "Alternative")
    assert "500 random draws (triangular, seed 0) of the 3 value(s)" in rows[header - 1][0]
    found = analysis_sensitivity(evaluate(source).analysis).robustness
    for alt, row in zip(found.alternatives, rows[header + 1:header + 5]):
        assert row[0] == alt.name
        assert row[2:6] == pytest.approx([alt.first_share, alt.wbf_p5, alt.wbf_median, alt.wbf_p95])
