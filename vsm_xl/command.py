"""The entry point of the ``vsm-xl`` command, kept free of anything but the standard library.

``pip install vsm-xl`` is the base distribution: what the VSM_* cell functions need (the core
and xlwings; xlwings Lite installs exactly this). The command line is the ``cli`` extra
(click, rich, openpyxl, pandas, PyYAML, python-calamine). Without it, ``vsm-xl`` says which
extra to install and exits 1 instead of failing with a traceback from ``import click``.
The extra's packages are read from the installed metadata, so pyproject.toml stays the one
list of them.
"""
from __future__ import annotations

import re
import sys
from importlib import metadata

EXTRA = "cli"
INSTALL_HINT = 'pip install "vsm-xl[cli]"   (in a checkout: pip install -e ".[cli]")'


def extra_requirements(extra: str = EXTRA) -> list[str]:
    """Names of the distributions the extra adds, as pyproject.toml lists them (those whose
    environment marker excludes this platform, such as python-calamine in Pyodide, left out)."""
    try:
        requires = metadata.requires("vsm-xl") or []
    except metadata.PackageNotFoundError:  # run from a source tree that is not installed
        return []
    names = []
    for requirement in requires:
        spec, _, marker = requirement.partition(";")
        if f'extra == "{extra}"' not in marker:
            continue
        if "emscripten" in marker and sys.platform == "emscripten":
            continue
        name = re.match(r"[A-Za-z0-9._-]*", spec.strip())
        if name and name.group(0):
            names.append(name.group(0))
    return names


def missing_requirements(extra: str = EXTRA) -> list[str]:
    """The extra's distributions that are not installed."""
    missing = []
    for name in extra_requirements(extra):
        try:
            metadata.version(name)
        except metadata.PackageNotFoundError:
            missing.append(name)
    return missing


def main(argv=None):
    missing = missing_requirements()
    if missing:
        print(f"vsm-xl: the command line needs the '{EXTRA}' extra; missing: {', '.join(missing)}.\n"
              f"Install it with:  {INSTALL_HINT}\n"
              "(The base install is enough for the VSM_* cell functions in Excel and xlwings Lite.)",
              file=sys.stderr)
        sys.exit(1)
    from vsm_xl.cli import main as cli_main

    cli_main(argv)


if __name__ == "__main__":
    main()
