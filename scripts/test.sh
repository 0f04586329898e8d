#!/usr/bin/env bash
# Installs what the tests need (LibreOffice for the spreadsheet-engine checks, the project
# with its test extra) and runs the whole test suite. Safe to run again: installs are skipped
# when already present.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v soffice >/dev/null 2>&1; then
    if [ "$(id -u)" = "0" ]; then SUDO=""; elif command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else SUDO=none; fi
    if [ "$SUDO" != none ]; then
        echo "Installing LibreOffice (libreoffice-calc-nogui) for the spreadsheet-engine tests..."
        $SUDO apt-get update -qq
        DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq libreoffice-calc-nogui >/dev/null
    else
        echo "warning: LibreOffice is missing and cannot be installed here; its tests will be skipped" >&2
    fi
fi

PYTHON=${PYTHON:-python3}
"$PYTHON" -m pip install -q --disable-pip-version-check -e ".[test]"
exec "$PYTHON" -m pytest -q "$@"
