"""`vsm-xl functions`: the catalogue is read from the real cell functions' metadata."""
from __future__ import annotations

import json

from click.testing import CliRunner

from vsm_xl import udfs
from vsm_xl.cli import cli


def run(*args, width=400):
    # a wide terminal, so that rich's table does not wrap the lines looked for
    return CliRunner().invoke(cli, ["functions", *args], env={"COLUMNS": str(width)})


def test_json_lists_every_function_with_its_arguments_from_the_metadata():
    result = run("--format", "json")
    assert result.exit_code == 0, result.output
    entries = json.loads(result.output)["functions"]
    assert [e["name"] for e in entries] == udfs.__all__
    by_name = {e["name"]: e for e in entries}
    pb = by_name["VSM_PARTIAL_BENEFIT"]
    assert pb["signature"] == "VSM_PARTIAL_BENEFIT(values, worst, best, [function], [curvature])"
    assert pb["category"] == "VSM"
    assert pb["help"] == udfs.VSM_PARTIAL_BENEFIT.__doc__.strip()
    assert [(a["name"], a["optional"], a["default"]) for a in pb["arguments"]] == [
        ("values", False, None), ("worst", False, None), ("best", False, None),
        ("function", True, "linear"), ("curvature", True, None)]
    for entry in entries:
        meta = getattr(udfs, entry["name"]).__xlfunc__
        assert [a["doc"] for a in entry["arguments"]] == [a["doc"] for a in meta["args"]]
    assert by_name["VSM_WBF"]["signature"] == "VSM_WBF(monetary_benefit, non_monetary_benefit)"
    assert by_name["VSM_BOTTLENECK"]["signature"] == ("VSM_BOTTLENECK(step_names, process_times, lead_times, [kind], "
                                                      "[resources], [number_unit], [hours_per_day], [days_per_week])")
    assert by_name["VSM_DURATION"]["arguments"][1] == {
        "name": "unit", "optional": True, "default": "min",
        "doc": udfs.VSM_DURATION.__xlfunc__["argmap"]["unit"]["doc"]}


def test_table_shows_signatures_help_and_argument_docs():
    result = run()
    assert result.exit_code == 0, result.output
    for name in udfs.__all__:
        meta = getattr(udfs, name).__xlfunc__
        assert meta["ret"]["doc"].strip() in result.output
        for argument in meta["args"]:
            shown = f"[{argument['name']}]" if "optional" in argument else argument["name"]
            assert f"{shown}: {argument['doc']}" in result.output
    assert "VSM_DURATION(text, [unit], [number_unit], [hours_per_day], [days_per_week])" in result.output
    narrow = run(width=80)  # an ordinary terminal: wrapped, still complete
    assert narrow.exit_code == 0 and "VSM_OVERALL_BENEFIT" in narrow.output


def test_markdown_and_name_filter():
    result = run("--format", "md", "wbf", "VSM_weights")
    assert result.exit_code == 0, result.output
    assert "## `VSM_WBF(monetary_benefit, non_monetary_benefit)`" in result.output
    assert "## `VSM_WEIGHTS(matrix, [names])`" in result.output
    assert "VSM_DURATION" not in result.output
    assert "| `[names]` |  | Indicator names in matrix order" in result.output


def test_unknown_name_is_a_usage_error():
    result = run("VSM_NOPE")
    assert result.exit_code == 2
    assert "no cell function VSM_NOPE" in result.output
