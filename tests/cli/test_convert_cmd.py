"""`vsm-xl convert` from the command line: outputs, log, exit codes (0 all converted, 1 some
file not converted, 2 usage), --force, and a bad file that does not stop the run."""
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from vsm_xl.cli import cli

CORPUS = Path(__file__).resolve().parents[1] / "data" / "team_sheets"


def run(*args):
    return CliRunner().invoke(cli, ["convert", *map(str, args)])


@pytest.fixture()
def two_sheets(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(CORPUS / "support_tickets.csv", folder)
    shutil.copy(CORPUS / "sales_order_fulfilment.xlsx", folder)
    return folder


def test_converts_a_folder_and_writes_the_log(two_sheets, tmp_path):
    out = tmp_path / "out"
    result = run(two_sheets, "-o", out, "--jobs", "1")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == [
        "conversion-log.json", "conversion-log.md", "sales_order_fulfilment.xlsx", "sales_order_fulfilment.yaml",
        "support_tickets.xlsx", "support_tickets.yaml"]
    assert "2 of 2 files converted" in result.output
    log = json.loads((out / "conversion-log.json").read_text(encoding="utf-8"))
    assert [f["status"] for f in log["files"]] == ["converted", "converted"]


def test_a_bad_file_is_listed_and_the_exit_code_is_1(two_sheets, tmp_path):
    shutil.copy(CORPUS / "bad" / "garbage.xlsx", two_sheets)
    out = tmp_path / "out"
    result = run(two_sheets, "-o", out, "--jobs", "2")
    assert result.exit_code == 1
    assert "garbage.xlsx: cannot open as an Excel workbook" in result.output
    assert (out / "support_tickets.xlsx").is_file() and (out / "sales_order_fulfilment.xlsx").is_file()
    assert not (out / "garbage.xlsx").exists()


def test_existing_outputs_need_force(two_sheets, tmp_path):
    out = tmp_path / "out"
    assert run(two_sheets, "-o", out).exit_code == 0
    before = (out / "support_tickets.xlsx").read_bytes()
    again = run(two_sheets, "-o", out)
    assert again.exit_code == 2 and "already exists; use --force" in again.output
    assert (out / "support_tickets.xlsx").read_bytes() == before
    assert run(two_sheets, "-o", out, "--force").exit_code == 0


@pytest.mark.parametrize("args,message", [
    (["nope.xlsx", "-o", "out"], "does not exist"),
    (["{csv}"], "Missing option '-o'"),
    (["{csv}", "-o", "out", "--jobs", "0"], "0 is not in the range"),
])
def test_usage_errors_exit_2(tmp_path, args, message):
    csv = tmp_path / "a.csv"
    csv.write_text("Step,PT,LT\nA,1m,2m\n")
    result = run(*[a.replace("{csv}", str(csv)).replace("out", str(tmp_path / "out")) for a in args])
    assert result.exit_code == 2 and message in result.output


def test_a_folder_without_spreadsheets_is_a_usage_error(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "readme.txt").write_text("x")
    result = run(tmp_path / "in", "-o", tmp_path / "out")
    assert result.exit_code == 2 and "no .xlsx, .xlsm or .csv files" in result.output


def test_the_installed_command_exits_with_the_code(tmp_path):
    """Through `python -m vsm_xl` (the entry point's own sys.exit), not only click's runner."""
    shutil.copy(CORPUS / "bad" / "budget_no_steps.xlsx", tmp_path)
    proc = subprocess.run([sys.executable, "-m", "vsm_xl", "convert", str(tmp_path / "budget_no_steps.xlsx"),
                           "-o", str(tmp_path / "out")], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1
    assert "no steps table found" in proc.stderr
    assert "Traceback" not in proc.stderr
