"""The report's charts: what is drawn is checked against the figures (METHOD.md's examples and
hand-computed geometry), not only that a picture appears; PNG and SVG both render."""
import dataclasses
import io
import math
import subprocess
import sys
from xml.etree import ElementTree as ET

import pytest
from PIL import Image

from vsm_xl.core.analysis import analyze
from vsm_xl.core.model import Demand
from vsm_xl.core.sensitivity import analysis_sensitivity
from vsm_xl.report.charts import (
    indifference_chart, ladder_chart, render, report_charts, takt_chart, tornado_chart, write_charts,
)


def test_indifference_arcs_lie_on_their_circles_inside_the_square(claims_analysis):
    """METHOD.md 2.5: WBF 1.0742 (Current state), 0.4791, 0.6220, 0.2962. Every arc point is at its
    WBF from (1, 1) and inside [0, 1]²; an arc with WBF above 1 runs from the y axis to the x axis
    (its ends at x = 0 and y = 0: 1 − sqrt(1.07424² − 1) = 0.6076), one below 1 from (1 − r, 1) to
    (1, 1 − r). No point is clamped onto an axis."""
    evaluation = claims_analysis.evaluation
    ax = indifference_chart(evaluation).axes[0]
    arcs = [line for line in ax.lines if len(line.get_xdata()) > 2]
    assert len(arcs) == 4
    for alt, arc in zip(evaluation.alternatives, arcs):
        xs, ys = arc.get_xdata(), arc.get_ydata()
        for x, y in zip(xs, ys):
            assert math.hypot(1 - x, 1 - y) == pytest.approx(alt.wbf, abs=1e-12)
            assert -1e-12 <= x <= 1 + 1e-12 and -1e-12 <= y <= 1 + 1e-12
        ends = {(round(xs[0], 4), round(ys[0], 4)), (round(xs[-1], 4), round(ys[-1], 4))}
        r = alt.wbf
        if r > 1:
            edge = round(1 - math.sqrt(r * r - 1), 4)
            assert alt.name == "Current state" and ends == {(0.0, edge), (edge, 0.0)} and edge == 0.6076
        else:
            assert ends == {(round(1 - r, 4), 1.0), (1.0, round(1 - r, 4))}
    points = [float(v) for c in ax.collections for v in c.get_offsets()[0]]
    expected = [v for a in evaluation.alternatives for v in (a.benefit_non_monetary, a.benefit_monetary)] + [1, 1]
    assert points == pytest.approx(expected)
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "Option C: WBF 0.2962 (best)" in labels


def test_tornado_bars_are_the_weight_intervals(claims_analysis):
    """Claims: Investment's interval is [0, 0.3958] with Option A above; the others are whole."""
    found = analysis_sensitivity(claims_analysis, draws=0)
    ax = tornado_chart(found).axes[0]
    bars = {label.get_text(): patch for label, patch in zip(ax.get_yticklabels(), ax.patches)}
    investment = bars["Investment (monetary)"]
    assert investment.get_x() == 0 and investment.get_width() == pytest.approx(0.3958, abs=1e-4)
    assert bars["Lead time (non-monetary)"].get_width() == pytest.approx(1.0)
    assert "→ Option A" in [t.get_text() for t in ax.texts]
    assert list(bars)[-1] == "Investment (monetary)"  # the narrowest (most sensitive) on top


def test_ladder_draws_both_times_of_every_state_to_one_scale(order_analysis):
    """Order fulfilment (METHOD.md 1), calendar time: waiting per state on one axis in days (the
    unit of the longest: 2570 min = 1.78 d), process time on its own axis in minutes so that it
    shows (70 min beside 44 h); segments are the steps' figures; totals as evaluate prints them
    (WT 1.8 d and 5.9 h, PT 70 min and 47 min); every axis titled with its unit."""
    stream = order_analysis.value_stream
    fig = ladder_chart(stream.states, order_analysis.states, stream)
    wait_ax, process_ax = fig.axes
    assert wait_ax.get_xlabel() == "Waiting time (d)" and process_ax.get_xlabel() == "Process time (min)"
    current_waits = [p.get_width() * 1440 for p in wait_ax.patches[:5]]
    assert current_waits == pytest.approx([105, 470, 235, 330, 1430])
    current_pts = [p.get_width() for p in process_ax.patches[:5]]
    assert current_pts == pytest.approx([15, 10, 5, 30, 10])
    assert [t.get_text().strip() for t in wait_ax.texts] == ["1.8 d", "5.9 h"]
    assert [t.get_text().strip() for t in process_ax.texts] == ["70 min", "47 min"]
    assert wait_ax.get_xlim() == process_ax.get_xlim() or wait_ax.get_shared_y_axes().joined(wait_ax, process_ax)


def test_takt_line_and_slow_steps(order_analysis):
    """Demand 450 min for 30 units: takt 15 min. Current-state cycle times 15, 10, 5, 30, 10: only
    Pick & Pack (30) is slower than takt and drawn red (the core's demand check says so)."""
    stream = dataclasses.replace(order_analysis.value_stream, demand=Demand(450, 30))
    analysis = analyze(stream)
    assert analysis.demand.takt_time == 15
    charts = report_charts(analysis)
    assert set(charts) == {"ladder", "takt"}
    ax = charts["takt"].axes[0]
    assert [round(p.get_height(), 6) for p in ax.patches] == [15, 10, 5, 30, 10]  # minutes: the unit of 30 min
    assert ax.get_ylabel() == "Cycle time (min)"
    assert charts["takt"].axes[0].get_ylim() == charts["takt"].axes[1].get_ylim()  # one scale for all states
    red = [p.get_facecolor() for p in ax.patches]
    assert red[3] != red[0] and red.count(red[3]) == 1
    assert [tuple(line.get_ydata()) for line in ax.lines] == [(15.0, 15.0)]
    assert "takt 15 min" in [t.get_text().strip() for t in ax.texts]
    plain = takt_chart(stream.states).axes[0]  # no demand: bars only
    assert len(plain.lines) == 0 and "no takt" in plain.get_title(loc="left")


def test_png_and_svg_render_and_are_self_contained(claims_analysis, tmp_path):
    found = analysis_sensitivity(claims_analysis, draws=0)
    written = write_charts(claims_analysis, tmp_path, found)
    assert sorted(p.name for p in written) == ["indifference.png", "indifference.svg", "tornado.png", "tornado.svg"]
    image = Image.open(tmp_path / "indifference.png")
    assert image.format == "PNG" and image.size[0] > 500
    svg = (tmp_path / "tornado.svg").read_bytes()
    root = ET.fromstring(svg)
    assert root.tag.endswith("svg")
    assert b"href=\"http" not in svg and b"<image" not in svg
    figure = tornado_chart(found)
    assert render(figure, "svg") == render(tornado_chart(found), "svg")  # deterministic: no dates, fixed ids
    with pytest.raises(ValueError, match="png or svg"):
        render(figure, "gif")
    assert Image.open(io.BytesIO(render(figure, "png"))).format == "PNG"


def test_core_cli_and_report_module_do_not_import_matplotlib():
    """matplotlib is imported when a chart is drawn, never by the core or at the CLI's start.
    (xlwings itself imports matplotlib when it is installed, so vsm_xl.udfs is not checked here;
    in xlwings Lite matplotlib is not a dependency.)"""
    code = ("import sys, vsm_xl.core, vsm_xl.cli, vsm_xl.report.html, vsm_xl.api;"
            "print('matplotlib' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.stdout.strip() == "False", done.stderr
