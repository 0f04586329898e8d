"""Packaging by audience (issue 10): the base distribution is what the cell functions need
(xlwings Lite installs it in Pyodide on every workbook start); the batch side is the ``cli``
extra. Built and installed for real: a wheel of this checkout in a fresh virtual environment."""
from __future__ import annotations

import email
import subprocess
import sys
import venv
import zipfile

import pytest

from tests.support.wheels import download_xlwings_wheel

# What a Lite user must never have to download for the cell functions.
HEAVY = {"pandas", "numpy", "click", "rich", "openpyxl", "pyyaml", "python-calamine", "python-dateutil", "pytz"}


def wheel_metadata(wheel):
    with zipfile.ZipFile(wheel) as zf:
        (name,) = [n for n in zf.namelist() if n.endswith(".dist-info/METADATA")]
        return email.message_from_bytes(zf.read(name))


def requirement_name(requirement: str) -> str:
    return requirement.split(";")[0].strip().split("[")[0].split(">")[0].split("=")[0].split("<")[0].strip().lower()


def test_base_requires_xlwings_only_and_the_cli_extra_brings_the_batch_side(vsm_wheel):
    requires = wheel_metadata(vsm_wheel).get_all("Requires-Dist")
    base = [r for r in requires if "extra ==" not in r]
    cli = {requirement_name(r) for r in requires if 'extra == "cli"' in r}
    assert [requirement_name(r) for r in base] == ["xlwings"]
    assert {"openpyxl", "pandas", "pyyaml", "click", "rich", "python-calamine"} <= cli
    assert any('extra == "test"' in r and requirement_name(r) == "vsm-xl" and "cli" in r for r in requires)


@pytest.fixture(scope="module")
def base_env(tmp_path_factory, vsm_wheel):
    """A fresh virtual environment with only the base install: the wheel and xlwings, no deps
    (xlwings needs none on Linux; the pure wheel, as in Pyodide)."""
    folder = tmp_path_factory.mktemp("base-env")
    venv.create(folder / "env", with_pip=False)
    python = folder / "env" / "bin" / "python"
    xlwings = download_xlwings_wheel(folder / "wheels", f"{sys.version_info.major}.{sys.version_info.minor}")
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "-q",
                    "--disable-pip-version-check", "--no-deps", "--no-index", str(vsm_wheel), str(xlwings)],
                   check=True, capture_output=True, text=True, timeout=300)
    return folder / "env"


def test_base_install_runs_the_cell_functions_and_imports_nothing_heavy(base_env):
    code = ("import sys\n"
            "from vsm_xl.udfs import *\n"
            "heavy = sorted({m.split('.')[0] for m in sys.modules} & {'pandas', 'numpy', 'click', 'rich',"
            " 'openpyxl', 'yaml', 'python_calamine'})\n"
            "print(round(VSM_WBF(0.7222, 0.8972), 4), VSM_DURATION('2 h 30 m'), heavy)\n")
    result = subprocess.run([str(base_env / "bin" / "python"), "-c", code], capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().split(maxsplit=2) == ["0.2962", "150.0", "[]"]


def test_command_without_the_cli_extra_says_which_extra_to_install(base_env):
    result = subprocess.run([str(base_env / "bin" / "vsm-xl"), "evaluate", "x.xlsx"], capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and result.stdout == ""
    assert 'pip install "vsm-xl[cli]"' in result.stderr
    assert "click" in result.stderr and "pandas" in result.stderr
    module = subprocess.run([str(base_env / "bin" / "python"), "-m", "vsm_xl", "--help"], capture_output=True,
                            text=True, timeout=120)
    assert module.returncode == 1 and 'pip install "vsm-xl[cli]"' in module.stderr


def test_command_with_the_cli_extra_runs():
    from vsm_xl.command import missing_requirements, modules_found

    assert missing_requirements() == [] and modules_found()


def test_the_start_up_check_knows_every_distribution_of_the_cli_extra():
    """vsm-xl checks the extra's modules without reading the metadata at every start
    (CLI_MODULES); the metadata (pyproject.toml) is the list it must match."""
    from vsm_xl.command import CLI_MODULES, extra_requirements

    assert set(CLI_MODULES) == set(extra_requirements("cli"))
    result = subprocess.run([sys.executable, "-m", "vsm_xl", "--version"], capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0 and "vsm-xl" in result.stdout
