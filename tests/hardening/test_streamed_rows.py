"""Large but legal inputs stream (issue 11): the rows of a large state block are written
straight into the saved sheet XML (vsm_xl.workbook.sheets.row_runs), the YAML step by step. The
streamed workbook must hold exactly what the openpyxl builder writes, read back through
vsm_xl to the figures of the YAML beside it, and open in LibreOffice without error cells; the
YAML text must be what PyYAML writes for the whole document at once."""
from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path

import openpyxl
import pytest
import yaml

import vsm_xl
from tests.support.libreoffice import recalculate_to_csv, soffice_path
from vsm_xl.convert import vocabulary as V
from vsm_xl.convert.log import WARNING, FileLog
from vsm_xl.convert.outputs import write_template_with_notes
from vsm_xl.core.analysis import analyze
from vsm_xl.io import yaml_io
from vsm_xl.io.interchange_write import stream_to_dict
from vsm_xl.io.yaml_io import dump_yaml, read_yaml, stream_from_dict, write_yaml
from vsm_xl.workbook.layout import template_layout as L
from vsm_xl.workbook.layout import map_layout as M

ROOT = Path(__file__).resolve().parents[2]
ERRORS = ("#NAME?", "#N/A", "#VALUE!", "#REF!", "#DIV/0!", "#NUM!", "#NULL!", "Err:")


def _step(i: int) -> dict:
    step = {"name": f"Step {i}", "owner": f"Team {i % 5}", "process_time_minutes": 1 + i % 17,
            "lead_time_hours": 1 + i % 9, "complete_accurate_percent": 80 + i % 21, "inventory": i % 40}
    if i % 7 == 3:
        step["position"] = 100 + i // 2  # parallel branches: two steps share a position
    if i % 11 == 0:
        step["waste_types"] = [{"type": "waiting", "description": "batch"}, "motion"]
    if i % 13 == 0:
        step["changeover_minutes"] = 10
        step["resources"] = 2
    return step


def _stream(n: int):
    steps = [_step(i) for i in range(n)]
    steps[5]["name"] = "=HYPERLINK(\"http://x\",\"click\")"  # user text that looks like a formula ...
    steps[6]["name"] = "#N/A"  # ... or an error value: it stays text
    steps[7]["notes"] = "@SUM(1)"
    steps[8]["is_bottleneck"] = True
    doc = {"value_stream": {
        "name": "Large", "current_state": {"steps": steps},
        "future_state": {"steps": [_step(i) for i in range(8)]},
        "target_states": [{"name": "Big target", "steps": [_step(i) for i in range(n // 2)]}],
    }}
    return stream_from_dict(doc)


def _contents(path: Path, data_only: bool) -> dict:
    """Every cell (value, type, number format, font, fill, border, alignment, protection), the
    validations, merged cells, conditional formats, comments, defined names and print setup."""
    wb = openpyxl.load_workbook(path, data_only=data_only)
    out: dict = {"names": sorted((n, d.attr_text) for n, d in wb.defined_names.items()),
                 "sheets": wb.sheetnames}
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                if c.value is None and not c.has_style and c.comment is None:
                    continue
                value = c.value
                if hasattr(value, "text"):  # an array formula
                    value = ("array", value.ref, value.text)
                out[(ws.title, c.coordinate)] = (
                    value, c.data_type, c.number_format, repr(c.font), repr(c.fill), repr(c.border),
                    repr(c.alignment), repr(c.protection), c.comment.text if c.comment else None)
        out[(ws.title, "validations")] = sorted((str(d.sqref), d.type, d.formula1, d.formula2)
                                                for d in ws.data_validations.dataValidation)
        out[(ws.title, "merged")] = sorted(str(m) for m in ws.merged_cells.ranges)
        out[(ws.title, "conditional")] = sorted((str(r.sqref), repr(r.rules)) for r in ws.conditional_formatting)
        out[(ws.title, "print")] = (ws.print_area, ws.print_title_rows, ws.page_setup.orientation,
                                    ws.page_setup.scale, repr(ws.row_breaks.brk), ws.freeze_panes,
                                    ws.dimensions, len(ws._charts))
    return out


def _log_with_notes() -> FileLog:
    log = FileLog("large.csv")
    log.note(WARNING, "a note on a streamed row", "large!C40", subject=("step", 0, 30, V.PROCESS_TIME))
    log.note(WARNING, "a note on the first row", "large!A2", subject=("step", 0, 0, V.STEP))
    return log


@pytest.fixture(scope="module")
def written(tmp_path_factory) -> dict:
    """The same stream written by the openpyxl builder alone and with its rows streamed."""
    tmp = tmp_path_factory.mktemp("streamed")
    stream = _stream(60)
    built, streamed = tmp / "built.xlsx", tmp / "streamed.xlsx"
    write_template_with_notes(stream, built, _log_with_notes())  # 60 steps: below STREAM_OVER
    write_template_with_notes(stream, streamed, _log_with_notes(), stream_over=10)
    return {"stream": stream, "built": built, "streamed": streamed}


@pytest.mark.parametrize("data_only", [False, True], ids=["formulas", "saved results"])
def test_streamed_workbook_holds_what_the_builder_writes(written, data_only):
    built, streamed = _contents(written["built"], data_only), _contents(written["streamed"], data_only)
    assert len(built) > 5000
    differ = sorted((k for k in set(built) | set(streamed) if built.get(k) != streamed.get(k)), key=str)
    assert differ == [], [(k, built.get(k), streamed.get(k)) for k in differ[:5]]


def test_new_from_a_large_model_streams_too(tmp_path, monkeypatch):
    """`vsm-xl new --from` (write_template) takes the streamed path for a large model: the same
    workbook as the builder's."""
    from vsm_xl.workbook.sheets import row_runs
    from vsm_xl.workbook import writer

    stream = _stream(40)
    writer._save_built(stream, None, tmp_path / "built.xlsx")
    monkeypatch.setattr(row_runs, "STREAM_OVER", 10)
    calls = []
    monkeypatch.setattr(writer, "_save_built", lambda *a: calls.append(a))
    writer.write_template(tmp_path / "streamed.xlsx", stream)
    assert calls == []
    for data_only in (False, True):
        assert _contents(tmp_path / "built.xlsx", data_only) == _contents(tmp_path / "streamed.xlsx", data_only)


def test_streamed_rows_are_in_the_package_not_in_openpyxl(written):
    """The streamed path really streams: the large blocks' rows after the first are written as
    inline strings (the openpyxl builder writes shared strings), user text never a formula."""
    with zipfile.ZipFile(written["streamed"]) as zf:
        xml = b"".join(zf.read(n) for n in zf.namelist() if n.startswith("xl/worksheets/sheet"))
    assert b'<is><t>Step 40</t></is>' in xml
    assert b'<is><t>=HYPERLINK("http://x","click")</t></is>' in xml  # text, not ...
    assert b"<f>HYPERLINK" not in xml  # ... a formula
    read = vsm_xl.load(written["streamed"])
    assert read.current_state.steps[5].name == "=HYPERLINK(\"http://x\",\"click\")"
    assert read.current_state.steps[6].name == "#N/A"


def test_map_draws_at_most_its_limit_and_says_so(tmp_path):
    stream = _stream(M.MAP_MAX_POSITIONS + 30)
    path = tmp_path / "wide.xlsx"
    write_template_with_notes(stream, path, FileLog("wide.csv"), stream_over=50)
    ws = openpyxl.load_workbook(path)[M.MAP]
    hint = ws.cell(row=M.MAP_FIRST_ROW + 1, column=1).value
    groups = len(M.plan_groups(range(len(stream.current_state.steps)),
                               [s.position for s in stream.current_state.steps]))
    assert f"first {M.MAP_MAX_POSITIONS} of {groups} flow positions" in hint
    assert ws.max_column == 1 + 2 * M.MAP_MAX_POSITIONS + 3  # label, gap/box per position, gap, totals


@pytest.fixture(scope="module")
def converted(tmp_path_factory) -> dict:
    """A 3,000-row team sheet (above STREAM_OVER) through `vsm-xl convert`."""
    from click.testing import CliRunner

    from vsm_xl.cli import cli
    from vsm_xl.workbook.sheets.row_runs import STREAM_OVER

    rows = 3_000
    assert rows > STREAM_OVER
    tmp = tmp_path_factory.mktemp("convert")
    source = tmp / "team.csv"
    with source.open("w", encoding="utf-8") as f:
        f.write("Step;Owner;Process time;Lead time;%C&A;Inventory;Notes\n")
        for i in range(rows):
            f.write(f"Step {i};Team {i % 7};{1 + i % 60} min;{1 + i % 48} h;{80 + i % 21} %;{i % 500};note {i}\n")
    result = CliRunner().invoke(cli, ["convert", str(source), "-o", str(tmp / "out")])
    assert result.exit_code == 0, result.output
    return {"xlsx": tmp / "out" / "team.xlsx", "yaml": tmp / "out" / "team.yaml", "rows": rows, "tmp": tmp}


def test_streamed_convert_reads_back_to_the_yaml_figures(converted):
    from_xlsx, from_yaml = vsm_xl.load(converted["xlsx"]), vsm_xl.load(converted["yaml"])
    assert len(from_xlsx.current_state.steps) == converted["rows"]
    assert from_xlsx.states == from_yaml.states
    a, b = analyze(from_xlsx), analyze(from_yaml)
    for x, y in zip(a.states, b.states):
        assert (x.total_process_time, x.total_lead_time, x.flow_efficiency, x.capacity_constraint,
                x.largest_delay, x.wip_total) == (y.total_process_time, y.total_lead_time, y.flow_efficiency,
                                                  y.capacity_constraint, y.largest_delay, y.wip_total)
    # the saved results of the Steps sheet are the batch's figures (shown without the add-in)
    ws = openpyxl.load_workbook(converted["xlsx"], data_only=True)[L.STEPS]
    block = None
    for r in range(1, 40):
        if ws.cell(row=r, column=L.MARKER_COL).value == L.STATE_MARKER:
            block = L.plan_block(r, converted["rows"] + L.SPARE_STEPS)
            break
    assert block is not None
    steps = from_yaml.current_state.steps
    for k in (0, 1, 1234, converted["rows"] - 1):
        r = block.first_row + k
        assert ws.cell(row=r, column=block.columns["pt_min"]).value == steps[k].process_time
        assert ws.cell(row=r, column=block.columns["wt"]).value == pytest.approx(steps[k].wait_time)
    assert ws.cell(row=block.total_row, column=block.columns["pt_min"]).value == a.states[0].total_process_time
    assert ws.cell(row=block.last_row, column=block.columns["pt_min"]).value in ("", None)  # a spare row


@pytest.mark.skipif(soffice_path() is None, reason="LibreOffice not installed")
def test_libreoffice_opens_the_streamed_workbook_without_error_cells(converted):
    sheets = recalculate_to_csv(converted["xlsx"], converted["tmp"] / "lo", recalc="never", timeout=300)
    for name in (L.STEPS, M.CHARTS, M.MAP):
        bad = [(r, c, v) for r, row in enumerate(sheets[name], 1) for c, v in enumerate(row, 1)
               if v.startswith(ERRORS)]
        assert bad == [], (name, bad[:5])
    steps = sheets[L.STEPS]
    assert sum(1 for row in steps if row[1].startswith("Step ")) == converted["rows"]
    yaml_doc = yaml.safe_load(converted["yaml"].read_text())
    total = yaml_doc["value_stream"]["current_state"]["total_process_time_minutes"]
    total_row = next(row for row in steps if row[0] == L.TOTAL_MARKER)
    assert any(cell.replace(",", "") in (str(total), f"{total:.1f}", f"{total:.2f}") for cell in total_row), total_row


# -- YAML ---------------------------------------------------------------------------------------
def _whole_document_text(stream, analysis) -> str:
    """The YAML as PyYAML writes the whole document at once (the dump before steps streamed)."""
    text = yaml.dump(stream_to_dict(stream, analysis), Dumper=yaml_io._Dumper, sort_keys=False,
                     allow_unicode=True, default_flow_style=False, width=100)
    return (yaml_io._HEADER if analysis is not None else "") + text


@pytest.mark.parametrize("source", ["order_fulfillment.yaml", "claims_handling_team.yaml", "large"])
def test_yaml_written_step_by_step_is_the_same_text(tmp_path, source):
    stream = _stream(300) if source == "large" else read_yaml(ROOT / "examples" / source)
    analysis = analyze(stream)
    for a in (analysis, None):
        expected = _whole_document_text(stream, a)
        assert dump_yaml(stream, a) == expected
        write_yaml(stream, tmp_path / "out.yaml", a)
        assert (tmp_path / "out.yaml").read_text(encoding="utf-8") == expected
        assert read_yaml(tmp_path / "out.yaml") == stream


def test_yaml_odd_text_survives_step_by_step(tmp_path):
    """Line separators, quotes and long names are emitted the same inside the streamed steps."""
    doc = {"value_stream": {"name": "Odd", "current_state": {"steps": [
        {"name": "a\u2028b", "process_time_minutes": 1, "lead_time_hours": 1},
        {"name": "x" * 150, "owner": "it's: \"quoted\"", "process_time_minutes": 2, "lead_time_hours": 1,
         "notes": "- not a list\n  two lines"},
        {"name": "[]", "process_time_minutes": 2, "lead_time_hours": 1, "position": 3},
    ]}}}
    stream = stream_from_dict(doc)
    expected = _whole_document_text(stream, analyze(stream))
    out = io.StringIO()
    yaml_io._dump_yaml(stream, analyze(stream), out)
    assert out.getvalue() == expected
    path = tmp_path / "odd.yaml"
    write_yaml(stream, path, analyze(stream))
    assert read_yaml(path) == stream
    doc["value_stream"]["future_state"] = {"steps": []}  # an empty state: `steps: []`, as before
    stream = stream_from_dict(doc)
    assert dump_yaml(stream) == _whole_document_text(stream, None)
    assert "steps: []" in dump_yaml(stream)


def test_stopped_yaml_write_leaves_no_file(tmp_path, monkeypatch):
    """The streamed write is atomic: a failure midway leaves neither a partial file nor a temporary."""
    stream = _stream(50)
    calls = {"n": 0}
    real = yaml_io.StepDicts.__iter__

    def failing(self):
        for item in real(self):
            calls["n"] += 1
            if calls["n"] == 20:
                raise KeyboardInterrupt
            yield item

    monkeypatch.setattr(yaml_io.StepDicts, "__iter__", failing)
    with pytest.raises(KeyboardInterrupt):
        write_yaml(stream, tmp_path / "out.yaml", analyze(stream))
    assert list(tmp_path.iterdir()) == []
    shutil.rmtree(tmp_path, ignore_errors=True)
