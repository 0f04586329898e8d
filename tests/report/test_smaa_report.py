"""The report's SMAA-2 section and its rank acceptability chart: what is drawn and printed is
checked against the core's figures."""
import re

import pytest

from vsm_xl.core.analysis import analyze
from vsm_xl.core.sensitivity import analysis_sensitivity
from vsm_xl.core.smaa import analysis_smaa
from vsm_xl.io.yaml_io import read_yaml
from vsm_xl.report.charts import acceptability_chart, report_charts
from vsm_xl.report.html import html_report
from tests.report.conftest import EXAMPLES


@pytest.fixture(scope="module")
def team():
    analysis = analyze(read_yaml(EXAMPLES / "claims_handling_team.yaml"))
    return analysis, analysis_smaa(analysis, draws=600, seed=4)


def test_stacked_bars_are_the_rank_acceptabilities(team):
    analysis, found = team
    ax = acceptability_chart(found).axes[0]
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels == ["Option C", "Option B", "Option A", "Current state"]  # the first alternative on top
    m = len(found.alternatives)
    for k, alt in enumerate(found.alternatives):
        y = m - 1 - k
        bars = sorted((p for p in ax.patches if abs(p.get_y() + p.get_height() / 2 - y) < 1e-9),
                      key=lambda p: p.get_x())
        assert [round(p.get_width(), 12) for p in bars] == [round(b, 12) for b in alt.acceptability if b > 0]
        assert sum(p.get_width() for p in bars) == pytest.approx(1)
    texts = [t.get_text() for t in ax.texts]
    assert "never first" in texts  # the current state: its bar is all last rank, and it says so
    c = found.alternative("Option C").first_share
    assert f"first in {c * 100:.1f} %" in texts and f"{c * 100:.0f} %" in texts
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["rank 1", "rank 2", "rank 3", "rank 4"]
    assert "acceptability" in report_charts(analysis, None, found) and "acceptability" not in report_charts(analysis)


def test_html_section_shows_the_figures(team):
    analysis, found = team
    text = html_report(analysis, analysis_sensitivity(analysis, draws=100), smaa=found, charts=False)
    section = re.search(r'<section id="smaa">(.*?)</section>', text, re.S).group(1)
    assert "Acceptability of the alternatives (SMAA-2)" in section
    assert "600 draws (seed 4) of the weights: monetary uniformly within the team&#x27;s range" in section
    c = found.alternative("Option C")
    row = re.search(r"<tr><td>Option C</td>(.*?)</tr>", section).group(1)
    assert re.findall(r">([\d.]+ %)<", row) == [f"{b * 100:.1f} %" for b in c.acceptability]
    lead = re.search(r"<tr><td>Lead time</td><td>non-monetary</td>(.*?)</tr>", section).group(1)
    assert f"{c.central_weights[0] * 100:.1f} %" in lead
    never = [a.name for a in found.alternatives if a.central_weights is None]
    assert "Current state" in never and "Option C" not in never
    verb = "it has" if len(never) == 1 else "they have"
    listed = " and ".join(never) if len(never) == 2 else never[0]
    assert f"{listed} never ranked first, so {verb} no central weights" in section
    assert "Confidence factor" in section and "Pairwise winning indices" in section
    assert '<section id="smaa">' not in html_report(analysis, None, charts=False)  # only when given
