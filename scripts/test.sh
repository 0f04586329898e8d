#!/usr/bin/env bash
# Installs what the tests need and runs the whole suite:
#  - LibreOffice (libreoffice-calc-nogui), the spreadsheet engine of the workbook tests;
#  - poppler-utils (pdftotext, pdfinfo), to read the pages LibreOffice prints;
#  - a virtual environment .venv (unless one is active) with vsm-xl and its test extra;
# then runs ruff and mypy, then pytest.
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

if ! command -v pdftotext >/dev/null 2>&1 || ! command -v pdfinfo >/dev/null 2>&1; then
    echo "Installing poppler-utils (pdftotext, pdfinfo: the tests read the printed pages)..."
    apt_install poppler-utils \
        || echo "warning: could not install poppler-utils; the printed-page tests will be skipped" >&2
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
echo "+ $PYTHON -m pytest -q $*"
exec "$PYTHON" -m pytest -q "$@"
