"""No formula ever from data (issue 11, defect 1): names typed by users that look like formulas
(``=cmd|' /C calc'!A0``, ``=HYPERLINK(...)``) are written as text cells by every writer, CSV
cells are neutralised by the OWASP rule, and text starting with ``=`` reads back as that text."""
from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import replace
from pathlib import Path

import openpyxl
import pytest

from tests.support.flows import without_step_references
from vsm_xl.io.yaml_io import read_yaml

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
DDE = "=cmd|' /C calc'!A0"
LINK = '=HYPERLINK("http://x","click")'
HOSTILE = (DDE, LINK, "+SUM(1,2)", "-2+3", "@SUM(A1)", "#N/A", "=Order Entry")


def _hostile_stream():
    """The order fulfilment example with its step names, owners and notes replaced by hostile text."""
    stream = read_yaml(EXAMPLES / "order_fulfillment.yaml")
    states = []
    for state in stream.states:
        steps = []
        for k, step in enumerate(state.steps):
            text = HOSTILE[k % len(HOSTILE)]
            steps.append(replace(step, name=f"{text} {k}" if text in ("#N/A",) else text + f" {k}",
                                 owner=text, notes=text))
        states.append(replace(state, name="=" + state.name, steps=tuple(steps)))
    claims = read_yaml(EXAMPLES / "claims_handling.yaml")
    ev = claims.evaluation
    indicators = tuple(replace(ind, name=f"=HYPERLINK(\"x\",\"{ind.name}\")", unit="=1+1")
                       for ind in ev.indicators)
    renamed = {old.name: new.name for old, new in zip(ev.indicators, indicators)}
    pairwise = {g: replace(m, indicators=tuple(renamed[n] for n in m.indicators)) for g, m in ev.pairwise.items()}
    evaluation = replace(ev, indicators=indicators, pairwise=pairwise,
                         alternatives=tuple("=" + a for a in ev.alternatives))
    # the steps have new names: what named the old ones goes
    return without_step_references(replace(stream, name=DDE, states=tuple(states), evaluation=evaluation))


def _formula_cells(path: Path) -> list[str]:
    """Every formula of every sheet as stored in the package: ``<f>`` elements' text."""
    found = []
    with zipfile.ZipFile(path) as zf:
        for name in zf.namelist():
            if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                xml = zf.read(name).decode()
                found += [part.split("</", 1)[0] for part in xml.split("<f")[1:]]
    return found


def _assert_no_hostile_formula(path: Path) -> None:
    formulas = _formula_cells(path)
    for text in ("cmd|", "HYPERLINK", "SUM(1,2)", "@SUM", "Order Entry", "1+1"):
        assert not [f for f in formulas if text in f], f"a formula with {text!r} in {path.name}"
    wb = openpyxl.load_workbook(path)
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type == "e":
                    pytest.fail(f"{ws.title}!{cell.coordinate} is an error value {cell.value!r}")


def test_new_from_model_writes_names_as_text(tmp_path):
    import vsm_xl
    from vsm_xl.workbook.writer import write_template

    stream = _hostile_stream()
    out = write_template(tmp_path / "new.xlsx", stream)
    _assert_no_hostile_formula(out)
    back = vsm_xl.load(out)  # and every one of them reads back as the text it was
    assert back.name == DDE
    assert [s.name for s in back.states] == [s.name for s in stream.states]
    assert [st.name for st in back.states[0].steps] == [st.name for st in stream.states[0].steps]
    assert [st.owner for st in back.states[0].steps] == [st.owner for st in stream.states[0].steps]
    assert [i.name for i in back.evaluation.indicators] == [i.name for i in stream.evaluation.indicators]
    assert back.evaluation.alternatives == stream.evaluation.alternatives


def test_evaluated_copy_of_hostile_workbook_keeps_text(tmp_path):
    import vsm_xl
    from vsm_xl.core.analysis import analyze
    from vsm_xl.workbook.writer import write_evaluated, write_template

    src = write_template(tmp_path / "new.xlsx", _hostile_stream())
    stream = vsm_xl.load(src)
    out = tmp_path / "evaluated.xlsx"
    write_evaluated(src, out, analyze(stream))
    _assert_no_hostile_formula(out)
    assert vsm_xl.load(out).states[0].steps[0].name == stream.states[0].steps[0].name


def test_convert_writes_team_sheet_text_as_text(tmp_path):
    from vsm_xl.convert.run import convert_many

    sheet = tmp_path / "in" / "team.csv"
    sheet.parent.mkdir()
    sheet.write_text("Step;Owner;Process time;Lead time;Notes\n"
                     f"{DDE};{LINK};10 min;1 h;=1+1\n"
                     "=Order Entry;@SUM(A1);5 min;2 h;+SUM(1,2)\n", encoding="utf-8")
    logs = convert_many([sheet.parent], tmp_path / "out", jobs=1, progress=False)
    assert logs[0].status == "converted", logs[0].reason
    out = tmp_path / "out" / "team.xlsx"
    _assert_no_hostile_formula(out)
    import vsm_xl

    names = [s.name for s in vsm_xl.load(out).states[0].steps]
    assert names == [DDE, "=Order Entry"]


def test_portfolio_workbook_and_csv_neutralise_text(tmp_path):
    from vsm_xl.portfolio.collect import Portfolio, rows_csv
    from vsm_xl.portfolio.xlsx import write_portfolio_workbook

    row = {"file": "=cmd.xlsx", "value_stream": DDE, "name": LINK, "kind": "current", "step_count": 2,
           "flow_efficiency": -0.5, "capacity_constraint": "@SUM(A1)", "largest_delay": "+1",
           "flow_rating": "-x", "best_alternative": "\tTab", "best_wbf": 0.3}
    portfolio = Portfolio(rows=[row], failures=[("=bad.xlsx", "=HYPERLINK(\"x\")")], files=2)
    out = write_portfolio_workbook(portfolio, tmp_path / "p.xlsx")
    _assert_no_hostile_formula(out)
    ws = openpyxl.load_workbook(out)["Portfolio"]
    assert ws["B5"].value == DDE and ws["B5"].data_type == "s"
    parsed = list(csv.DictReader(io.StringIO(rows_csv([row]))))[0]
    assert parsed["value_stream"] == "'" + DDE
    assert parsed["name"] == "'" + LINK
    assert parsed["capacity_constraint"] == "'@SUM(A1)"
    assert parsed["largest_delay"] == "+1"  # a plain number stays a number
    assert parsed["flow_rating"] == "'-x"
    assert parsed["best_alternative"] == "'\tTab"
    assert parsed["flow_efficiency"] == "-0.5"


@pytest.mark.parametrize("value, expected", [
    ("=1+1", "'=1+1"), ("+1", "+1"), ("-1.5e3", "-1.5e3"), ("-", "'-"), ("@x", "'@x"), ("\rx", "'\rx"),
    ("plain", "plain"), ("", ""), (-3, -3), (None, None), ("a=b", "a=b"),
    # a number followed by formula text is a formula (issue 21, 10: the rule matches the whole text)
    ("-1+cmd|' /C calc'!A0", "'-1+cmd|' /C calc'!A0"), ("-2+3", "'-2+3"), ("+1-2", "'+1-2"),
    ("-1.5e3*A1", "'-1.5e3*A1"), ("+.5+SUM(A1:A9)", "'+.5+SUM(A1:A9)"), ("-1 ", "'-1 "), ("-1e", "'-1e"),
    ("-.5", "-.5"), ("+1e-3", "+1e-3"), ("-7.", "-7."),
])
def test_csv_rule(value, expected):
    from vsm_xl.io.safe_text import csv_value

    assert csv_value(value) == expected


def test_text_starting_with_equals_reads_back_as_text(tmp_path):
    """A step typed as '=Inventory Alloc' (a string cell, no formula) is that text, not 'a formula
    with no saved value'; a real formula without a saved value is still refused. (Inventory Alloc:
    no information flow of the current state names it.)"""
    import vsm_xl
    from vsm_xl.workbook.writer import write_template

    stream = read_yaml(EXAMPLES / "order_fulfillment.yaml")
    path = write_template(tmp_path / "w.xlsx", stream)
    wb = openpyxl.load_workbook(path)
    ws = wb["Steps"]
    target = next(c for row in ws.iter_rows() for c in row if c.value == "Inventory Alloc")
    target.value = "=Inventory Alloc"
    target.data_type = "s"
    wb.save(path)
    assert vsm_xl.load(path).states[0].steps[2].name == "=Inventory Alloc"
    target.value = '="Inventory"&" Alloc"'  # a formula: openpyxl saves it with no cached value
    wb.save(path)
    with pytest.raises(vsm_xl.VsmError, match="formula"):
        vsm_xl.load(path)
