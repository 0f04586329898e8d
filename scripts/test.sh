#!/usr/bin/env bash
# Installs what the tests need and runs the whole suite:
#  - LibreOffice (libreoffice-calc-nogui), the spreadsheet engine of the workbook tests;
#  - Node (Debian nodejs + npm, when node is missing) and the npm package pyodide, pinned in
#    tests/pyodide/package-lock.json: the Python of xlwings Lite, for the cell-function test;
#  - a virtual environment .venv (unless one is active) with vsm-xl and its test extra.
# Safe to run again: what is already there is not installed twice.
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() {
    if [ "$(id -u)" = "0" ]; then "$@"; elif command -v sudo >/dev/null 2>&1; then sudo "$@"; else return 1; fi
}
apt_install() {
    as_root apt-get update -qq && DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "$@" >/dev/null
}

if ! command -v soffice >/dev/null 2>&1; then
    echo "Installing LibreOffice (libreoffice-calc-nogui) for the spreadsheet-engine tests..."
    apt_install libreoffice-calc-nogui \
        || echo "warning: could not install LibreOffice; its tests will be skipped" >&2
fi

if ! command -v node >/dev/null 2>&1; then
    echo "Installing Node (nodejs, npm) for the xlwings Lite (Pyodide) test..."
    apt_install nodejs npm || echo "warning: could not install Node; the Pyodide test will be skipped" >&2
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
exec "$PYTHON" -m pytest -q "$@"
