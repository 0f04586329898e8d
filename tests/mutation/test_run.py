"""The mutation run's verdict (tests/mutation/run.py): an unexplained survivor, or a mutant no
test reaches, fails the run; a survivor whose changed lines are all listed in equivalent.txt
under its module does not; the list is read by module."""
from __future__ import annotations

from tests.mutation import run

DIFF = """# vsm_xl.core.pairwise.x_f__mutmut_1: survived
--- vsm_xl/core/pairwise.py
+++ vsm_xl/core/pairwise.py
@@ -1,3 +1,3 @@
-    return  a + b
+    return a   -  b
"""


def test_an_unexplained_survivor_fails(capsys, monkeypatch):
    monkeypatch.setattr(run, "equivalents", lambda: set())
    results = [("vsm_xl.core.pairwise", {"m1": "killed", "m2": "survived"}, {"m2": DIFF})]
    assert run._report(results, 0.0) == 1
    out = capsys.readouterr()
    assert "unexplained 1" in out.out and "SURVIVED: m2" in out.err


def test_a_listed_equivalent_passes_only_under_its_module(monkeypatch):
    monkeypatch.setattr(run, "equivalents", lambda: {("vsm_xl.core.pairwise", "+return a - b")})
    assert run._report([("vsm_xl.core.pairwise", {"m": "survived"}, {"m": DIFF})], 0.0) == 0
    assert run._report([("vsm_xl.core.benefits", {"m": "survived"}, {"m": DIFF})], 0.0) == 1
    assert run._report([("vsm_xl.core.pairwise", {"m": "no tests"}, {"m": DIFF.replace("-  b", "*  b")})], 0.0) == 1


def test_the_list_of_equivalents_is_read_by_module(tmp_path, monkeypatch):
    listed = tmp_path / "equivalent.txt"
    listed.write_text("# why\n## vsm_xl.io.atomic\n# because\n+    x  =  1\n## vsm_xl.core.pairwise\n+y\n",
                      encoding="utf-8")
    monkeypatch.setattr(run, "EQUIVALENT", listed)
    assert run.equivalents() == {("vsm_xl.io.atomic", "+x = 1"), ("vsm_xl.core.pairwise", "+y")}


def test_every_module_has_fast_tests_that_exist():
    for module, tests in run.MODULE_TESTS.items():
        assert (run.ROOT / module).is_file()
        assert tests and all((run.ROOT / test).is_file() for test in tests)
    assert set(run.SETS["ci"]) <= set(run.SETS["all"]) == set(run.MODULE_TESTS)


def test_the_listed_equivalents_name_modules_of_the_run():
    modules = {module.removesuffix(".py").replace("/", ".") for module in run.MODULE_TESTS}
    assert {module for module, _ in run.equivalents()} <= modules
