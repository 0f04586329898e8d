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
