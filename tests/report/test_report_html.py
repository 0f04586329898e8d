"""The HTML report's content: the figures of METHOD.md's two examples where the checklist puts
them, AHP / team weighting and the simulation when the model has them, escaped user text and
nothing fetched from the network."""
import dataclasses
import html
import re
from html.parser import HTMLParser

import pytest

from vsm_xl.core.analysis import analyze
from vsm_xl.core.model import Participant, State, Step, ValueStream, Waste
from vsm_xl.core.sensitivity import analysis_sensitivity
from vsm_xl.io.formatting import percent
from vsm_xl.io.map_drawing import state_drawings
from vsm_xl.io.map_svg import svg_text
from vsm_xl.report.html import html_report, write_report


class _Balance(HTMLParser):
    """Open/close counts of the container elements, and every attribute that could fetch."""

    VOID = {"meta", "img", "br", "hr", "link", "input"}

    def __init__(self):
        super().__init__()
        self.stack, self.fetches, self.tags = [], [], set()

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        for name, value in attrs:
            if name in ("src", "href") and value and not value.startswith(("data:", "#")):
                self.fetches.append(value)
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        assert self.stack and self.stack[-1] == tag, (tag, self.stack[-5:])
        self.stack.pop()


def _parse(text):
    parser = _Balance()
    parser.feed(text)
    assert parser.stack == []
    return parser


def _text(markup):
    return html.unescape(re.sub(r"<[^>]+>", " ", markup))


def _cells(markup):
    return [html.unescape(c) for c in re.findall(r"<td[^>]*>(.*?)</td>", markup)]


def test_order_fulfilment_summary(order_analysis):
    """METHOD.md section 1: current LT 44 h, PT 70 min, FE 2.65 %, waiting 42.83 h = 97.35 % of the
    lead time; future state FE 11.75 %, LT −84.8 %, FE ×4.43; Pick & Pack the constraint, Ship
    the largest delay; 4 improvements in 2 roadmap phases."""
    text = html_report(order_analysis)
    parsed = _parse(text)
    assert parsed.fetches == [] and "script" not in parsed.tags and "<link" not in text
    plain = " ".join(_text(text).split())
    # 2570 of 2640 min, by the display rule: 1.78 and 1.83 calendar days
    assert "Waiting is 97.35 % of the lead time of Current state (1.8 d of 1.8 d)" in plain
    assert "the largest delay is at Ship , the capacity constraint is Pick & Pack" in plain
    cells = _cells(text)
    for figure in ("2.65 % (significant waste)", "11.75 % (moderate)", "−84.8 %", "×4.43", "65.52 %", "240",
                   "Real-time credit API", "4 weeks", "8 weeks"):
        assert figure in cells, figure
    # the maps are the SVG drawings of `export --to svg`, inline, one per state
    maps = re.findall(r'<figure class="vsm-map" data-state="([^"]*)">(<svg .*?</svg>)', text, re.S)
    states = order_analysis.value_stream.states
    assert [html.unescape(name) for name, _ in maps] == [s.name for s in states]
    assert [svg for _, svg in maps] == [svg_text([d]).split("\n", 1)[1].rstrip("\n")
                                        for d in state_drawings(order_analysis)]
    assert '<pre class="mermaid">' not in text
    assert text.count('<span class="mark constraint">') == 2 and text.count('<span class="mark delay">') == 2
    assert text.count('src="data:image/svg+xml;base64,') == 2  # ladder and takt
    for heading in ("Value Stream Analysis Summary", "Top wastes", "Future-state targets",
                    "Improvement priorities", "Roadmap", "Current state against the target conditions",
                    "Value stream maps"):
        assert f">{heading}</h" in text, heading
    assert "@media print" in text and "@page" in text


def test_claims_evaluation_and_sensitivity(claims_analysis):
    """METHOD.md 2.5: ranks Option C 0.2962, A 0.4791, B 0.6220, Current 1.0742; weights 2/3, 1/6,
    1/6 and 1/6, 1/3, 1/2; Investment's interval 0 – 39.58 % with Option A above."""
    found = analysis_sensitivity(claims_analysis, draws=0)
    text = html_report(claims_analysis, found)
    _parse(text)
    ranking = re.search(r"WBF ranking.*?</table>", text, re.S).group(0)
    rows = re.findall(r"<tr( class=\"best\")?><td[^>]*>(\d)</td><td>([^<]*)</td>.*?<td[^>]*>([\d.]+)</td></tr>",
                      ranking)
    assert [(r[1], html.unescape(r[2]), r[3]) for r in rows] == [
        ("1", "Option C (best)", "0.2962"), ("2", "Option A", "0.4791"), ("3", "Option B", "0.6220"),
        ("4", "Current state", "1.0742")]
    assert rows[0][0] == ' class="best"'
    cells = _cells(text)
    for figure in ("66.7 %", "16.7 %", "33.3 %", "50 %", "0 – 39.58 %", "Option A", "0.8889", "0.1000"):
        assert figure in cells, figure
    assert "Scheme: pairwise comparison (0/1/2)." in text
    assert "nothing to simulate" in text
    assert text.count('src="data:image/svg+xml;base64,') == 2  # indifference and tornado


def _ahp_team_model(model):
    """Claims with the non-monetary group weighted by AHP by two participants (Anna 4:2:1 and
    Ben's inconsistent judgments) and ranges on Option A's lead time."""
    anna = ((None, 2, 4), (None, None, 2), (None, None, None))
    ben = ((None, 1 / 3, 5), (None, None, 1 / 7), (None, None, None))
    names = ("Lead time", "First-pass yield", "Flow degree")
    group = dataclasses.replace(model.pairwise["non-monetary"], indicators=names, scheme="ahp",
                                participants=(Participant("Anna <lead>", anna), Participant("Ben", ben)))
    lead = dataclasses.replace(model.indicators[0], ranges=(None, (3, 9, 30), None, None))
    return dataclasses.replace(model, pairwise={**model.pairwise, "non-monetary": group},
                               indicators=(lead,) + model.indicators[1:])


def test_ahp_team_weights_and_simulation(claims_analysis):
    stream = claims_analysis.value_stream
    analysis = analyze(dataclasses.replace(stream, evaluation=_ahp_team_model(stream.evaluation)))
    weights = analysis.evaluation.weights["non-monetary"]
    found = analysis_sensitivity(analysis, draws=300, seed=4, distribution="pert")
    text = html_report(analysis, found)
    _parse(text)
    plain = " ".join(_text(text).split())
    assert "Scheme: AHP (Saaty 1–9, eigenvector); consistency ratio CR" in plain
    assert "2 participants, pooled by geometric mean" in plain
    assert f"consensus {weights.consensus * 100:.1f} % ({weights.consensus_band})" in plain
    assert "Anna &lt;lead&gt;" in text and "Anna <lead>" not in text  # escaped
    ben_cr = weights.participants[1].cr
    assert ben_cr > 0.10 and f"{ben_cr:.3f} (above 0.10)" in plain
    assert "300 random draws (Beta-PERT" in plain and "seed 4" in plain
    cells = _cells(text)
    a = found.robustness.alternative("Option A")
    assert f"{a.wbf_p5:.4f}" in cells and f"{a.wbf_p95:.4f}" in cells and percent(a.first_share, 1) in cells


def test_user_text_is_escaped_everywhere(tmp_path):
    evil = '<script>alert("x")</script> & <img src=x onerror=alert(1)>'
    state = State(evil, (Step(evil, 10, 60, owner=evil, wastes=(Waste("waiting", evil),), inventory=3),
                         Step("B", 20, 30)), "current")
    analysis = analyze(ValueStream(evil, (state,), analyst=evil, boundaries=(("scope", evil),)))
    path = tmp_path / "r.html"
    size = write_report(analysis, path)
    text = path.read_text(encoding="utf-8")
    assert size == len(text.encode("utf-8"))
    parsed = _parse(text)
    assert "script" not in parsed.tags and parsed.fetches == []
    assert "<img src=x" not in text and "onerror=alert(1)>" not in text
    assert html.escape(evil) in text


def test_report_without_anything(tmp_path):
    text = html_report(analyze(ValueStream("Empty")))
    assert "Nothing to report" in text
    _parse(text)


@pytest.mark.parametrize("charts", [False])
def test_charts_can_be_left_out(order_analysis, charts):
    text = html_report(order_analysis, charts=charts)
    assert "<img" not in text and text.count('<figure class="vsm-map"') == 2  # the maps need no matplotlib


def test_checklist_targets_without_steps():
    """The checklist's future_state with only target_* figures: listed as the future-state
    targets. Waiting by hand: WT (120 − 10) + (60 − 20) = 150 of 180 min = 83.33 % of the lead time."""
    from vsm_xl.api import evaluate

    result = evaluate({"value_stream": {"name": "T", "current_state": {"steps": [
        {"name": "A", "process_time_minutes": 10, "lead_time_hours": 2},
        {"name": "B", "process_time_minutes": 20, "lead_time_hours": 1}]},
        "future_state": {"target_lead_time_hours": 1.5, "target_flow_efficiency_percent": 30}}})
    text = html_report(result.analysis)
    cells = _cells(text)
    assert (["Lead time (hours)", "1.5 h", "—", "not compared (no designed future state)", "Flow efficiency (%)",
             "30 %", "—", "not compared (no designed future state)"]
            == cells[cells.index("Lead time (hours)"):][:8])
    assert "Waiting is 83.33 % of the lead time" in " ".join(_text(text).split())
