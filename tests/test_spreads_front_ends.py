"""Uncertain step times reach every front end with the same figures: the API's
``Result.spreads()``, ``vsm-xl evaluate`` (table, JSON, Markdown) and the report, all equal to
the core's :func:`vsm_xl.core.time_ranges.state_uncertainty` (shown by the one display rule)."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

import vsm_xl
from vsm_xl.cli import cli as main
from vsm_xl.core.display import PROCESS, WAIT, display
from vsm_xl.core.time_ranges import state_uncertainty
from vsm_xl.io.yaml_io import read_yaml

DOC = """value_stream:
  name: Ranged
  current_state:
    steps:
      - {name: A, process_time_minutes: {low: 5, likely: 10, high: 20}, lead_time_days: {low: 1, likely: 2, high: 5}}
      - {name: B, process_time_minutes: 30, wait_time_hours: {low: 2, likely: 4, high: 12}}
  future_state:
    steps:
      - {name: A, process_time_minutes: 10, lead_time_hours: 4}
"""


@pytest.fixture
def ranged(tmp_path):
    path = tmp_path / "ranged.yaml"
    path.write_text(DOC, encoding="utf-8")
    return path, state_uncertainty(read_yaml(path).states[0])


def test_the_api_gives_one_row_per_uncertain_state(ranged):
    path, found = ranged
    frame = vsm_xl.evaluate(path).spreads()
    assert list(frame["state"]) == ["Current state"]  # the exact future state has no row
    row = frame.iloc[0]
    assert row["ranged_times"] == 3 and row["draws"] == 2000
    assert (row["lead_time_minutes_p5"], row["lead_time_minutes_median"], row["lead_time_minutes_p95"]) == (
        found.lead_time.p5, found.lead_time.median, found.lead_time.p95)
    assert row["flow_efficiency_p95"] == found.flow_efficiency.p95


def test_the_command_line_shows_them_by_the_display_rule(ranged):
    path, found = ranged
    out = CliRunner().invoke(main, ["evaluate", str(path)]).output
    lead = " / ".join(display(x, WAIT) for x in (found.lead_time.p5, found.lead_time.median, found.lead_time.p95))
    process = " / ".join(display(x, PROCESS) for x in (found.process_time.p5, found.process_time.median,
                                                        found.process_time.p95))
    assert "Lead time p5 / median / p95" in out and lead in out and process in out
    assert "2,000 draws (triangular, seed 0)" in out
    data = json.loads(CliRunner().invoke(main, ["evaluate", str(path), "--format", "json"]).output)
    spread = data["states"][0]["spread"]
    assert spread["total_lead_time_minutes"] == {"p5": found.lead_time.p5, "median": found.lead_time.median,
                                                 "p95": found.lead_time.p95}
    assert "spread" not in data["states"][1]
    markdown = CliRunner().invoke(main, ["evaluate", str(path), "--format", "md"]).output
    assert f"| Lead time p5 / median / p95 | {lead} |" in markdown


def test_the_report_shows_them(ranged, tmp_path):
    path, found = ranged
    result = CliRunner().invoke(main, ["report", str(path), "-o", str(tmp_path / "r.html")])
    assert result.exit_code == 0, result.output
    html = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert display(found.lead_time.median, WAIT) in html and "Flow efficiency p5 / median / p95" in html
