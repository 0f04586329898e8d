"""Issue 21, failure 1: the worksheet budgets (rows, filled cells) are enforced by every reader
(the package reader of evaluate and portfolio, python-calamine's team sheets in convert) with one
implementation (vsm_xl.workbook.xlsx.scan.check_sheets), before memory is spent: a 3,000,000-row
sheet is refused in under 2 s and 300 MB by every verb, and --max-rows / --max-cells apply."""
from __future__ import annotations

import zipfile

import pytest

from tests.hardening.big_sheets import many_rows_xlsx, measured
from vsm_xl.core import limits
from vsm_xl.core.errors import VsmError

VERBS = {
    "evaluate": lambda path, out: ["evaluate", path],
    "convert": lambda path, out: ["convert", path, "-o", out, "-j", "1"],
    "portfolio": lambda path, out: ["portfolio", path, "-o", out.with_suffix(".csv")],
}


@pytest.fixture(scope="module")
def three_million(tmp_path_factory):
    folder = tmp_path_factory.mktemp("rows")
    return (many_rows_xlsx(folder / "huge.xlsx", 3_000_000),
            many_rows_xlsx(folder / "huge_dim.xlsx", 3_000_000, dimension=True))


@pytest.mark.parametrize("verb", sorted(VERBS))
def test_three_million_rows_are_refused_fast_by_every_verb(verb, three_million, tmp_path):
    for path in three_million:
        seconds, peak, code, out = measured(VERBS[verb](path, tmp_path / path.stem), tmp_path)
        assert code == 1 and "Traceback" not in out, out
        assert f"{path.name}: worksheet xl/worksheets/sheet1.xml" in out and "--max-rows" in out, out
        assert "over the budget of 100,000 rows per table" in out, out
        assert seconds < 2 and peak < 300, (verb, path.name, seconds, peak)


@pytest.mark.parametrize("verb", sorted(VERBS))
def test_max_rows_and_max_cells_apply_to_every_verb(verb, tmp_path):
    path = many_rows_xlsx(tmp_path / "team.xlsx", 5_000)
    dim = many_rows_xlsx(tmp_path / "team_dim.xlsx", 5_000, dimension=True)
    for given in (path, dim):
        _, _, code, out = measured(["--max-rows", "1000", *VERBS[verb](given, tmp_path / given.stem)], tmp_path)
        assert code == 1 and "over the budget of 1,000 rows per table" in out, out
    _, _, code, out = measured(["--max-cells", "3000", *VERBS[verb](path, tmp_path / "cells")], tmp_path)
    assert code == 1 and "filled cells, over the budget of 3,000 cells" in out and "--max-cells" in out, out


def test_a_dimension_is_believed_and_counting_stops_at_the_budget(tmp_path):
    from vsm_xl.workbook.xlsx.scan import check_sheets

    path = many_rows_xlsx(tmp_path / "small.xlsx", 150)
    with zipfile.ZipFile(path) as zf:
        check_sheets(path, zf, zf.infolist())  # within every budget
        with limits.using(max_rows=10):
            with pytest.raises(VsmError, match="more than 110 rows"):
                check_sheets(path, zf, zf.infolist())
    dim = many_rows_xlsx(tmp_path / "dim.xlsx", 150, dimension=True)
    with zipfile.ZipFile(dim) as zf, limits.using(max_rows=10):
        with pytest.raises(VsmError, match=r"its dimension A1:C151\): 151 rows"):
            check_sheets(dim, zf, zf.infolist())


def test_shared_strings_count_against_the_cells_budget(tmp_path):
    from vsm_xl.workbook.xlsx.scan import check_sheets

    path = many_rows_xlsx(tmp_path / "strings.xlsx", 10)
    with zipfile.ZipFile(path, "a") as zf:
        zf.writestr("xl/sharedStrings.xml", '<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/'
                    'spreadsheetml/2006/main">' + "<si><t>x</t></si>" * 3_000 + "</sst>")
    with zipfile.ZipFile(path) as zf, limits.using(max_cells=2_500):
        with pytest.raises(VsmError, match="shared string table xl/sharedStrings.xml: more than 2,500 strings"):
            check_sheets(path, zf, zf.infolist())


def many_steps_yaml(path, steps: int, flow: bool = False):
    with path.open("w", encoding="utf-8") as f:
        f.write('value_stream:\n  name: "Many steps"\n  current_state:\n    steps:')
        if flow:
            f.write(" [" + ", ".join(f'{{name: "S{i}", process_time_minutes: 1, lead_time_hours: 2}}'
                                     for i in range(steps)) + "]\n")
        else:
            f.write("\n" + "".join(f'      - {{name: "Step {i}", process_time_minutes: {1 + i % 60}, '
                                   f'lead_time_hours: {1 + i % 48}}}\n' for i in range(steps)))
    return path


@pytest.mark.parametrize("verb", ["new", "evaluate"])
def test_a_model_of_too_many_steps_is_refused_before_it_is_built(verb, tmp_path):
    """new --from took 24 s and 813 MB for 200,000 steps, then named its temporary file."""
    path = many_steps_yaml(tmp_path / "steps.yaml", 200_000)
    args = ["new", "--from", path, "-o", tmp_path / "steps.xlsx"] if verb == "new" else ["evaluate", path]
    seconds, peak, code, out = measured(args, tmp_path)
    assert code == 1 and "steps.yaml: the list starting at line 5: more than 100,100 rows" in out, out
    assert "--max-rows" in out and seconds < 2 and peak < 300, (seconds, peak)
    assert not (tmp_path / "steps.xlsx").exists()


def test_every_model_list_counts_against_the_rows_budget(tmp_path):
    from vsm_xl.io.yaml_io import read_yaml_document

    block = many_steps_yaml(tmp_path / "block.yaml", 150)
    flow = many_steps_yaml(tmp_path / "flow.yaml", 150, flow=True)
    as_json = tmp_path / "steps.json"
    as_json.write_text('{"value_stream": {"name": "x", "current_state": {"steps": ['
                       + ", ".join(f'{{"name": "S{i}", "process_time_minutes": 1, "lead_time_hours": 2}}' for i in range(150)) + "]}}}")
    for path in (block, flow, as_json):
        assert read_yaml_document(path)  # within the budget
        with limits.using(max_rows=10), pytest.raises(VsmError, match="over the budget of 10 rows per table"):
            read_yaml_document(path)
