"""Markdown and Mermaid exports escape what their renderers would interpret (issue 21, failure 5):
names were written into the Markdown summary as raw HTML (``<script>``, ``<img onerror>`` in
table cells), and a ``%%{init: ...}%%`` directive in a label or a subgraph title reconfigured the
Mermaid diagram. Fast checks of the text, and (where Node is installed) the real renderers:
marked (GitHub-flavoured Markdown) and Mermaid's own parser, which reports the configuration a
diagram's directives set."""
from __future__ import annotations

import json
import re
import shutil
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest

from tests.support.flows import without_step_references
from tests.support.mermaid_parser import NODE_DIR, parse_mermaid, parser_available
from vsm_xl.core.analysis import analyze
from vsm_xl.io.markdown import markdown_summary, markdown_text
from vsm_xl.io.mermaid import escape_label, mermaid_diagram, mermaid_document, mermaid_flowchart
from vsm_xl.io.yaml_io import read_yaml

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = "<script>alert(1)</script>"
IMAGE = "<img src=x onerror=alert(2)>"
LINK = "[click](javascript:alert(3))"
DIRECTIVE = "%%{init: {'theme':'dark', 'securityLevel':'loose'}}%%"
FENCE = "```\n<b>out of the fence</b>"
HOSTILE = (SCRIPT, IMAGE, LINK, DIRECTIVE, FENCE, "**bold** _it_ ~~gone~~ `code`", "&lt;b&gt; | bar")


def _hostile_analysis():
    """Order fulfilment with every name, owner and note hostile, and a wasted step, and the
    claims example's alternatives and indicators hostile too."""
    stream = read_yaml(ROOT / "examples" / "order_fulfillment.yaml")
    states = []
    for s, state in enumerate(stream.states):
        steps = tuple(replace(step, name=f"{HOSTILE[k % len(HOSTILE)]} {k}", owner=HOSTILE[(k + 1) % len(HOSTILE)],
                              notes=HOSTILE[(k + 2) % len(HOSTILE)])
                      for k, step in enumerate(state.steps))
        states.append(replace(state, name=f"{HOSTILE[(s + 3) % len(HOSTILE)]} state {s}", steps=steps))
    renamed = replace(stream, name=DIRECTIVE + SCRIPT, analyst=IMAGE, states=tuple(states))
    return analyze(without_step_references(renamed))  # the steps have new names


def _outside_fences(text: str) -> str:
    return re.sub(r"```mermaid\n.*?\n```", "", text, flags=re.S)


def _fenced(text: str) -> list[str]:
    return re.findall(r"```mermaid\n(.*?)\n```", text, flags=re.S)


def test_markdown_text_shows_markup_as_typed():
    assert markdown_text(SCRIPT) == "&lt;script&gt;alert(1)&lt;/script&gt;"
    assert markdown_text(LINK) == "\\[click\\](javascript:alert(3))"
    assert markdown_text("a|b `c` *d* _e_ ~f~ \\g") == "a\\|b \\`c\\` \\*d\\* \\_e\\_ \\~f\\~ \\\\g"
    assert markdown_text("&lt; & &#60; &amp;") == "&amp;lt; & &amp;#60; &amp;amp;"
    assert markdown_text("Pick & Pack, 50 % (A-1).") == "Pick & Pack, 50 % (A-1)."


def test_markdown_summary_has_no_html_or_markup_from_names():
    text = markdown_summary(_hostile_analysis())
    outside = _outside_fences(text)
    assert "<" not in outside and ">" not in outside  # no raw HTML at all outside the diagrams
    assert "](" not in outside.replace("\\](", "")  # no link or image
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in outside
    for line in outside.splitlines():
        if line.startswith("|"):  # every table row keeps its cells: escaped bars do not split them
            cells = re.split(r"(?<!\\)\|", line)[1:-1]
            header = outside.splitlines()[outside.splitlines().index(line)]
            assert len(cells) == len(re.split(r"(?<!\\)\|", header)[1:-1])
    for chart in _fenced(text):
        assert "`" not in chart and "%%{" not in chart and "%" not in chart.replace("%% ", "")


def test_mermaid_labels_titles_and_comments_hold_no_directive():
    analysis = _hostile_analysis()
    texts = [mermaid_diagram(analysis), *_fenced(mermaid_document(analysis, fenced=True))]
    texts += [mermaid_flowchart(state) for state in analysis.value_stream.states]
    for text in texts:
        assert "%%{" not in text and "init:" in text  # the name is there, as text
        assert "#37;#37;{init:" in text
    assert escape_label(DIRECTIVE).startswith("#37;#37;{init: {'theme':'dark'")
    assert "`" not in escape_label(FENCE)


def test_mermaid_document_headings_are_escaped():
    text = mermaid_document(_hostile_analysis(), fenced=True)
    assert "<" not in _outside_fences(text)


# -- the renderers themselves (Node) --------------------------------------------------------

def _render_markdown(texts: list[str]) -> list[dict]:
    done = subprocess.run(["node", str(NODE_DIR / "markdown_render.mjs")], input=json.dumps(texts),
                          capture_output=True, text=True, timeout=120, cwd=NODE_DIR)
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout)


@pytest.mark.skipif(parser_available() is not None or shutil.which("node") is None,
                    reason=str(parser_available()))
def test_rendered_markdown_has_no_element_from_names():
    """marked (GFM) renders the summary: headings, tables, paragraphs, lists and code blocks
    only; no script, img, a, strong, em, del or code element; the names come out as typed."""
    text = markdown_summary(_hostile_analysis())
    control, rendered = _render_markdown([f"| a |\n|---|\n| {SCRIPT} {LINK} |\n", text])
    assert {"script", "a"} <= set(control["tags"])  # the check can fail
    tags = set(rendered["tags"])
    assert tags <= {"h1", "h2", "h3", "p", "table", "thead", "tbody", "tr", "th", "td", "ul", "li", "pre", "code"}, tags
    assert rendered["tags"].count("code") == rendered["tags"].count("pre")  # code only in the diagram blocks
    assert SCRIPT in rendered["text"] and IMAGE in rendered["text"] and LINK in rendered["text"]
    assert "**bold** _it_ ~~gone~~ `code`" in rendered["text"] and "&lt;b&gt; | bar" in rendered["text"]


@pytest.mark.skipif(parser_available() is not None, reason=str(parser_available()))
def test_mermaid_parser_sees_no_directive():
    """Mermaid's own parser reports the configuration directives set: none from names."""
    analysis = _hostile_analysis()
    exported = [mermaid_diagram(analysis)] + [mermaid_flowchart(s) for s in analysis.value_stream.states]
    exported += _fenced(mermaid_document(analysis, fenced=True))
    control = f'flowchart LR\n    A["x {DIRECTIVE} y"] --> B["b"]\n'
    results = parse_mermaid([control] + exported)
    assert results[0]["ok"] and results[0]["config"].get("theme") == "dark"  # the check can fail
    assert all(r["ok"] for r in results[1:]), results
    assert all(r["config"] == {} for r in results[1:]), [r["config"] for r in results[1:]]
