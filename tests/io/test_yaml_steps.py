"""The steps written a line at a time (vsm_xl.io.yaml_steps) read back exactly, and where a step
is plain the text is PyYAML's own, byte for byte; a step it does not know is PyYAML's, indented."""
from __future__ import annotations

import io

import pytest
import yaml

from vsm_xl.core.model import State, Step, ValueStream, Waste
from vsm_xl.io import yaml_io
from vsm_xl.io.yaml_io import dump_yaml, loads_yaml, stream_to_dict
from vsm_xl.io.yaml_steps import plain_scalar, step_text

EXAMPLES = ["order_fulfillment", "claims_handling", "claims_handling_team", "paper_cirp2013"]

# names PyYAML must quote, fold or escape, or that resolve to something else than text
TRICKY = ["yes", "No", "null", "~", "true", "On", "123", "1e5", "0x1F", "1_000", "12:30", "2026-12-07", ".inf",
          "a: b", "a #b", "#tag", "- dash", "? q", "[list]", "{map}", "it's", 'say "hi"', "back\\slash",
          "Prüfung / Übergabe", "日本語の工程", "emoji 😀 step", "tab\there", "two\nlines", "nel\x85x",
          "line\u2028sep", "trailing:", "%percent", "@at", "`tick", "!bang", "&amp", "*star", "|pipe", ">gt",
          "Step (1/2)", "A" * 150, "word " * 30 + "end", "x" * 95, "<<", "=", "Ünïcödé ñame"]


def _pyyaml_text(stream, analysis=None) -> str:
    """The text PyYAML's own emitter writes for the whole document (the steps included)."""
    out = io.StringIO()
    if analysis is not None:
        out.write(yaml_io._HEADER)
    yaml.dump(stream_to_dict(stream, analysis, lazy_steps=True), out, **yaml_io._DUMP)
    return out.getvalue()


def _tricky_stream(n: int) -> ValueStream:
    steps = []
    for i in range(n):
        name = TRICKY[i % len(TRICKY)] + ("" if i < len(TRICKY) else f" {i}")
        steps.append(Step(name=name, process_time=1 + i % 60 + (0.25 if i % 3 else 0), lead_time=60.0 * (1 + i % 48),
                          owner=TRICKY[(i * 7) % len(TRICKY)], complete_accurate=(80 + i % 21) / 100 if i % 4 else None,
                          inventory=float(i % 500) if i % 5 else None, notes=TRICKY[(i * 3) % len(TRICKY)],
                          wastes=(Waste("waiting", "queue"),) if i % 11 == 0 else (), marked_bottleneck=i % 13 == 0))
    future = State("Future state", tuple(steps[: n // 10]), "future")
    return ValueStream(name="Tricky", states=(State("Current state", tuple(steps), "current"), future))


@pytest.mark.parametrize("example", EXAMPLES)
@pytest.mark.parametrize("with_analysis", [False, True])
def test_examples_are_written_as_pyyaml_writes_them(example, with_analysis, request):
    from vsm_xl.api import load
    from vsm_xl.core.analysis import analyze

    stream = load(request.config.rootpath / "examples" / f"{example}.yaml")
    analysis = analyze(stream) if with_analysis else None
    assert dump_yaml(stream, analysis) == _pyyaml_text(stream, analysis)


def test_plain_steps_are_pyyamls_text_and_the_rest_reads_back_exactly():
    stream = _tricky_stream(3_000)
    text = dump_yaml(stream)
    assert loads_yaml(text) == stream
    # the steps with plain names only: byte for byte PyYAML's
    plain = ValueStream(name="Plain", states=(State("Current state", tuple(
        s for s in stream.states[0].steps if step_text({"name": s.name, "owner": s.owner, "notes": s.notes}, 0)
        and not s.wastes), "current"),))
    assert len(plain.states[0].steps) > 40
    assert dump_yaml(plain) == _pyyaml_text(plain)


def test_the_analysis_keys_and_targets_round_trip_at_size():
    from vsm_xl.core.analysis import analyze

    stream = _tricky_stream(2_500)
    target = State("Target condition 1", stream.states[0].steps[:50], "target")
    stream = ValueStream(name="With targets", states=stream.states + (target,))
    text = dump_yaml(stream, analyze(stream))
    assert text.count("\n      - name:") + text.count("\n  - name:") >= 2_500
    assert loads_yaml(text) == stream


@pytest.mark.parametrize("value, expected", [
    ("Step 1", "Step 1"), ("yes", None), ("null", None), ("a: b", None), ("1e5", None), (" x", None), ("x ", None),
    (True, "true"), (False, "false"), (None, "null"), (3, "3"), (2.5, "2.5"), (1e-05, "1.0e-05"), (1e20, "1.0e+20"),
    (float("inf"), None), (float("nan"), None), ([1], None), ("Prüfung", "Prüfung"), ("two\nlines", None),
])
def test_plain_scalars_as_pyyaml_writes_them(value, expected):
    assert plain_scalar(value) == expected
    if expected is not None:  # PyYAML's own text of the value, as a mapping's value
        assert yaml.dump({"k": value}, **yaml_io._DUMP) == f"k: {expected}\n"
