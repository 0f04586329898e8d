"""Suite-wide checks. Under CI (CI=true) the real spreadsheet engine must be present: the
LibreOffice tests may skip on a developer's machine without it, never in CI."""
import os

import pytest

from tests.support.chromium import chromium_path
from tests.support.libreoffice import soffice_path
from tests.support.mermaid_parser import parser_available


def pytest_sessionstart(session):
    if os.environ.get("CI", "").lower() not in ("1", "true", "yes"):
        return
    if soffice_path() is None:
        raise pytest.UsageError("CI needs LibreOffice (soffice) for the spreadsheet-engine tests; "
                                "install libreoffice-calc-nogui")
    if chromium_path() is None:
        raise pytest.UsageError("CI needs Chromium for the report tests; install chromium")
    if parser_available() is not None:
        raise pytest.UsageError(f"CI needs Mermaid's parser for the diagram tests: {parser_available()}")


@pytest.fixture(scope="session")
def vsm_wheel(tmp_path_factory):
    """A wheel built from this checkout (the base distribution's metadata and files)."""
    from tests.support.wheels import build_vsm_wheel

    return build_vsm_wheel(tmp_path_factory.mktemp("vsm-wheel"))


_FIGURES: list[str] = []


class _Figures:
    """What a test measured, carried by its report (``user_properties``) so that the figures
    reach the end of the run also from pytest-xdist's worker processes."""

    def __init__(self, node):
        self.node = node

    def append(self, line: str) -> None:
        self.node.user_properties.append(("figure", line))


@pytest.fixture
def figures(request):
    """Lines for the end of the test run (measured figures such as Pyodide's import time)."""
    return _Figures(request.node)


def pytest_runtest_logreport(report):
    if report.when == "call":
        _FIGURES.extend(value for name, value in report.user_properties if name == "figure")


def pytest_terminal_summary(terminalreporter):
    if _FIGURES:
        terminalreporter.section("figures")
        for line in _FIGURES:
            terminalreporter.write_line(line)
