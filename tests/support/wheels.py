"""Wheels for the install tests: vsm-xl built from this checkout and the pure-Python xlwings
wheel (``py3-none-any``, the one xlwings Lite / Pyodide installs), each made once per session.

Building needs no network (``--no-build-isolation``: the setuptools of the test environment);
the xlwings wheel comes from PyPI or pip's cache."""
from __future__ import annotations

import shutil
import subprocess
import sys
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def build_vsm_wheel(folder: Path) -> Path:
    """``vsm_xl-<version>-py3-none-any.whl`` of this checkout, in ``folder``. Built from a copy
    of the sources: setuptools keeps a build/ folder whose stale modules would end up in the
    wheel, and the checkout stays untouched."""
    source = folder / "source"
    shutil.copytree(ROOT / "vsm_xl", source / "vsm_xl", ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--disable-pip-version-check", "--no-deps",
                    "--no-build-isolation", "-w", str(folder), str(source)],
                   check=True, capture_output=True, text=True, timeout=300)
    (wheel,) = folder.glob("vsm_xl-*.whl")
    return wheel


def xlwings_version() -> str:
    """The xlwings of the test environment: the Pyodide test uses the same version."""
    return metadata.version("xlwings")


def download_xlwings_wheel(folder: Path, python_version: str) -> Path:
    """The pure ``xlwings-<version>-py3-none-any.whl`` for ``python_version`` (such as 3.13)."""
    folder.mkdir(parents=True, exist_ok=True)
    version = xlwings_version()
    subprocess.run([sys.executable, "-m", "pip", "download", "-q", "--disable-pip-version-check", "--no-deps",
                    "--only-binary=:all:", "--platform", "any", "--python-version", python_version,
                    "--implementation", "py", f"xlwings=={version}", "-d", str(folder)],
                   check=True, capture_output=True, text=True, timeout=300)
    (wheel,) = folder.glob(f"xlwings-{version}-py3-none-any.whl")
    return wheel
