"""`vsm-xl portfolio` from the command line: printed table/JSON/CSV, the workbook, exit codes
(0 all read, 1 some file not read, 2 usage) and --force."""
import json
import shutil
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from vsm_xl.cli import cli
from vsm_xl.io.yaml_io import read_yaml
from vsm_xl.workbook.writer import write_template

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "data" / "team_sheets"
EXAMPLES = ROOT.parent / "examples"


def run(*args):
    return CliRunner().invoke(cli, ["portfolio", *map(str, args)])


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    root = tmp_path_factory.mktemp("books")
    write_template(root / "order.xlsx", read_yaml(EXAMPLES / "order_fulfillment.yaml"))
    write_template(root / "claims.xlsx", read_yaml(EXAMPLES / "claims_handling.yaml"))
    shutil.copy(CORPUS / "support_tickets.csv", root)
    return root


def test_json_rows(folder):
    result = run(folder, "--format", "json", "--jobs", "1")
    assert result.exit_code == 0, result.output
    start = result.output.index("[")
    rows = json.loads(result.output[start:result.output.rindex("]") + 1])
    by = {(r["file"], r["name"]): r for r in rows}
    assert by[("claims.xlsx", None)]["best_alternative"] == "Option C"
    assert round(by[("claims.xlsx", None)]["best_wbf"], 4) == 0.2962
    assert round(by[("order.xlsx", "Current state")]["flow_efficiency"], 4) == 0.0265
    # support_tickets.csv by hand: PT 330, LT 11880 (tests/convert/test_corpus.py)
    assert by[("support_tickets.csv", "Current state")]["total_lead_time_minutes"] == 11880


def test_table_is_the_default_and_csv_has_a_header(folder):
    table = run(folder)
    assert table.exit_code == 0 and "Value stream portfolio" in table.output and "Option C" in table.output
    text = run(folder, "--format", "csv").output
    assert text.splitlines()[0].startswith("file,value_stream,name,total_process_time_minutes")


def test_workbook_output_needs_force_to_overwrite(folder, tmp_path):
    target = tmp_path / "p.xlsx"
    first = run(folder, "-o", target)
    assert first.exit_code == 0, first.output
    # sorted by flow efficiency: the streams with states first, claims (evaluation only) last
    files = [c.value for c in openpyxl.load_workbook(target)["Portfolio"]["A"][4:]]
    assert files[0] == "order.xlsx" and files[-1] == "claims.xlsx"
    again = run(folder, "-o", target)
    assert again.exit_code == 2 and "already exists; use --force" in again.output
    assert run(folder, "-o", target, "--force").exit_code == 0


def test_json_file_output(folder, tmp_path):
    target = tmp_path / "p.json"
    assert run(folder, "-o", target).exit_code == 0
    assert len(json.loads(target.read_text(encoding="utf-8"))) == 4  # 1 + 2 + 1 rows


def test_a_bad_file_gives_exit_1_and_its_reason(folder, tmp_path):
    bad = tmp_path / "bad"
    bad.mkdir()
    shutil.copy(CORPUS / "bad" / "budget_no_steps.xlsx", bad)
    result = run(folder, bad, "--format", "json")
    assert result.exit_code == 1
    assert "budget_no_steps.xlsx: no steps table found" in result.output


def test_usage_errors(folder, tmp_path):
    assert run(folder, "-o", tmp_path / "p.txt").exit_code == 2
    assert run(folder, "--format", "xml").exit_code == 2
    assert run(tmp_path / "missing").exit_code == 2
