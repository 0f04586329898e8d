"""Long YAML texts are loaded item by item (vsm_xl.io.yaml_stream): the values are PyYAML's, the
refusals are PyYAML's, and the node graph of the whole document is never held."""
from __future__ import annotations

import tracemalloc

import pytest
import yaml

from vsm_xl.core.errors import ValidationError
from vsm_xl.io import yaml_io
from vsm_xl.io.yaml_stream import streaming_loader

STREAMING = streaming_loader(yaml_io._Loader)

DOCUMENTS = [
    "a: [1, 2, {b: 3, c: [4, {d: yes}]}]\n",
    "steps:\n  - {name: one, pt: 1.5}\n  - name: two\n    wastes: [waiting, {kind: motion, note: ~}]\n  - [x, y]\n  - plain\n",
    # anchors and aliases inside items: kept as nodes, shared as PyYAML shares them
    "base: &b {pt: 1, lt: 2}\nsteps:\n  - <<: *b\n    name: one\n  - &s {name: two, pt: 3}\n  - *s\n  - [*b, *b]\n",
    "l: [!!str 12, !!float '3', !!int '7', '2026-12-07', 2026-12-07, 0x1F, .inf]\n",
    "nested: [[[[1]]], [[2, [3, [4]]]]]\n",
]


@pytest.mark.parametrize("text", DOCUMENTS)
def test_values_are_pyyamls(text):
    expected = yaml.load(text, Loader=yaml_io._Loader)  # noqa: S506
    got = yaml.load(text, Loader=STREAMING)  # noqa: S506
    assert got == expected


def test_aliased_values_stay_shared():
    text = "steps:\n  - &s {name: two}\n  - *s\n  - {name: three}\n"
    steps = yaml.load(text, Loader=STREAMING)["steps"]  # noqa: S506
    assert steps[0] is steps[1] and steps[2] == {"name": "three"}


@pytest.mark.parametrize("text, words", [
    ("steps:\n  - {name: a, name: b}\n", "appears twice"),
    ("steps:\n  - {name: a}\n  - [unclosed\n", "expected"),
    ("steps:\n  - !<tag:vsm-xl,2026:built> x\n", "could not determine a constructor"),
    ("steps:\n  - !!python/object:os.system {}\n", "could not determine a constructor"),
])
def test_refusals_are_pyyamls(text, words, monkeypatch):
    with pytest.raises(yaml.YAMLError) as theirs:
        yaml.load(text, Loader=yaml_io._Loader)  # noqa: S506
    with pytest.raises(yaml.YAMLError) as ours:
        yaml.load(text, Loader=STREAMING)  # noqa: S506
    assert words in str(ours.value) and str(ours.value) == str(theirs.value)
    monkeypatch.setattr(yaml_io, "STREAM_OVER_BYTES", 0)  # through the front door, located
    with pytest.raises(ValidationError, match="line"):
        yaml_io.loads_document(text, "model.yaml")


def _model(steps: int) -> str:
    lines = ['value_stream:\n  name: "Many steps"\n  current_state:\n    steps:\n']
    lines += [f'      - {{name: "Step {i}", process_time_minutes: {1 + i % 60}, lead_time_hours: {1 + i % 48}}}\n'
              for i in range(steps)]
    return "".join(lines)


def test_a_long_model_reads_the_same_in_a_fraction_of_the_memory(monkeypatch):
    text = _model(5_000)
    monkeypatch.setattr(yaml_io, "STREAM_OVER_BYTES", 100_000)
    assert len(text) > yaml_io.STREAM_OVER_BYTES  # loads_document takes the streaming path
    tracemalloc.start()
    try:
        expected = yaml.load(text, Loader=yaml_io._Loader)  # noqa: S506
        whole = tracemalloc.get_traced_memory()[1]
        del expected
        tracemalloc.reset_peak()
        got = yaml_io._parse_yaml(text, "model.yaml")
        streamed = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert got == yaml.load(text, Loader=yaml_io._Loader)  # noqa: S506
    assert streamed < whole / 2, (streamed, whole)
    assert len(yaml_io.loads_document(text, "model.yaml").stream.states[0].steps) == 5_000


def test_examples_read_the_same_streamed(request, monkeypatch):
    for path in sorted((request.config.rootpath / "examples").glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        expected = yaml_io.loads_document(text, path.name)
        monkeypatch.setattr(yaml_io, "STREAM_OVER_BYTES", 0)
        assert yaml_io.loads_document(text, path.name) == expected
        monkeypatch.setattr(yaml_io, "STREAM_OVER_BYTES", 1_000_000)
