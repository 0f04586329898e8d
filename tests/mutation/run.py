"""Mutation testing (mutmut) over the safety modules and the core's figures: every mutant of their
code must be killed by a fast test, or be listed in ``equivalent.txt`` with the reason it cannot be
(an equivalent mutant: the program behaves the same).

    python -m tests.mutation.run              # the CI set (scripts/test.sh runs it)
    python -m tests.mutation.run --all        # all six modules (the score in the closing notes)
    python -m tests.mutation.run --module vsm_xl/core/pairwise.py [--keep DIR]

Each module is mutated on its own copy of the checkout (git's files; mutmut writes its
``mutants/`` there) and each of its mutants runs only the few fast test files that cover that
module (``MODULE_TESTS``: no spreadsheet engine, browser or subprocess; mutmut runs them with -x
and, per mutant, only the tests that reach the mutated function). The run prints ``killed,
survived, no tests, timeout`` per module and every unexplained survivor's diff, and exits 1 when a
mutant that is not listed as equivalent survives or is reached by no test.
"""
from __future__ import annotations

import argparse
import re
import shutil
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
EQUIVALENT = Path(__file__).with_name("equivalent.txt")

# module -> the fast test files that check it against independent expectations; a mutant of the
# module runs these and nothing else
MODULE_TESTS = {
    "vsm_xl/io/safe_text.py": ("tests/io/test_safe_text.py",),
    "vsm_xl/io/atomic.py": ("tests/io/test_atomic.py",),
    "vsm_xl/workbook/xlsx/patch.py": ("tests/workbook/test_patch_parts.py",),
    "vsm_xl/core/pairwise.py": ("tests/core/test_pairwise.py",),
    "vsm_xl/core/state_metrics.py": ("tests/core/test_state_metrics.py", "tests/core/test_state_metrics_checks.py",
                                     "tests/core/test_stated.py"),
    "vsm_xl/core/benefits.py": ("tests/core/test_benefits.py",),
}
SETS = {
    # what CI runs (scripts/test.sh): the safety modules, i.e. the text rule, the writes, the
    # patching of a user's sheets, and the weights: 2,079 mutants, about 3 min on two idle cores
    # (patch alone 1,503 mutants, 137 s); core/state_metrics and core/benefits run in the full
    # set, kept out of CI for its 15 minutes (the whole CI run was 9.7 min without patch)
    "ci": ("vsm_xl/io/safe_text.py", "vsm_xl/io/atomic.py", "vsm_xl/workbook/xlsx/patch.py",
           "vsm_xl/core/pairwise.py"),
    "all": tuple(MODULE_TESTS),
}
COPY = ("examples", "workbook_templates", "docs", "SECURITY.md", "README.md")


def _config(module: str) -> str:
    def toml(items):
        return "[" + ", ".join(f'"{item}"' for item in items) + "]"

    return (f"\n[tool.mutmut]\nsource_paths = [\"vsm_xl\"]\nonly_mutate = {toml([module])}\n"
            f"pytest_add_cli_args_test_selection = {toml(MODULE_TESTS[module])}\n"
            f"pytest_add_cli_args = [\"-p\", \"no:xdist\", \"-q\", \"-p\", \"no:cacheprovider\"]\n"
            f"also_copy = {toml(COPY)}\n")


def copy_checkout(target: Path, module: str) -> None:
    # git's files and the new ones not ignored (a test being written counts)
    files = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=ROOT,
                           capture_output=True, check=True).stdout
    for name in filter(None, files.decode().split("\0")):
        source = ROOT / name
        if source.is_file() and "node_modules" not in name:
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    with open(target / "pyproject.toml", "a", encoding="utf-8") as f:
        f.write(_config(module))


def equivalents() -> set[tuple[str, str]]:
    """``(module, normalised changed lines)`` of the mutants explained as equivalent."""
    found = set()
    module = None
    for line in EQUIVALENT.read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            module = line[3:].strip()
        elif line.startswith(("-", "+")) and module:
            found.add((module, _normal(line)))
    return found


def _normal(line: str) -> str:
    return line[0] + " ".join(line[1:].split())


def changed_lines(diff: str) -> list[str]:
    return [_normal(line) for line in diff.splitlines()
            if line.startswith(("-", "+")) and not line.startswith(("---", "+++"))]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    which = parser.add_mutually_exclusive_group()
    which.add_argument("--set", choices=sorted(SETS), default="ci")
    which.add_argument("--all", action="store_const", dest="set", const="all", help="all six modules")
    which.add_argument("--module", choices=sorted(MODULE_TESTS), help="one module")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it (mutmut's results)")
    args = parser.parse_args(argv)
    mutmut = shutil.which("mutmut", path=str(Path(sys.executable).parent)) or shutil.which("mutmut")
    if mutmut is None:
        print("mutmut is not installed (pip install mutmut)", file=sys.stderr)
        return 2
    started = time.perf_counter()
    work = args.keep or Path(tempfile.mkdtemp(prefix="vsm-mutation-"))
    results = []
    try:
        for module in (args.module,) if args.module else SETS[args.set]:
            folder = work / Path(module).stem
            found = _run_module(mutmut, folder, module, args.jobs)
            if found is None:
                return 2
            results.append(found)
        return _report(results, started)
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)


def _run_module(mutmut: str, folder: Path, module: str, jobs: int):
    """mutmut over ``module`` in ``folder``: ``(module, mutant statuses, survivors' diffs)``, or None
    when the tests do not pass on the unmutated code."""
    began = time.perf_counter()
    if not (folder / "pyproject.toml").exists():
        folder.mkdir(parents=True, exist_ok=True)
        copy_checkout(folder, module)
    # without CI: under it tests/conftest.py demands the spreadsheet engine, browser and npm
    # packages of the whole suite, which the fast tests of a module need none of (and the copy
    # has no node_modules)
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    run = subprocess.run([mutmut, "run", "--max-children", str(jobs)], cwd=folder,
                         capture_output=True, text=True, env=env)
    listing = subprocess.run([mutmut, "results", "--all", "true"], cwd=folder, capture_output=True,
                             text=True).stdout
    if run.returncode not in (0, 1) or " not checked" in listing or not _LINE.search(listing):
        print((run.stdout + run.stderr)[-4000:], file=sys.stderr)
        print(f"mutmut could not run the tests of {module} (on the unmutated code they must pass)",
              file=sys.stderr)
        return None
    statuses = {}
    diffs = {}
    for line in listing.splitlines():
        match = _LINE.match(line)
        if match:
            statuses[match["name"]] = match["status"].strip()
            if statuses[match["name"]] in ("survived", "no tests"):
                diffs[match["name"]] = subprocess.run([mutmut, "show", match["name"]], cwd=folder,
                                                      capture_output=True, text=True).stdout
    name = module.removesuffix(".py").replace("/", ".")
    print(f"{name}: {len(statuses)} mutants in {time.perf_counter() - began:.0f} s", flush=True)
    return name, statuses, diffs


_LINE = re.compile(r"^\s*(?P<name>[\w.ǁ]+__mutmut_\d+): (?P<status>.+)$", re.M)


def _report(results, started: float) -> int:
    known = equivalents()
    total = Counter()
    bad = []
    for module, statuses, diffs in results:
        count = Counter(statuses.values())
        for name, diff in diffs.items():
            lines = [line for line in changed_lines(diff) if line.startswith("+")]
            if lines and all((module, line) in known for line in lines):
                count["equivalent (listed)"] += 1
            else:
                bad.append((name, statuses[name], diff))
        total.update(count)
        print(f"{module}: " + ", ".join(f"{k} {v}" for k, v in sorted(count.items())))
    killed = total["killed"]
    scored = sum(v for k, v in total.items() if k != "equivalent (listed)")
    print(f"mutation: {scored} mutants, killed {killed} ({killed / max(scored - total['equivalent (listed)'], 1):.1%} "
          f"of those not equivalent), equivalent {total['equivalent (listed)']}, unexplained {len(bad)} "
          f"({time.perf_counter() - started:.0f} s)")
    for name, status, diff in bad:
        print(f"\n{status.upper()}: {name}\n{diff}", file=sys.stderr)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
