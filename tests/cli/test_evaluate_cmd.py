"""`vsm-xl evaluate`: printed results in every format, the evaluated copy, and never losing data."""
import hashlib
import json

import openpyxl
import pytest
import yaml

from tests.cli.conftest import EXAMPLES

CLAIMS = EXAMPLES / "claims_handling.xlsx"
ORDERS = EXAMPLES / "order_fulfillment.xlsx"


def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_table_output_names_the_best_alternative(vsm_xl):
    """METHOD.md 2.5: Option C is best with WBF 0.2962; the current state is last (1.0742)."""
    result = vsm_xl("evaluate", CLAIMS)
    assert result.returncode == 0, result.stderr
    assert "Best: Option C" in result.stdout
    assert "0.2962" in result.stdout and "1.0742" in result.stdout
    assert "Traceback" not in result.stderr


def test_json_contract(vsm_xl):
    """The issue's JSON contract with METHOD.md section 1 figures (fractions, not percents)."""
    result = vsm_xl("evaluate", ORDERS, "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    current, future = data["states"]
    assert current["name"] == "Current state"
    assert current["total_process_time_minutes"] == pytest.approx(70)
    assert current["total_lead_time_minutes"] == pytest.approx(2640)
    assert current["total_wait_time_minutes"] == pytest.approx(2570)
    assert current["flow_efficiency"] == pytest.approx(70 / 2640)
    assert current["flow_rating"] == "significant waste"
    assert current["rolled_complete_accurate"] == pytest.approx(0.85 * 0.95 * 0.90 * 0.92 * 0.98)
    assert current["wip_total"] == 240
    assert (current["capacity_constraint"], current["largest_delay"]) == ("Pick & Pack", "Ship")
    assert future["flow_efficiency"] == pytest.approx(0.1175)
    assert data["evaluation"] is None
    assert data["warnings"] == []


def test_json_evaluation_part(vsm_xl):
    """METHOD.md 2.5: weights 1/6, 1/3, 1/2 and 2/3, 1/6, 1/6; WBF and ranks; no steps -> []."""
    data = json.loads(vsm_xl("evaluate", CLAIMS, "--format", "json").stdout)
    assert data["states"] == []
    weights = data["evaluation"]["weights"]
    assert weights["monetary"] == pytest.approx({"Investment": 1 / 6, "Annual savings": 1 / 3, "Process costs": 0.5})
    assert weights["non-monetary"] == pytest.approx({"Lead time": 2 / 3, "First-pass yield": 1 / 6,
                                                     "Flow degree": 1 / 6})
    rows = {a["name"]: a for a in data["evaluation"]["alternatives"]}
    assert rows["Option A"]["wbf"] == pytest.approx(0.4791, abs=5e-5)
    assert rows["Option A"]["benefit_monetary"] == pytest.approx(0.5650, abs=5e-5)
    assert rows["Option A"]["benefit_non_monetary"] == pytest.approx(0.7991, abs=5e-5)
    assert [rows[n]["rank"] for n in ("Current state", "Option A", "Option B", "Option C")] == [4, 2, 3, 1]
    assert data["evaluation"]["best"] == "Option C"


def test_yaml_and_markdown_formats(vsm_xl):
    out = vsm_xl("evaluate", ORDERS, "--format", "yaml")
    assert out.returncode == 0, out.stderr
    doc = yaml.safe_load(out.stdout)
    assert doc["value_stream"]["name"] == "Customer Order Fulfillment"
    md = vsm_xl("evaluate", ORDERS, "--format", "md")
    assert md.stdout.startswith("# Value Stream Analysis Summary: Customer Order Fulfillment")


def test_bad_workbook_lists_every_problem_with_its_cell_and_writes_nothing(vsm_xl, tmp_path):
    wb = openpyxl.load_workbook(CLAIMS)
    ws = wb["Indicators"]
    assert ws["A6"].value == "Lead time" and ws["D6"].value == 30
    ws["E6"] = 30             # best = worst
    ws["F7"] = "logarithmic"  # unknown value function
    wb.save(tmp_path / "bad.xlsx")
    before = digest(tmp_path / "bad.xlsx")
    result = vsm_xl("evaluate", tmp_path / "bad.xlsx", "-o", tmp_path / "out.xlsx")
    assert result.returncode == 1
    assert "Indicators!D6: indicator 'Lead time': worst and best are both 30" in result.stderr
    assert "Indicators!F7" in result.stderr and "logarithmic" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out.xlsx").exists()
    assert digest(tmp_path / "bad.xlsx") == before


def test_json_format_prints_the_problems_as_json(vsm_xl, tmp_path):
    wb = openpyxl.load_workbook(CLAIMS)
    wb["Indicators"]["E6"] = 30
    wb.save(tmp_path / "bad.xlsx")
    result = vsm_xl("evaluate", tmp_path / "bad.xlsx", "--format", "json")
    assert result.returncode == 1
    data = json.loads(result.stdout)
    assert data["problems"] == [{"cell": "Indicators!D6",
                                 "message": "indicator 'Lead time': worst and best are both 30"}]


def test_evaluated_copy_refuses_to_overwrite(vsm_xl, tmp_path):
    out = tmp_path / "evaluated.xlsx"
    first = vsm_xl("evaluate", CLAIMS, "-o", out)
    assert first.returncode == 0, first.stderr
    wb = openpyxl.load_workbook(out)
    texts = [getattr(c.value, "text", c.value) for ws in wb for row in ws.iter_rows() for c in row]
    formulas = [t for t in texts if isinstance(t, str) and t.startswith("=") and "VSM_" in t.upper()]
    assert formulas == []  # opens without the add-in
    stamp = digest(out)
    again = vsm_xl("evaluate", CLAIMS, "-o", out)
    assert again.returncode == 1 and "already exists; use --force" in again.stderr
    assert digest(out) == stamp
    assert vsm_xl("evaluate", CLAIMS, "-o", out, "--force").returncode == 0


def test_never_writes_over_its_input_without_in_place(vsm_xl, tmp_path):
    source = tmp_path / "claims.xlsx"
    source.write_bytes(CLAIMS.read_bytes())
    before = digest(source)
    result = vsm_xl("evaluate", source, "-o", source, "--force")
    assert result.returncode == 1 and "is the input file; use --in-place" in result.stderr
    assert digest(source) == before
    in_place = vsm_xl("evaluate", source, "--in-place")
    assert in_place.returncode == 0, in_place.stderr
    assert digest(source) != before


def test_yaml_model_evaluates_and_writes_a_workbook(vsm_xl, tmp_path):
    out = tmp_path / "of.xlsx"
    result = vsm_xl("evaluate", EXAMPLES / "order_fulfillment.yaml", "-o", out)
    assert result.returncode == 0, result.stderr
    assert "2.65 %" in result.stdout
    assert out.exists()


def test_missing_and_unsupported_files(vsm_xl, tmp_path):
    missing = vsm_xl("evaluate", tmp_path / "nope.xlsx")
    assert missing.returncode == 2 and "does not exist" in missing.stderr
    (tmp_path / "notes.txt").write_text("hello")
    txt = vsm_xl("evaluate", tmp_path / "notes.txt")
    assert txt.returncode == 1 and "cannot read .txt" in txt.stderr
    assert "Traceback" not in missing.stderr + txt.stderr


def test_a_team_sheet_that_is_no_template_is_pointed_to_convert(vsm_xl):
    """A raw team spreadsheet given to `evaluate` is refused with the way forward: `vsm-xl
    convert` reads it (`vsm-xl new` would only write an empty template)."""
    team_sheet = EXAMPLES.parent / "tests" / "data" / "team_sheets" / "sales_order_fulfilment.xlsx"
    result = vsm_xl("evaluate", team_sheet)
    assert result.returncode == 1
    assert "Steps: the workbook has no sheet 'Steps'" in result.stderr
    assert "'vsm-xl convert' turns a team's own spreadsheet into one" in result.stderr
    assert "vsm-xl new" not in result.stderr
    assert "Traceback" not in result.stderr


def test_evaluate_o_parses_and_analyses_the_workbook_once(tmp_path, monkeypatch):
    """`evaluate -o` opens the package once, parses each sheet once and analyses once (issue 7):
    counted calls, not timings."""
    from click.testing import CliRunner

    import vsm_xl.core.analysis as analysis_module
    import vsm_xl.workbook.xlsx.package as package_module
    from vsm_xl.cli import cli

    calls = {"open_package": 0, "read_cells": 0, "summarize_state": 0}

    def counting(name, function):
        def wrapper(*args, **kwargs):
            calls[name] += 1
            return function(*args, **kwargs)
        return wrapper

    monkeypatch.setattr(package_module, "open_package", counting("open_package", package_module.open_package))
    monkeypatch.setattr(package_module, "read_cells", counting("read_cells", package_module.read_cells))
    monkeypatch.setattr(analysis_module, "summarize_state",
                        counting("summarize_state", analysis_module.summarize_state))
    source = EXAMPLES / "order_fulfillment.xlsx"
    result = CliRunner().invoke(cli, ["evaluate", str(source), "-o", str(tmp_path / "out.xlsx")])
    assert result.exit_code == 0, result.output
    sheets = len(openpyxl.load_workbook(source, read_only=True).sheetnames)
    assert calls == {"open_package": 1, "read_cells": sheets, "summarize_state": 2}  # two states, each once


def test_checklist_words_through_the_command(vsm_xl, tmp_path):
    """Issue 15: stated totals warn at their YAML keys, an export keeps them under stated:, the
    JSON carries targets and the waste analysis (two listed steps: LT 10 h against the stated 44 h)."""
    from tests.io.test_interchange_checklist import TWO_STEPS

    model = tmp_path / "two.yaml"
    model.write_text(yaml.safe_dump(TWO_STEPS, sort_keys=False), encoding="utf-8")
    table = vsm_xl("evaluate", model)
    assert table.returncode == 0, table.stderr
    assert ("value_stream.current_state.total_lead_time_hours: Current state: stated LT 44 h, the 2 listed steps "
            "give 10 h: are steps missing?") in " ".join(table.stdout.split())
    exported = yaml.safe_load(vsm_xl("evaluate", model, "--format", "yaml").stdout)["value_stream"]
    assert exported["current_state"]["total_lead_time_hours"] == 10
    assert exported["current_state"]["stated"]["total_lead_time_hours"] == 44
    assert exported["current_state"]["root_causes"] == ["Manual entry"]
    report = json.loads(vsm_xl("evaluate", model, "--format", "json").stdout)
    assert [t["met"] for t in report["targets"]] == [False, True]
    assert report["waste_analysis"]["waiting"]["root_causes"] == ["Batch credit runs", "Nightly job"]
