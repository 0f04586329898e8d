"""Issue 16's acceptance: a model with a 45 s step and a 12-working-day wait shows "45 s" and
"12 d" in the CLI, the Markdown and Mermaid exports, the workbook (Steps totals, Map boxes and
timeline, as LibreOffice shows them), the HTML report and the SVG map: one display rule
(core/display) in every output."""
from __future__ import annotations

import re
import subprocess
import sys

import pytest

from vsm_xl.core.durations import DurationRule
from vsm_xl.core.model import State, Step, ValueStream
from vsm_xl.io.yaml_io import write_yaml

pytestmark = pytest.mark.xdist_group("display-everywhere")

DAY = 480  # an 8-hour working day
STREAM = ValueStream(
    name="Approval", duration_rule=DurationRule(hours_per_day=8, days_per_week=5),
    states=(State("Current", (Step("Approval", 0.75, 12 * DAY + 0.75, owner="Office", inventory=4),), "current"),))


def _run(*args) -> str:
    done = subprocess.run([sys.executable, "-m", "vsm_xl", *map(str, args)], capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.fixture(scope="module")
def model(tmp_path_factory):
    path = tmp_path_factory.mktemp("display") / "approval.yaml"
    write_yaml(STREAM, path)
    return path


def test_cli_table(model):
    lines = [" ".join(line.split()) for line in _run("evaluate", model).splitlines()]
    assert "Total process time 45 s" in lines
    assert "Total lead time 12 d" in lines and "Total wait time 12 d" in lines


def test_markdown_mermaid_svg(model):
    md = _run("export", model, "--to", "md")
    assert "| 1 | Approval | Office | 45 s | 12 d | 12 d |" in md
    assert "| Total process time | 45 s |" in md and "| Total lead time | 12 d |" in md
    assert "PT: 45 s | LT: 12 d" in _run("export", model, "--to", "mermaid")
    svg = _run("export", model, "--to", "svg")
    assert ">PT 45 s</text>" in svg and ">WT 12 d</text>" in svg and ">45 s</text>" in svg
    assert ">12 d</text>" in svg and ">LT 12 d</text>" in svg


def test_report(model, tmp_path):
    report = tmp_path / "report.html"
    _run("report", model, "-o", report)
    text = report.read_text(encoding="utf-8")
    cells = re.findall(r"<td[^>]*>([^<]*)</td>", text)
    assert "45 s" in cells and "12 d" in cells
    assert ">PT 45 s</text>" in text and ">WT 12 d</text>" in text  # the map, inline


def test_workbook_as_libreoffice_shows_it(model, tmp_path):
    from tests.support.libreoffice import recalculate_to_csv, soffice_path

    if soffice_path() is None:
        pytest.skip("LibreOffice not installed")
    book, evaluated = tmp_path / "approval.xlsx", tmp_path / "approval_evaluated.xlsx"
    _run("new", "--from", model, "-o", book)
    _run("evaluate", book, "-o", evaluated)
    assert "Total lead time 12 d" in " ".join(_run("evaluate", book).split())
    sheets = recalculate_to_csv(evaluated, tmp_path / "csv", recalc="never")
    total = next(row for row in sheets["Steps"] if row and row[0] == "Total")
    assert "45 s" in total and "12 d" in total  # under PT and LT, by the "Unit of totals" (auto)
    shown = {value for row in sheets["Map"] for value in row}
    for text in ("PT 45 s", "WT 12 d", "LT 12 d", "45 s", "12 d"):
        assert text in shown, text


def test_a_fixed_unit_of_totals_is_honoured(tmp_path):
    from dataclasses import replace

    path = tmp_path / "hours.yaml"
    write_yaml(replace(STREAM, display_unit="h"), path)
    lines = [" ".join(line.split()) for line in _run("evaluate", path).splitlines()]
    assert "Total lead time 96 h" in lines  # 12 working days of 8 h
    assert "display_unit: h" in path.read_text(encoding="utf-8")
