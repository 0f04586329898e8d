"""Mutation testing (mutmut) over the safety modules and the core: every mutant of their code
must be killed by a fast test, or be listed in ``equivalent.txt`` with the reason it cannot be
(an equivalent mutant: the program behaves the same).

    python -m tests.mutation.run [--set safety|core|all] [--jobs 2] [--keep DIR]

The run works on a copy of the checkout (git's files; mutmut writes its ``mutants/`` there),
prints ``killed, survived, no tests, timeout`` per module and every survivor's diff, and exits 1
when a mutant that is not listed as equivalent survives or is reached by no test. CI runs the
safety set (scripts/test.sh); the score of all of it goes into the closing notes.
"""
from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
EQUIVALENT = Path(__file__).with_name("equivalent.txt")

SETS = {
    "safety": ("vsm_xl/io/safe_text.py", "vsm_xl/io/atomic.py", "vsm_xl/workbook/xlsx/patch.py",
               "vsm_xl/core/state_metrics.py", "vsm_xl/core/benefits.py", "vsm_xl/core/pairwise.py"),
}
# what CI runs in a few minutes: the text rule and the core's figures (atomic and patch run in
# the full set: their mutants need the slower writer tests)
SETS["ci"] = ("vsm_xl/io/safe_text.py", "vsm_xl/core/state_metrics.py", "vsm_xl/core/benefits.py",
              "vsm_xl/core/pairwise.py")
SETS["core"] = tuple(sorted(str(p.relative_to(ROOT)) for p in (ROOT / "vsm_xl" / "core").glob("*.py")
                            if p.name != "__init__.py"))
SETS["all"] = tuple(sorted(set(SETS["safety"]) | set(SETS["core"])))

# the fast tests that exercise these modules (no timing or memory measurements: a mutant run
# is many runs of them on a machine that may be busy)
TESTS = ("tests/core", "tests/io", "tests/test_api.py", "tests/workbook/test_workbook_patch.py",
         "tests/workbook/test_workbook_writer.py", "tests/hardening/test_atomic_watch.py",
         "tests/hardening/test_formula_injection.py", "tests/hardening/test_text_rule.py",
         "tests/hardening/test_stale_temporaries.py", "tests/hardening/test_output_files.py",
         "tests/hardening/test_open_elsewhere.py", "tests/hardening/test_well_formed_copies.py")
COPY = ("examples", "workbook_templates", "docs", "SECURITY.md", "README.md")


def _config(modules) -> str:
    def toml(items):
        return "[" + ", ".join(f'"{item}"' for item in items) + "]"

    return (f"\n[tool.mutmut]\nsource_paths = [\"vsm_xl\"]\nonly_mutate = {toml(modules)}\n"
            f"pytest_add_cli_args_test_selection = {toml(TESTS)}\n"
            f"pytest_add_cli_args = [\"-p\", \"no:xdist\", \"-q\", \"-p\", \"no:cacheprovider\"]\n"
            f"also_copy = {toml(COPY)}\n")


def copy_checkout(target: Path, modules) -> None:
    files = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout
    for name in filter(None, files.decode().split("\0")):
        source = ROOT / name
        if source.is_file() and "node_modules" not in name:
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    with open(target / "pyproject.toml", "a", encoding="utf-8") as f:
        f.write(_config(modules))


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
    parser.add_argument("--set", choices=sorted(SETS), default="ci")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it (mutmut's results)")
    args = parser.parse_args(argv)
    mutmut = shutil.which("mutmut", path=str(Path(sys.executable).parent)) or shutil.which("mutmut")
    if mutmut is None:
        print("mutmut is not installed (pip install mutmut)", file=sys.stderr)
        return 2
    started = time.perf_counter()
    work = args.keep or Path(tempfile.mkdtemp(prefix="vsm-mutation-"))
    try:
        if not (work / "pyproject.toml").exists():
            work.mkdir(parents=True, exist_ok=True)
            copy_checkout(work, SETS[args.set])
        run = subprocess.run([mutmut, "run", "--max-children", str(args.jobs)], cwd=work,
                             capture_output=True, text=True)
        if "failed to collect stats" in run.stdout + run.stderr or run.returncode not in (0, 1):
            print((run.stdout + run.stderr)[-4000:], file=sys.stderr)
            print("mutmut could not run the tests on the unmutated code", file=sys.stderr)
            return 2
        results = subprocess.run([mutmut, "results", "--all", "true"], cwd=work, capture_output=True,
                                 text=True, check=True).stdout
        return _report(mutmut, work, results, started)
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)


_LINE = re.compile(r"^\s*(?P<name>[\w.]+__mutmut_\d+): (?P<status>.+)$")


def _report(mutmut, work: Path, results: str, started: float) -> int:
    known = equivalents()
    counts: dict[str, Counter] = {}
    bad = []
    for line in results.splitlines():
        match = _LINE.match(line)
        if not match:
            continue
        name, status = match["name"], match["status"].strip()
        module = name.split(".x_")[0].split(".xǁ")[0]
        counts.setdefault(module, Counter())[status] += 1
        if status in ("survived", "no tests"):
            diff = subprocess.run([mutmut, "show", name], cwd=work, capture_output=True, text=True).stdout
            lines = changed_lines(diff)
            if not all((module, line) in known for line in lines if line.startswith("+")):
                bad.append((name, status, diff))
            else:
                counts[module]["equivalent (listed)"] += 1
    total = Counter()
    for module, count in sorted(counts.items()):
        total.update(count)
        print(f"{module}: " + ", ".join(f"{k} {v}" for k, v in sorted(count.items())))
    killed = total["killed"]
    scored = sum(v for k, v in total.items() if k != "equivalent (listed)")
    print(f"mutation: {scored} mutants, killed {killed} ({killed / max(scored, 1):.1%}), "
          f"equivalent {total['equivalent (listed)']}, unexplained {len(bad)} "
          f"({time.perf_counter() - started:.0f} s)")
    for name, status, diff in bad:
        print(f"\n{status.upper()}: {name}\n{diff}", file=sys.stderr)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
