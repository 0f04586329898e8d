"""The entry point of the ``vsm-xl`` command, kept free of anything but the standard library.

``pip install vsm-xl`` is the base distribution: what the VSM_* cell functions need (the core
and xlwings; xlwings Lite installs exactly this). The command line is the ``cli`` extra
(click, rich, openpyxl, pandas, PyYAML, python-calamine). Without it, ``vsm-xl`` says which
extra to install and exits 1 instead of failing with a traceback from ``import click``.
The extra's packages are read from the installed metadata, so pyproject.toml stays the one
list of them; but only when one of their modules is not found (:data:`CLI_MODULES`, checked
against the metadata by tests/test_packaging.py): reading the metadata imports
``importlib.metadata`` and the email parser, tens of milliseconds on every start.
"""
from __future__ import annotations

import re
import sys

EXTRA = "cli"
INSTALL_HINT = 'pip install "vsm-xl[cli]"   (in a checkout: pip install -e ".[cli]")'
# the cli extra's distributions -> the module each installs (pyproject.toml is the list)
CLI_MODULES = {"openpyxl": "openpyxl", "pandas": "pandas", "PyYAML": "yaml", "click": "click", "rich": "rich",
               "python-calamine": "python_calamine", "matplotlib": "matplotlib", "defusedxml": "defusedxml"}


def extra_requirements(extra: str = EXTRA) -> list[str]:
    """Names of the distributions the extra adds, as pyproject.toml lists them (those whose
    environment marker excludes this platform, such as python-calamine in Pyodide, left out)."""
    from importlib import metadata

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
    from importlib import metadata

    missing = []
    for name in extra_requirements(extra):
        try:
            metadata.version(name)
        except metadata.PackageNotFoundError:
            missing.append(name)
    return missing


def modules_found() -> bool:
    """Whether every module of :data:`CLI_MODULES` can be imported (found, not imported)."""
    from importlib.util import find_spec

    skip = {"python_calamine", "matplotlib"} if sys.platform == "emscripten" else set()
    return all(find_spec(module) is not None for module in CLI_MODULES.values() if module not in skip)


def main(argv=None):
    missing = [] if modules_found() else missing_requirements()
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
