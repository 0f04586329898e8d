"""Mermaid flowcharts in the checklist's node form, checked against hand-written text."""
from vsm_xl.core.model import State, Step
from vsm_xl.io.mermaid import escape_label, mermaid_document, mermaid_flowchart


def test_two_step_state_exact_text():
    """Hand-written expectation: node text ``Name<br/>PT: 15 min | LT: 2 h<br/>WIP: 50`` (the display
    rule: 150 min = 2.5 h), arrows in flow order carrying the waiting time of the step they enter
    (Review: 150 − 30 = 120 min = 2 h); Review is both the capacity constraint (largest PT, 30m) and the largest delay
    (largest WT, 120m against Intake's 105m): filled #ff9999 with the delay's border."""
    state = State("Current state", (Step("Intake", 15, 120, inventory=50), Step("Review", 30, 150, inventory=5)),
                  "current")
    assert mermaid_flowchart(state) == (
        "flowchart LR\n"
        "    %% Current state\n"
        '    S1["Intake<br/>PT: 15 min | LT: 2 h<br/>WIP: 50"]\n'
        '    S2["Review<br/>PT: 30 min | LT: 2.5 h<br/>WIP: 5"]\n'
        '    S1 -->|"WT 2 h"| S2\n'
        "    classDef constraintdelay fill:#ff9999,stroke:#b36b00,stroke-width:3px\n"
        "    class S2 constraintdelay\n"
    )


def test_labels_are_escaped_and_ids_stay_safe():
    state = State('Say "hi"', (Step('The "big" <one> #1', 1, 1440), Step("a --> b; end", 0.5, 30)))
    chart = mermaid_flowchart(state)
    assert '    S1["The #quot;big#quot; #lt;one#gt; #35;1<br/>PT: 1 min | LT: 1 d"]' in chart
    assert '    S2["a --#gt; b; end<br/>PT: 30 s | LT: 30 min"]' in chart  # no WIP line without inventory
    assert "%% Say #quot;hi#quot;" in chart
    assert escape_label("two\nlines") == "two lines"


def test_parallel_branches_fan_out_and_join():
    """Steps sharing a position are parallel branches: arrows from the step before to each
    branch and from each branch to the step after."""
    steps = (Step("A", 1, 2, position=1), Step("B1", 5, 9, position=2), Step("B2", 3, 4, position=2),
             Step("C", 1, 2, position=3))
    lines = mermaid_flowchart(State("S", steps)).splitlines()
    arrows = [line.strip() for line in lines if "-->" in line]
    assert arrows == ['S1 -->|"WT 4 min"| S2', 'S1 -->|"WT 1 min"| S3', 'S2 -->|"WT 1 min"| S4',
                      'S3 -->|"WT 1 min"| S4']


def test_hand_marked_bottleneck_is_filled_too():
    """A marked by hand as well as B (largest PT); B is also the largest delay: both marks."""
    state = State("S", (Step("A", 10, 20), Step("B", 1, 200, marked_bottleneck=True)))
    classes = [line.strip() for line in mermaid_flowchart(state).splitlines() if line.strip().startswith("class ")]
    assert classes == ["class S1 constraint", "class S2 constraintdelay"]


def test_document_has_one_flowchart_per_state(order_analysis):
    """Order fulfilment (METHOD.md section 1): Pick & Pack, the 4th step, is the capacity
    constraint in both states."""
    text = mermaid_document(order_analysis)
    assert text.count("```mermaid\nflowchart LR\n") == 2
    assert text.count("    class S4 constraint\n") == 2 and text.count("    class S5 delay\n") == 2
    assert '    S5["Ship<br/>PT: 10 min | LT: 1 d<br/>WIP: 100"]' in text  # 24 h, calendar time
    assert '    S2["Credit Check<br/>PT: 1 min | LT: 5 min<br/>WIP: 0"]' in text
    assert '    S4 -->|"WT 1 d"| S5' in text  # Ship waits 1430 min = 23.8 h, rounded once: 24 h = 1 d
    assert "## Current state" in text and "## Future state" in text
    bare = mermaid_document(order_analysis, fenced=False)
    assert "```" not in bare and bare.count("flowchart LR") == 1  # one diagram, a subgraph per state
    assert '    subgraph G1["Current state"]' in bare and '    subgraph G2["Future state"]' in bare
    assert "    class S1_4,S2_4 constraint\n" in bare and "    class S1_5,S2_5 delay\n" in bare


def test_document_without_states(claims_analysis):
    assert "flowchart LR" not in mermaid_document(claims_analysis)
    assert "No states to draw" in mermaid_document(claims_analysis)
    assert 'empty["No states with steps"]' in mermaid_document(claims_analysis, fenced=False)


def test_current_state_first_whatever_the_document_order():
    """The diagram starts with the current state even when the document lists a target first;
    the subgraph keeps its document number."""
    from vsm_xl.core.analysis import analyze
    from vsm_xl.core.model import ValueStream
    from vsm_xl.io.mermaid import mermaid_diagram

    target = State("To be", (Step("A", 1, 2), Step("B", 1, 3)), "target")
    current = State("As is", (Step("A", 2, 20), Step("B", 2, 30)), "current")
    text = mermaid_diagram(analyze(ValueStream("S", (target, current))))
    assert text.index('subgraph G2["As is"]') < text.index('subgraph G1["To be"]')
    assert 'S2_1 -->|"WT 28 min"| S2_2' in text
