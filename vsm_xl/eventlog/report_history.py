"""The rows of a workbook's History sheet for the HTML report's History section (drawn by
:mod:`vsm_xl.report.history`)."""
from __future__ import annotations



def history_of(path) -> list:
    """The History rows of the workbook at ``path`` (none for YAML or a workbook without)."""
    from pathlib import Path

    if Path(path).suffix.lower() not in (".xlsx", ".xlsm"):
        return []
    from vsm_xl.eventlog.sheets import read_history
    from vsm_xl.workbook.xlsx.package import open_package

    return read_history(open_package(path))
