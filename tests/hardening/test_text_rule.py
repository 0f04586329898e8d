"""One rule for text everywhere (issue 21, failures 2 and 3).

2. Characters a workbook cannot hold (XML 1.0: U+0000-U+0008, U+000B, U+000C, U+000E-U+001F,
   lone surrogates, U+FFFE, U+FFFF) are refused where they are read, naming the YAML path or
   the cell; ``new --from`` printed openpyxl's IllegalCharacterError traceback and ``evaluate``
   accepted the same file.
3. Leading and trailing white space is not part of a name, for every reader and writer: a YAML
   name ``"\\t=1+1"`` was kept by the YAML reader but stripped by the workbook reader, so two
   indicators collided only once ``new --from`` had written the workbook.
"""
from __future__ import annotations

import subprocess
import sys
import zipfile
from dataclasses import replace
from pathlib import Path

import openpyxl
import pytest

import vsm_xl
from vsm_xl.core.errors import InputError, VsmError
from vsm_xl.io.safe_text import check_text, unwritable
from vsm_xl.io.yaml_io import loads_document, read_yaml

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"


def _cli(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "vsm_xl", *map(str, args)], capture_output=True, text=True,
                          cwd=cwd, timeout=120)


def _yaml_with(tmp_path: Path, replacements: dict, example: str = "order_fulfillment.yaml") -> Path:
    text = (EXAMPLES / example).read_text(encoding="utf-8")
    for old, new in replacements.items():
        assert old in text
        text = text.replace(old, new, 1)
    path = tmp_path / "model.yaml"
    path.write_text(text, encoding="utf-8")
    return path


# -- the rule itself ------------------------------------------------------------------------

@pytest.mark.parametrize("char", ["\x00", "\x01", "\x07", "\x08", "\x0b", "\x0c", "\x0e", "\x1b", "\x1f",
                                  "\ud800", "\udfff", "\ufffe", "\uffff"])
def test_characters_a_workbook_cannot_hold(char):
    assert unwritable(f"a{char}b") == char
    kind = "control character" if char < " " else "character"
    with pytest.raises(InputError, match=f"the text holds the {kind} U\\+{ord(char):04X}, which a workbook cannot hold") as info:
        check_text(f"a{char}b", "Steps!B7")
    assert info.value.location == "Steps!B7"


@pytest.mark.parametrize("char", ["\t", "\n", "\r", " ", "\x7f", "\x85", "\xa0", "\ud7ff", "\ue000", "\ufffd",
                                  "\U00010000", "\U0010ffff"])
def test_characters_a_workbook_can_hold(char):
    assert unwritable(f"a{char}b") is None
    assert check_text(f"a{char}b", "x") == f"a{char}b"


def test_text_a_workbook_cannot_hold_round_trips_when_it_can():
    """What the rule lets through, openpyxl writes and reads back unchanged."""
    wb = openpyxl.Workbook()
    text = "a\tb\nc\rd\x7f\ufffd\U00010000"
    wb.active["A1"] = check_text(text)
    assert wb.active["A1"].value == text


# -- failure 2: YAML with control characters, in every verb ---------------------------------

def test_yaml_control_characters_refused_at_their_paths():
    text = (EXAMPLES / "order_fulfillment.yaml").read_text(encoding="utf-8")
    text = text.replace('name: "Credit Check"', 'name: "Credit\\0Check"', 1)
    text = text.replace('notes: "Batch processing"', 'notes: "Batch\\aprocessing"', 1)
    with pytest.raises(VsmError) as info:
        loads_document(text)
    where = {(p.location, p.message.split(",")[0]) for p in info.value.problems}
    assert where == {
        ("value_stream.current_state.steps[1].name", "the text holds the control character U+0000"),
        ("value_stream.current_state.steps[1].notes", "the text holds the control character U+0007"),
    }


def test_json_control_characters_and_keys_refused():
    text = '{"value_stream": {"name": "x\\u001by", "current_state": {"steps": [{"name": "A", "pt": 1}]}}}'
    with pytest.raises(VsmError, match=r"value_stream\.name: the text holds the control character U\+001B"):
        loads_document(text, json_text=True)
    text = '{"value_stream": {"name\\u0000": "x"}}'
    with pytest.raises(VsmError, match=r"U\+0000"):
        loads_document(text, json_text=True)
    text = '{"value_stream": {"name": "x\ufffey"}}'  # raw, no escape: JSON allows it
    with pytest.raises(VsmError, match=r"value_stream\.name: the text holds the character U\+FFFE"):
        loads_document(text, json_text=True)


@pytest.mark.parametrize("verb", ["evaluate", "new", "export"])
def test_every_verb_refuses_yaml_control_characters(tmp_path, verb):
    model = _yaml_with(tmp_path, {'name: "Credit Check"': 'name: "Credit\\0Check"'})
    out = tmp_path / "out.xlsx"
    args = {"evaluate": ("evaluate", model), "new": ("new", "--from", model, "-o", out),
            "export": ("export", model, "--to", "json", "-o", tmp_path / "out.json")}[verb]
    result = _cli(*args)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert "value_stream.current_state.steps[1].name" in result.stderr
    assert "U+0000" in result.stderr
    assert not out.exists() and not (tmp_path / "out.json").exists()
    assert not list(tmp_path.glob(".*.tmp"))


def test_convert_refuses_csv_control_characters_naming_the_cell(tmp_path):
    source = tmp_path / "team.csv"
    source.write_bytes(b"Step;Owner;PT (min);LT (h)\nOrder entry;Sales;15;2\nShip;Log\x07istics;10;24\n")
    result = _cli("convert", source, "-o", tmp_path / "out")
    assert "Traceback" not in result.stderr
    assert "team!B3: the text holds the control character U+0007" in result.stdout + result.stderr
    assert not list((tmp_path / "out").glob("*.xlsx"))


def test_convert_refuses_escaped_control_characters_of_a_workbook(tmp_path):
    """python-calamine decodes ``_x0001_`` (the way Excel stores a control character) into the
    character itself: refused naming the cell, not IllegalCharacterError from the writer."""
    plain = tmp_path / "plain.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Team"
    ws.append(["Step", "PT (min)", "LT (h)"])
    ws.append(["OrderMARKEntry", 15, 2])
    ws.append(["Ship", 10, 24])
    wb.save(plain)
    source = tmp_path / "team.xlsx"
    with zipfile.ZipFile(plain) as zin, zipfile.ZipFile(source, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            zout.writestr(info, data.replace(b"MARK", b"_x0001_"))
    assert b"_x0001_" in zipfile.ZipFile(source).read("xl/worksheets/sheet1.xml")
    from vsm_xl.convert.log import FileLog
    from vsm_xl.convert.sources import open_source
    from vsm_xl.convert.tables import read_stream

    with pytest.raises(InputError, match=r"Team!A2: the text holds the control character U\+0001"):
        read_stream(open_source(source), FileLog("team.xlsx"))
    result = _cli("convert", source, "-o", tmp_path / "out")
    assert "Traceback" not in result.stderr and "IllegalCharacter" not in result.stdout + result.stderr
    assert "Team!A2" in result.stdout + result.stderr


def test_a_model_built_in_python_is_refused_by_the_writers(tmp_path):
    from vsm_xl.workbook.writer import write_template

    stream = read_yaml(EXAMPLES / "order_fulfillment.yaml")
    state = stream.states[0]
    bad = replace(state, steps=(replace(state.steps[0], owner="Sal\x0bes"),) + state.steps[1:])
    stream = replace(stream, states=(bad,) + stream.states[1:])
    with pytest.raises(InputError, match="control character"):
        write_template(tmp_path / "api.xlsx", stream)
    assert not list(tmp_path.iterdir())
    # the streamed writer (large states) refuses it too, naming the cell
    from vsm_xl.workbook.xlsx.patch import Put, cell_xml

    with pytest.raises(InputError, match=r"B9: the text holds the control character U\+000B"):
        cell_xml("", {"r": "B9"}, Put(value="Sal\x0bes"), None, text=True)


# -- failure 3: leading and trailing white space --------------------------------------------

def _indicators_differing_by_white_space(tmp_path: Path) -> Path:
    return _yaml_with(tmp_path, {'"Lead time", group': '"=1+1", group', '"First-pass yield", group':
                                 '"\\t=1+1", group', '"Flow degree", group': '"\\r=1+1", group',
                                 '["Lead time", "First-pass yield", "Flow degree"]': '["=1+1", "\\t=1+1", "\\r=1+1"]'},
                      example="claims_handling.yaml")


def test_names_differing_by_white_space_collide_in_the_yaml_too(tmp_path):
    """The YAML gives the answer the workbook written from it gives (``new --from`` writes a
    model with problems, as ever, for them to be fixed in the workbook)."""
    from vsm_xl.api import analyze_document, read_document

    model = _indicators_differing_by_white_space(tmp_path)
    with pytest.raises(VsmError) as info:
        analyze_document(read_document(model))
    locations = {p.location for p in info.value.problems if "'=1+1' appears twice" in p.message}
    assert {"evaluation.indicators[1].name", "evaluation.indicators[2].name"} <= locations
    in_yaml = sorted(p.message for p in info.value.problems)
    result = _cli("evaluate", model)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "evaluation.indicators[1].name: indicator '=1+1' appears twice" in result.stderr
    out = tmp_path / "new.xlsx"
    assert _cli("new", "--from", model, "-o", out).returncode == 0
    with pytest.raises(VsmError) as info:
        analyze_document(read_document(out))
    in_workbook = sorted(p.message for p in info.value.problems)
    assert in_workbook == in_yaml
    assert sum(m == "indicator '=1+1' appears twice" for m in in_workbook) == 2


def test_a_name_means_the_same_in_yaml_and_in_the_workbook_written_from_it(tmp_path):
    model = _yaml_with(tmp_path, {'name: "Credit Check"': 'name: "\\tCredit Check \\r"',
                                  'owner: "Sales"': 'owner: "  Sales\\n"'})
    from_yaml = read_yaml(model)
    assert from_yaml.states[0].steps[1].name == "Credit Check"
    assert from_yaml.states[0].steps[0].owner == "Sales"
    out = tmp_path / "new.xlsx"
    result = _cli("new", "--from", model, "-o", out)
    assert result.returncode == 0, result.stderr
    back = vsm_xl.load(out)
    assert [s.name for s in back.states[0].steps] == [s.name for s in from_yaml.states[0].steps]
    assert [s.owner for s in back.states[0].steps] == [s.owner for s in from_yaml.states[0].steps]
    # keys of a mapping follow the same rule
    doc = loads_document('value_stream:\n  " name ": x\n  current_state:\n    steps:\n'
                         '      - {name: A, process_time_minutes: 1, lead_time_minutes: 2}\n')
    assert doc.stream.name == "x"
    with pytest.raises(VsmError, match="appears twice once white space"):
        loads_document('value_stream:\n  " name ": x\n  "name": y\n')
