"""The exported diagrams are valid Mermaid: checked with Mermaid's own parser (``mermaid.parse``
of the npm ``mermaid`` package, headless under Node and jsdom), not with a grammar of our own.
Every diagram of this module is parsed in one Node run."""
import pytest

from tests.support.mermaid_parser import parse_mermaid, parser_available
from vsm_xl.core.analysis import analyze
from vsm_xl.core.model import State, Step, ValueStream
from vsm_xl.io.mermaid import mermaid_diagram, mermaid_flowchart

pytestmark = pytest.mark.skipif(parser_available() is not None, reason=str(parser_available()))

NASTY = ('Say "hi" <b>#1</b> & end', "a --> b; end", "subgraph", "style", "%% not a comment", "[x] {y} (z)",
         "Größe · 50 % | ✓", "click me", "A\nB")
BROKEN = ['flowchart LR\n    A["x"] --> B["open\n', "flowchart LR\n    A ==>> B\n"]
FINE = ['flowchart LR\n    A["ok"] --> B["fine"]\n']


def _exported(order_analysis) -> list[str]:
    """Order fulfilment as one diagram with a subgraph per state, each state alone, and a state
    whose step names hold every character that could break a label; parallel branches and a
    step that is both the constraint and the largest delay."""
    steps = tuple(Step(name, 5 + k, 60 + 10 * k, inventory=k or None, position=min(k, 3))
                  for k, name in enumerate(NASTY))
    nasty = State('The "odd" state <x> & end', steps, "current")
    both = State("Both", (Step("A", 1, 2), Step("B", 30, 300, marked_bottleneck=True)))
    stream = ValueStream('Stream "q" #1', (nasty, both))
    texts = [mermaid_diagram(order_analysis), mermaid_diagram(analyze(stream))]
    return texts + [mermaid_flowchart(s) for s in order_analysis.value_stream.states + (nasty, both)]


@pytest.fixture(scope="module")
def parsed(order_analysis):
    exported = _exported(order_analysis)
    results = parse_mermaid(BROKEN + FINE + exported)
    return results[:len(BROKEN) + len(FINE)], list(zip(exported, results[len(BROKEN) + len(FINE):]))


def test_the_parser_rejects_broken_diagrams(parsed):
    """The check can fail: an unterminated label and an unknown arrow are parse errors."""
    controls, _ = parsed
    assert [r["ok"] for r in controls] == [False, False, True]
    assert "Parse error" in controls[0]["error"]


def test_exported_diagrams_parse(parsed):
    _, exported = parsed
    assert len(exported) == 6
    assert all(r["ok"] for _, r in exported), [(t, r) for t, r in exported if not r["ok"]]
    assert {r["type"] for _, r in exported} == {"flowchart-v2"}
    assert "constraintdelay" in exported[-1][0] and "class S1_" in exported[1][0]
