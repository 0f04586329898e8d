#!/usr/bin/env bash
# Installs what the tests need and runs the whole suite:
#  - LibreOffice (libreoffice-calc-nogui), the spreadsheet engine of the workbook tests;
#  - poppler-utils (pdftotext, pdfinfo), to read the pages LibreOffice prints;
#  - Chromium (chromium), the browser that renders the HTML reports;
#  - Node with npm and, in tests/support/node, the npm packages mermaid and jsdom (Mermaid's own
#    parser checks the exported diagrams); in tests/pyodide the npm package pyodide, pinned in
#    its package-lock.json: the Python of xlwings Lite, for the cell-function test;
#  - a virtual environment .venv (unless one is active) with vsm-xl and its test extra;
# then runs ruff and mypy, the fuzz run, the mutation run, then pytest on every core (pytest-xdist).
# Safe to run again: what is already there is not installed twice.
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() {
    if [ "$(id -u)" = "0" ]; then "$@"; elif command -v sudo >/dev/null 2>&1; then sudo "$@"; else return 1; fi
}
apt_install() {
    as_root apt-get update -qq && DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "$@" >/dev/null
}

missing=()
command -v soffice >/dev/null 2>&1 || missing+=(libreoffice-calc-nogui)
command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)
if [ ${#missing[@]} -gt 0 ]; then
    echo "Installing ${missing[*]} for the spreadsheet-engine, browser and diagram tests..."
    apt_install "${missing[@]}" \
        || echo "warning: could not install ${missing[*]}; their tests will be skipped" >&2
fi
if command -v npm >/dev/null 2>&1 && [ ! -d tests/support/node/node_modules/mermaid ]; then
    echo "Installing the npm packages of the diagram tests (mermaid, jsdom)..."
    npm ci --prefix tests/support/node --no-audit --no-fund --silent \
        || echo "warning: could not install the npm packages; the Mermaid parser tests will be skipped" >&2
fi

if command -v npm >/dev/null 2>&1 && [ ! -f tests/pyodide/node_modules/pyodide/pyodide.asm.wasm ]; then
    echo "Installing Pyodide (npm ci in tests/pyodide)..."
    npm ci --prefix tests/pyodide --no-audit --no-fund --loglevel=error \
        || echo "warning: could not install Pyodide; its test will be skipped" >&2
fi

if [ -n "${VIRTUAL_ENV:-}" ]; then
    PYTHON=python
else
    if [ ! -x .venv/bin/python ]; then
        echo "Creating the virtual environment .venv..."
        python3 -m venv .venv 2>/dev/null || { rm -rf .venv; apt_install python3-venv && python3 -m venv .venv; }
    fi
    PYTHON=.venv/bin/python
fi
"$PYTHON" -m pip install -q --disable-pip-version-check -e ".[test]"

# Lint and type check first (configured in pyproject.toml); either failing fails the run.
run() { echo "+ $*"; "$@"; }
run "$PYTHON" -m ruff check vsm_xl tests benchmarks scripts
run "$PYTHON" -m mypy vsm_xl

# The fuzz run (SECURITY.md): 1,200 seeded mutations of workbooks, team sheets and YAML models
# through load, evaluate, evaluate -o, convert and portfolio; prints tried/succeeded/refused/other
# and fails on any other outcome than success or a VsmError naming where. Skipped for targeted
# runs (arguments given) and with VSM_FUZZ=0.
if [ "$#" -eq 0 ] && [ "${VSM_FUZZ:-1}" != "0" ]; then
    run "$PYTHON" -W ignore -m tests.fuzz.run --cases "${VSM_FUZZ_CASES:-1200}" --jobs 2
fi
# The mutation run (tests/mutation/run.py, SECURITY.md): mutmut over the safety modules
# (io/safe_text, io/atomic, workbook/xlsx/patch, core/pairwise), each mutant running only its
# module's fast tests; fails when a mutant survives that tests/mutation/equivalent.txt does not
# explain. About 3 minutes on two cores; the full set (with core/state_metrics and
# core/benefits) is `python -m tests.mutation.run --all`. Skipped for targeted runs
# (arguments given) and with VSM_MUTATION=0.
if [ "$#" -eq 0 ] && [ "${VSM_MUTATION:-1}" != "0" ]; then
    run "$PYTHON" -m tests.mutation.run --jobs 2
fi
# pytest on every core (pytest-xdist): one worker process per core, VSM_TEST_JOBS to choose
# (1 runs in this process). Targeted runs too: bash scripts/test.sh tests/core; an -n given
# among the arguments wins.
cores=$(nproc 2>/dev/null || getconf _NPROCESSORS_ONLN 2>/dev/null || echo 1)
jobs=${VSM_TEST_JOBS:-$cores}
workers=()
# --dist loadgroup: the modules marked xdist_group (the spreadsheet engines' session fixtures)
# stay on one worker, so what they make once is not made again by another
if [ "$jobs" -gt 1 ]; then workers=(-n "$jobs" --dist loadgroup); fi
run "$PYTHON" -m pytest -q ${workers[@]+"${workers[@]}"} "$@"
