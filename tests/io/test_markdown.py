"""The "Value Stream Analysis Summary" in Markdown, with METHOD.md's figures."""
from dataclasses import replace

from vsm_xl.core.model import Improvement
from vsm_xl.io.markdown import markdown_summary


def _section(text: str, heading: str) -> str:
    start = text.index(heading)
    end = text.find("\n## ", start + len(heading))
    return text[start:end if end > 0 else None]


def test_order_fulfillment_summary_figures(order_analysis):
    """METHOD.md section 1: FE 2.65 % (significant waste), LT 44 h, future FE 11.75 %;
    PT −32.9 %, LT −84.8 %, FE ×4.43, WIP 240 -> 45 (−195)."""
    text = markdown_summary(order_analysis)
    assert text.startswith("# Value Stream Analysis Summary: Customer Order Fulfillment\n")
    assert "| Trigger | Customer places order |" in text
    metrics = _section(text, "## Current state metrics")
    assert "| Total process time | 70 min |" in metrics
    assert "| Total lead time | 1.8 d |" in metrics  # 2640 min = 1.83 calendar days
    assert "| Flow efficiency | 2.65 % (significant waste) |" in metrics
    assert "| Rolled %C&A | 65.52 % |" in metrics
    assert "| WIP | 240 |" in metrics
    assert "| Capacity constraint (largest PT) | Pick & Pack |" in metrics
    assert "| Largest delay (largest WT) | Ship |" in metrics
    assert "flow efficiency 11.75 % (moderate)" in _section(text, "## Steps: Future state")
    assert "| Future state | \u221232.9 % | \u221284.8 % | ×4.43 | \u2212195 | +25.8 pp |" in text
    steps = _section(text, "## Steps: Current state")
    assert "| 4 | Pick & Pack | Warehouse | 30 min | 6 h | 5.5 h | 92 % | 40 |  | capacity constraint |" in steps
    # 23 h 50 min of waiting = 23.83 h, rounded once to 24 h: one (calendar) day
    assert "| 5 | Ship | Logistics | 10 min | 1 d | 1 d | 98 % | 100 |  | largest delay |" in steps


def test_wastes_improvements_and_roadmap(order_analysis):
    text = markdown_summary(order_analysis)
    assert "| defects | 1 | Order Entry (Manual entry errors) |" in _section(text, "## Top wastes")
    improvements = _section(text, "## Improvements by priority").splitlines()[4:]
    assert [row.split(" | ")[1] for row in improvements] == [
        "Real-time credit API", "Order entry validation", "On-demand carrier", "Automated inventory"]
    assert "| 2 | On-demand carrier, Automated inventory | 8 weeks |" in _section(text, "## Roadmap")


def test_improvements_without_priority_by_impact_then_effort(order_analysis):
    """METHOD.md section 1: without priorities, impact descending, then effort ascending."""
    items = (Improvement("Low-low", impact="low", effort="low"), Improvement("High-high", impact="high", effort="high"),
             Improvement("High-low", impact="high", effort="low"), Improvement("Med-med", impact="medium", effort="medium"))
    stream = replace(order_analysis.value_stream, improvements=items)
    text = markdown_summary(replace(order_analysis, value_stream=stream))
    rows = _section(text, "## Improvements by priority").splitlines()[4:]
    assert [row.split(" | ")[1] for row in rows] == ["High-low", "High-high", "Med-med", "Low-low"]


def test_evaluation_section(claims_analysis):
    """METHOD.md 2.5: weights 66.7 %/16.7 %/16.7 % and 16.7 %/33.3 %/50 %; Option C best with WBF 0.2962."""
    text = markdown_summary(claims_analysis)
    assert text.startswith("# Value Stream Analysis Summary: Claims handling\n")
    assert "## Current state metrics" not in text
    weights = _section(text, "### Weights")
    assert "| Lead time | non-monetary | 4 | 66.7 % | 1 |" in weights
    assert "| Process costs | monetary | 3 | 50 % | 1 |" in weights
    alternatives = _section(text, "### Alternatives")
    assert "| 1 | Option C (best) | 0.7222 | 0.8972 | 0.2962 |" in alternatives
    assert "| 4 | Current state | 0.2500 | 0.2309 | 1.0742 |" in alternatives
    assert "**Best alternative: Option C** (WBF 0.2962" in text


def test_table_cells_escape_pipes(order_analysis):
    stream = order_analysis.value_stream
    state = stream.states[0]
    steps = (replace(state.steps[0], notes="a | b"),) + state.steps[1:]
    stream = replace(stream, states=(replace(state, steps=steps),) + stream.states[1:])
    text = markdown_summary(replace(order_analysis, value_stream=stream))
    assert "a \\| b" in text


def test_improvement_phase_comes_from_the_roadmap(order_analysis):
    """examples/order_fulfillment.yaml: phase 1 holds the credit API and order-entry validation,
    phase 2 the carrier and inventory changes; the improvements carry no phase of their own."""
    rows = _section(markdown_summary(order_analysis), "## Improvements by priority").splitlines()[4:]
    phases = {row.split(" | ")[1]: row.rstrip(" |").split(" | ")[-1] for row in rows if row.startswith("|")}
    assert phases == {"Real-time credit API": "1", "Order entry validation": "1",
                      "On-demand carrier": "2", "Automated inventory": "2"}
