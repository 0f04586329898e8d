"""Suite-wide checks. Under CI (CI=true) the real spreadsheet engine must be present: the
LibreOffice tests may skip on a developer's machine without it, never in CI."""
import os

import pytest

from tests.support.libreoffice import soffice_path


def pytest_sessionstart(session):
    if os.environ.get("CI", "").lower() in ("1", "true", "yes") and soffice_path() is None:
        raise pytest.UsageError("CI needs LibreOffice (soffice) for the spreadsheet-engine tests; "
                                "install libreoffice-calc-nogui")
