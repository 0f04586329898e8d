"""The cell functions in Pyodide, the Python of xlwings Lite (issue 10): a wheel of this
checkout and the pure-Python xlwings wheel loaded from local files into the npm package
``pyodide`` under Node; every worked example of METHOD.md (tests/support/udf_cases.py, the
inputs tests/test_udfs.py checks against the published figures) run there through every cell
function and compared with CPython, exactly or within 1e-12 for floats. Importing the functions
must pull nothing beyond the standard library, xlwings and vsm_xl."""
from __future__ import annotations

import json
import math
import os

import pytest

from tests.support import pyodide
from tests.support.udf_cases import function_help, worked_examples
from tests.support.wheels import download_xlwings_wheel
from vsm_xl import udfs

CASES = os.path.join(os.path.dirname(__file__), "support", "udf_cases.py")
TOLERANCE = 1e-12
BASE_SET = {"vsm_xl", "xlwings"}  # besides the standard library

# Runs inside Pyodide: import the functions (timed, modules recorded), then the worked examples.
IN_PYODIDE = """
import json, sys, time
before = set(sys.modules)
started = time.perf_counter()
from vsm_xl import udfs
import_seconds = time.perf_counter() - started
new = sorted({name.split(".")[0] for name in set(sys.modules) - before})
import udf_cases
json.dumps({
    "help": udf_cases.function_help(udfs),
    "python": sys.version.split()[0],
    "platform": sys.platform,
    "start_seconds": PYODIDE_START_SECONDS,
    "import_seconds": import_seconds,
    "new_modules": new,
    "outside_base": [m for m in new if m not in sys.stdlib_module_names and m not in %r],
    "examples": udf_cases.worked_examples(udfs),
})
""" % (sorted(BASE_SET),)


@pytest.fixture(scope="module")
def lite(vsm_wheel, tmp_path_factory):
    reason = pyodide.unavailable_reason()
    if reason:
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(f"CI needs Pyodide for the xlwings Lite test: {reason}")
        pytest.skip(reason)
    xlwings = download_xlwings_wheel(tmp_path_factory.mktemp("xlwings"), pyodide.python_version())
    return json.loads(pyodide.run(IN_PYODIDE, [xlwings, vsm_wheel], {"udf_cases.py": CASES}))


def same(a, b) -> bool:
    """Equal, floats within TOLERANCE (relative for large ones), nested lists element by element."""
    if isinstance(a, float) or isinstance(b, float):
        return (isinstance(a, (int, float)) and isinstance(b, (int, float)) and not isinstance(a, bool)
                and not isinstance(b, bool) and math.isclose(a, b, rel_tol=TOLERANCE, abs_tol=TOLERANCE))
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    return a == b


def test_runs_in_pyodide_with_the_python_of_lite(lite, figures):
    assert lite["platform"] == "emscripten"
    assert lite["python"].startswith(pyodide.python_version())
    figures.append(f"Pyodide {pyodide.pyodide_version()} (Python {lite['python']}): start {lite['start_seconds']:.2f} s, "
                   f"`from vsm_xl import udfs` {lite['import_seconds'] * 1000:.0f} ms")


def test_importing_the_functions_pulls_only_the_base_set(lite):
    assert lite["outside_base"] == [], lite["new_modules"]
    assert "vsm_xl" in lite["new_modules"] and "xlwings" in lite["new_modules"]
    assert not {"numpy", "pandas", "openpyxl", "click", "rich", "yaml"} & set(lite["new_modules"])


def test_every_worked_example_gives_the_same_result_as_in_cpython(lite):
    expected = json.loads(json.dumps(worked_examples(udfs)))
    assert [label for label, _ in lite["examples"]] == [label for label, _ in expected]
    different = [(label, got, want) for (label, got), (_, want) in zip(lite["examples"], expected)
                 if not same(got, want)]
    assert different == []


def test_the_functions_carry_the_same_help_in_pyodide(lite):
    """What Lite shows comes from the decorators' record: the one-line description and every
    argument's doc, the same as the catalogue (`vsm-xl functions`) prints in CPython."""
    assert lite["help"] == json.loads(json.dumps(function_help(udfs)))
    assert all(description and all(doc for _, doc, _ in arguments)
               for description, arguments in lite["help"].values())


def test_the_worked_examples_reach_every_cell_function():
    called = {label.split()[0] for label, _ in worked_examples(udfs)}
    assert called == set(udfs.__all__)
