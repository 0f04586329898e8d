"""The value stream map as SVG (io/map_drawing + io/map_svg) and PNG (report/map_png), checked
from its parts: the SVG parsed (defusedxml), its groups counted by class per state, its texts
against the display rule and the batch totals."""
from __future__ import annotations

import io

import pytest
from defusedxml import ElementTree

import vsm_xl
from tests.support.map_models import flows_model
from vsm_xl.core.analysis import analyze
from vsm_xl.core.display import PROCESS, WAIT, display
from vsm_xl.core.state_metrics import timeline_steps
from vsm_xl.io.map_drawing import state_drawings
from vsm_xl.io.map_svg import svg_text

NS = "{http://www.w3.org/2000/svg}"


def _maps(svg: str) -> dict:
    root = ElementTree.fromstring(svg.encode("utf-8"))
    return {g.get("data-state"): g for g in root.iter(f"{NS}g") if g.get("class") == "state-map"}


def _groups(state_map, cls: str) -> list:
    return [g for g in state_map.iter(f"{NS}g") if cls in (g.get("class") or "").split()]


def _texts(group) -> list[str]:
    return ["".join(t.itertext()) for t in group.iter(f"{NS}text")]


@pytest.fixture(scope="module")
def analysis():
    return analyze(flows_model())


@pytest.fixture(scope="module")
def maps(analysis):
    return _maps(vsm_xl.map_svg(analysis))


def test_one_map_per_state_current_first(analysis, maps):
    assert list(maps) == ["Current", "Future"]


@pytest.mark.parametrize("name", ["Current", "Future"])
def test_the_parts_are_counted_from_the_model(analysis, maps, name):
    stream = analysis.value_stream
    state = stream.state(name)
    drawn = maps[name]
    assert len(_groups(drawn, "process-box")) == len(state.steps)
    assert len(_groups(drawn, "inventory")) == sum(1 for s in state.steps if s.inventory)
    assert len(_groups(drawn, "info-arrow")) == len(state.information_flows)
    for kind in ("electronic", "manual"):
        assert len(_groups(drawn, kind)) == sum(1 for f in state.information_flows if f.kind == kind)
    for cls, kind in (("push-arrow", "push"), ("fifo-lane", "fifo"), ("supermarket", "supermarket"),
                      ("pull", "pull")):
        assert len(_groups(drawn, cls)) == sum(1 for s in state.steps if s.inflow and s.inflow.kind == kind)
    for cls in ("supplier", "customer", "production-control"):
        assert len(_groups(drawn, cls)) == 1
    assert len(_groups(drawn, "shipment")) == 2


def test_kaizen_bursts_on_the_changed_steps_of_their_state(maps):
    assert _groups(maps["Current"], "kaizen-burst") == []
    bursts = _groups(maps["Future"], "kaizen-burst")
    # improvement 1 changes one step, improvement 2 two, improvement 3 none
    assert sorted(_texts(b)[0] for b in bursts) == ["1", "2", "2"]
    assert {b.find(f"{NS}title").text for b in bursts} == {"Improvement 1: Real-time credit API",
                                                          "Improvement 2: Kanban at shipping"}


def test_the_customer_shows_demand_and_takt(analysis, maps):
    texts = _texts(_groups(maps["Current"], "customer")[0])
    assert texts[0] == "Retail customer"
    assert f"Takt {display(analysis.demand.takt_time, PROCESS, analysis.value_stream.duration_rule)}" in texts
    assert "Takt 12 min" in texts  # 480 min / 40 units


def test_no_takt_and_no_customer_box_without_demand_or_customer():
    bare = analyze(flows_model(demand=None, customer=None))
    drawn = _maps(vsm_xl.map_svg(bare))["Current"]
    assert _groups(drawn, "customer") == []
    assert "Takt" not in vsm_xl.map_svg(bare)


def test_45_seconds_and_12_working_days(maps):
    """Issue 16's acceptance: the 45 s step and the 12-working-day wait as people read them."""
    drawn = maps["Current"]
    box = _texts(_groups(drawn, "process-box")[1])
    assert box[:4] == ["Credit <Check> & co", "PT 45 s", "WT 12 d", "LT 12 d"]
    assert "12 d" in [t for g in _groups(drawn, "timeline-wait") for t in _texts(g)]
    assert "45 s" in [t for g in _groups(drawn, "timeline-process") for t in _texts(g)]


@pytest.mark.parametrize("name", ["Current", "Future"])
def test_timeline_numbers_are_the_boxes_and_the_totals_the_batch(analysis, maps, name):
    stream = analysis.value_stream
    rule = stream.duration_rule
    state = stream.state(name)
    drawn = maps[name]
    waits = [_texts(g)[0] for g in _groups(drawn, "timeline-wait")]
    processes = [_texts(g)[0] for g in _groups(drawn, "timeline-process")]
    steps = timeline_steps(state.steps)
    assert waits == [display(s.wait_time, WAIT, rule) for s in steps]
    assert processes == [display(s.process_time, PROCESS, rule) for s in steps]
    boxes = [_texts(g) for g in _groups(drawn, "process-box")]
    for box, wait, process in zip(boxes, waits, processes):
        assert f"WT {wait}" in box and f"PT {process}" in box
    summary = next(s for s in analysis.states if s.name == name)
    total = _texts(_groups(drawn, "timeline-total")[0])
    assert total[:2] == [f"LT {display(summary.total_lead_time, WAIT, rule)}",
                         f"PT {display(summary.total_process_time, PROCESS, rule)}"]
    if name == "Current":
        assert total[:2] == ["LT 14 d", "PT 56 min"]  # (120 + 5760.75 + 360 + 480) min / 480


def test_a_display_unit_setting_overrides_the_rule():
    fixed = analyze(flows_model(display_unit="h"))
    box = _texts(_groups(_maps(vsm_xl.map_svg(fixed))["Current"], "process-box")[1])
    assert box[1:4] == ["PT 0 h", "WT 96 h", "LT 96 h"]


def test_user_text_is_escaped_and_the_svg_parses(analysis):
    svg = vsm_xl.map_svg(analysis)
    assert "Credit &lt;Check&gt; &amp; co" in svg and "<Check>" not in svg
    ElementTree.fromstring(svg.encode("utf-8"))


def test_one_state_by_name_and_an_unknown_name_refused(analysis):
    assert list(_maps(vsm_xl.map_svg(analysis, state="Future"))) == ["Future"]
    with pytest.raises(vsm_xl.VsmError, match="no state with steps named 'Nope'"):
        vsm_xl.map_svg(analysis, state="Nope")


def test_png_has_the_drawing_size(analysis, tmp_path):
    from PIL import Image

    drawings = state_drawings(analysis)
    data = vsm_xl.map_png(analysis, tmp_path / "map.png", state="Current")
    image = Image.open(io.BytesIO(data))
    assert image.size == (round(drawings[0].width), round(drawings[0].height))
    assert (tmp_path / "map.png").read_bytes() == data
    both = Image.open(io.BytesIO(vsm_xl.map_png(analysis, scale=0.5)))
    assert both.size == (round(max(d.width for d in drawings) / 2),
                         round((sum(d.height for d in drawings) + 24) / 2))
    # not blank: dark ink covers part of the picture
    assert sum(image.convert("L").histogram()[:100]) > 2000


def test_svg_text_of_nothing():
    assert "No states with steps" in svg_text([])


def test_a_long_partner_name_wraps_between_words_whole():
    """A supplier named "Central distribution centre" (27 characters, 18 fit a line) is drawn on
    the lines its frequency leaves, broken between words, nothing cut off with an ellipsis."""
    from dataclasses import replace

    stream = flows_model()
    stream = replace(stream, supplier=replace(stream.supplier, name="Central distribution centre"))
    texts = _texts(_groups(_maps(vsm_xl.map_svg(analyze(stream)))["Current"], "supplier")[0])
    assert texts == ["Central", "distribution", "centre", "weekly"]
    assert not any("…" in t for t in texts)


def test_information_between_neighbouring_boxes_runs_over_them():
    """An information flow from one process box to another of the same row (Ship -> Pick &
    Pack, a withdrawal kanban) leaves the top of one box, runs above the row clear of the kaizen
    bursts and comes down onto the other: no point of it lies between the box tops and bottoms,
    where the material flow and the boxes' text are, and its label is above it."""
    from vsm_xl.io.map_drawing import BURST_CLEARANCE

    stream = flows_model()
    future = stream.state("Future")
    steps = [s.name for s in future.steps]
    drawing = {d.title: d for d in state_drawings(analyze(stream))}["Future"]
    boxes = [g for g in drawing.groups if g.cls == "process-box"]
    top = min(s.points[0][1] for g in boxes for s in g.shapes if s.kind == "rect")
    between = [f for f in future.information_flows if f.source in steps and f.target in steps]
    assert between, "the model has an information flow between two steps"
    arrows = [g for g in drawing.groups if g.cls.startswith("info-arrow")
              and any(f.source in g.title and f.target in g.title for f in between)]
    assert len(arrows) == len(between)
    for arrow in arrows:
        line = arrow.shapes[0]
        assert all(y <= top for _, y in line.points)
        assert min(y for _, y in line.points) == top - BURST_CLEARANCE
        label = [s for s in arrow.shapes if s.kind == "text"]
        assert all(s.points[0][1] < top - BURST_CLEARANCE and s.halo for s in label)
